"""The project's one exception family.

Every error a user can cause (a bad gazetteer row, an unreadable article, a broken
import row, an oversized upload) is a subclass of :class:`CrisisMapError`, and also of the
builtin a caller would expect (``ValueError`` for bad content, ``OSError`` for storage).
Messages say what was expected, what arrived, and where (``data/gazetteer.csv:17``).
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
