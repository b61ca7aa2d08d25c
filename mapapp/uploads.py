"""Pure checks for articles a user adds: size and type limits with clear messages, then
reading each file into an Article (or the error that says why it cannot be read)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath
from typing import NamedTuple

from errors import ArticleError, UploadError
from incidents.model import Article

MAX_FILE_BYTES = 1_000_000  # one news article is a few kB; 1 MB is surely something else
MAX_FILES = 200
MAX_PASTE_CHARS = 200_000
ALLOWED_SUFFIXES = (".txt",)


class Upload(NamedTuple):
    name: str
    data: bytes


def check_upload(name: str, size: int) -> None:
    """Refuse a file before reading it: wrong type or too large (UploadError names it)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(f"{name}: expected a plain-text article ({', '.join(ALLOWED_SUFFIXES)}"
                          f"), got a {suffix or 'file without extension'}")
    if size > MAX_FILE_BYTES:
        raise UploadError(f"{name}: {size:,} bytes is over the limit of {MAX_FILE_BYTES:,} "
                          "bytes for one article")
    if size == 0:
        raise UploadError(f"{name}: the file is empty")


def check_batch(n_files: int) -> None:
    if n_files > MAX_FILES:
        raise UploadError(f"{n_files} files at once: the limit is {MAX_FILES} per batch; "
                          "add them in several batches")


def check_paste(text: str, name: str) -> None:
    if not text.strip():
        raise UploadError(f"{name}: the pasted text is empty")
    if len(text) > MAX_PASTE_CHARS:
        raise UploadError(f"{name}: {len(text):,} characters is over the limit of "
                          f"{MAX_PASTE_CHARS:,} for one pasted article")


def read_uploads(uploads: Iterable[Upload], default_date: date | None = None,
                 ) -> tuple[list[Article], list[tuple[str, str]]]:
    """(readable articles, [(name, why it was refused or cannot be read)]).

    Refused and unreadable files never reach the store; the others still go through.
    """
    from incidents.extract.article import parse_article

    to_ingest: list[Article] = []
    rejected: list[tuple[str, str]] = []
    for up in uploads:
        try:
            check_upload(up.name, len(up.data))
        except UploadError as err:
            rejected.append((up.name, str(err)))
            continue
        try:
            to_ingest.append(parse_article(up.data, up.name, default_date=default_date))
        except ArticleError as err:
            rejected.append((up.name, str(err)))
    return to_ingest, rejected
