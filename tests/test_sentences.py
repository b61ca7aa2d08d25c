"""Sentence splitting, headings, sections, datelines and quotations."""
from __future__ import annotations

import pytest

from incidents.extract.sentences import (
    find_dateline,
    is_heading,
    paragraphs,
    split_sentences,
)


@pytest.mark.parametrize("text, expected", [
    ("The U.N. mission said gangs fled. Police stayed.",
     ["The U.N. mission said gangs fled.", "Police stayed."]),
    ("Gangs attacked St. Michel on Aug. 23 at dawn. Dr. Paul treated them.",
     ["Gangs attacked St. Michel on Aug. 23 at dawn.", "Dr. Paul treated them."]),
    ("“We will not leave.” The mayor said so. He left.",
     ["“We will not leave.”", "The mayor said so.", "He left."]),
    ("“We will not leave,” the mayor said. He left.",
     ["“We will not leave,” the mayor said.", "He left."]),
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs attacked. Police fled.",
     ["PORT-AU-PRINCE, Haiti (AP) — Gangs attacked.", "Police fled."]),
    ("A U.S.-made drone hit J. Pierre's house. It burned.",
     ["A U.S.-made drone hit J. Pierre's house.", "It burned."]),
    ("Toll: nine died, the mayor said. Fear grew.",
     ["Toll: nine died, the mayor said.", "Fear grew."]),
    ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
])
def test_split(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_headings_start_sections_and_are_not_split():
    text = "Roundup of the day\n\nFirst story. Its end.\n\nSecond heading\n\nSecond story."
    got = [(s.text, s.heading, s.section, s.paragraph) for s in split_sentences(text)]
    assert got == [("Roundup of the day", True, 0, 0), ("First story.", False, 0, 1),
                   ("Its end.", False, 0, 1), ("Second heading", True, 1, 2),
                   ("Second story.", False, 1, 3)]


@pytest.mark.parametrize("text, place", [
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs attacked.", "PORT-AU-PRINCE"),
    ("NAIROBI, Kenya, Sep 3 — Police said.", "NAIROBI"),
    ("Nairobi — Officials said.", "Nairobi"),
    ("CAP-HAITIEN: Police said.", "CAP-HAITIEN"),
    ("UNITED NATIONS (AP) — The council met.", "UNITED NATIONS"),
    ("Headline first\n\nJACMEL, Haiti — Protest.", "JACMEL"),
    ("PORT-AU-PRINCE, Oct 3 (Reuters) - Gangs attacked.", "PORT-AU-PRINCE"),
    ("Port-au-Prince (AFP) - Gangs attacked.", "Port-au-Prince"),
    ("P-au-P, June 25, 2024 [AlterPresse] — Police arrived.", "P-au-P"),
    ("Gangs - and police - clashed.", None),
    ("Toll: nine died.", None),  # a label, not a dateline
    ("Police in Haiti said: gangs fled.", None),
    ("Gangs attacked Solino.\n\nLEOGANE — Later.", None),  # only the first body paragraph
])
def test_dateline(text, place):
    dl = find_dateline(text, split_sentences(text))
    assert (dl.text if dl else None) == place
    if dl:
        assert text[dl.start:dl.end] == place


@pytest.mark.parametrize("block, heading", [
    ("Gangs attack Cabaret police station", True),
    ("Foreign troops in Haiti?", True),
    ("Gangs attacked Cabaret on Sunday.", False),
    # Fifteen words without a full stop: a sentence someone forgot to end, not a title.
    ("Gunmen attacked the town of Cabaret on Sunday night and burned the police station "
     "down", False),
])
def test_is_heading(block, heading):
    assert is_heading(block) is heading


@pytest.mark.parametrize("text, blocks", [
    ("KEY POINTS\n• Gangs attack Cabaret\n• Police retake the port",
     ["KEY POINTS", "• Gangs attack Cabaret", "• Police retake the port"]),
    ("Timeline\n25 February – Gangs storm the prison\n2 March: Police arrive",
     ["Timeline", "25 February – Gangs storm the prison", "2 March: Police arrive"]),
    ("Gangs attacked the town\nof Cabaret on Monday.",
     ["Gangs attacked the town\nof Cabaret on Monday."]),
])
def test_lines_of_their_own_are_blocks(text, blocks):
    """Bullet points, timeline entries and headings typed above their text; a hard-wrapped
    sentence (next line in lower case) stays whole."""
    assert [text[a:b] for a, b in paragraphs(text)] == blocks


@pytest.mark.parametrize("line", ["• Gangs attack Cabaret", "- Police retake the port",
                                  "25 February – Gangs storm the prison",
                                  "March 2, 2025: Police arrive in Jacmel"])
def test_list_items_are_no_headings(line):
    assert not is_heading(line)
