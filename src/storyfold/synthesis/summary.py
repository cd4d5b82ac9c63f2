"""A cited extractive summary: central, corroborated sentences covering the story, without repeats.

salience(s) = centrality(s) x (1 + corroboration_weight x share of the other reports that carry s)
              + lead_weight x lead prior(s)
Centrality is continuous LexRank (Erkan & Radev 2004) over the sentence graph, with the edges
between copies of one report removed so syndication does not vote twice. Sentences are then
picked by maximal marginal relevance (Carbonell & Goldstein 1998) and every one is cited: its own
span, plus the best matching sentence of each other article that says the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .settings import SynthesisSettings
from .story import StoryText, unit_terms
from .text import content_stems

_DAMPING = 0.15  # LexRank's jump probability (the paper's d)
_ITERATIONS = 100
_TOLERANCE = 1e-8
# A candidate whose content is at least this share said already adds nothing to the summary.
_NOTHING_NEW = 0.75


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    span: tuple[int, int]
    kind: str  # "source": the sentence itself; "support": another article saying the same

    def to_dict(self) -> dict:
        return {"article": self.article, "span": [self.span[0], self.span[1]], "kind": self.kind}


@dataclass(frozen=True, slots=True)
class SummarySentence:
    unit: int
    text: str
    citations: tuple[Citation, ...]  # spans holding every content word of the sentence
    # Other reports that say the same in other words: corroboration, not a quotation of the
    # sentence, so kept apart from `citations` (whose spans a reader can check word for word).
    supported_by: tuple[Citation, ...] = ()

    def to_dict(self) -> dict:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations],
                "supported_by": [c.to_dict() for c in self.supported_by]}


def centrality(story: StoryText) -> np.ndarray:
    """Continuous LexRank scores (sum 1) with copy-to-copy edges removed."""
    n = len(story.units)
    if n == 0:
        return np.zeros(0)
    graph = story.similarity.tocoo()
    origin = np.array([story.origin[u.article] for u in story.units])
    article = np.array([u.article for u in story.units])
    # An edge between two different articles of one report (a copy and its origin) is the same
    # sentence voting for itself.
    keep = ~((origin[graph.row] == origin[graph.col]) & (article[graph.row] != article[graph.col]))
    matrix = sparse.csr_matrix((graph.data[keep], (graph.row[keep], graph.col[keep])), shape=(n, n))
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = row_sums == 0
    inverse = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, row_sums))
    transition_t = (sparse.diags(inverse) @ matrix).T.tocsr()
    scores = np.full(n, 1.0 / n)
    for _ in range(_ITERATIONS):
        spread = transition_t @ scores + scores[dangling].sum() / n
        updated = _DAMPING / n + (1.0 - _DAMPING) * spread
        if np.abs(updated - scores).sum() < _TOLERANCE:
            scores = updated
            break
        scores = updated
    return scores


def support(story: StoryText, unit: int, threshold: float) -> dict[int, int]:
    """For each other article, its best unit saying the same as `unit` (cosine >= threshold)."""
    indices, values = story.row(unit)
    own = story.units[unit].article
    best: dict[int, tuple[float, int]] = {}
    for j, value in zip(indices.tolist(), values.tolist()):
        article = story.units[j].article
        if article == own or value < threshold:
            continue
        if article not in best or (value, -j) > (best[article][0], -best[article][1]):
            best[article] = (value, j)
    return {a: j for a, (_, j) in sorted(best.items())}


def salience(story: StoryText, settings: SynthesisSettings) -> np.ndarray:
    scores = centrality(story)
    if not len(scores):
        return scores
    scores = scores / scores.max()
    others = max(1, story.reports - 1)
    lengths = [len(ids) for ids in story.by_article]
    out = np.zeros(len(scores))
    for i, unit in enumerate(story.units):
        reports = {story.origin[a] for a in support(story, i, settings.support_similarity)}
        reports.discard(story.origin[unit.article])
        corroboration = len(reports) / others
        lead = 1.0 / np.sqrt(1.0 + unit.position) if lengths[unit.article] > 1 else 0.5
        out[i] = scores[i] * (1.0 + settings.corroboration_weight * corroboration) \
            + settings.lead_weight * lead
        if _DEPENDENT.match(unit.sentence.text):
            out[i] *= settings.dependent_factor
    return out


# A sentence that opens with a pronoun or a quotation leans on the sentence before it: out of
# context ("It's not a UK plan," one ally said) it tells a reader little.
_DEPENDENT = re.compile(r"[\"“‘']|(?:he|she|they|it|its|this|these|those|his|her|their|but|and|also)\b",
                        re.IGNORECASE)


def is_candidate(story: StoryText, unit: int, settings: SynthesisSettings) -> bool:
    """Summary material: a full statement of reasonable length (not a heading or a question)."""
    u = story.units[unit]
    text = u.sentence.text
    return (len(u.stems) >= settings.min_summary_words - 2 and u.word_count >= settings.min_summary_words
            and u.word_count <= settings.max_summary_words and not text.endswith((":", "?"))
            and not text.isupper())


def select(story: StoryText, settings: SynthesisSettings, sentences: int | None = None,
           max_words: int | None = None) -> list[int]:
    """Units chosen by MMR until `sentences` are chosen (or `max_words` reached), in reading order."""
    limit = sentences if sentences is not None else settings.summary_sentences
    scores = salience(story, settings)
    candidates = [i for i in range(len(story.units)) if is_candidate(story, i, settings)]
    if not candidates:
        # A story of headings and fragments still gets its most salient lines.
        candidates = [i for i, u in enumerate(story.units) if u.word_count >= 2]
    if not candidates:
        return []
    top = scores[candidates].max() or 1.0
    weights = [_term_weights(story, u) for u in range(len(story.units))]
    chosen: list[int] = []
    words = 0
    covered: set[str] = set()
    redundancy = np.zeros(len(story.units))
    remaining = set(candidates)
    while remaining and (len(chosen) < limit if max_words is None else words < max_words):
        best = max(remaining, key=lambda i: (settings.mmr_lambda * scores[i] / top
                                             - (1 - settings.mmr_lambda) * redundancy[i], -i))
        chosen.append(best)
        remaining.discard(best)
        words += story.units[best].word_count
        covered.update(weights[best])
        # One sentence per claim: what another article says the same way is cited, not repeated.
        indices, values = story.row(best)
        remaining -= set(indices[values >= settings.align_similarity].tolist())
        # Redundancy is the share of a sentence's content (idf-weighted) already said by the
        # summary: unlike a cosine, it also catches a short sentence inside a longer one chosen.
        for i in list(remaining):
            total = sum(weights[i].values())
            redundancy[i] = sum(w for t, w in weights[i].items() if t in covered) / total if total else 1.0
            if redundancy[i] >= _NOTHING_NEW:
                remaining.discard(i)
    return sorted(chosen, key=lambda i: (story.units[i].position / max(1, len(story.by_article[story.units[i].article])),
                                         story.units[i].article, i))


def _term_weights(story: StoryText, unit: int) -> dict[str, float]:
    return {t: story.idf.get(t, 1.0) for t in unit_terms(story.units[unit])}


def cite(story: StoryText, unit: int, settings: SynthesisSettings) -> SummarySentence | None:
    """The sentence with its own span and the spans of the other articles that say the same."""
    u = story.units[unit]
    article = story.articles[u.article]
    start, end = u.span
    if article.text[start:end] != u.sentence.text or not u.sentence.text.strip():
        return None  # never emit a sentence whose source span does not hold it
    citations = [Citation(article.id, (start, end), "source")]
    supported_by = []
    words = set(content_stems(u.sentence.text))
    for other_article, j in support(story, unit, settings.support_similarity).items():
        citation = Citation(story.articles[other_article].id, story.units[j].span, "support")
        if words <= set(content_stems(story.units[j].sentence.text)):
            citations.append(citation)  # the same words (a copy or a trimmed version)
        else:
            supported_by.append(citation)
    return SummarySentence(unit, u.sentence.text, tuple(citations), tuple(supported_by))


def summarize_story(story: StoryText, settings: SynthesisSettings, sentences: int | None = None,
                    max_words: int | None = None) -> list[SummarySentence]:
    out = []
    for unit in select(story, settings, sentences, max_words):
        cited = cite(story, unit, settings)
        if cited is not None:
            out.append(cited)
    return out
