"""WARC crawls -> one RawArticle per HTML response, streamed with FastWARC.

Items are `response` (and `resource`) records; warcinfo, request, metadata, revisit and the other
protocol records are not items and produce nothing. Records are numbered from 1 in file order,
protocol records included, so a rejection's number points at the record in the file.

A broken record becomes one `bad_warc_record` rejection and reading resumes at the next
"WARC/1.x" header after it, so the good records on both sides are kept. FastWARC stops at the
first bad header, so the resynchronisation is done here, by seeking: the stream must be seekable
(the caller spools a pipe to a temporary file).
"""
from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from fastwarc.stream_io import BrotliReader, ChunkedReader, ZstdReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..model import RawArticle, Rejection
from ..settings import Settings
from .html import read_html
from .metadata import normalise_date
from .sniff import looks_like_html

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_RECORD_START = re.compile(rb"WARC/1\.[01]\r?\n")
_CARRY = 16  # longer than any match of _RECORD_START, so none is lost between two chunks
# A record cut short (or with a wrong length) swallows the next one, whose WARC header then shows
# in the HTTP headers or the payload.
_SWALLOWED_RECORD = re.compile(rb"WARC/1\.[01]\r\nWARC-[A-Za-z-]+:")
_SCAN_CHUNK = 1 << 20


def read_warc(stream: BinaryIO, source: str, settings: Settings, *,
              damaged: Callable[[], bool] = lambda: False) -> Iterator[RawArticle | Rejection]:
    """Every HTML response in a seekable WARC stream, each as one RawArticle or one Rejection.

    When the stream is damaged (a truncated .warc.gz), the record cut by the damage is not
    reported here: the caller reports the damage once.
    """
    position = stream.tell()
    number = 0
    last_start: int | None = None
    # One rejection per damaged stretch: failures with no good record between them are one.
    reported = False
    while True:
        stream.seek(position)
        records = iter(ArchiveIterator(stream, parse_http=True, stream_detect=False,
                                       auto_decode="none"))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (OSError, ValueError) as error:
                if damaged():
                    return
                if not reported:
                    number += 1
                    reported = True
                    yield Rejection(source, "bad_warc_record", f"record {number} is corrupt "
                                    f"({error}); reading resumes at the next record", number)
                break
            number += 1
            last_start = record.stream_pos
            item = _record_item(record, number, source, settings, damaged)
            reported = isinstance(item, Rejection) and item.code == "bad_warc_record"
            if item is not None:
                yield item
        resume = _next_record_start(stream, max(position, last_start or 0) + 1)
        if resume is None:
            return
        position = resume


def _record_item(record: WarcRecord, number: int, source: str, settings: Settings,
                 damaged: Callable[[], bool]) -> RawArticle | Rejection | None:
    """The article (or rejection) for one record; None for protocol records and damaged ends."""
    kind = record.record_type
    if kind not in (WarcRecordType.response, WarcRecordType.resource):
        if record.headers.get("WARC-Type") is None and not damaged():
            return Rejection(source, "bad_warc_record", f"record {number} has no WARC-Type "
                             "header: it is not a valid WARC record", number)
        return None
    http = record.http_headers if kind == WarcRecordType.response else None
    if kind == WarcRecordType.response and (http is None or http.status_code is None):
        return None if damaged() else Rejection(
            source, "bad_warc_record", f"record {number} has missing or corrupt HTTP headers "
            "(the record is truncated or its length is wrong)", number)
    body = _payload(record, number, source, settings.max_input_bytes, damaged)
    if not isinstance(body, bytes):
        return body
    content_type = record.http_content_type if http is not None else record.headers.get("Content-Type")
    if not _is_html(content_type, body):
        return Rejection(source, "not_html", f"record {number} is "
                         f"{content_type or 'of unknown type'}, not an HTML page", number)
    published = None
    if http is not None:
        if not 200 <= http.status_code < 300:
            return Rejection(source, "no_article", f"record {number} is an HTTP "
                             f"{http.status_code} response, not an article page", number)
        body = _undo_http_encodings(body, http.get("Transfer-Encoding"),
                                    http.get("Content-Encoding"), settings.max_input_bytes)
        if len(body) > settings.max_input_bytes:
            return Rejection(source, "too_large", f"record {number} decompresses to more than "
                             f"max_input_bytes ({settings.max_input_bytes})", number)
        published = normalise_date(http.get("Last-Modified")) or normalise_date(http.get("Date"))
    item = read_html(body, source, settings, url=record.headers.get("WARC-Target-URI") or None,
                     published=published, line=number)
    if isinstance(item, RawArticle):
        item.fmt = "warc"  # read_html already took the outlet from the page or its URL
    return item


def _payload(record: WarcRecord, number: int, source: str, limit: int,
             damaged: Callable[[], bool]) -> bytes | Rejection | None:
    """The record's payload as stored, or why it is unusable (None: cut by reported damage)."""
    if record.content_length > limit:
        return Rejection(source, "too_large", f"record {number} holds {record.content_length} "
                         f"bytes, more than max_input_bytes ({limit})", number)
    body = record.reader.read(record.content_length)
    if len(body) < record.content_length:
        return None if damaged() else Rejection(
            source, "bad_warc_record", f"record {number} is truncated: {len(body)} of "
            f"{record.content_length} bytes", number)
    http = record.http_headers if record.is_http else None
    if _SWALLOWED_RECORD.search(body) or (http is not None and any(
            key.lower().startswith("warc-") for key in http.keys())):
        return Rejection(source, "bad_warc_record", f"record {number} is truncated: the next "
                         "record's header appears inside it", number)
    return body


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    return looks_like_html(body[:65536])


def _undo_http_encodings(body: bytes, transfer: str | None, content: str | None,
                         limit: int) -> bytes:
    """The page as the server meant it: dechunked and decompressed (at most `limit` + 1 bytes).

    When a declared encoding cannot be undone the body is kept as stored: many crawlers store
    decoded bodies but keep the original headers.
    """
    if transfer and "chunked" in transfer.lower():
        body = _try(lambda: ChunkedReader(io.BytesIO(body)).read(), body)
    encoding = (content or "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _inflate(body, 47, limit) or _inflate(body, -15, limit) or body
    if encoding == "br":
        return _try(lambda: BrotliReader(io.BytesIO(body)).read(limit + 1), body)
    if encoding == "zstd":
        return _try(lambda: ZstdReader(io.BytesIO(body)).read(limit + 1), body)
    return body


def _inflate(body: bytes, wbits: int, limit: int) -> bytes:
    """zlib-decompressed body (47: gzip or zlib header, detected; -15: raw deflate), b"" if not."""
    try:
        return zlib.decompressobj(wbits).decompress(body, limit + 1)
    except zlib.error:
        return b""


def _try(undo: Callable[[], bytes], stored: bytes) -> bytes:
    try:
        return undo() or stored
    except (OSError, ValueError):
        return stored


def _next_record_start(stream: BinaryIO, offset: int) -> int | None:
    """The offset of the next "WARC/1.x" header line at or after `offset`, or None.

    The header need not start a line: a truncated record leaves the next header glued to it.
    """
    stream.seek(offset)
    carry = b""
    buffer_start = offset
    while chunk := stream.read(_SCAN_CHUNK):
        buffer = carry + chunk
        found = _RECORD_START.search(buffer)
        if found is not None:
            return buffer_start + found.start()
        carry = buffer[-_CARRY:]
        buffer_start += len(buffer) - len(carry)
    return None
