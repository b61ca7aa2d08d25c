"""The project's one exception family, at the root of the pipeline.

Every error a user can cause (a bad gazetteer row, an unreadable article, a broken
import row, an oversized upload, a store that cannot be opened) is a subclass of
:class:`CrisisMapError`, and also of the builtin a caller would expect (``ValueError`` for
bad content, ``OSError`` for storage). Messages say what was expected, what arrived, and
where (``data/gazetteer.csv:17``).

Why a top-level module: every package raises or catches these (geo the gazetteer's, incidents
the article's, the import's and the store's, mapapp the upload's), and imports point down
the pipeline, so the family must sit below all of them. Inside geo, StoreError and
UploadError were no place errors and made the store and the app import the geocoder for
them; a package of its own would hold one file. This module imports nothing of the project,
so any package may import it (tests/test_layout.py ranks it first).
"""
from __future__ import annotations


class CrisisMapError(Exception):
    """Root of every error this project raises on purpose."""


class GazetteerError(CrisisMapError, ValueError):
    """A gazetteer file or row that fails validation."""


class ArticleError(CrisisMapError, ValueError):
    """An article that cannot be read (no date, binary, empty, undecodable)."""


class ImportRowError(CrisisMapError, ValueError):
    """A row of an imported file (ACLED CSV, reviewer edits) that cannot be used."""


class UploadError(CrisisMapError, ValueError):
    """An upload refused before it is read: too large, wrong type."""


class StoreError(CrisisMapError, OSError):
    """The incident store cannot be opened, migrated or written."""


def where(path: object, line: int | None = None) -> str:
    """Format a location the way every message names it: ``path:line``."""
    return f"{path}:{line}" if line is not None else str(path)
