"""A story's articles read once: sentences, their features, and the similarities between them.

Every later step (claims, disputes, adds, summary) works on this `StoryText`, so a story is split
and vectorised once.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from ..errors import UsageError
from .sentences import Sentence, split_sentences
from .settings import SynthesisSettings
from .text import Enumeration, Figure, content_stems, entities, enumerations, figures, words

# Similarities below this are dropped from the sparse matrix: they carry no alignment and only a
# trace of centrality, and keeping them would make the matrix dense on large stories.
_SIMILARITY_FLOOR = 0.05
_BLOCK_ROWS = 512


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What synthesis needs of an article."""

    id: str
    text: str
    published: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class Unit:
    """One sentence of one article, with what alignment reads from it."""

    article: int  # index into StoryText.articles
    position: int  # index of the sentence within its article
    sentence: Sentence
    stems: list[str]
    figures: list[Figure]
    enumerations: list[Enumeration]
    entities: set[str]
    word_count: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.sentence.start, self.sentence.end)


@dataclass(slots=True)
class StoryText:
    articles: list[StoryArticle]
    origin: list[int]  # per article: the index of the article it is a copy of (itself if none)
    units: list[Unit]
    by_article: list[list[int]]  # per article: its unit indices in text order
    vectors: sparse.csr_matrix  # one L2-normalised TF-IDF row per unit
    similarity: sparse.csr_matrix  # unit x unit cosine (>= floor, diagonal 0)
    idf: dict[str, float]  # term -> inverse document frequency over the story's sentences

    @property
    def reports(self) -> int:
        return len(set(self.origin))

    def report_of(self, unit: int) -> int:
        return self.origin[self.units[unit].article]

    def row(self, unit: int) -> tuple[np.ndarray, np.ndarray]:
        """(unit indices, cosines) of the units similar to `unit` (a view, no copy)."""
        lo, hi = self.similarity.indptr[unit], self.similarity.indptr[unit + 1]
        return self.similarity.indices[lo:hi], self.similarity.data[lo:hi]

    def article_index(self) -> np.ndarray:
        """Per unit, the index of its article."""
        return np.fromiter((u.article for u in self.units), dtype=np.int64, count=len(self.units))


def as_story_articles(articles: Iterable[Any]) -> list[StoryArticle]:
    """Articles (storyfold.model.Article, StoryArticle, or (id, text, published, outlet) tuples)."""
    out: list[StoryArticle] = []
    seen: set[str] = set()
    for item in articles:
        if isinstance(item, StoryArticle):
            article = item
        elif hasattr(item, "id") and hasattr(item, "text"):
            article = StoryArticle(item.id, item.text or "", getattr(item, "published", None),
                                   getattr(item, "outlet", None))
        elif isinstance(item, Sequence) and not isinstance(item, str) and 2 <= len(item) <= 4:
            article = StoryArticle(*item)
        else:
            raise UsageError(f"cannot read {type(item).__name__} as an article",
                             hint="pass storyfold.model.Article objects or (id, text, published, "
                                  "outlet) tuples")
        if not isinstance(article.id, str) or not isinstance(article.text, str):
            raise UsageError(f"article id and text must be strings, got {article.id!r}",
                             hint="pass (id, text, published, outlet) with str id and text")
        if article.id in seen:
            raise UsageError(f"article id {article.id!r} appears twice in one story",
                             hint="pass each article once; copies go in copy_of, not twice")
        seen.add(article.id)
        out.append(article)
    return out


def origins(articles: list[StoryArticle], copy_of: Mapping[str, str | None] | None) -> list[int]:
    """Per article, the index of its origin inside the story (copies of one origin count once)."""
    index = {a.id: i for i, a in enumerate(articles)}
    out = []
    for i, article in enumerate(articles):
        target, hops = article.id, 0
        # Follow copy_of to the root (chains are short; the hop limit guards against cycles).
        while copy_of and copy_of.get(target) and hops < 8:
            target, hops = copy_of[target], hops + 1
        out.append(index.get(target, i))
    return out


