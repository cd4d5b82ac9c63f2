"""A story's timeline: dated clauses from its articles, merged across articles and ordered.

A dated event is a sentence with a resolved date mention (its most specific one). Events of several
articles that say much the same thing on the same date are one entry; if they say the same thing
under different days, the entry carries the other dates as conflicts.
For a timeline of a set length (the bench's T17 protocol), dates are ranked by how many sentences,
from how many independent reports, point at them, and each date keeps its most central sentences.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyfold.dates.extract import GRANULARITY_RANK, DateMention, extract_dates, parse_published

SAME_EVENT = 0.35  # content-word overlap (Dice) above which two dated sentences tell one event
CONFLICT_EVENT = 0.6  # overlap above which two sentences with different days are one event misdated
MAX_SENTENCE = 600  # longer "sentences" are run-on text (lists, tables): not a timeline line

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")
_WORD = re.compile(r"[a-z][a-z'-]+")
STOP = frozenset("""a an the and or but of in on at to for from by with as is are was were be been
has have had it its this that these those he she they we you his her their our said says will would
could should may might not no after before over about into than then there which who what when
also more most one two new last first year years week month day days monday tuesday wednesday
thursday friday saturday sunday""".split())


@dataclass(frozen=True, slots=True)
class DatedEvent:
    article: str
    date: str
    granularity: str
    text: str  # the sentence
    span: tuple[int, int]  # the sentence's [start, end) in the article text
    mention: DateMention


@dataclass(slots=True)
class TimelineEntry:
    """One line of the story's timeline (CONTRACT `stories.json` timeline: date, text, articles)."""

    date: str
    granularity: str
    text: str
    articles: list[str]
    citations: list[tuple[str, int, int]] = field(default_factory=list)  # (article, start, end)
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # [{"date", "articles"}]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "granularity": self.granularity, "text": self.text,
                "articles": list(self.articles),
                "citations": [{"article": a, "span": [s, e]} for a, s, e in self.citations],
                "conflicts": [dict(c) for c in self.conflicts]}


@dataclass(frozen=True, slots=True)
class TimelineArticle:
    """The few fields the timeline needs; storyfold.model.Article has them all."""

    id: str
    text: str
    published: str | None


def sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 20:
            spans.append((start, end))
    return spans


def content_words(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in _WORD.findall(text.lower()) if w not in STOP)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def dated_events(article_id: str, text: str, published: str | None,
                 granularities: Sequence[str] = ("day",), lead_sentences: int = 0) -> list[DatedEvent]:
    """Each sentence of one article with a resolved date of the given granularities (most specific wins).

    lead_sentences: the first N sentences without a date of their own are dated by publication
    (news leads tell what happened that day); 0 keeps only explicitly dated sentences.
    """
    mentions = [m for m in extract_dates(article_id, text, published)
                if m.date is not None and m.granularity in granularities]
    pub = parse_published(published)
    events = []
    index = 0
    for number, (start, end) in enumerate(sentences(text)):
        if end - start > MAX_SENTENCE:
            continue
        inside = []
        while index < len(mentions) and mentions[index].span[0] < end:
            if mentions[index].span[0] >= start:
                inside.append(mentions[index])
            index += 1
        if not inside and pub is not None and number < lead_sentences and "day" in granularities:
            inside = [DateMention(article=article_id, text="", span=(start, start), date=pub.isoformat(),
                                  granularity="day", relative=True)]
        if not inside:
            continue
        best = min(inside, key=lambda m: GRANULARITY_RANK[m.granularity])
        events.append(DatedEvent(article=article_id, date=best.date, granularity=best.granularity,
                                 text=text[start:end], span=(start, end), mention=best))
    return events


def _as_article(item: Any) -> TimelineArticle:
    if isinstance(item, TimelineArticle):
        return item
    if isinstance(item, Mapping):
        return TimelineArticle(str(item.get("id")), item.get("text") or "", item.get("published"))
    return TimelineArticle(str(item.id), item.text or "", getattr(item, "published", None))


