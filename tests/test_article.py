"""Reading articles: formats, cleaning, and clear errors for unreadable ones."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errors import ArticleError
from incidents.extract.article import clean_text, iter_articles, parse_article, read_article

DAY = date(2024, 10, 19)


@pytest.mark.parametrize("raw, text", [
    # The corpus format: the first paragraph on the date line itself.
    (b" date 2024-10-19 Gangs attacked Solino.\n\nMore text.",
     "Gangs attacked Solino.\n\nMore text."),
    (b"date 2024-10-19\nGangs attacked Solino.", "Gangs attacked Solino."),
    # BOM and CRLF.
    (b"\xef\xbb\xbf date 2024-10-19 Line one.\r\n\r\nLine two.\r\n", "Line one.\n\nLine two."),
    # Stray tags and entities; scripts and styles dropped with their content.
    (b" date 2024-10-19 <p>Gangs&nbsp;attacked <b>Bel-Air</b> &amp; Solino.</p>"
     b"<script>alert('x')</script><p>Second.</p>",
     "Gangs attacked Bel-Air & Solino.\n\nSecond."),
    ("\u00a0date 2024-10-19 Caf\u00e9 &eacute;t\u00e9", "Café été"),
])
def test_dated_articles_are_cleaned(raw, text):
    article = parse_article(raw, "a.txt")
    assert (article.date, article.text) == (DAY, text)


def test_plain_text_takes_the_callers_date():
    article = parse_article("Gangs attacked Solino.", "pasted", default_date=DAY)
    assert (article.name, article.date, article.text) == ("pasted", DAY, "Gangs attacked Solino.")


def test_date_line_wins_over_the_callers_date():
    assert parse_article(" date 2024-01-02 X.", "a.txt", default_date=DAY).date == date(2024, 1, 2)


@pytest.mark.parametrize("raw, message", [
    (b"", r"a\.txt: empty file"),
    (b"   \n\n", r"a\.txt: empty file"),
    (b" date 2024-10-19   ", r"a\.txt: empty article"),
    (b"Gangs attacked Solino.", r"a\.txt: no date: expected a first line ' date YYYY-MM-DD'"),
    (b" date 2024-13-40 Text.", r"a\.txt:1: bad date '2024-13-40', not a calendar day"),
    (b" date 19/10/2024 Text.", r"a\.txt:1: bad date '19/10/2024', expected YYYY-MM-DD"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"a\.txt: binary file"),
    (b" date 2024-10-19 caf\xe9", r"a\.txt: not UTF-8 text \(undecodable byte 0xe9 at offset 20\)"),
])
def test_unreadable_articles_name_file_and_reason(raw, message):
    with pytest.raises(ArticleError, match=message):
        parse_article(raw, "a.txt")


def test_read_article_names_the_path(tmp_path):
    bad = tmp_path / "undated.txt"
    bad.write_text("No date here.", encoding="utf-8")
    with pytest.raises(ArticleError, match=rf"{bad}: no date"):
        read_article(bad)
    with pytest.raises(ArticleError, match=r"missing\.txt: cannot read"):
        read_article(tmp_path / "missing.txt")


def test_a_batch_goes_on_past_unreadable_articles(tmp_path):
    (tmp_path / "b_good.txt").write_text(" date 2024-10-19 Fine.", encoding="utf-8")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "notes.csv").write_text("skipped: not an article file", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(" date 2024-10-19 Hidden.", encoding="utf-8")
    got = list(iter_articles([tmp_path]))
    assert [type(g).__name__ for g in got] == ["ArticleError", "Article", "ArticleError"]
    assert "a_empty.txt: empty file" in str(got[0])
    assert "c_binary.txt: binary" in str(got[2])


def test_ids_are_content_hashes():
    a = parse_article(" date 2024-10-19 Same text.", "a.txt")
    b = parse_article(" date 2024-10-19 Same text.", "b.txt")
    c = parse_article(" date 2024-10-20 Same text.", "a.txt")
    assert a.id == b.id != c.id and len(a.id) == 64


@settings(deadline=None)  # a loaded CI machine must not fail a correct property
@given(st.text(alphabet=st.characters(blacklist_characters="<>&\x00\r",
                                      blacklist_categories=("Cs", "Cc")), min_size=1))
def test_cleaning_is_idempotent(text):
    assert clean_text(clean_text(text)) == clean_text(text)


ARTICLE = " date 2024-10-19\nGangs attacked Pétion-Ville and Solino."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_read_as_text(encoding):
    """Issue 10, item 14: UTF-16 files (Windows "Unicode") were called "binary"."""
    raw = ARTICLE.encode(encoding)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raw = "\ufeff".encode(encoding) + raw  # the -le/-be codecs write no BOM themselves
    article = parse_article(raw, "a.txt")
    assert (article.date, article.text) == (DAY, "Gangs attacked Pétion-Ville and Solino.")


def test_utf16_without_a_bom_is_still_refused_by_name():
    with pytest.raises(ArticleError, match=r"a\.txt: binary file"):
        parse_article(ARTICLE.encode("utf-16-le"), "a.txt")


@pytest.mark.parametrize("dirty", [
    "Gangs attacked Pe\u0301tion-Ville and Solino.",  # NFD accent
    "Gangs attacked Pétion-Ville and Sol\u00adino.",  # soft hyphen
    "Gangs attacked Pétion-Ville and So\u200blino.",  # zero-width space
    "Gangs attacked P\u200détion-\u2060Ville and \ufeffSolino\u200c.",
    "Gangs attacked Pétion-Ville and Sol&shy;ino.",  # the entity of a soft hyphen
])
def test_text_is_nfc_without_invisible_characters(dirty):
    """Issue 10, item 14: a zero-width character, soft hyphen or NFD accent inside a place
    name lost the place; the stored text is the normalised one, so offsets stay exact."""
    assert parse_article(dirty, "a.txt", DAY).text == "Gangs attacked Pétion-Ville and Solino."
