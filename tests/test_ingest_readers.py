"""Readers: every supported input format, its metadata, encodings, directories and stdin."""
from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest

from storyfold.errors import UsageError
from storyfold.ingest import readers, warcfile
from storyfold.ingest.readers import read_bytes, read_inputs
from storyfold.model import RawArticle, Rejection
from storyfold.settings import Settings

SETTINGS = Settings(progress=False)

PAGE = """<!DOCTYPE html><html><head><title>Flood defences fail in Riverton {n}</title>
<meta property="og:site_name" content="Riverton Gazette"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Flood defences fail in Riverton {n}</h1>
<p>The flood barrier protecting the old town of Riverton gave way on Tuesday night after three days
of heavy rain, officials said in a statement released early on Wednesday morning.</p>
<p>More than {n}00 homes were evacuated, according to the county emergency service, which said the
water had reached the market square by midnight and was still rising.</p>
<p>"We have never seen the river this high," said the mayor, Ana Duarte, who asked residents to stay
away from the embankment until engineers had inspected it.</p></article>
<footer>Copyright Riverton Gazette</footer></body></html>"""


def page(n: int = 1) -> bytes:
    return PAGE.format(n=n).encode()


def warc_record(kind: str = "response", *, uri: str = "https://news.example.com/a", body: bytes = b"",
                content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                http_headers: tuple[str, ...] = (), length_delta: int = 0, number: int = 1) -> bytes:
    """One WARC/1.0 record written by hand; `length_delta` falsifies its Content-Length."""
    if kind == "response":
        head = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", *http_headers,
                f"Content-Length: {len(body)}"]
        block = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        block_type = "application/http; msgtype=response"
    elif kind == "request":
        block = f"GET / HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()
        block_type = "application/http; msgtype=request"
    elif kind == "warcinfo":
        block = b"software: storyfold-tests\r\nformat: WARC File Format 1.0\r\n"
        block_type = "application/warc-fields"
    else:  # metadata, resource
        block = body
        block_type = content_type
    headers = ["WARC/1.0", f"WARC-Type: {kind}",
               f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>",
               "WARC-Date: 2025-03-02T10:00:00Z"]
    if kind != "warcinfo":
        headers.append(f"WARC-Target-URI: {uri}")
    headers += [f"Content-Type: {block_type}", f"Content-Length: {len(block) + length_delta}"]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def good_response(n: int, **kwargs: object) -> bytes:
    return warc_record(uri=f"https://news.example.com/story/{n}", body=page(n), number=n, **kwargs)


def items(path: Path | str, settings: Settings = SETTINGS) -> list[RawArticle | Rejection]:
    return list(read_inputs([path], settings))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --- seeds ------------------------------------------------------------------------------------

def test_read_inputs_seeds_give_five_articles(seeds_dir: Path) -> None:
    found = list(read_inputs([seeds_dir], SETTINGS))
    articles = [item for item in found if isinstance(item, RawArticle)]
    assert len(articles) == 5
    by_name = {Path(article.source).name[:3]: article for article in articles}
    assert by_name["001"].published == "2025-03-02"
    assert by_name["001"].text.startswith("Your guide to what")
    original = next(seeds_dir.glob("000_*.txt")).read_bytes().decode("utf-8")
    assert by_name["000"].text == original
    assert [a.source for a in articles] == sorted(a.source for a in articles)
    # expected.json beside them is a JSON object without article text: one rejection, not silence.
    assert [(Path(r.source).name, r.code) for r in found if isinstance(r, Rejection)] == [
        ("expected.json", "missing_text")]


# --- plain text -------------------------------------------------------------------------------

def test_read_text_without_headers_is_the_content_exactly(tmp_path: Path) -> None:
    content = "  Line one,\r\nline two\t\n\n\nlast line without newline  "
    [article] = items(write(tmp_path / "a.txt", content))
    assert isinstance(article, RawArticle)
    assert article.text == content
    assert (article.fmt, article.title, article.url, article.published, article.outlet, article.line) == (
        "text", None, None, None, None, None)


