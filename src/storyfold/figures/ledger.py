"""One story's figures across its articles: the same quantity is one figure, disagreements are conflicts.

Two mentions measure the same quantity when they share the unit and most content words of what they
measure ("air defence missiles" / "missiles"). Values of one quantity agree within a rounding
tolerance, and a bound ("more than 5,000", "up to 30") agrees with any value on its side.
Copies count once: `reports` is the number of distinct origins (copy_of maps a copy to its origin).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storyfold.figures.extract import Figure, singular
from storyfold.unionfind import components, root

ROUNDING = 0.05  # "£1.6bn" and "£1.62bn" are one value; 5 % covers rounding to two significant digits
LOOSE = 0.15  # "about 30,000" agrees with 33,000
LOWER_BOUNDS = {"more than", "at least", "over", "upwards of", "in excess of", "just over",
                "well over", "above", "as many as", "as much as", "as high as", "as large as",
                "as big as"}
UPPER_BOUNDS = {"up to", "at most", "fewer than", "less than", "under", "below", "just under",
                "as few as", "as little as", "as small as", "as low as", "nearly", "almost",
                "close to"}
APPROXIMATE = {"about", "around", "roughly", "approximately", "an estimated", "estimated", "some"}
SAME_SENTENCE = 0.2  # content-word overlap (Dice) of two sentences that report one figure
CONFLICT_SENTENCE = 0.3  # overlap above which two sentences giving different values disagree
_SENTENCE_STOP = frozenset("""the and for with that this from have has had was were are will would
said says its their his her they them which who what when where than then there into about after
before over also been more most some such only just""".split())
_QUANTITY_STOP = frozenset({"the", "a", "an", "of", "in", "for", "on", "and", "uk", "us", "new",
                            "more", "other", "additional", "extra", "further", "total"})


@dataclass(slots=True)
class Conflict:
    value: float
    articles: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "articles": list(self.articles)}


@dataclass(slots=True)
class LedgerFigure:
    """A figure of a story (CONTRACT `stories.json` figures), with the mentions behind it."""

    text: str
    value: float
    unit: str
    quantity: str
    articles: list[str]
    reports: int
    conflicts: list[Conflict] = field(default_factory=list)
    mentions: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "unit": self.unit, "quantity": self.quantity,
                "articles": list(self.articles), "reports": self.reports,
                "conflicts": [c.to_dict() for c in self.conflicts]}


def quantity_words(figure: Figure) -> frozenset[str]:
    words = re.findall(r"[a-z][a-z'’-]*", figure.quantity.lower())
    return frozenset(singular(w) for w in words if w not in _QUANTITY_STOP)


def sentence_words(figure: Figure) -> frozenset[str]:
    words = re.findall(r"[a-z][a-z'’-]{2,}", figure.sentence.lower())
    return frozenset(singular(w) for w in words if w not in _SENTENCE_STOP)


def same_quantity(a: Figure, b: Figure) -> bool:
    """Same unit and what they measure overlaps; or, for equal values, their sentences tell the same."""
    if a.unit != b.unit:
        return False
    wa, wb = quantity_words(a), quantity_words(b)
    if wa and wb and len(wa & wb) / min(len(wa), len(wb)) >= 0.5:
        return True
    if values_agree(a, b) and a.article != b.article:
        sa, sb = sentence_words(a), sentence_words(b)
        return bool(sa and sb) and 2 * len(sa & sb) / (len(sa) + len(sb)) >= SAME_SENTENCE
    return False


def values_agree(a: Figure, b: Figure) -> bool:
    """Whether two mentions of one quantity can both be right (rounding, bounds, ranges)."""
    return _fits(a, b.value) or _fits(b, a.value)


def _fits(bound: Figure, value: float) -> bool:
    low, high = bound.value, bound.upper if bound.upper is not None else bound.value
    qualifier = bound.qualifier or ""
    tolerance = LOOSE if qualifier in APPROXIMATE else ROUNDING
    if qualifier in LOWER_BOUNDS:
        high = float("inf")
    if qualifier in UPPER_BOUNDS:
        low = 0.0
    return low * (1 - tolerance) <= value <= high * (1 + tolerance) if high != float("inf") \
        else value >= low * (1 - tolerance)


def figure_ledger(figures: Iterable[Figure], copy_of: Mapping[str, str | None] | None = None
                  ) -> list[LedgerFigure]:
    """The story's figures: one per quantity and value, with conflicting values of it.

    Order: most independent reports first, then first mention. Never raises on empty input.
    """
    mentions = list(figures)
    copy_of = dict(copy_of or {})
    origin = {f.article: (copy_of.get(f.article) or f.article) for f in mentions}
    parent = list(range(len(mentions)))
    by_unit: dict[str, list[int]] = {}
    for i, figure in enumerate(mentions):
        by_unit.setdefault(figure.unit, []).append(i)
    for indices in by_unit.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1:]:
                a, b = mentions[i], mentions[j]
                if same_quantity(a, b):
                    parent[root(parent, j)] = root(parent, i)
    groups = components(parent, range(len(mentions)))

    ledger: list[tuple[int, int, LedgerFigure]] = []
    for members in groups.values():
        for entry in _settle_group([mentions[i] for i in members], origin):
            first = min(mentions.index(m) for m in entry.mentions)
            ledger.append((-entry.reports, first, entry))
    ledger.sort(key=lambda t: (t[0], t[1]))
    return [entry for _, _, entry in ledger]


def _settle_group(group: list[Figure], origin: Mapping[str, str]) -> list[LedgerFigure]:
    """Cluster one quantity's values; the best-reported value leads, others become conflicts."""
    clusters: list[list[Figure]] = []
    for figure in group:
        for cluster in clusters:
            if all(values_agree(figure, other) for other in cluster):
                cluster.append(figure)
                break
        else:
            clusters.append([figure])

    def reports(cluster: list[Figure]) -> int:
        return len({origin[f.article] for f in cluster})

    clusters.sort(key=lambda c: -reports(c))  # stable: first-mentioned wins ties
    entries: list[LedgerFigure] = []
    lead: LedgerFigure | None = None
    for cluster in clusters:
        articles = _unique(f.article for f in cluster)
        # A value whose reports all give the lead's value too is that report updated (an earlier
        # version said 27 dead, the update 41): a conflict needs another independent report.
        updated = lead is not None and {origin[a] for a in articles} <= {origin[a] for a in lead.articles}
        if lead is not None and not updated and not set(articles) <= set(lead.articles) \
                and _about_the_same(cluster, lead):
            lead.conflicts.append(Conflict(value=_representative(cluster).value, articles=articles))
            lead.mentions.extend(cluster)
            continue
        # within the lead's own articles a second value is another figure (e.g. two tranches)
        rep = _representative(cluster)
        entry = LedgerFigure(text=rep.text, value=rep.value, unit=rep.unit, quantity=rep.quantity,
                             articles=articles, reports=reports(cluster), mentions=list(cluster))
        entries.append(entry)
        if lead is None:
            lead = entry
    return entries


def _about_the_same(cluster: list[Figure], lead: LedgerFigure) -> bool:
    """A different value is a conflict only when it is told about the same thing: two shared words
    of what they measure, or sentences that overlap ("three leaders met" vs "two leaders clashed"
    share only the head noun and are two facts)."""
    for mine in cluster:
        for theirs in lead.mentions:
            if len(quantity_words(mine) & quantity_words(theirs)) >= 2:
                return True
            sa, sb = sentence_words(mine), sentence_words(theirs)
            if sa and sb and 2 * len(sa & sb) / (len(sa) + len(sb)) >= CONFLICT_SENTENCE:
                return True
    return False


def _representative(cluster: list[Figure]) -> Figure:
    # the most precise value: an unqualified mention if there is one, else the first
    plain = [f for f in cluster if not f.qualifier]
    return (plain or cluster)[0]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
