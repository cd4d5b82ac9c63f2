"""Bytes -> str with the encoding detected, never assumed: BOM, strict UTF-8, then charset-normalizer.

Decisions, so that every reader behaves the same:
- Binary data (known magic numbers, NUL bytes in the first 8000 bytes as git decides, or many
  control bytes) is `binary`, whatever the file is called.
- Valid UTF-8 is UTF-8: the fast path, no detector runs.
- Bytes that are mostly UTF-8 (its well-formed multi-byte sequences outnumber the stray high
  bytes) but contain invalid sequences are `decode_error`, with the offset of the first bad byte,
  not guessed: any legacy codec would garble every valid character, and replacing the bad bytes
  would silently change the text.
- Other non-UTF-8 bytes are a legacy 8-bit (or CJK) encoding: charset-normalizer picks it;
  among equally good candidates windows-1252 wins, as in the WHATWG encoding standard, because
  charset-normalizer otherwise breaks ties towards windows-1250 and garbles French and Spanish
  ("à" -> "ŕ").
"""
from __future__ import annotations

import codecs
import re

# git's rule: a NUL in the first 8000 bytes means binary.
SNIFF_BYTES = 8000
# Text has almost no C0 control bytes (tab, newlines, form feed and escape excluded).
_MAX_CONTROL_RATIO = 0.05
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_HIGH_BYTES = bytes(range(128, 256))

# (offset, signature, what it is): checked in order on the first bytes of an input.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"PK\x03\x04", "a ZIP archive (or an Office, EPUB or JAR file)"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"\x1f\x8b", "gzip-compressed data"),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office document"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\x7fELF", "an ELF executable"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (0, b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"OggS", "an Ogg audio/video file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (0, b"wOFF", "a web font"),
    (0, b"wOF2", "a web font"),
    (4, b"ftyp", "an MP4/QuickTime/HEIF media file"),
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV audio file"),
    (8, b"AVI ", "an AVI video"),
)
# All signatures as one anchored pattern: one C call per input instead of a loop in Python.
_MAGIC_PATTERN = re.compile(b"|".join(
    b"(?P<m%d>%s%s)" % (index, b"." * offset, re.escape(signature))
    for index, (offset, signature, _) in enumerate(_MAGIC)) + b"|(?P<bzip2>BZh[1-9]1AY&SY)", re.S)
_MAGIC_KINDS = {f"m{index}": kind for index, (_, _, kind) in enumerate(_MAGIC)} | {"bzip2": "a bzip2 archive"}

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _, _ in _BOMS)

# A well-formed UTF-8 multi-byte sequence (looked for only once strict decoding has failed).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")

# Never proposed by the detector: UTF-16/32 without BOM are handled before it (a lone high byte is
# not UTF-16), UTF-7 is an attack vector, and EBCDIC codecs "decode" any ASCII-looking text.
_DETECTOR_EXCLUSIONS = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
                        "utf_7", "cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"]
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_TIE = 0.01


class Undecodable(Exception):
    """Why some bytes are not text: a rejection code and a reason the user can act on."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def binary_kind(head: bytes) -> str | None:
    """What binary data the first bytes reveal ("a PNG image"), or None when they may be text."""
    kind = magic_kind(head)
    if kind is not None:
        return kind
    if bom_encoding(head) is not None:
        return None
    sample = head[:SNIFF_BYTES]
    if b"\x00" in sample:
        return None if bomless_utf16(sample) else "binary data (it contains NUL bytes)"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls and controls > _MAX_CONTROL_RATIO * len(sample):
        return "binary data (it is full of control bytes)"
    return None


def magic_kind(head: bytes) -> str | None:
    """Like binary_kind but by magic numbers only: for containers (WARC) that hold binary payloads."""
    match = _MAGIC_PATTERN.match(head)
    return _MAGIC_KINDS[match.lastgroup] if match is not None and match.lastgroup else None


def bom_encoding(data: bytes) -> tuple[str, int, str] | None:
    """(codec, BOM length, display name) when the data starts with a byte-order mark."""
    if not data or data[0] not in _BOM_FIRST_BYTES:  # the usual case, asked twice per input
        return None
    for bom, codec, display in _BOMS:
        if data.startswith(bom):
            return codec, len(bom), display
    return None


def bomless_utf16(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NULs sit on one byte parity only, as in mostly-ASCII UTF-16."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls >= 0.3 * len(odd) and even_nuls <= 0.02 * len(even):
        return "utf-16-le"
    if even_nuls >= 0.3 * len(even) and odd_nuls <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """The text of `data` (BOM removed); raises Undecodable with code `binary` or `decode_error`."""
    kind = binary_kind(data[:SNIFF_BYTES])
    if kind is not None:
        raise Undecodable("binary", f"the input is {kind}, not text")
    bom = bom_encoding(data)
    if bom is not None:
        codec, skip, display = bom
        return _strict(data[skip:], codec, display, offset=skip)
    utf16 = bomless_utf16(data[:SNIFF_BYTES]) if b"\x00" in data[:SNIFF_BYTES] else None
    if utf16 is not None:
        return _strict(data, utf16, "UTF-16 (no byte-order mark)", offset=0)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data):
        raise Undecodable("decode_error", f"invalid UTF-8 at byte {first_bad} in text that is "
                          "otherwise UTF-8; fix or remove that byte, or re-save the file as UTF-8")
    return _decode_legacy(data)


def _mostly_utf8(data: bytes) -> bool:
    """Well-formed UTF-8 sequences outnumber the stray high bytes: broken UTF-8, not Latin-1."""
    sequences = _UTF8_MULTIBYTE.findall(data)
    in_sequences = sum(map(len, sequences))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return len(sequences) >= high - in_sequences


def _strict(data: bytes, codec: str, display: str, *, offset: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise Undecodable("decode_error", f"invalid {display} at byte {error.start + offset}; "
                          "re-save the file as UTF-8") from None


def _decode_legacy(data: bytes) -> str:
    """Decode non-UTF-8 text with the encoding charset-normalizer finds most plausible."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_exclusion=_DETECTOR_EXCLUSIONS))
    if not matches:
        raise Undecodable("decode_error", "the bytes are neither UTF-8 nor any likely legacy "
                          "encoding; re-save the file as UTF-8")
    best = matches[0]
    for match in matches:
        if match.chaos > best.chaos + _TIE or match.coherence < best.coherence - _TIE:
            continue
        for name in _PREFERRED_LEGACY:
            if name in match.could_be_from_charset:
                return data.decode(name)
    return str(best)
