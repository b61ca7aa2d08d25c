"""Reading articles: bytes on disk -> a clean, dated :class:`Article`.

Two formats: the corpus format (first line `` date YYYY-MM-DD`` optionally followed by the
first paragraph on the same line) and plain text whose date the caller gives. Input may be
UTF-8 with or without BOM (or UTF-16/32 with a BOM, Windows' "Unicode"), with CRLF line ends,
stray HTML tags and entities. The text is normalised to NFC and stripped of invisible
characters (soft hyphens, zero-width spaces and joiners) at reading, so every name matches
as it reads and every offset the extractor produces refers to the cleaned text kept in
``Article.text`` (an evidence sentence is an exact substring of it).
"""
from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from errors import ArticleError
from geo.normalize import strip_invisible
from incidents.model import Article
from incidents.window import check_day

# File suffixes a folder contributes to a batch (anything else in a folder, a README.md for
# instance, is skipped; a file named on the command line is always read).
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm")

_DATE_LINE = re.compile(r"\A[ \t\u00a0]*date[ \t\u00a0]+(\S+)[ \t\u00a0]*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# The largest article read (bytes, as UTF-8): a news article is rarely over 100 KB; a file
# past this is refused by name before it is read or extracted.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# Script and style bodies and comments are never article text (hostile HTML included). They
# are cut by a scan that finds each opening, then its closing (see _strip_hidden).
_HIDDEN_OPEN = re.compile(r"<(script|style|head|noscript)\b[^<>]*>|<!--", re.IGNORECASE)
_HIDDEN_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
                 for name in ("script", "style", "head", "noscript")}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|blockquote|section|article)\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# Byte-order marks of the wide encodings, UTF-32 first (its little-endian BOM starts with
# UTF-16's).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(raw: bytes, name: str) -> str:
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{name}: not {encoding.upper()} text despite its "
                                   f"byte-order mark ({exc.reason} at offset {exc.start})"
                                   ) from None
            if not text.strip():
                raise ArticleError(f"{name}: empty file (expected a dated article)")
            return text
    if not raw.strip():
        raise ArticleError(f"{name}: empty file (expected a dated article)")
    if b"\x00" in raw[:4096]:
        raise ArticleError(f"{name}: binary file (NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{name}: not UTF-8 text (undecodable byte {raw[exc.start]:#04x} at offset "
            f"{exc.start})") from None


def _strip_hidden(text: str) -> str:
    """Cut every script, style, head and noscript element and every comment, in one pass.

    Linear in the text: a closing searched for and not found is never searched for again
    (no later opening of that kind can close either), so a thousand unclosed ``<script>`` or
    ``<!--`` cost one scan, not a thousand. An opening that never closes stays (its tag is
    removed with the others), as the regular expression it replaces left it."""
    out, pos, search, unclosed = [], 0, 0, set()
    while found := _HIDDEN_OPEN.search(text, search):
        kind = (found.group(1) or "--").lower()
        end = -1
        if kind not in unclosed:
            if kind == "--":
                end = text.find("-->", found.end())
                end = end + 3 if end >= 0 else -1
            elif close := _HIDDEN_CLOSE[kind].search(text, found.end()):
                end = close.end()
        if end < 0:
            unclosed.add(kind)
            search = found.end()
            continue
        out.append(text[pos:found.start()])
        pos = search = end
    out.append(text[pos:])
    return "".join(out)


def clean_text(text: str) -> str:
    """Normalise line ends, strip HTML tags and entities, trim trailing spaces per line;
    NFC, with invisible characters (soft hyphens, zero-width ones) removed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _strip_hidden(text)
        text = _BLOCK_END.sub("\n\n", _BREAK.sub("\n", text))
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", strip_invisible(text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _parse_date(value: str, name: str) -> date:
    if not _ISO_DATE.match(value):
        raise ArticleError(f"{name}:1: bad date {value!r}, expected YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ArticleError(f"{name}:1: bad date {value!r}, not a calendar day") from None
    try:
        return check_day(day, f"{name}:1: date")
    except ValueError as exc:
        raise ArticleError(str(exc)) from None


def article_id(day: date, text: str) -> str:
    """Content hash: the store's key for an article (same date and text, same id)."""
    return hashlib.sha256(f"{day.isoformat()}\n{text}".encode()).hexdigest()


def _check_size(size: int, name: str) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: {size / 2**20:.1f} MB, over the "
                           f"{MAX_ARTICLE_BYTES // 2**20} MB an article may have (split it, "
                           "or keep only the article text)")


def parse_article(raw: bytes | str, name: str, default_date: date | None = None) -> Article:
    """Parse one article; raise ArticleError naming ``name`` and the reason it is unreadable
    (over MAX_ARTICLE_BYTES included)."""
    _check_size(len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace")),
                name)
    text = _decode(raw, name) if isinstance(raw, bytes) else raw
    if "\x00" in text:
        raise ArticleError(f"{name}: binary content (NUL characters), expected text")
    text = text.lstrip("\ufeff")
    found = _DATE_LINE.match(text)
    if found:
        day = _parse_date(found.group(1), name)
        text = text[found.end():]
    elif default_date is not None:
        day = default_date
    else:
        raise ArticleError(
            f"{name}: no date: expected a first line ' date YYYY-MM-DD' or a date given by "
            "the caller")
    text = clean_text(text)
    if not text:
        raise ArticleError(f"{name}: empty article (a date but no text)")
    return Article(name=name, date=day, text=text, id=article_id(day, text))


def read_article(path: str | Path, default_date: date | None = None) -> Article:
    """Read one article file; the Article's name is the file name, its source the absolute
    path (two files of one name in different folders are two articles)."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size, str(path))  # before reading a huge file
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        article = parse_article(raw, path.name, default_date)
    except ArticleError as exc:
        # Name the full path, not only the file name, so the user can find the file.
        raise ArticleError(str(exc).replace(path.name, str(path), 1)) from None
    return replace(article, source=str(path.resolve()))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and folders expanded (recursively, sorted, hidden files skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def iter_articles(paths: Iterable[str | Path],
                  default_date: date | None = None) -> Iterator[Article | ArticleError]:
    """Each readable article, or the ArticleError of an unreadable one: the batch goes on."""
    for path in expand_paths(paths):
        try:
            yield read_article(path, default_date)
        except ArticleError as exc:
            yield exc