def read_story(articles: Iterable[Any], copy_of: Mapping[str, str | None] | None,
               settings: SynthesisSettings) -> StoryText:
    """Split, analyse and vectorise a story's articles."""
    story_articles = as_story_articles(articles)
    units: list[Unit] = []
    by_article: list[list[int]] = []
    for a, article in enumerate(story_articles):
        mine = []
        for position, sentence in enumerate(split_sentences(article.text)[:settings.max_sentences_per_article]):
            mine.append(len(units))
            units.append(Unit(a, position, sentence, content_stems(sentence.text),
                              figures(sentence.text), enumerations(sentence.text),
                              entities(sentence.text), len(words(sentence.text))))
        by_article.append(mine)
    vectors, idf = vectorise([unit_terms(u) for u in units])
    return StoryText(story_articles, origins(story_articles, copy_of), units, by_article, vectors,
                     similarities(vectors), idf)


def unit_terms(unit: Unit) -> list[str]:
    """The terms a sentence is compared by: content stems plus one token per figure."""
    terms = list(unit.stems)
    terms.extend(f"#{f.value:g}{f.unit}" for f in unit.figures if not f.is_year)
    return terms


def vectorise(documents: list[list[str]]) -> tuple[sparse.csr_matrix, dict[str, float]]:
    """L2-normalised TF-IDF rows over the given term lists, and the idf table.

    tf is sublinear (1 + ln count) and idf smoothed (ln((1 + n) / (1 + df)) + 1), so a term in
    every sentence still counts a little and a repeated word does not dominate.
    """
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    for r, terms in enumerate(documents):
        bag: dict[int, int] = {}
        for term in terms:
            column = vocabulary.setdefault(term, len(vocabulary))
            bag[column] = bag.get(column, 0) + 1
        for column, count in bag.items():
            rows.append(r)
            cols.append(column)
            counts.append(count)
    shape = (len(documents), max(1, len(vocabulary)))
    if not counts:
        return sparse.csr_matrix(shape, dtype=np.float64), {}
    col_array = np.asarray(cols, dtype=np.int64)
    df = np.bincount(col_array, minlength=len(vocabulary))
    idf = np.log((1.0 + len(documents)) / (1.0 + df)) + 1.0
    values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[col_array]
    matrix = sparse.csr_matrix((values, (np.asarray(rows, dtype=np.int64), col_array)), shape=shape)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms) @ matrix
    return matrix.tocsr(), dict(zip(vocabulary, idf.tolist()))


def similarities(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """Cosine between every pair of rows, computed in blocks, small values dropped."""
    n = vectors.shape[0]
    blocks = []
    transposed = vectors.T.tocsc()
    for start in range(0, n, _BLOCK_ROWS):
        block = (vectors[start:start + _BLOCK_ROWS] @ transposed).toarray()
        block[block < _SIMILARITY_FLOOR] = 0.0
        rows = np.arange(start, min(n, start + _BLOCK_ROWS))
        block[rows - start, rows] = 0.0
        blocks.append(sparse.csr_matrix(block))
    if not blocks:
        return sparse.csr_matrix((0, 0))
    return sparse.vstack(blocks).tocsr()


def cosine(a: list[str], b: list[str], idf: Mapping[str, float]) -> float:
    """TF-IDF cosine of two ad-hoc term lists (contexts built from several sentences)."""
    if not a or not b:
        return 0.0
    ca: dict[str, float] = {}
    cb: dict[str, float] = {}
    for t in a:
        ca[t] = ca.get(t, 0.0) + idf.get(t, 1.0)
    for t in b:
        cb[t] = cb.get(t, 0.0) + idf.get(t, 1.0)
    dot = sum(v * cb.get(t, 0.0) for t, v in ca.items())
    if not dot:
        return 0.0
    na = sum(v * v for v in ca.values()) ** 0.5
    nb = sum(v * v for v in cb.values()) ** 0.5
    return dot / (na * nb)
