"""Claims across a story's articles: aligned, counted by independent report, disputed, or new.

- align: sentences of different articles that say the same thing (TF-IDF cosine over content
  stems and figures, with no figure in conflict) become one claim; a claim holds at most one
  sentence per article, which keeps single-link chains from gluing a story together.
- disputes: two reports give different lists of names in the same context (each list has a name
  the other lacks; a list that contains the other is more detail, not a conflict), or different
  values of the same unit in the same statement.
- adds: per article, its informative sentences that no other article's sentence resembles.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from ..unionfind import components, root
from .settings import SynthesisSettings
from .story import StoryText, Unit, cosine
from .text import Figure, content_stems


@dataclass(slots=True)
class Claim:
    units: list[int]  # unit indices, at most one per article, in story order
    representative: int  # the unit whose text stands for the claim
    reports: int
    status: str  # "agreed" | "single" | "disputed"


@dataclass(slots=True)
class Position:
    value: str  # the list or figure as written ("Germany, Spain and Poland", "30,000")
    units: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Dispute:
    kind: str  # "list" | "figure"
    about: str
    positions: list[Position]


# ---------------------------------------------------------------------------------- alignment

def cross_pairs(story: StoryText, threshold: float) -> list[tuple[float, int, int]]:
    """(similarity, a, b) for a < b in different articles at or above `threshold`, best first."""
    upper = sparse.triu(story.similarity, k=1).tocoo()
    keep = upper.data >= threshold
    rows, cols, data = upper.row[keep], upper.col[keep], upper.data[keep]
    article = np.array([u.article for u in story.units], dtype=np.int64)
    other = article[rows] != article[cols] if len(rows) else np.zeros(0, dtype=bool)
    pairs = [(float(s), int(a), int(b)) for s, a, b in zip(data[other], rows[other], cols[other])]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def align(story: StoryText, settings: SynthesisSettings) -> list[list[int]]:
    """Groups of units that say the same thing (every unit in exactly one group)."""
    n = len(story.units)
    parent = list(range(n))
    articles: list[set[int]] = [{u.article} for u in story.units]
    for _, a, b in cross_pairs(story, settings.align_similarity):
        ra, rb = root(parent, a), root(parent, b)
        if ra == rb or articles[ra] & articles[rb]:
            continue
        if figures_conflict(story.units[a].figures, story.units[b].figures):
            continue  # same statement, another number: a dispute, not agreement
        if ra > rb:
            ra, rb = rb, ra
        parent[rb] = ra
        articles[ra] |= articles[rb]
    return list(components(parent, range(n)).values())


def figures_conflict(a: list[Figure], b: list[Figure]) -> bool:
    return bool(figure_conflicts(a, b))


def figure_conflicts(a: list[Figure], b: list[Figure]) -> list[tuple[Figure, Figure]]:
    """Figures of one unit with different values, when each sentence gives that unit once.

    A sentence with several values of one unit ("16 hours on the floor, four hours diving") is a
    breakdown whose parts cannot be paired with another sentence's without reading it.
    """
    out = []
    for fa in a:
        if fa.is_year or not fa.unit:
            continue
        same_a = [f for f in a if f.unit == fa.unit and not f.is_year]
        same_b = [f for f in b if f.unit == fa.unit and not f.is_year]
        if len(same_a) == 1 and len(same_b) == 1 and not _same_value(fa.value, same_b[0].value):
            out.append((fa, same_b[0]))
    return out


def _same_value(x: float, y: float) -> bool:
    return abs(x - y) <= 0.005 * max(abs(x), abs(y))


# ---------------------------------------------------------------------------------- disputes

def find_disputes(story: StoryText, settings: SynthesisSettings) -> list[Dispute]:
    """Different lists or values for the same thing, between different independent reports."""
    edges: list[tuple[tuple[int, str], tuple[int, str], str, str]] = []
    values: dict[tuple[int, str], str] = {}
    for a, b in _list_pairs(story):
        if story.report_of(a) == story.report_of(b):
            continue
        for ea in story.units[a].enumerations:
            for eb in story.units[b].enumerations:
                if not _lists_disagree(ea.items, eb.items, story.units[a].entities,
                                       story.units[b].entities):
                    continue
                context = cosine(_list_context(story, a, ea.items), _list_context(story, b, eb.items),
                                 story.idf)
                if context < settings.list_context_similarity:
                    continue
                ka, kb = (a, _list_key(ea.items)), (b, _list_key(eb.items))
                values[ka], values[kb] = ea.text, eb.text
                edges.append((ka, kb, "list", _shared_words(story, a, b)))
    for _, a, b in cross_pairs(story, settings.figure_context_similarity / 2):
        if story.report_of(a) == story.report_of(b):
            continue
        conflicts = figure_conflicts(story.units[a].figures, story.units[b].figures)
        if not conflicts:
            continue
        context = cosine(_figure_context(story.units[a]), _figure_context(story.units[b]), story.idf)
        if context < settings.figure_context_similarity:
            continue
        for fa, fb in conflicts:
            ka, kb = (a, f"{fa.value:g}{fa.unit}"), (b, f"{fb.value:g}{fb.unit}")
            values[ka], values[kb] = fa.text, fb.text
            edges.append((ka, kb, "figure", _unit_phrase(fa)))
    return _group_disputes(story, edges, values)


def _list_pairs(story: StoryText) -> list[tuple[int, int]]:
    """Pairs of units whose lists share a name's first word (only those can share a name)."""
    by_word: dict[str, list[int]] = {}
    for i, unit in enumerate(story.units):
        for word in sorted({item.split()[0] for e in unit.enumerations for item in e.items if item}):
            by_word.setdefault(word, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for units in by_word.values():
        for x, a in enumerate(units):
            pairs.update((a, b) for b in units[x + 1:])
    return sorted(pairs)


def _lists_disagree(a: frozenset[str], b: frozenset[str], names_a: set[str], names_b: set[str]) -> bool:
    """Do two lists name the same kind of things and each name one the other sentence never does?"""
    shared = {x for x in a if _named(x, b)}
    # Lists of the same things share a good part of their names: a third of the union (two of
    # four in "Germany, Spain and Poland" / "Germany, Italy, and Spain"); one shared name in four
    # is two lists about different things ("Starmer, Macron and Meloni" / "the UK and Starmer").
    union = len(a) + len(b) - len(shared)
    if not shared or len(shared) * 3 < union or max(len(a), len(b)) < 3:
        return False
    # A name said elsewhere in the other sentence ("... and the EU as well as the UK") is not
    # missing from it.
    return (any(not _named(x, b | names_b) for x in a)
            and any(not _named(y, a | names_a) for y in b))


def _named(name: str, names: set[str] | frozenset[str]) -> bool:
    """Is `name` among `names`, allowing a longer or shorter form ("new york" / "new york city")?"""
    return any(n == name or n.startswith(name + " ") or name.startswith(n + " ") for n in names)


def _list_key(items: frozenset[str]) -> str:
    return "|".join(sorted(items))


def _list_context(story: StoryText, unit: int, items: frozenset[str]) -> list[str]:
    """The sentence and the one before it in its paragraph, without the listed names."""
    text = _context_text(story, unit)
    drop = {stem for item in items for stem in content_stems(item)}
    return [s for s in content_stems(text) if s not in drop]


def _context_text(story: StoryText, unit: int) -> str:
    """The sentence, after the sentence before it when both are in one paragraph."""
    u = story.units[unit]
    previous = unit - 1
    if previous >= 0 and story.units[previous].article == u.article \
            and story.units[previous].sentence.paragraph == u.sentence.paragraph:
        return story.units[previous].sentence.text + " " + u.sentence.text
    return u.sentence.text


def _figure_context(unit: Unit) -> list[str]:
    return [s for s in unit.stems if not any(ch.isdigit() for ch in s)]


def _shared_words(story: StoryText, a: int, b: int) -> str:
    """Words of a's context whose stems b's context shares: what the two lists are about."""
    text = _context_text(story, a)
    other = set(_list_context(story, b, frozenset())) | set(story.units[b].stems)
    names = {n for e in story.units[a].enumerations for n in e.items}
    shared: list[str] = []
    for word in text.replace("“", " ").replace("”", " ").split():
        clean = word.strip(".,;:!?\"'()’‘")
        stems = content_stems(clean)
        if stems and stems[0] in other and clean.lower() not in names and clean not in shared:
            shared.append(clean)
    return ", ".join(shared[:6])


def _unit_phrase(figure: Figure) -> str:
    return {"%": "percentage", "GBP": "amount in GBP", "USD": "amount in USD",
            "EUR": "amount in EUR"}.get(figure.unit, f"number of {figure.unit}")


def _group_disputes(story: StoryText, edges, values) -> list[Dispute]:
    """Connected dispute edges are one dispute; its positions are its distinct values."""
    parent: dict[tuple[int, str], tuple[int, str]] = {}
    abouts: dict = {}
    for ka, kb, kind, about in edges:
        parent.setdefault(ka, ka)
        parent.setdefault(kb, kb)
        ra, rb = root(parent, ka), root(parent, kb)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        abouts.setdefault(min(ra, rb), (kind, about))
    groups = components(parent, sorted(parent))
    disputes = []
    for top, keys in sorted(groups.items()):
        kind, about = next((abouts[k] for k in (top, *keys) if k in abouts), ("list", ""))
        by_value: dict[str, Position] = {}
        for unit, value_key in sorted(keys, key=lambda k: (k[0], k[1])):
            position = by_value.setdefault(value_key, Position(values[(unit, value_key)]))
            if unit not in position.units:
                position.units.append(unit)
        if len(by_value) < 2:
            continue
        label = f"different lists of names ({about})" if kind == "list" else f"different {about}"
        disputes.append(Dispute(kind, label, list(by_value.values())))
    return disputes


# ---------------------------------------------------------------------------------- claims

def find_claims(story: StoryText, settings: SynthesisSettings,
                disputes: list[Dispute] | None = None) -> list[Claim]:
    """Aligned groups as claims with their independent-report count and status."""
    disputed = {u for d in disputes or [] for p in d.positions for u in p.units}
    claims = []
    for group in align(story, settings):
        informative = [u for u in group if _is_statement(story.units[u])]
        if not informative:
            continue
        reports = len({story.report_of(u) for u in group})
        if any(u in disputed for u in group):
            status = "disputed"
        else:
            status = "agreed" if reports >= 2 else "single"
        claims.append(Claim(sorted(group), _representative(story, group), reports, status))
    order = {"disputed": 0, "agreed": 1, "single": 2}
    claims.sort(key=lambda c: (order[c.status], -c.reports, c.units[0]))
    return claims


def _is_statement(unit: Unit) -> bool:
    """A sentence that states something (not a heading, a byline or a fragment)."""
    return unit.word_count >= 5 and len(unit.stems) >= 3


def _representative(story: StoryText, group: list[int]) -> int:
    """The member most similar to the others (ties: the earliest)."""
    if len(group) == 1:
        return group[0]
    sub = story.similarity[group][:, group].toarray().sum(axis=1)
    return group[int(np.argmax(sub))]


# ---------------------------------------------------------------------------------- adds

def find_adds(story: StoryText, settings: SynthesisSettings) -> dict[int, list[int]]:
    """Per article index: its informative sentences that no other article says (text order)."""
    figures_of: list[set[tuple[float, str]]] = [set() for _ in story.articles]
    for u in story.units:
        figures_of[u.article].update((round(f.value, 6), f.unit) for f in u.figures if not f.is_year)
    out: dict[int, list[int]] = {}
    article_of = story.article_index()
    for a, mine in enumerate(story.by_article):
        other_figures = set().union(*(figures_of[b] for b in range(len(story.articles)) if b != a))
        scored = []
        for u in mine:
            unit = story.units[u]
            if not _is_statement(unit) or unit.word_count > 2 * settings.max_summary_words:
                continue
            indices, values = story.row(u)
            elsewhere = values[article_of[indices] != a]
            best = float(elsewhere.max()) if len(elsewhere) else 0.0
            new_figures = [f for f in unit.figures
                           if not f.is_year and f.unit and (round(f.value, 6), f.unit) not in other_figures]
            if best >= settings.novelty_similarity and not new_figures:
                continue
            if best >= settings.align_similarity:
                continue  # said elsewhere, figures and all: a rewording, not news
            # New figures are the most checkable news; then names (a few), then novelty itself.
            score = 3.0 * len(new_figures) + 0.5 * min(len(unit.entities), 3) + 2.0 * (1.0 - best) \
                + 0.05 * min(len(unit.stems), 20)
            scored.append((-score, u))
        scored.sort()
        out[a] = sorted(u for _, u in scored[:settings.max_adds])
    return out
