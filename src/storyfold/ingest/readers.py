"""Inputs -> RawArticle | Rejection: the entry point of ingest.

    read_inputs(paths, settings)     files, directories (recursive), "-" for stdin
    read_bytes(data, source, ...)    content already in memory

Every input item ends as exactly one RawArticle or one Rejection, in input order, and nothing
aborts the batch. One-article formats (.txt, .md, .html, .json) are refused above
`max_input_bytes` before they are read; streams of articles (.jsonl, .warc, their .gz) are read
item by item in bounded memory, whatever their size.
"""
from __future__ import annotations

import io
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from ..errors import UsageError
from ..model import RawArticle, Rejection
from ..settings import Settings
from . import sources
from .decode import (SNIFF_BYTES, Undecodable, binary_kind, bom_encoding, bomless_utf16, decode_text,
                     magic_kind)
from .html import read_html
from .jsonfile import read_json_document, read_json_lines
from .sniff import FORMAT_BY_EXTENSION, GZIP_MAGIC, detect_format, extension
from .streams import GzipStream, read_up_to, rewound, spooled
from .textfile import read_text
from .warcfile import read_warc

# Enough to sniff any format, and all of a typical article file in one read.
HEAD_BYTES = 1 << 16
# Files are opened this many ahead of the one being read, and the kernel is asked to load the
# small ones (posix_fadvise WILLNEED): on a corpus of many small files that is not in the page
# cache, the disk then reads while earlier articles are cleaned, instead of stalling every read.
_OPEN_AHEAD = 64
_READ_AHEAD_MAX_BYTES = 1 << 20
_SUPPORTED = ", ".join(sorted(FORMAT_BY_EXTENSION))

Items = Iterator[RawArticle | Rejection]


