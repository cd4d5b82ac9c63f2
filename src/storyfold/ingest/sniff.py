"""Which reader an input needs: by extension first, by its first bytes when the name does not say.

Gzip magic wins over any name (a .txt that is really gzip is decompressed). Plain text is read
without a known extension only when the name has no extension at all (README, stdin); anything
else with an unknown extension is `unsupported` rather than guessed.
"""
from __future__ import annotations

import json
import os
import re

from .decode import binary_kind, bom_encoding, bomless_utf16

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/1."
FORMAT_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".gz": "gzip",
}
# An optional XML declaration and comments, then a tag only HTML starts with.
_HTML_START = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|h1)[\s>]",
                         re.I | re.S)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|article|p)[\s>]", re.I)


def extension(name: str | None) -> str:
    """The lower-case extension of a file name ("" when it has none, as for "README" or stdin)."""
    if not name:
        return ""
    return os.path.splitext(name)[1].lower()  # (splitext looks only past the last separator)


def detect_format(name: str | None, head: bytes) -> str:
    """One of gzip, warc, html, json, jsonl, text, binary, unsupported."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    ext = extension(name)
    if ext in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[ext]
    sniffed = sniff_content(head)
    if sniffed == "text" and ext:
        return "unsupported"
    return sniffed


def sniff_content(head: bytes) -> str:
    """The format the first bytes show: warc, binary, html, json, jsonl or text."""
    if head.startswith(WARC_MAGIC):
        return "warc"
    if binary_kind(head) is not None:
        return "binary"
    sample = _sample_text(head).lstrip("\ufeff \t\r\n")
    if _HTML_START.match(sample):
        return "html"
    if sample.startswith("["):
        return "json"
    if sample.startswith("{"):
        return "jsonl" if _is_json_lines(sample) else "json"
    return "text"


def looks_like_html(head: bytes) -> bool:
    """True when the bytes read as an HTML page (for WARC records that carry no content type)."""
    sample = _sample_text(head)
    return bool(_HTML_START.match(sample.lstrip("\ufeff")) or _HTML_ANYWHERE.search(sample[:4096]))


def _is_json_lines(sample: str) -> bool:
    """A complete object on the first line followed by another object: JSON Lines."""
    first, newline, rest = sample.partition("\n")
    if not newline or not rest.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _sample_text(head: bytes) -> str:
    """The first bytes as text for sniffing; ASCII-compatible bytes go through latin-1 (no errors)."""
    bom = bom_encoding(head)
    if bom is not None and bom[0] != "utf-8":
        codec, skip, _ = bom
        return head[skip:].decode(codec, errors="ignore")
    utf16 = bomless_utf16(head[:8000]) if b"\x00" in head[:8000] else None
    if utf16 is not None:
        return head.decode(utf16, errors="ignore")
    return head.decode("latin-1")
