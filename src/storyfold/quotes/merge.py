"""One quote carried by several articles -> one StoryQuote with its wordings and reports.

Two quotes are one when their words are the same after trimming ("effort must have strong US
backing" inside "To succeed, this effort must have strong US backing. …") or close in another
wording ("in the air, at sea and on energy infrastructure" / "in the air, on the seas, and on
energy infrastructure"), and their speakers do not disagree. Reports count independent origins:
an article that is a copy of another (copy_of) counts with its origin, once.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from ..unionfind import components, root
from .model import Quote, StoryQuote

# Shorter quotes than this many words merge only on identical words (two "very difficult"s
# from two people are not one quote; the speaker check guards the rest).
MIN_FUZZY_WORDS = 4
# token_sort_ratio at or above which two wordings of the same length class are one quote:
# translation and trimming variants of news quotes score 80-95, different sentences below 60.
SAME_WORDING = 80.0
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _words(text: str) -> str:
    return " ".join(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def same_quote(a: Quote, b: Quote) -> bool:
    """Are these two quotes one, in two wordings?"""
    if not _speakers_agree(a.speaker_resolved, b.speaker_resolved):
        return False
    wa, wb = _words(a.text), _words(b.text)
    if not wa or not wb:
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if f" {short} " in f" {long} ":
        # a trimmed quote; a one-word overlap ("historic") needs the same speaker named
        return len(short.split()) >= 2 or (a.speaker_resolved is not None and b.speaker_resolved is not None)
    if len(short.split()) < MIN_FUZZY_WORDS:
        return False
    if fuzz.token_sort_ratio(wa, wb) >= SAME_WORDING:
        return True
    # one wording trimmed from a longer, differently worded one
    return len(short.split()) >= 6 and fuzz.partial_ratio(short, long) >= 90


def _origin(article: str, copy_of: Mapping[str, str | None]) -> str:
    seen = {article}
    while (parent := copy_of.get(article)) and parent not in seen:
        seen.add(parent)
        article = parent
    return article


def merge_quotes(quotes: Sequence[Quote], *, published: Mapping[str, str | None] | None = None,
                 copy_of: Mapping[str, str | None] | None = None) -> list[StoryQuote]:
    """The story's quotes, one per distinct quote, in order of first appearance.

    `published`: article id -> ISO date (or None); `copy_of`: article id -> the article it copies
    (as storyfold.copies reports it). Articles without a date are ordered after dated ones, then by
    their order in `quotes`.
    """
    published = published or {}
    copy_of = copy_of or {}
    parent = list(range(len(quotes)))
    # texts by article per group: two different quotes of one article are never one quote
    held: dict[int, dict[str, set[str]]] = {i: {q.article: {q.text}} for i, q in enumerate(quotes)}
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            a, b = root(parent, i), root(parent, j)
            if a == b or not same_quote(quotes[i], quotes[j]):
                continue
            if any(held[a][art] != held[b][art] for art in held[a].keys() & held[b].keys()):
                continue
            parent[b] = a
            for art, texts in held.pop(b).items():
                held[a].setdefault(art, set()).update(texts)
    groups = components(parent, range(len(quotes)))
    article_order = {a: n for n, a in enumerate(dict.fromkeys(q.article for q in quotes))}

    def when(article: str) -> tuple[int, str, int]:
        date = published.get(article)
        return (0, date, article_order[article]) if date else (1, "", article_order[article])

    merged = []
    for members in sorted(groups.values(), key=lambda m: m[0]):
        group = [quotes[i] for i in members]
        wordings = sorted({q.text for q in group}, key=lambda t: (-len(t), t))
        articles = sorted({q.article for q in group}, key=when)
        speakers = Counter(q.speaker_resolved for q in group if q.speaker_resolved)
        speaker = sorted(speakers, key=lambda s: (-speakers[s], s))[0] if speakers else None
        first = articles[0]
        merged.append(StoryQuote(speaker=speaker, text=wordings[0], variants=wordings[1:], articles=articles,
                                 reports=len({_origin(a, copy_of) for a in articles}),
                                 first_published=published.get(first), first_reporter=first))
    return merged
