"""Adding articles: size and type limits with clear messages; unreadable files reported with
their name while the others still go through (mapapp.uploads)."""
from __future__ import annotations

import pytest

from errors import UploadError
from mapapp.uploads import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PASTE_CHARS,
    Upload,
    check_batch,
    check_paste,
    check_upload,
    read_uploads,
)

GOOD = b" date 2024-08-28 Police carried out an operation in Solino on Wednesday.\n"


@pytest.mark.parametrize(("name", "size", "message"), [
    ("report.pdf", 10, r"report\.pdf: expected a plain-text article \(\.txt\), got a \.pdf"),
    ("README", 10, r"README: expected .*got a file without extension"),
    ("big.txt", MAX_FILE_BYTES + 1, r"big\.txt: 1,000,001 bytes is over the limit of 1,000,000"),
    ("empty.txt", 0, r"empty\.txt: the file is empty"),
])
def test_refused_uploads_say_which_file_and_why(name, size, message):
    with pytest.raises(UploadError, match=message):
        check_upload(name, size)


@pytest.mark.parametrize(("name", "size"), [("a.txt", 1), ("B.TXT", MAX_FILE_BYTES)])
def test_accepted_uploads(name, size):
    check_upload(name, size)


def test_batch_and_paste_limits():
    check_batch(MAX_FILES)
    with pytest.raises(UploadError, match=f"{MAX_FILES + 1} files at once: the limit is"):
        check_batch(MAX_FILES + 1)
    with pytest.raises(UploadError, match=r"pasted\.txt: the pasted text is empty"):
        check_paste("  \n", "pasted.txt")
    with pytest.raises(UploadError, match=r"pasted\.txt: 200,001 characters is over the limit"):
        check_paste("x" * (MAX_PASTE_CHARS + 1), "pasted.txt")


def test_bad_files_are_reported_and_the_others_still_read():
    pytest.importorskip("incidents.extract.article")
    articles, refused = read_uploads([
        Upload("good.txt", GOOD),
        Upload("photo.jpg", b"\xff\xd8\xff"),
        Upload("binary.txt", b"\x00\x01\x02 date"),
        Upload("undated.txt", b"No date line here."),
    ])
    assert [a.name for a in articles] == ["good.txt"]
    assert [name for name, _ in refused] == ["photo.jpg", "binary.txt", "undated.txt"]
    for name, why in refused:
        assert why.startswith(name), why


def test_a_default_date_rescues_undated_files():
    pytest.importorskip("incidents.extract.article")
    from datetime import date

    articles, refused = read_uploads([Upload("undated.txt", b"Police raided Solino.")],
                                     default_date=date(2024, 8, 1))
    assert not refused and articles[0].date == date(2024, 8, 1)
