"""Quotation marks -> quoted spans, on raw text, before any parsing.

Pure string scanning, so a text with no quotation marks costs one pass and never reaches the
parser, and unbalanced marks can never raise: a mark that cannot be paired is ignored, a quote still
open at the end of its paragraph either continues into the next paragraph (the news convention for
quotes running over several paragraphs: every paragraph reopens, only the last one closes) or is
cut at the paragraph's end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
STRAIGHT = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"  # also the typographic apostrophe: only a closer when followed by a non-letter
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT + SINGLE_OPEN + SINGLE_CLOSE
_HAS_MARK = re.compile(f"[{re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT + SINGLE_OPEN)}]")
_PARAGRAPH = re.compile(r"[^\n]+")
_MARKUP = re.compile(r"<[A-Za-z/][^<>\n]{0,500}>")
# Paragraphs longer than this are cut at a sentence end before parsing: news paragraphs are under
# 2,000 characters, and it bounds what the parser reads around a quote in a 1 MB one-line text.
MAX_PARAGRAPH_CHARS = 5_000


@dataclass(frozen=True, slots=True)
class Segment:
    """One paragraph's share of a quote: the content between the marks, and the marks' extent."""

    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark, or the paragraph's end when unclosed)
    outer_start: int  # the opening mark
    outer_end: int  # after the closing mark (== end when unclosed)
    paragraph: int  # index into paragraphs()


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted string: one segment, or several for a quote running over paragraphs."""

    segments: tuple[Segment, ...]
    closed: bool  # False when the closing mark was missing (cut at the paragraph's end)
    single: bool  # ‘…’ rather than “…”

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as [start, end) offsets, very long ones cut at sentence ends."""
    spans: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        if not text[start:end].strip():
            continue
        while end - start > MAX_PARAGRAPH_CHARS:
            cut = text.rfind(". ", start, start + MAX_PARAGRAPH_CHARS)
            cut = cut + 2 if cut > start else start + MAX_PARAGRAPH_CHARS
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return spans


def has_marks(text: str) -> bool:
    return _HAS_MARK.search(text) is not None


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int, start: int) -> bool:
    """A straight or misused mark opens when it is not glued to a word on its left."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(before) and not after.isspace()


def _closes(text: str, i: int, end: int) -> bool:
    after = text[i + 1] if i + 1 < end else " "
    return not _is_word(after)


def _scan_paragraph(text: str, start: int, end: int,
                    index: int) -> tuple[list[Segment], Segment | None, list[Segment]]:
    """Closed double-quoted segments, the one left open at the paragraph's end, and ‘single’ ones."""
    found: list[Segment] = []
    open_at: int | None = None  # position of the current double opening mark
    single_at: int | None = None  # position of an opening ‘ at top level
    single_found: list[Segment] = []
    nested = 0  # curly quotes opened inside the current double quote
    markup = [m.span() for m in _MARKUP.finditer(text, start, end)]
    for i in range(start, end):
        ch = text[i]
        if ch not in ALL_MARKS:
            continue
        if markup and any(lo <= i < hi for lo, hi in markup):
            continue  # <tweet author="…">: attribute values left over from HTML are not quotes
        if open_at is None and single_at is None:
            at_start = not text[start:i].strip()  # ” … he delivered: a closing mark opening a paragraph
            if ch in DOUBLE_OPEN or (ch in STRAIGHT + DOUBLE_CLOSE and (_opens(text, i, start) or at_start)):
                open_at, nested = i, 0
            elif ch == SINGLE_OPEN and _opens(text, i, start):
                single_at = i
            continue  # a closer with no opener: a stray mark, ignored
        if open_at is not None:
            if ch == "“" and _opens(text, i, start):
                nested += 1  # “… what he calls “hell” than …”: a quote inside the quote
                continue
            if ch in DOUBLE_CLOSE or (ch in STRAIGHT + DOUBLE_OPEN and _closes(text, i, end)):
                if nested and ch == "”":
                    nested -= 1
                    continue
                if i > open_at + 1:
                    found.append(Segment(open_at + 1, i, open_at, i + 1, index))
                open_at = None
            continue  # single marks nested in a double quote belong to its content
        # inside a top-level single quote
        if ch == SINGLE_CLOSE and _closes(text, i, end):
            if i > single_at + 1:
                single_found.append(Segment(single_at + 1, i, single_at, i + 1, index))
            single_at = None
        elif ch in DOUBLE_OPEN or ch == STRAIGHT:
            single_at = None  # a double quote after an unclosed ‘: the ‘ was not a quote
            if ch in DOUBLE_OPEN or _opens(text, i, start):
                open_at, nested = i, 0
    left_open = None
    if open_at is not None:
        content_end = end
        while content_end > open_at + 1 and text[content_end - 1].isspace():
            content_end -= 1
        if content_end > open_at + 1:
            left_open = Segment(open_at + 1, content_end, open_at, content_end, index)
    return found, left_open, single_found


def find_quoted(text: str) -> tuple[list[tuple[int, int]], list[QuotedSpan]]:
    """The paragraphs of `text` and every quoted span in it, in text order."""
    paras = paragraphs(text)
    quoted: list[QuotedSpan] = []
    pending: list[Segment] = []  # segments of a quote still open at the previous paragraph's end
    for index, (start, end) in enumerate(paras):
        if not has_marks(text[start:end]):
            if pending:
                quoted.append(QuotedSpan(tuple(pending), closed=False, single=False))
                pending = []
            continue
        found, left_open, singles = _scan_paragraph(text, start, end, index)
        first_mark = start
        while first_mark < end and text[first_mark].isspace():
            first_mark += 1
        if pending:
            reopens = bool(found or left_open) and text[first_mark] in DOUBLE_OPEN + STRAIGHT
            head = (found[0] if found else left_open) if reopens else None
            if head is not None and head.outer_start == first_mark:
                if found and head is found[0]:
                    quoted.append(QuotedSpan(tuple(pending) + (head,), closed=True, single=False))
                    found = found[1:]
                    pending = []
                else:  # this paragraph reopens and stays open: the quote goes on
                    pending.append(head)
                    left_open = None
            else:
                quoted.append(QuotedSpan(tuple(pending), closed=False, single=False))
                pending = []
        quoted.extend(QuotedSpan((segment,), closed=True, single=False) for segment in found)
        quoted.extend(QuotedSpan((segment,), closed=True, single=True) for segment in singles)
        if left_open is not None:
            pending = [left_open]
    if pending:
        quoted.append(QuotedSpan(tuple(pending), closed=False, single=False))
    quoted.sort(key=lambda q: q.start)
    return paras, quoted
