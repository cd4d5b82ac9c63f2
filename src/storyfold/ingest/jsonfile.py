"""news-please style JSON: one object (.json), a list of objects, or one object per line (.jsonl).

JSON Lines are streamed line by line with a bounded line length, so a file of any size is read in
bounded memory. Blank lines are not items; line numbers are the 1-based physical line.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import BinaryIO

from ..model import RawArticle, Rejection
from .metadata import normalise_date, outlet_from_url

TEXT_FIELDS = ("text", "maintext", "content", "body")
DATE_FIELDS = ("date", "date_publish", "published", "publishedAt")
OUTLET_FIELDS = ("source", "source_domain", "outlet", "publisher")
AUTHOR_FIELDS = ("authors", "author")
_SKIP_CHUNK = 1 << 16


def record_to_article(value: object, source: str, line: int | None) -> RawArticle | Rejection:
    """One decoded JSON value -> RawArticle, or why it is not one."""
    if not isinstance(value, dict):
        return Rejection(source, "not_an_object", f"expected a JSON object with article fields, "
                         f"got {_json_type(value)}", line)
    text, text_field = _text(value)
    if text is None:
        present = [name for name in TEXT_FIELDS if name in value]
        reason = (f"the {present[0]!r} field is empty or not a string" if present else
                  f"the record has none of the text fields ({', '.join(TEXT_FIELDS)})")
        return Rejection(source, "missing_text", reason, line)
    url = _string(value.get("url"))
    published = next((date for name in DATE_FIELDS
                      if (date := normalise_date(value.get(name))) is not None), None)
    identifier = value.get("id")
    return RawArticle(source=source, text=text, fmt="json", title=_string(value.get("title")),
                      url=url, published=published, outlet=_outlet(value) or outlet_from_url(url),
                      language=_string(value.get("language")), author=_authors(value), line=line,
                      input_id=str(identifier) if isinstance(identifier, (str, int)) and
                      not isinstance(identifier, bool) else None)


def read_json_document(text: str, source: str) -> Iterator[RawArticle | Rejection]:
    """A .json file: one object, or a list whose items are numbered from 1.

    A .json file that is really JSON Lines (a common mislabel) is read as JSON Lines.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from _read_lines(iter(text.split("\n")), source)
            return
        yield Rejection(source, "malformed_json", f"not valid JSON: {error.msg} at line "
                        f"{error.lineno} column {error.colno}")
        return
    except RecursionError:
        yield Rejection(source, "malformed_json", "the JSON is nested too deeply to read")
        return
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield record_to_article(item, source, index)
    else:
        yield record_to_article(value, source, None)


def read_json_lines(stream: BinaryIO, source: str, *, max_line_bytes: int,
                    damaged: Callable[[], bool] = lambda: False) -> Iterator[RawArticle | Rejection]:
    """A JSON Lines stream, one item per non-blank line, in bounded memory.

    A line longer than `max_line_bytes` is `too_large` and skipped without being held in memory.
    When the stream is damaged (a truncated gzip), its unterminated last line is not an item: the
    damage is reported once, by the caller.
    """
    return _read_lines(_bounded_lines(stream, source, max_line_bytes, damaged), source)


def _bounded_lines(stream: BinaryIO, source: str, limit: int,
                   damaged: Callable[[], bool]) -> Iterator[bytes | Rejection]:
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if not raw.endswith(b"\n"):
            if len(raw) > limit:
                _skip_line(stream)
                yield Rejection(source, "too_large", f"line {number} is longer than "
                                f"max_input_bytes ({limit} bytes)", number)
                continue
            if damaged():
                return
        yield raw


def _skip_line(stream: BinaryIO) -> None:
    """Read past the rest of an over-long line, a chunk at a time."""
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _read_lines(lines: Iterator[bytes | str | Rejection], source: str) -> Iterator[RawArticle | Rejection]:
    number = 0
    for raw in lines:
        number += 1
        if isinstance(raw, Rejection):
            yield raw
            continue
        if number == 1:
            raw = raw.lstrip(b"\xef\xbb\xbf") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
        if not raw.strip():
            continue
        yield _parse_line(raw, source, number)


def _parse_line(raw: bytes | str, source: str, number: int) -> RawArticle | Rejection:
    try:
        value = json.loads(raw)
    except UnicodeDecodeError as error:
        return Rejection(source, "decode_error", f"line {number} is not valid UTF-8 "
                         f"(byte {error.start})", number)
    except json.JSONDecodeError as error:
        return Rejection(source, "malformed_json", f"line {number} is not valid JSON: {error.msg.removesuffix(' at')} "
                         f"at column {error.colno}", number)
    except RecursionError:
        return Rejection(source, "malformed_json", f"line {number} is nested too deeply", number)
    return record_to_article(value, source, number)


def _text(record: Mapping[str, object]) -> tuple[str | None, str | None]:
    for name in TEXT_FIELDS:
        value = record.get(name)
        if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
            value = "\n\n".join(value)  # paragraphs given as a list
        if isinstance(value, str) and value.strip():
            return value, name
    return None, None


def _outlet(record: Mapping[str, object]) -> str | None:
    for name in OUTLET_FIELDS:
        value = record.get(name)
        if isinstance(value, dict):  # {"name": "The Times", ...}
            value = value.get("name")
        text = _string(value)
        if text:
            # news-please's source_domain is a host ("www.bbc.co.uk"): the same outlet as its URLs.
            return (outlet_from_url(text) or text) if name == "source_domain" else text
    return None


def _authors(record: Mapping[str, object]) -> str | None:
    for name in AUTHOR_FIELDS:
        value = record.get(name)
        if isinstance(value, list):
            value = ", ".join(part.strip() for part in value if isinstance(part, str) and part.strip())
        text = _string(value)
        if text:
            return text
    return None


def _string(value: object) -> str | None:
    """A stripped non-empty string, or None for anything else (numbers are not titles)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"
