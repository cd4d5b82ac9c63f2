"""The bad-input corpus: every bad item is exactly one rejection, good items around it survive,
the batch never aborts, and memory stays bounded on huge inputs."""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from storyfold.errors import REJECTION_CODES
from storyfold.ingest import sources
from storyfold.ingest.readers import read_inputs
from storyfold.model import RawArticle, Rejection
from storyfold.settings import Settings
from test_ingest_readers import good_response, page, warc_record, write

SETTINGS = Settings(progress=False)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")
LATIN1_TEXT = "Grüße aus Köln: der Außenminister erklärte am Sonntag, dass die Gespräche weitergehen.\n"
UTF16_TEXT = "Riverton's mayor said the water was still rising — “stay away”, she said.\n"


def outcomes(found: list[RawArticle | Rejection], root: Path) -> list[tuple[str, str, int | None]]:
    """(relative source, "article" or rejection code, line) for each item."""
    return [(os.path.relpath(i.source, root), i.code if isinstance(i, Rejection) else "article", i.line)
            for i in found]


def jsonl_lines(count: int) -> bytes:
    return b"".join(json.dumps({"text": f"Article number {i}.", "url": f"https://example.com/{i}"}).encode()
                    + b"\n" for i in range(1, count + 1))


def build_corpus(root: Path) -> None:
    """Every kind of bad input from the issue, each next to good ones."""
    write(root / "01_empty.txt", b"")
    write(root / "02_binary.txt", bytes(range(256)) * 4)
    write(root / "03_png_named.txt", PNG)
    write(root / "04_invalid_utf8.txt", "Café au lait, ".encode() + b"\xff\xfe" + " naïve.".encode())
    write(root / "05_latin1.txt", LATIN1_TEXT.encode("latin-1"))
    write(root / "06_utf16.txt", UTF16_TEXT.encode("utf-16"))
    write(root / "07_truncated.jsonl.gz", gzip.compress(jsonl_lines(400), mtime=0)[:2000])
    write(root / "08_broken.warc", good_response(1) + b"NOT A RECORD\r\n\r\n" + good_response(3))
    write(root / "09_mixed.jsonl", b'{"text": "good one"}\n{"text": broken\n\n{"title": "no text"}\n'
                                   b'[1, 2]\n{"text": "good five"}\n')
    write(root / "10_no_article.html", b"<html><head><title>Nothing</title></head><body></body></html>")
    with open(root / "11_huge.txt", "wb") as huge:  # sparse: 200 MB on paper, nothing on disk
        huge.write(b"A headline\n")
        huge.truncate(200_000_000)
    (root / "12_loop").mkdir()
    (root / "12_loop" / "back").symlink_to("..")
    (root / "13_self.txt").symlink_to("13_self.txt")
    write(root / "14_unreadable.txt", "secret")
    (root / "15_dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(root / "16_pipe.txt")
    write(root / "17_good.txt", "A good article.\n")


CORPUS_EXPECTED = [
    ("01_empty.txt", "empty", None),
    ("02_binary.txt", "binary", None),
    ("03_png_named.txt", "binary", None),
    ("04_invalid_utf8.txt", "decode_error", None),
    ("05_latin1.txt", "article", None),
    ("06_utf16.txt", "article", None),
    # the truncated gzip's complete lines come first; checked separately below
    ("08_broken.warc", "article", 1), ("08_broken.warc", "bad_warc_record", 2),
    ("08_broken.warc", "article", 3),
    ("09_mixed.jsonl", "article", 1), ("09_mixed.jsonl", "malformed_json", 2),
    ("09_mixed.jsonl", "missing_text", 4), ("09_mixed.jsonl", "not_an_object", 5),
    ("09_mixed.jsonl", "article", 6),
    ("10_no_article.html", "no_article", None),
    ("11_huge.txt", "too_large", None),
    ("12_loop/back", "symlink_loop", None),
    ("13_self.txt", "symlink_loop", None),
    ("14_unreadable.txt", "unreadable", None),
    ("15_dangling.txt", "not_found", None),
    ("16_pipe.txt", "not_a_file", None),
    ("17_good.txt", "article", None),
    ("does-not-exist.txt", "not_found", None),
]


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make one path fail to open as it would without permission (tests run as root: chmod won't)."""
    def make(name: str) -> None:
        real = sources.open_source

        def fake(path: str):
            if os.path.basename(path) == name:
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return real(path)

        monkeypatch.setattr(sources, "open_source", fake)
    return make


def test_bad_input_corpus_each_bad_item_is_one_rejection(tmp_path: Path, unreadable) -> None:
    build_corpus(tmp_path)
    unreadable("14_unreadable.txt")
    found = list(read_inputs([tmp_path, tmp_path / "does-not-exist.txt"], SETTINGS))
    got = outcomes(found, tmp_path)
    truncated = [o for o in got if o[0] == "07_truncated.jsonl.gz"]
    assert [o for o in got if o[0] != "07_truncated.jsonl.gz"] == CORPUS_EXPECTED
    assert truncated[-1] == ("07_truncated.jsonl.gz", "bad_gzip", None)
    assert truncated[:-1] == [("07_truncated.jsonl.gz", "article", n) for n in range(1, len(truncated))]
    assert 0 < len(truncated) - 1 < 400
    assert all(isinstance(i, RawArticle) or i.code in REJECTION_CODES and i.reason for i in found)
    texts = {os.path.basename(i.source): i.text for i in found
             if isinstance(i, RawArticle) and i.line is None}
    assert texts["05_latin1.txt"] == LATIN1_TEXT
    assert texts["06_utf16.txt"] == UTF16_TEXT


def test_bad_input_png_named_txt_says_what_it_is(tmp_path: Path) -> None:
    [rejection] = read_inputs([write(tmp_path / "photo.txt", PNG)], SETTINGS)
    assert isinstance(rejection, Rejection)
    assert (rejection.code, rejection.line) == ("binary", None)
    assert "PNG image" in rejection.reason


def test_bad_input_invalid_utf8_is_a_decode_error_with_its_offset(tmp_path: Path) -> None:
    data = "Café au lait, ".encode() + b"\xff" + " naïve.".encode()
    [rejection] = read_inputs([write(tmp_path / "a.txt", data)], SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == "decode_error"
    assert f"byte {len('Café au lait, '.encode())}" in rejection.reason


def test_bad_input_truncated_gzip_text_is_one_bad_gzip(tmp_path: Path) -> None:
    data = gzip.compress(("Some words. " * 5000).encode())
    for cut in (1, 5, 12, len(data) // 2, len(data) - 3):
        found = list(read_inputs([write(tmp_path / f"cut{cut}.txt.gz", data[:cut])], SETTINGS))
        assert [getattr(i, "code", "article") for i in found] == ["bad_gzip"], cut


def test_bad_input_corrupt_gzip_member_is_one_bad_gzip(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(jsonl_lines(200), mtime=0))
    data[len(data) // 2] ^= 0xFF
    found = list(read_inputs([write(tmp_path / "a.jsonl.gz", bytes(data))], SETTINGS))
    assert [i.code for i in found if isinstance(i, Rejection)] == ["bad_gzip"]
    assert found[-1].code == "bad_gzip"
    lines = [i.line for i in found if isinstance(i, RawArticle)]
    assert lines == list(range(1, len(lines) + 1))


def test_bad_input_gz_name_without_gzip_content_is_bad_gzip(tmp_path: Path) -> None:
    [rejection] = read_inputs([write(tmp_path / "a.txt.gz", b"plain text, not gzip\n")], SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == "bad_gzip"


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.warc", "a", "a.xyz"])
def test_bad_input_png_under_any_name_is_one_binary_rejection(tmp_path: Path, name: str) -> None:
    [rejection] = read_inputs([write(tmp_path / name, PNG)], SETTINGS)
    assert isinstance(rejection, Rejection)
    assert (rejection.code, rejection.line) == ("binary", None)


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize(("damage", "expected"), [
    ("garbage_between", [("article", 1), ("bad_warc_record", 2), ("article", 3)]),
    ("truncated_middle", [("article", 1), ("bad_warc_record", 2), ("article", 3)]),
    ("bad_length_header", [("article", 1), ("bad_warc_record", 2), ("article", 3)]),
    ("truncated_end", [("article", 1), ("article", 2), ("bad_warc_record", 3)]),
    ("not_a_warc_first", [("bad_warc_record", 1), ("article", 2), ("article", 3)]),
])
def test_bad_input_broken_warc_record_keeps_the_good_ones(tmp_path: Path, damage: str, expected: list,
                                                          compressed: bool) -> None:
    one, two, three = good_response(1), good_response(2), good_response(3)
    data = {
        "garbage_between": one + b"this line is not a WARC header\r\n\r\n" + three,
        "truncated_middle": one + two[:300] + three,
        "bad_length_header": one + two.replace(b"Content-Length: ", b"Content-Length: x", 1) + three,
        "truncated_end": one + two + three[:-200],
        "not_a_warc_first": b"WARC/1.0\r\nnonsense\r\n\r\n" + two + three,
    }[damage]
    name = "a.warc.gz" if compressed else "a.warc"  # resynchronising then seeks in decompressed data
    found = list(read_inputs([write(tmp_path / name, gzip.compress(data) if compressed else data)], SETTINGS))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == expected


def test_bad_input_truncated_warc_gz_keeps_records_before_the_damage(tmp_path: Path) -> None:
    data = b"".join(gzip.compress(good_response(n), mtime=0) for n in range(1, 5))
    found = list(read_inputs([write(tmp_path / "a.warc.gz", data[:-150])], SETTINGS))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [
        ("article", 1), ("article", 2), ("article", 3), ("bad_gzip", None)]


def test_bad_input_warc_record_over_the_size_limit(tmp_path: Path) -> None:
    big = warc_record(uri="https://example.com/big", body=page(1) + b" " * 5000, number=2)
    found = list(read_inputs([write(tmp_path / "a.warc", good_response(1) + big)],
                             SETTINGS.with_(max_input_bytes=4000)))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [("article", 1), ("too_large", 2)]


def test_bad_input_symlink_loops_do_not_stop_the_walk(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", "x")
    (tmp_path / "a" / "up").symlink_to("..")
    (tmp_path / "b1.txt").symlink_to("b2.txt")
    (tmp_path / "b2.txt").symlink_to("b1.txt")
    write(tmp_path / "c.txt", "c")
    assert outcomes(list(read_inputs([tmp_path], SETTINGS)), tmp_path) == [
        ("a/up", "symlink_loop", None), ("a/x.txt", "article", None), ("b1.txt", "symlink_loop", None),
        ("b2.txt", "symlink_loop", None), ("c.txt", "article", None)]


def test_bad_input_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "locked" / "x.txt", "x")
    write(tmp_path / "open" / "y.txt", "y")
    real = os.scandir

    def fake(path):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(sources.os, "scandir", fake)
    assert outcomes(list(read_inputs([tmp_path], SETTINGS)), tmp_path) == [
        ("locked", "unreadable", None), ("open/y.txt", "article", None)]


def test_bad_input_io_error_mid_read_is_one_rejection(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            raise OSError(errno.EIO, "Input/output error")

    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    real = sources.open_source
    monkeypatch.setattr(sources, "open_source",
                        lambda path: io.BufferedReader(Failing()) if path.endswith("a.txt") else real(path))
    found = list(read_inputs([tmp_path], SETTINGS))
    assert outcomes(found, tmp_path) == [("a.txt", "unreadable", None), ("b.txt", "article", None)]
    assert "Input/output error" in found[0].reason


def peak_memory(run: Callable[[], object]) -> int:
    """Peak bytes allocated by `run`, after a warm-up so one-time imports and tables don't count."""
    list(read_inputs([], SETTINGS))
    list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(b'{"text": "t", "url": "https://a.example.com/"}\n')))
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.json"])
def test_bad_input_huge_single_article_refused_without_reading_it(tmp_path: Path, name: str) -> None:
    with open(tmp_path / name, "wb") as huge:
        huge.write(b"<html><body><p>" if name.endswith(".html") else b"Text\n")
        huge.truncate(200_000_000)
    found: list = []
    peak = peak_memory(lambda: found.extend(read_inputs([tmp_path / name], SETTINGS)))
    assert [(i.code, i.line) for i in found] == [("too_large", None)]
    assert peak < 2_000_000, peak


def test_bad_input_huge_gzip_single_article_stops_at_the_limit(tmp_path: Path) -> None:
    data = gzip.compress(b"word " * 2_000_000)  # 10 MB of text in a few kB
    found: list = []
    peak = peak_memory(lambda: found.extend(
        read_inputs([write(tmp_path / "bomb.txt.gz", data)], SETTINGS.with_(max_input_bytes=1_000_000))))
    assert [(i.code, i.line) for i in found] == [("too_large", None)]
    assert peak < 5_000_000, peak


@pytest.mark.slow
def test_bad_input_200mb_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    text = "The river rose again overnight. " * 3000  # ~100 kB per line
    line = (json.dumps({"text": text, "url": "https://example.com/x"}) + "\n").encode()
    count = 200_000_000 // len(line) + 1
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as out:
        for _ in range(count):
            out.write(line)
        out.write(b"{broken\n")
    assert path.stat().st_size > 200_000_000
    tally = {"articles": 0, "rejections": 0}

    def consume() -> None:
        for item in read_inputs([path], SETTINGS):
            tally["articles" if isinstance(item, RawArticle) else "rejections"] += 1

    peak = peak_memory(consume)
    assert tally == {"articles": count, "rejections": 1}
    assert peak < 8 * len(line) + 1_000_000, peak  # a few lines' worth, not the file


def test_bad_input_overlong_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    long_line = b'{"text": "' + b"x" * 3_000_000 + b'"}\n'
    path = write(tmp_path / "a.jsonl", b'{"text": "one"}\n' + long_line + b'{"text": "three"}\n')
    found: list = []
    peak = peak_memory(lambda: found.extend(read_inputs([path], SETTINGS.with_(max_input_bytes=100_000))))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [
        ("article", 1), ("too_large", 2), ("article", 3)]
    assert peak < 3_000_000, peak
