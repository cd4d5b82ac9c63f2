"""Plain-text articles (.txt, .md): optional header lines, the `date YYYY-MM-DD` marker, the text.

Without headers or marker the article's text is the decoded file content, byte for byte: no
whitespace or newline normalisation, so every later span points into exactly what the user has.
Only the start of the text is looked at, so the cost does not grow with the file.
"""
from __future__ import annotations

import re

from ..model import RawArticle, Rejection
from .metadata import normalise_date, outlet_from_url

# `title: ...`, `date: ...`, `url: ...`, `source: ...` at the very start, one per line. The value
# is taken greedily and its trailing blanks stripped after: a lazy group tests the line's end at
# every character.
_HEADER = re.compile(r"(title|date|url|source)[ \t]*:[ \t]*([^\r\n]*)(?:\r?\n|\Z)", re.I)
# All the leading header lines at once (the same line shape, without groups): one match finds where
# they end, and one findall over them reads them, instead of a match per line.
_HEADER_BLOCK = re.compile(r"(?:(?:title|date|url|source)[ \t]*:[^\r\n]*(?:\r?\n|\Z))+", re.I)
# The marker of scraped dumps: " date 2025-03-02 First line of the article..." (the text follows
# on the same line). The date must be followed by a blank or the end of the line.
_MARKER = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|(?=\r?\n)|\Z)", re.I)
_LINE_END = re.compile(r"[ \t]*\r?\n")
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+")


def read_text(text: str, source: str, *, line: int | None = None) -> RawArticle | Rejection:
    """One article from decoded text; header lines and the date marker become metadata."""
    headers, start = _headers(text)
    published = normalise_date(headers["date"]) if "date" in headers else None
    marker = _MARKER.match(text, start)
    if marker is not None:
        published = published or normalise_date(marker.group(1))
        start = marker.end()
        rest_of_line = _LINE_END.match(text, start)
        if rest_of_line is not None:  # the marker stood alone on its line
            start = rest_of_line.end()
    body = text[start:] if start else text
    if not body or body.isspace():  # (no copy, unlike strip())
        what = "only header lines" if start else "only whitespace"
        return Rejection(source, "empty", f"the file contains {what} and no article text", line)
    url = headers.get("url") or None
    return RawArticle(source=source, text=body, fmt="text", title=headers.get("title") or None,
                      url=url, published=published,
                      outlet=headers.get("source") or outlet_from_url(url), line=line)


def _headers(text: str) -> tuple[dict[str, str], int]:
    """The leading header lines (first one wins) and where the text after them starts."""
    headers: dict[str, str] = {}
    block = _HEADER_BLOCK.match(text)
    if block is None:
        return headers, 0
    position = block.end()
    for name, value in _HEADER.findall(text, 0, position):
        headers.setdefault(name.lower(), value.rstrip(" \t"))
    blank = _BLANK_LINES.match(text, position)  # the separator between headers and text
    if blank is not None:
        position = blank.end()
    return headers, position
