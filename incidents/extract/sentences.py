"""Paragraphs, headings, sentences and datelines of a clean article text.

Everything is returned with character offsets into the text, so evidence can always be
checked as an exact substring. The splitter knows the traps of wire copy: abbreviations and
initialisms ("U.N.", "St. Michel", "Aug. 23", "Dr."), quotations whose closing mark follows the
full stop, headings without a full stop, and datelines ("PORT-AU-PRINCE, Haiti (AP) —").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.calendar_words import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "ste", "mt", "ft", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "maj", "adm", "sen", "rep", "gov", "pres", "prof", "rev", "fr", "me", "mgr", "jr",
    "sr", "no", "nos", "vs", "approx", "dept", "univ", "ave", "blvd", "rd", "hwy",
    *(w.lower() for w in (*MONTH_ABBREVIATIONS, *WEEKDAY_ABBREVIATIONS)),
))

# Only the first mark of a run may start a match and the run is taken possessively, so a run
# of n dots costs n steps, not n² (the lookbehind refuses every later start at once).
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s+[\"“‘'(\[]?[A-Z0-9À-Ý])")
# A block is a paragraph or a line of its own: a line break ends the block unless the next
# line goes on in lower case (a hard-wrapped sentence). Bullet points, timeline entries and a
# heading typed above its text are blocks of their own.
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?=[^\S\n]*[a-z])[^\n]+)*")
_HEADING_END = re.compile(r"(?<![.])[.]\Z|[,;]\Z")
_DATELINE = re.compile(
    r"(?P<place>[A-ZÀ-Ý][\w'’.]*(?:[ -](?:(?:au|aux|de|du|des|la|le|en|to)[ -])?"
    r"[A-ZÀ-Ý][\w'’.]*){0,3})"  # "P-to-P", "P-au-P": Haitian outlets' short form
    r"(?:,\s*[A-Z][A-Za-z'’.]*(?: [A-Z][A-Za-z'’.]*){0,2})?"  # region or country
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2}(?:,\s*\d{4})?)?"  # a day: "Aug 26", "June 25, 2024"
    r"(?P<agency>\s*[(\[][A-Za-z .]{1,20}[)\]])?"  # agency: "(AP)", "[AlterPresse]"
    r"\s*(?P<sep>—|–|--|:|-)\s+")
# A list item: a bullet, or a date then a dash or colon ("25 February – ...", "March 2: ...").
_ITEM = re.compile(r"[•·▪◦*‣–—-]\s|(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})"
                   r"(?:,?\s+\d{4})?\s*[–—:-]\s")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading) with its offsets in the article text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int  # index of its paragraph
    section: int  # index of its section: a heading starts a new one
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place a wire story was filed from ("PORT-AU-PRINCE, Haiti (AP) —")."""

    text: str  # the place words only ("PORT-AU-PRINCE")
    start: int
    end: int
    span_end: int  # end of the whole dateline, separator included


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block: separated by blank lines, or a line of its own."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def is_heading(block: str) -> bool:
    """A short one-line block that does not end like a sentence (a title or subheading)."""
    block = block.strip()
    if "\n" in block or len(block) > 110 or not block or len(block.split()) > 14:
        return False  # a long line without a full stop is a sloppy sentence, not a title
    if _ITEM.match(block):
        return False  # a bullet point or a timeline entry tells events
    if block.endswith("?"):
        return len(block) <= 70
    return not (_HEADING_END.search(block) or block[-1] in "!”\"’)")


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends a sentence (not an abbreviation or initial)."""
    if text[stop] != ".":
        return True
    begin = stop
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    token = text[begin:stop]
    if not token:
        return True
    if "." in token.strip("."):  # initialisms: U.N, U.S, a.m
        return False
    if len(token) == 1 and token.isupper():  # an initial: "J. Smith"
        return False
    return token.lower() not in ABBREVIATIONS


def split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph."""
    spans, begin = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if not _ends_sentence(text, m.start()):
            continue
        spans.append((begin, m.end()))
        begin = m.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        spans.append((begin, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """All sentences and headings of the text, in order."""
    out: list[Sentence] = []
    section = 0
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        heading = is_heading(text[p_start:p_end])
        if heading and out:
            section += 1
        spans = [(p_start, p_end)] if heading else split_paragraph(text, p_start, p_end)
        for s_start, s_end in spans:
            out.append(Sentence(len(out), s_start, s_end, text[s_start:s_end], p_index, section,
                                heading))
    return out


def find_dateline(text: str, sentences: list[Sentence]) -> Dateline | None:
    """The dateline at the start of the first body paragraph, if the article has one."""
    # The first body paragraph's first sentence; the next paragraph's when the first is a
    # title that ends without a full stop (a long headline is not taken for a heading).
    body = [s for s in sentences if not s.heading]
    firsts = body[:1]
    if len(body) > 1 and body[0].paragraph != body[1].paragraph and body[1].paragraph <= 1 \
            and not body[0].text.rstrip().endswith((".", "!", "?", "”", '"')):
        firsts.append(body[1])
    firsts = [s for s in firsts if s.paragraph <= 1]
    m = next((m for s in firsts if (m := _DATELINE.match(text, s.start))
              and _is_dateline(m)), None)
    if not m:
        return None
    return Dateline(m.group("place"), m.start("place"), m.end("place"), m.end())


def _is_dateline(m: re.Match) -> bool:
    place, sep = m.group("place"), m.group("sep")
    if sep == ":" and not place.isupper():
        return False  # "Casualties: The dead ..." is a label, not a dateline
    # a plain hyphen only after "PLACE" or "Place (Reuters)"
    return not (sep == "-" and not (place.isupper() or m.group("agency")))