def read_inputs(inputs: Iterable[str | os.PathLike[str]], settings: Settings, *,
                stdin: BinaryIO | None = None) -> Items:
    """Every article in the given files, directories and "-" (stdin), each item exactly once."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise UsageError(f"read_inputs takes a list of inputs, not the single path {inputs!r}",
                         hint="wrap it in a list: read_inputs([path], settings)")
    for source, opened in _opened_ahead(sources.iter_sources(inputs)):
        if isinstance(source, Rejection):
            yield source
        elif source.path is None:
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer,
                                   sources.STDIN, settings)
        else:
            yield from _read_file(source, settings, opened)


def read_bytes(data: bytes, source: str, settings: Settings, *, name_hint: str | None = None) -> Items:
    """The articles in `data`; `name_hint` (a file name) picks the format, else the content does."""
    return read_stream(io.BytesIO(data), source, settings, name=name_hint, size=len(data))


def read_stream(stream: BinaryIO, source: str, settings: Settings, *, name: str | None = None,
                size: int | None = None) -> Items:
    """The articles in an open binary stream; `name` (for its extension) and `size` are optional."""
    produced = 0
    try:
        for item in _read(stream, source, settings, name=name, size=size, gzip=None):
            produced += 1
            yield item
    except OSError as error:
        produced += 1
        yield Rejection(source, "unreadable", f"reading failed: {error.strerror or error}")
    if not produced:  # e.g. only blank JSON lines, an empty list, a WARC of protocol records
        yield Rejection(source, "empty", "the input contains no article items")


Opened = BinaryIO | OSError | None


def _opened_ahead(items: Iterable[sources.SourceFile | Rejection]) -> Iterator[tuple[sources.SourceFile | Rejection,
                                                                                    Opened]]:
    """Each item with its file opened (or the error opening it raised), `_OPEN_AHEAD` items early."""
    window: deque[tuple[sources.SourceFile | Rejection, Opened]] = deque()
    try:
        for item in items:
            window.append((item, _open_ahead(item)))
            if len(window) > _OPEN_AHEAD:
                yield window.popleft()
        while window:
            yield window.popleft()
    finally:  # the consumer stopped early: close what was opened for it
        for _, opened in window:
            if opened is not None and not isinstance(opened, OSError):
                opened.close()


def _open_ahead(item: sources.SourceFile | Rejection) -> Opened:
    if isinstance(item, Rejection) or item.path is None:
        return None
    try:
        stream = sources.open_source(item.path)
    except OSError as error:
        return error
    if item.size is not None and item.size <= _READ_AHEAD_MAX_BYTES and hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(stream.fileno(), 0, item.size, os.POSIX_FADV_WILLNEED)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass  # only a hint: a stream without a file descriptor is read as it comes
    return stream


def _read_file(source: sources.SourceFile, settings: Settings, opened: Opened = None) -> Items:
    assert source.path is not None
    if opened is None:
        try:
            opened = sources.open_source(source.path)
        except OSError as error:
            opened = error
    if isinstance(opened, OSError):
        yield Rejection(source.name, "unreadable", f"cannot open the file: {opened.strerror or opened}")
        return
    stream = opened
    with stream:
        if _small_text_file(source, settings):
            item = _read_small_text(stream, source.name, settings)
            if not isinstance(item, bytes):
                yield item
                return
            stream = rewound(stream, None, item)  # not the plain case after all: read in full below
        yield from read_stream(stream, source.name, settings, name=source.path, size=source.size)


def _small_text_file(source: sources.SourceFile, settings: Settings) -> bool:
    """A .txt/.md file (by name) that was non-empty, under HEAD_BYTES and under the size limit when listed."""
    return (source.size is not None and 0 < source.size < HEAD_BYTES and source.size <= settings.max_input_bytes
            and FORMAT_BY_EXTENSION.get(extension(source.path)) == "text")


def _read_small_text(stream: BinaryIO, source: str, settings: Settings) -> RawArticle | Rejection | bytes:
    """The usual item of a text corpus, a small .txt/.md file, read as `_read` would but without
    its dispatch (about a tenth of the reading cost on bench/ingest.py's corpus); the bytes read
    when the content is not that case after all (empty now, larger than when listed, gzip), for
    the general path, which then decides exactly as it would have.
    """
    try:
        data = read_up_to(stream, HEAD_BYTES)
    except OSError as error:
        return Rejection(source, "unreadable", f"reading failed: {error.strerror or error}")
    if not data or len(data) >= HEAD_BYTES or len(data) > settings.max_input_bytes or data.startswith(GZIP_MAGIC):
        return data
    try:
        text = decode_text(data)  # also the binary check
    except Undecodable as error:
        return Rejection(source, error.code, error.reason)
    return read_text(text, source)


def _read(stream: BinaryIO, source: str, settings: Settings, *, name: str | None,
          size: int | None, gzip: GzipStream | None) -> Items:
    """Dispatch on the format; `gzip` is the decompressing stream this content comes from."""
    start = stream.tell() if stream.seekable() else None
    head = read_up_to(stream, HEAD_BYTES)
    damaged = _damage_check(gzip)
    if not head:
        if not damaged():
            yield Rejection(source, "empty", "the input is empty")
        return
    fmt = detect_format(name, head)
    if fmt == "gzip":
        if gzip is not None:
            yield Rejection(source, "unsupported_format", "gzip-compressed data inside a gzip "
                            "file; decompress it once and read the result")
        else:
            yield from _read_gzip(rewound(stream, start, head), source, settings, name)
        return
    kind = magic_kind(head) if fmt == "warc" else binary_kind(head) if fmt == "jsonl" else None
    if kind is not None or fmt == "binary":
        yield _binary(source, kind or binary_kind(head), fmt, name)
    elif fmt == "unsupported":
        yield Rejection(source, "unsupported_format", f"storyfold does not read "
                        f"{extension(name)!r} files; supported: {_SUPPORTED}, and stdin")
    elif fmt == "warc":
        yield from _read_warc(rewound(stream, start, head), source, settings, damaged)
    elif fmt == "jsonl":
        yield from read_json_lines(rewound(stream, start, head), source,
                                   max_line_bytes=settings.max_input_bytes, damaged=damaged)
    else:
        yield from _read_single(fmt, stream, head, source, settings, name=name, size=size,
                                damaged=damaged)


def _read_gzip(compressed: BinaryIO, source: str, settings: Settings, name: str | None) -> Items:
    """Decompress as a stream; items before any damage are kept and the damage is one rejection."""
    inner_name = name[:-3] if name and name.lower().endswith(".gz") else name
    with GzipStream(compressed) as gzip:
        content = io.BufferedReader(gzip, buffer_size=1 << 16)
        yield from _read(content, source, settings, name=inner_name, size=None, gzip=gzip)
        if gzip.error is not None:
            yield Rejection(source, "bad_gzip", gzip.error)


def _read_warc(stream: BinaryIO, source: str, settings: Settings, damaged: Callable[[], bool]) -> Items:
    if stream.seekable():
        yield from read_warc(stream, source, settings, damaged=damaged)
        return
    with spooled(stream) as copy:
        yield from read_warc(copy, source, settings, damaged=damaged)


def _read_single(fmt: str, stream: BinaryIO, head: bytes, source: str, settings: Settings, *,
                 name: str | None, size: int | None, damaged: Callable[[], bool]) -> Items:
    """One-article formats: refused above max_input_bytes, else read whole (once) and decoded."""
    limit = settings.max_input_bytes
    if size is not None and size > limit:
        yield _too_large(source, size, limit)
        return
    data = head if len(head) < HEAD_BYTES else head + read_up_to(stream, limit + 1 - len(head))
    if damaged():
        return  # the one item is cut by the damage, which the gzip reader reports
    if len(data) > limit:
        yield _too_large(source, None, limit)
    elif fmt == "html":
        kind = binary_kind(data[:SNIFF_BYTES])
        yield _binary(source, kind, fmt, name) if kind is not None else _read_html(data, source, settings)
    else:
        try:
            text = decode_text(data)  # also the binary check
        except Undecodable as error:
            yield Rejection(source, error.code, error.reason)
            return
        if fmt == "text":
            yield read_text(text, source)
        else:
            yield from read_json_document(text, source)


def _read_html(data: bytes, source: str, settings: Settings) -> RawArticle | Rejection:
    markup: bytes | str = data
    if _is_wide_unicode(data):  # UTF-16/32: decoded here, as HTML parsers expect ASCII-compatible bytes
        try:
            markup = decode_text(data)
        except Undecodable as error:
            return Rejection(source, error.code, error.reason)
    if not markup.strip():
        return Rejection(source, "empty", "the page contains only whitespace")
    return read_html(markup, source, settings)


def _is_wide_unicode(data: bytes) -> bool:
    bom = bom_encoding(data)
    if bom is not None:
        return bom[0] != "utf-8"
    return b"\x00" in data[:SNIFF_BYTES] and bomless_utf16(data[:SNIFF_BYTES]) is not None


def _damage_check(gzip: GzipStream | None) -> Callable[[], bool]:
    if gzip is None:
        return lambda: False
    return lambda: gzip.error is not None


def _too_large(source: str, size: int | None, limit: int) -> Rejection:
    what = f"{size} bytes" if size is not None else "larger than that"
    return Rejection(source, "too_large", f"one article of {what} exceeds max_input_bytes "
                     f"({limit} bytes); raise --max-input-bytes if this really is one article")


def _binary(source: str, kind: str | None, fmt: str, name: str | None) -> Rejection:
    ext = extension(name)
    expected = "text" if fmt == "binary" else f"a {ext} file" if ext else f"{fmt} content"
    return Rejection(source, "binary", f"the input is {kind or 'binary data'}, not {expected}")