def story_timeline(articles: Iterable[Any], copy_of: Mapping[str, str | None] | None = None,
                   max_dates: int | None = None, sentences_per_date: int = 1,
                   granularities: Sequence[str] = ("day",), lead_sentences: int = 0,
                   date_range: tuple[str, str] | None = None) -> list[TimelineEntry]:
    """The story's timeline, ordered by date.

    articles: Article objects, mappings or TimelineArticle (id, text, published).
    copy_of: copy -> origin, so a copied article adds no weight to its date.
    max_dates: keep the best-supported dates only (None: every date with an event).
    sentences_per_date: how many distinct events to keep per date.
    lead_sentences: see dated_events. date_range: (first, last) ISO dates to keep, inclusive.
    An article without a publication date borrows its origin's (copy_of); else its relative
    dates stay unresolved and it adds only absolute ones.
    """
    items = [_as_article(a) for a in articles]
    copy_of = dict(copy_of or {})
    published = {a.id: a.published for a in items}
    events: list[DatedEvent] = []
    for article in items:
        when = article.published or published.get(copy_of.get(article.id) or "")
        events.extend(dated_events(article.id, article.text, when, granularities, lead_sentences))
    if date_range is not None:
        first, last = date_range
        events = [e for e in events if first <= e.date <= last]
    if not events:
        return []
    origin = {e.article: copy_of.get(e.article) or e.article for e in events}
    words = [content_words(e.text) for e in events]

    by_date: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        by_date[event.date].append(i)
    # a date's support: independent reports pointing at it, then sentences pointing at it
    support = {d: (len({origin[events[i].article] for i in idx}), len(idx)) for d, idx in by_date.items()}
    dates = sorted(by_date, key=lambda d: (-support[d][0], -support[d][1], d))
    if max_dates is not None:
        dates = dates[:max(0, max_dates)]

    document_frequency = Counter(w for ws in words for w in ws)
    total = len(words)

    def weight(word: str) -> float:
        return math.log((1 + total) / (1 + document_frequency[word])) + 1.0

    entries: list[TimelineEntry] = []
    for date in sorted(dates):
        members = by_date[date]
        centroid = Counter(w for i in members for w in words[i])
        # events of this date merged by overlap; each group is represented by its most central sentence
        groups: list[list[int]] = []
        for i in sorted(members, key=lambda i: -_centrality(words[i], centroid, weight)):
            for group in groups:
                if _dice(words[i], words[group[0]]) >= SAME_EVENT:
                    group.append(i)
                    break
            else:
                groups.append([i])
        groups.sort(key=lambda g: (-len({origin[events[i].article] for i in g}),
                                   -_centrality(words[g[0]], centroid, weight)))
        for group in groups[:max(1, sentences_per_date)]:
            lead = events[group[0]]
            entries.append(TimelineEntry(
                date=date, granularity=lead.granularity, text=lead.text,
                articles=_unique(events[i].article for i in group),
                citations=[(events[i].article, *events[i].span) for i in group]))
    _flag_conflicts(entries, events, words)
    return entries


def _centrality(words: frozenset[str], centroid: Counter[str], weight) -> float:
    if not words:
        return 0.0
    score = sum(centroid[w] * weight(w) for w in words)
    return score / math.sqrt(len(words))


def _flag_conflicts(entries: list[TimelineEntry], events: list[DatedEvent],
                    words: list[frozenset[str]]) -> None:
    """An entry whose event other articles tell under another day gets those days as conflicts."""
    for entry in entries:
        entry_words = content_words(entry.text)
        others: dict[str, list[str]] = defaultdict(list)
        for event, event_words in zip(events, words):
            if event.date == entry.date or event.article in entry.articles:
                continue
            if event.granularity == "day" and entry.granularity == "day" and \
                    _dice(entry_words, event_words) >= CONFLICT_EVENT:
                if event.article not in others[event.date]:
                    others[event.date].append(event.article)
        entry.conflicts = [{"date": d, "articles": a} for d, a in sorted(others.items())]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