def test_read_text_headers_are_metadata_not_text(tmp_path: Path) -> None:
    content = ("Title: Riverton floods\nDATE: 2025-03-04\nurl: https://www.gazette.co.uk/news/1\n"
               "\nThe barrier gave way.\nSecond line.\n")
    [article] = items(write(tmp_path / "a.md", content))
    assert isinstance(article, RawArticle)
    assert article.text == "The barrier gave way.\nSecond line.\n"
    assert article.title == "Riverton floods"
    assert article.published == "2025-03-04"
    assert article.url == "https://www.gazette.co.uk/news/1"
    assert article.outlet == "gazette.co.uk"  # from the URL's registered domain


def test_read_text_source_header_is_the_outlet(tmp_path: Path) -> None:
    content = "source: Riverton Gazette\nurl: https://x.example.org/\nText."
    [article] = items(write(tmp_path / "a.txt", content))
    assert isinstance(article, RawArticle)
    assert (article.outlet, article.text) == ("Riverton Gazette", "Text.")


def test_read_text_date_marker_keeps_the_rest_of_the_line(tmp_path: Path) -> None:
    [article] = items(write(tmp_path / "a.txt", " date 2025-03-02 First line.\n\nSecond.\n"))
    assert isinstance(article, RawArticle)
    assert (article.published, article.text) == ("2025-03-02", "First line.\n\nSecond.\n")
    [alone] = items(write(tmp_path / "b.txt", "date 2025-03-02\nFirst line.\n"))
    assert isinstance(alone, RawArticle)
    assert (alone.published, alone.text) == ("2025-03-02", "First line.\n")


def test_read_text_header_only_file_is_empty(tmp_path: Path) -> None:
    [rejection] = items(write(tmp_path / "a.txt", "title: Nothing else\n\n"))
    assert isinstance(rejection, Rejection)
    assert rejection.code == "empty"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"])
def test_read_text_detects_the_encoding(tmp_path: Path, codec: str) -> None:
    text = ("Le président a déclaré dimanche que l'Europe était à la croisée des chemins. "
            "Les ministres réunis à Londres ont discuté d'une trêve. Ça coûte cher, a-t-il ajouté.\n")
    if codec == "cp1252":
        text = "He said \u201cthe barrier failed\u201d \u2014 and left\u2026 " + text
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    [article] = items(write(tmp_path / "a.txt", data))
    assert isinstance(article, RawArticle), article
    assert article.text == text


def test_read_text_bomless_utf16_is_text(tmp_path: Path) -> None:
    text = "Riverton's mayor said the water was still rising.\n"
    [article] = items(write(tmp_path / "a.txt", text.encode("utf-16-le")))
    assert isinstance(article, RawArticle)
    assert article.text == text


def test_read_text_cyrillic_legacy_encoding(tmp_path: Path) -> None:
    text = "Президент заявил в воскресенье, что переговоры в Лондоне продолжатся на следующей неделе.\n"
    [article] = items(write(tmp_path / "a.txt", text.encode("cp1251")))
    assert isinstance(article, RawArticle)
    assert article.text == text


# --- HTML -------------------------------------------------------------------------------------

def test_read_html_file_extracts_the_article(tmp_path: Path) -> None:
    [article] = items(write(tmp_path / "page.html", page(3)))
    assert isinstance(article, RawArticle)
    assert article.fmt == "html"
    assert "More than 300 homes were evacuated" in article.text
    assert "Copyright" not in article.text


def test_read_html_utf16_page_is_decoded_first(tmp_path: Path) -> None:
    [article] = items(write(tmp_path / "page.htm", PAGE.format(n=4).encode("utf-16")))
    assert isinstance(article, RawArticle)
    assert "More than 400 homes" in article.text


# --- JSON and JSON Lines ----------------------------------------------------------------------

