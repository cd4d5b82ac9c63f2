"""Sentence splitting with exact [start, end) spans into the article text.

Rule-based and linear in the text's length (no model, no downloaded data): lines are paragraphs
(a line that starts in lower case continues the previous one, as in hard-wrapped text); inside a
paragraph a sentence ends at . ! ? or … (with any closing quotes or brackets) followed by space
and a capital, a digit or an opening quote, unless the word before the stop is an abbreviation or
an initial. Decimals ("1.6bn") and ellipses inside a quote never see a following space+capital.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Titles and other abbreviations that are (almost) never the end of a sentence.
_NEVER_FINAL = frozenset("""
mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp det
fr messrs mt ft vs v no nos vol pp fig jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e cf approx est dept univ assn bros inc ltd corp co
""".split())
# Abbreviations that may end a sentence: a boundary only when the next word usually starts one.
_MAYBE_FINAL = frozenset("u.s u.k u.n e.u a.m p.m etc d.c n.y l.a u.s.a".split())
_SENTENCE_STARTERS = frozenset("""
the a an he she it they we i you his her its their our this that these those there in on at
but and so yet however meanwhile mr mrs ms dr after before when while as if since although
officials police president prime
""".split())

# A stop: terminal punctuation, then closing quotes/brackets, then whitespace, then (looking
# ahead) an optional opening quote/bracket and a capital letter or digit.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]?([A-Za-z]+)")
_LINE = re.compile(r"[^\n]+")
# A sentence longer than this is cut at a space: keeps every later step bounded on run-on text
# (a 1 MB blob without stops); real news sentences stay under ~600 characters.
MAX_SENTENCE_CHARS = 1_500
# A stop inside an open quotation is not a boundary when the quotation closes within this many
# characters (a quoted speech of a few sentences); an unbalanced quote mark does not glue the rest
# of the paragraph together.
_QUOTE_REACH = 400


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: text == article_text[start:end], no surrounding whitespace."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (line group) it belongs to


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; spans are exact and never overlap."""
    if not text:
        return []
    sentences: list[Sentence] = []
    for paragraph, (start, end) in enumerate(_paragraphs(text)):
        cut = start
        for match in _BOUNDARY.finditer(text, start, end):
            if (_is_abbreviation(text, match.start(), match.end(), end)
                    or _inside_quote(text, cut, match.end(), end)):
                continue
            _emit(text, cut, match.end(), paragraph, sentences)
            cut = match.end()
        _emit(text, cut, end, paragraph, sentences)
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line groups: a line starting with a lower-case letter continues the previous line."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        stripped = line.group().strip()
        if not stripped:
            continue
        if spans and stripped[0].islower() and not _ends_sentence(text[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], line.end())
        else:
            spans.append((line.start(), line.end()))
    return spans


def _ends_sentence(chunk: str) -> bool:
    return chunk.rstrip().rstrip("\"'”’»)]").endswith((".", "!", "?", "…", ":"))


def _is_abbreviation(text: str, stop: int, boundary_end: int, limit: int) -> bool:
    """Is the stop at `stop` part of an abbreviation or an initial rather than a sentence end?"""
    if text[stop] != "." or boundary_end - stop != 1:
        return False  # "!", "?", "...", or a stop followed by a closing quote: a real end
    before = _WORD_BEFORE.search(text, max(0, stop - 12), stop + 1)
    if before is None:
        return False
    word = before.group(1).lower()
    if len(word) == 1 and word.isalpha() and text[stop - 1].isupper():
        return True  # an initial: "Donald J. Trump"
    if word in _NEVER_FINAL:
        return True
    if word in _MAYBE_FINAL:
        following = _NEXT_WORD.match(text, boundary_end, limit)
        return not (following and following.group(1).lower() in _SENTENCE_STARTERS)
    return False


def _inside_quote(text: str, start: int, stop: int, limit: int) -> bool:
    """Is `stop` inside a quotation that closes later in the paragraph? ("He said: “Stop. Now.”")"""
    chunk = text[start:stop]
    if chunk.count("“") > chunk.count("”"):
        return text.find("”", stop, min(limit, stop + _QUOTE_REACH)) >= 0
    if chunk.count('"') % 2:
        return text.find('"', stop, min(limit, stop + _QUOTE_REACH)) >= 0
    return False


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    """Append text[start:end] trimmed of whitespace (cut into bounded pieces when run-on)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, text[start:cut], paragraph))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
