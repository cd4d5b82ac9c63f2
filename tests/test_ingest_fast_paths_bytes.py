"""More ingest fast paths against their plain counterparts: needles pre-tested in UTF-8 bytes,
small text files read without the general dispatch, header lines matched as one block, the
photo-label pre-check as one regex, and the corpus pass on bare stored rows."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from storyfold import api
from storyfold.ingest import clean, textfile
from storyfold.ingest.readers import read_bytes, read_inputs
from storyfold.settings import Settings
from storyfold.store import Store

SETTINGS = Settings(progress=False)
# The needles' pieces (and near misses), non-ASCII characters a case-insensitive letter or \s can
# match ("İ", "ı", NBSP, NEL, thin space), and ordinary words and newlines.
PIECES = ["(", "(Photo", "(photo", "(İmage", "(ımage", "(Video ", "/", "/ ", "/\u00a0", "/\u2009", "/\x85", "/\x1c",
          "Reuters", "AP", "Getty", "Getty Images", "Follow", "follow", "wsletter", "newsletter", "k here",
          "Click here", "contributed", "buted", "©", "ⓒ", ":", "Photo: ", "Jane Roe", "said", "é", "—", "“",
          " ", "\n", "\t", "Image", "The harbour"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@hypothesis_settings(max_examples=500, deadline=None)
@given(TEXT)
def test_needles_pretested_in_bytes_find_every_line_the_str_search_finds(text: str) -> None:
    plain = tuple((needle, mask, search, None) for needle, mask, search, _ in clean._NEEDLES)
    found = clean._candidates(text)
    saved = clean._NEEDLES
    try:
        clean._NEEDLES = plain
        expected = clean._candidates(text)
    finally:
        clean._NEEDLES = saved
    assert found == expected


SMALL_FILES = {
    "plain.txt": "The ferry sank on Monday.\nNobody was hurt.\n".encode(),
    "headers.md": "title: Ferry\ndate: 2025-03-02\nsource: Harbour Daily\n\nThe ferry sank.\n".encode(),
    "marker.txt": " date 2025-03-02 The ferry sank.\n".encode(),
    "only-headers.txt": b"title: Ferry\n\n",
    "blank.txt": b"  \n\t\n",
    "image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    "packed.txt": gzip.compress(b"The ferry sank, said the gzip.\n"),
    "latin.txt": "Caf\u00e9 cr\u00e8me, the ferry sank. " .encode("cp1252") * 5,
    "wide.txt": "\ufeffThe ferry sank.\n".encode("utf-16-le"),
    "broken.txt": "The ferry sank \u2014 caf\u00e9 \u00e9t\u00e9 ".encode() * 5 + b"\xff\xfe" + "r\u00e9sum\u00e9".encode(),
    "notes.text": "Notes about the ferry.\n".encode(),
}


@pytest.mark.parametrize("limit", [1_000_000, 40])
def test_small_text_files_read_as_the_general_path_reads_them(tmp_path: Path, limit: int) -> None:
    settings = Settings(progress=False, max_input_bytes=limit)
    for name, data in SMALL_FILES.items():
        (tmp_path / name).write_bytes(data)
    found = list(read_inputs([tmp_path], settings))
    expected = [item for name in sorted(SMALL_FILES)
                for item in read_bytes(SMALL_FILES[name], str(tmp_path / name), settings,
                                       name_hint=str(tmp_path / name))]
    assert found == expected


def test_corpus_pass_removes_a_shared_edge_line_from_every_stored_row(tmp_path: Path) -> None:
    promo = "From the Harbour Daily desk — weekend edition"
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        body = f"{promo}\nStory {i} is about topic {i} and nothing else at all.\nIt has a second paragraph {i}.\n"
        (folder / f"{i}.txt").write_text(body)
    db = tmp_path / "s.sqlite"
    report = api.add([folder], db, SETTINGS.with_(copies_on_add=False))
    assert report.boilerplate_updated == 6
    with Store.open(db) as store:
        for article in store.articles():
            assert promo not in article.text
            assert article.removed == [promo]


def slow_headers(text: str) -> tuple[dict[str, str], int]:
    """textfile._headers by its definition: header lines matched one at a time from the start."""
    headers: dict[str, str] = {}
    position = 0
    while (match := textfile._HEADER.match(text, position)) is not None:
        headers.setdefault(match.group(1).lower(), match.group(2).rstrip(" \t"))
        position = match.end()
    if position:
        blank = textfile._BLANK_LINES.match(text, position)
        if blank is not None:
            position = blank.end()
    return headers, position


HEADER_PIECES = ["title", "Title", "DATE", "url", "source", "sources", ":", " ", "\t", "\r", "\n", "\r\n",
                 "2025-03-02", "Ferry", "x", "\u00a0"]


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HEADER_PIECES), max_size=30).map("".join))
def test_header_block_reads_as_header_lines_one_by_one(text: str) -> None:
    assert textfile._headers(text) == slow_headers(text)


LABEL_PIECES = ["Photo", "Photograph", "Photo credit", "Image", "Credit", "photo", "Photos", " ", "\u00a0", "\u2028",
                "\t", ":", "a", "Jane Roe", "credit"]


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PIECES), max_size=12).map("".join))
def test_label_before_colon_is_a_stripped_part_ending_with_a_label(line: str) -> None:
    expected = any(part.rstrip().endswith(clean._TRAILING_LABELS) for part in line.split(":")[:-1])
    assert clean._label_before_colon(line) == expected
