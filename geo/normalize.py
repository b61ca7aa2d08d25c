"""Name normalisation shared by the build script, the loader, the matcher and lookup.

A place name and a span of text are compared through their *key*: the word tokens, folded
(case, accents), with common abbreviations expanded, joined by one space. So "Bel-Air",
"BEL AIR" and "bel air" share the key "bel air", "St. Michel" and "Saint-Michel" share
"saint michel", and "Pétion-Ville" is "petion ville". Hyphens, apostrophes and dots never
matter because they are not part of any token. Unicode is compared as what a reader sees:
decomposed accents (NFD "Pe\u0301tion") and the invisible characters a web page or a word
processor leaves inside words (soft hyphen, zero-width space and joiners, word joiner, BOM)
stay inside the token and fold away.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Invisible characters that can sit inside a word: soft hyphen, zero-width space, non-joiner
# and joiner, word joiner, zero-width no-break space (a BOM inside text).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))


def strip_invisible(text: str) -> str:
    """``text`` without the INVISIBLE characters."""
    return text.translate(_DROP_INVISIBLE)


# Word tokens: a letter or digit (Unicode-aware), then letters, digits, combining accents or
# invisible characters. Everything else separates words, including the modifier-letter
# apostrophe U+02BC that some keyboards type for "l'".
TOKEN_RE = re.compile(r"[^\W_\u02bc](?:[^\W_\u02bc]|[\u0300-\u036f" + INVISIBLE + "])*")

# Abbreviations folded to their full form inside keys.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints"}

# Letters NFKD does not decompose.
_EXTRA_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(word: str) -> str:
    """Lower-case and strip accents: "Pétion" -> "petion", "Kenskòf" -> "kenskof"."""
    word = strip_invisible(word)
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_EXTRA_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def fold_token(word: str) -> str:
    """One token's normalised form, abbreviations expanded (cached: words repeat)."""
    folded = fold(word)
    return ABBREVIATIONS.get(folded, folded)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The text's word tokens as (normalised token, start, end) with offsets into ``text``."""
    return [(fold_token(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def key(name: str) -> str:
    """The lookup key of a name: normalised tokens joined by single spaces."""
    return " ".join(fold_token(m.group()) for m in TOKEN_RE.finditer(name))


# A name starting with one of these is not also read with its words joined: "La Tortue"
# written "Latortue" is a surname, "Saint Louis" written "Saintlouis" nothing.
NO_JOIN_FIRST = frozenset({"la", "le", "les", "l", "d", "de", "du", "des", "saint", "sainte"})


def keys(name: str) -> tuple[str, ...]:
    """All keys a name is known by: its key and, for names of several words, the words
    written together ("Bel Air" is also "belair", "Pétion-Ville" also "petionville")."""
    k = key(name)
    if not k:
        return ()
    joined = k.replace(" ", "")
    if joined == k or k.split(" ", 1)[0] in NO_JOIN_FIRST:
        return (k,)
    return (k, joined)


def slug(name: str) -> str:
    """An id-friendly form: "Carrefour-Feuilles" -> "carrefour-feuilles"."""
    return key(name).replace(" ", "-")
