"""Mark cited spans inside an article's text as HTML, overlapping spans included.

Spans may nest or cross. Crossing spans cannot be one element each, so a span that is still open
when an inner-opened span must close is split into pieces: every piece carries `data-span`, only
the first carries the `id` a citation jumps to. Concatenating the text of a span's pieces gives
exactly `text[start:end]`; every character of the text is emitted once, escaped.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to mark: [start, end) into the text, the anchor id, and CSS classes."""

    html_id: str
    start: int
    end: int
    classes: str = ""


def _text(segment: str) -> str:
    """Escaped text; a newline becomes a block-level gap so paragraphs read as paragraphs.

    The newline character stays in the DOM (textContent is unchanged), only its rendering differs.
    """
    return str(escape(segment)).replace("\n", '<span class="nl">\n</span>')


def _open(mark: Mark, first: bool) -> str:
    anchor = f' id="{escape(mark.html_id)}"' if first else ""
    piece = "" if first else " cont"
    return f'<mark class="m {escape(mark.classes)}{piece}" data-span="{escape(mark.html_id)}"{anchor}>'


def clip(start: int, end: int, length: int) -> tuple[int, int]:
    """A span forced into [0, length] with start <= end (bad offsets never raise)."""
    start = max(0, min(int(start), length))
    return start, max(start, min(int(end), length))


def mark_spans(text: str, marks: Iterable[Mark]) -> Markup:
    """The text as escaped HTML with every non-empty mark wrapped (see the module docstring)."""
    length = len(text)
    unique: dict[str, Mark] = {}
    for mark in marks:
        start, end = clip(mark.start, mark.end, length)
        if end > start and mark.html_id not in unique:
            unique[mark.html_id] = Mark(mark.html_id, start, end, mark.classes)
    starts: dict[int, list[Mark]] = {}
    for mark in unique.values():
        starts.setdefault(mark.start, []).append(mark)
    for group in starts.values():
        group.sort(key=lambda m: (-m.end, m.html_id))  # outer spans open first
    boundaries = sorted({m.start for m in unique.values()} | {m.end for m in unique.values()})
    out: list[str] = []
    stack: list[Mark] = []
    position = 0
    for boundary in boundaries:
        out.append(_text(text[position:boundary]))
        position = boundary
        closing = [i for i, m in enumerate(stack) if m.end == boundary]
        if closing:
            # Close everything above the lowest ending span, then reopen what continues.
            lowest = closing[0]
            popped = stack[lowest:]
            out.append("</mark>" * len(popped))
            del stack[lowest:]
            for mark in sorted((m for m in popped if m.end != boundary), key=lambda m: -m.end):
                out.append(_open(mark, first=False))
                stack.append(mark)
        for mark in starts.get(boundary, []):
            out.append(_open(mark, first=True))
            stack.append(mark)
    out.append(_text(text[position:]))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))