NEWS_PLEASE = {"maintext": "The barrier gave way on Tuesday.", "title": " Riverton floods ",
               "url": "https://www.gazette.co.uk/news/1", "date_publish": "2025-03-04 10:15:00",
               "source_domain": "www.gazette.co.uk", "language": "en",
               "authors": ["Ana Lima", "Tom Reed"], "id": 42}


def test_read_json_news_please_fields(tmp_path: Path) -> None:
    [article] = items(write(tmp_path / "a.json", json.dumps(NEWS_PLEASE)))
    assert isinstance(article, RawArticle)
    assert (article.text, article.title, article.url) == (
        NEWS_PLEASE["maintext"], "Riverton floods", NEWS_PLEASE["url"])
    assert (article.published, article.outlet, article.language, article.author, article.input_id) == (
        "2025-03-04T10:15:00", "gazette.co.uk", "en", "Ana Lima, Tom Reed", "42")
    assert (article.fmt, article.line) == ("json", None)


@pytest.mark.parametrize(("record", "outlet"), [
    ({"text": "T", "publisher": "Riverton Gazette", "url": "https://a.example.com/x"}, "Riverton Gazette"),
    ({"body": "T", "url": "https://news.bbc.co.uk/x"}, "bbc.co.uk"),
    ({"content": "T"}, None),  # no metadata, no URL: unknown, never invented
])
def test_read_json_outlet_from_metadata_else_url_else_none(tmp_path: Path, record: dict,
                                                           outlet: str | None) -> None:
    [article] = items(write(tmp_path / "a.json", json.dumps(record)))
    assert isinstance(article, RawArticle)
    assert article.outlet == outlet


def test_read_json_list_items_numbered_from_one(tmp_path: Path) -> None:
    data = [{"text": "one"}, {"title": "no text"}, "not an object",
            {"text": "four", "publishedAt": "2025-01-02"}]
    found = items(write(tmp_path / "a.json", json.dumps(data)))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [
        ("article", 1), ("missing_text", 2), ("not_an_object", 3), ("article", 4)]
    assert found[3].published == "2025-01-02"


def test_read_json_file_holding_json_lines_is_read_as_lines(tmp_path: Path) -> None:
    found = items(write(tmp_path / "a.json", '{"text": "one"}\n{"text": "two"}\n'))
    assert [(type(i).__name__, i.line) for i in found] == [("RawArticle", 1), ("RawArticle", 2)]


def test_read_jsonl_lines_numbered_blank_lines_skipped(tmp_path: Path) -> None:
    content = '{"text": "one"}\n\n   \n{"text": "four", "url": "https://www.example.org/4"}\r\n'
    for name in ("a.jsonl", "a.ndjson"):
        found = items(write(tmp_path / name, content))
        assert [(type(i).__name__, i.line) for i in found] == [("RawArticle", 1), ("RawArticle", 4)]
        assert found[1].outlet == "example.org"


def test_read_jsonl_with_utf8_bom(tmp_path: Path) -> None:
    found = items(write(tmp_path / "a.jsonl", b'\xef\xbb\xbf{"text": "one"}\n'))
    assert [type(i).__name__ for i in found] == ["RawArticle"]


def test_read_empty_json_list_is_one_rejection(tmp_path: Path) -> None:
    [rejection] = items(write(tmp_path / "a.json", "[]"))
    assert isinstance(rejection, Rejection)
    assert rejection.code == "empty"


# --- WARC -------------------------------------------------------------------------------------

