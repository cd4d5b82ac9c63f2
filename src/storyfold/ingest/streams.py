"""Byte streams for readers: sniffed bytes put back, gzip that stops at damage, spooling for seeks."""
from __future__ import annotations

import gzip
import io
import shutil
import tempfile
import zlib
from typing import BinaryIO

_COPY_CHUNK = 1 << 20


def read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the stream (pipes may return short reads)."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def rewound(stream: BinaryIO, start: int | None, head: bytes) -> BinaryIO:
    """The stream from its beginning again: seek back when possible, else put `head` in front.

    Buffered either way: the readers that rewind (gzip, WARC, JSON Lines) read a line or a few
    bytes at a time, and files come unbuffered from `sources.open_source`.
    """
    if start is not None:
        stream.seek(start)
        return stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream, buffer_size=1 << 16)
    return io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


def spooled(stream: BinaryIO) -> BinaryIO:
    """A seekable temporary copy of a pipe (for WARC resynchronisation), made in bounded memory."""
    copy = tempfile.TemporaryFile()
    shutil.copyfileobj(stream, copy, _COPY_CHUNK)
    copy.seek(0)
    return copy  # type: ignore[return-value]


class _Prefixed(io.RawIOBase):
    """A pipe with the bytes already read for sniffing put back in front of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class GzipStream(io.RawIOBase):
    """The decompressed content of a gzip stream that ends where the stream is damaged.

    Python's gzip raises at a truncation or corruption, which would lose the items read so far;
    here the damage is recorded in `error` and the content simply ends, so readers keep every
    complete item before it and the caller reports the damage once.
    """

    def __init__(self, compressed: BinaryIO) -> None:
        self._compressed = compressed
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self._position = 0
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._compressed.seekable()

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.error = None  # reading again will meet (and record) the damage again
        try:
            self._position = self._gzip.seek(offset, whence)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            self._record(error)
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.error is not None:
            return 0
        try:
            # read1: at most one decompression step, so the content before the damage is returned
            # by this call and the error comes with the next one (readinto would drop both).
            data = self._gzip.read1(len(buffer))
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            self._record(error)
            return 0
        size = len(data)
        buffer[:size] = data
        self._position += size
        return size

    def close(self) -> None:
        self._gzip.close()  # leaves the compressed stream open: its owner closes it
        super().close()

    def _record(self, error: Exception) -> None:
        if isinstance(error, EOFError):
            self.error = (f"the gzip stream is truncated after {self._position} bytes of content; "
                          "the complete items before the damage were read")
        else:
            self.error = (f"the gzip stream is corrupt after {self._position} bytes of content "
                          f"({error}); the complete items before the damage were read")