@pytest.fixture
def html_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Record what the WARC reader passes to read_html (the extractor itself is tested elsewhere)."""
    calls: list[dict] = []
    real = warcfile.read_html

    def spy(data, source, settings, *, url=None, published=None, line=None):
        calls.append({"url": url, "published": published, "line": line})
        return real(data, source, settings, url=url, published=published, line=line)

    monkeypatch.setattr(warcfile, "read_html", spy)
    return calls


def sample_warc() -> bytes:
    return b"".join([
        warc_record("warcinfo", number=1),
        warc_record("request", uri="https://news.example.com/story/2", number=2),
        good_response(3, http_headers=("Date: Sun, 02 Mar 2025 10:00:00 GMT",
                                       "Last-Modified: Sat, 01 Mar 2025 08:30:00 GMT")),
        warc_record(uri="https://news.example.com/logo.png", body=b"\x89PNG\r\n\x1a\nxxxx",
                    content_type="image/png", number=4),
        warc_record("metadata", body=b"fetchTimeMs: 12\r\n", content_type="application/warc-fields",
                    number=5),
        good_response(6, http_headers=("Date: Mon, 03 Mar 2025 11:00:00 GMT",)),
    ])


def test_read_warc_html_responses_only(tmp_path: Path, html_calls: list[dict]) -> None:
    found = items(write(tmp_path / "crawl.warc", sample_warc()))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [
        ("article", 3), ("not_html", 4), ("article", 6)]
    first, last = found[0], found[2]
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert first.fmt == "warc"
    assert first.url == "https://news.example.com/story/3"
    assert "More than 300 homes" in first.text
    assert html_calls == [
        {"url": "https://news.example.com/story/3", "published": "2025-03-01T08:30:00Z", "line": 3},
        {"url": "https://news.example.com/story/6", "published": "2025-03-03T11:00:00Z", "line": 6}]


def test_read_warc_gz_per_record_members_and_whole_file(tmp_path: Path) -> None:
    records = [good_response(1), warc_record("request", number=2), good_response(3)]
    per_record = b"".join(gzip.compress(record) for record in records)
    for name, data in (("a.warc.gz", per_record), ("b.warc.gz", gzip.compress(b"".join(records)))):
        found = items(write(tmp_path / name, data))
        assert [(type(i).__name__, i.line) for i in found] == [("RawArticle", 1), ("RawArticle", 3)], name


def test_read_warc_http_errors_and_encodings(tmp_path: Path) -> None:
    data = b"".join([
        good_response(1, status="404 Not Found"),
        warc_record(uri="https://news.example.com/story/2", body=gzip.compress(page(2)),
                    http_headers=("Content-Encoding: gzip",), number=2),
        warc_record("resource", uri="https://news.example.com/story/3", body=page(3),
                    content_type="text/html", number=3),
        warc_record(uri="https://news.example.com/story/4", body=chunked(page(4)),
                    http_headers=("Transfer-Encoding: chunked",), number=4),
    ])
    found = items(write(tmp_path / "a.warc", data))
    assert [(getattr(i, "code", "article"), i.line) for i in found] == [
        ("no_article", 1), ("article", 2), ("article", 3), ("article", 4)]
    assert "More than 200 homes" in found[1].text
    assert "More than 400 homes" in found[3].text and "12c" not in found[3].text  # no chunk sizes


def chunked(data: bytes, size: int = 300) -> bytes:
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def test_read_warc_of_protocol_records_only_is_one_rejection(tmp_path: Path) -> None:
    protocol_only = warc_record("warcinfo") + warc_record("request", number=2)
    [rejection] = items(write(tmp_path / "a.warc", protocol_only))
    assert isinstance(rejection, Rejection)
    assert rejection.code == "empty"


# --- gzip and sniffing ------------------------------------------------------------------------

def test_read_gz_of_each_format(tmp_path: Path) -> None:
    write(tmp_path / "a.txt.gz", gzip.compress("Plain words.\n".encode()))
    write(tmp_path / "b.jsonl.gz", gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    write(tmp_path / "c.html.gz", gzip.compress(page(5)))
    write(tmp_path / "d.json.gz", gzip.compress(json.dumps(NEWS_PLEASE).encode()))
    write(tmp_path / "e.txt", gzip.compress(b"gzip magic under a .txt name\n"))  # by magic
    write(tmp_path / "f.gz", gzip.compress(b'{"text": "x"}\n{"text": "y"}\n'))  # inner name unknown: sniffed
    found = items(tmp_path)
    assert [(Path(i.source).name, i.fmt, i.line) for i in found] == [
        ("a.txt.gz", "text", None), ("b.jsonl.gz", "json", 1), ("b.jsonl.gz", "json", 2),
        ("c.html.gz", "html", None), ("d.json.gz", "json", None), ("e.txt", "text", None),
        ("f.gz", "json", 1), ("f.gz", "json", 2)]
    assert found[0].text == "Plain words.\n"


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("page.php", page(1), ("RawArticle", "html")),
    ("README", b"Just some words.\n", ("RawArticle", "text")),
    ("notes.csv", b"a,b,c\n1,2,3\n", ("Rejection", "unsupported_format")),
    ("dump.data", b'{"text": "one"}\n{"text": "two"}\n', ("RawArticle", "json")),
    ("crawl.bin", good_response(1), ("RawArticle", "warc")),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", ("Rejection", "binary")),
])
def test_read_unknown_extension_is_sniffed(tmp_path: Path, name: str, data: bytes, expected: tuple) -> None:
    first = items(write(tmp_path / name, data))[0]
    assert (type(first).__name__, getattr(first, "fmt", getattr(first, "code", None))) == expected


@pytest.mark.parametrize(("data", "expected"), [
    (b"Words on stdin.\n", [("RawArticle", None)]),
    (b'{"text": "one"}\n{"text": "two"}\n', [("RawArticle", 1), ("RawArticle", 2)]),
    (gzip.compress(b'{"text": "one"}\n'), [("RawArticle", None)]),  # one object: a JSON document
    (gzip.compress(good_response(1) + good_response(2)), [("RawArticle", 1), ("RawArticle", 2)]),
    (b"", [("Rejection", None)]),
])
def test_read_stdin_is_sniffed(data: bytes, expected: list) -> None:
    pipe = io.BufferedReader(io.BytesIO(data))  # not seekable, like a pipe
    pipe.seekable = lambda: False  # type: ignore[method-assign]
    found = list(read_inputs(["-"], SETTINGS, stdin=pipe))
    assert [(type(i).__name__, i.line) for i in found] == expected
    assert all(i.source == "-" for i in found)


def test_read_bytes_name_hint_picks_the_format() -> None:
    [as_text] = read_bytes(b'{"text": "x"}', "mem", SETTINGS, name_hint="a.txt")
    [as_json] = read_bytes(b'{"text": "x"}', "mem", SETTINGS, name_hint="a.json")
    assert isinstance(as_text, RawArticle) and isinstance(as_json, RawArticle)
    assert (as_text.text, as_json.text, as_json.source) == ('{"text": "x"}', "x", "mem")


# --- directories ------------------------------------------------------------------------------

def test_read_directory_recursive_sorted_dotfiles_skipped(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a" / "z.txt", "a/z")
    write(tmp_path / "a" / "c" / "d.txt", "a/c/d")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "x.txt", "git")
    write(tmp_path / "a" / ".swp.txt", "swap")
    found = items(str(tmp_path) + "/")
    assert [i.text for i in found] == ["a/c/d", "a/z", "b"]
    assert found[0].source == str(tmp_path) + "/a/c/d.txt"  # joined onto the path as given
    [explicit] = items(tmp_path / ".hidden.txt")
    assert explicit.text == "hidden"


def test_read_inputs_keeps_input_order(tmp_path: Path) -> None:
    second, first = write(tmp_path / "b.txt", "B"), write(tmp_path / "a.txt", "A")
    assert [i.text for i in read_inputs([second, first], SETTINGS)] == ["B", "A"]


def test_read_inputs_single_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="list"):
        list(read_inputs(str(tmp_path), SETTINGS))  # type: ignore[arg-type]


def test_read_bytes_text_longer_than_the_sniffed_head_is_whole() -> None:
    text = "x" * (readers.HEAD_BYTES + 10)
    [article] = read_bytes(text.encode(), "big.txt", SETTINGS, name_hint="big.txt")
    assert isinstance(article, RawArticle) and article.text == text
