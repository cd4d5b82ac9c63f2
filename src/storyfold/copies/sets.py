"""Where verification gets shingle sets: recent chunks, a cache of fetched partners, the batch's
texts, or the caller's texts_of for articles of earlier batches (the index never keeps texts)."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import UsageError
from .shingles import ShingleBatch, shingle_batch

if TYPE_CHECKING:
    from .index import CopyIndex

TextsOf = Callable[[Sequence[str]], Sequence[str]]
WINDOW_CHUNKS = 16  # chunks whose shingles stay at hand: the current block and the one before


class SetCache:
    """Shingle sets by doc, least recently used dropped beyond a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget, self.held = budget, 0
        self.sets: OrderedDict[int, np.ndarray] = OrderedDict()

    def get(self, doc: int) -> np.ndarray | None:
        found = self.sets.get(doc)
        if found is not None:
            self.sets.move_to_end(doc)
        return found

    def drop_from(self, doc: int) -> None:
        """Forget the sets of docs >= doc."""
        for d in [d for d in self.sets if d >= doc]:
            self.held -= self.sets.pop(d).nbytes

    def put(self, doc: int, values: np.ndarray) -> None:
        if doc not in self.sets:
            self.sets[doc] = values
            self.held += values.nbytes
        while self.held > self.budget and self.sets:
            self.held -= self.sets.popitem(last=False)[1].nbytes


class SetSource:
    """Shingle sets for verification: from the last few chunks shingled (copies are mostly close
    in publication order), the index's cache of partners fetched before, this batch's texts, or
    (for docs of earlier batches) the caller's texts_of."""

    def __init__(self, index: CopyIndex, texts: list[str], texts_of: TextsOf | None) -> None:
        self.index, self.texts, self.texts_of = index, texts, texts_of
        self.base = len(index.ids)  # texts[i] is doc base + i
        self.window: list[tuple[int, ShingleBatch]] = []

    def keep(self, start: int, shingles: ShingleBatch) -> None:
        """Remember a freshly shingled chunk whose first doc is `start`."""
        self.window.append((start, shingles))
        del self.window[:-WINDOW_CHUNKS]

    def sets(self, docs: np.ndarray) -> dict[int, np.ndarray]:
        """Sorted shingle sets of the docs."""
        cache = self.index._partners
        found: dict[int, np.ndarray] = {}
        missing = []
        for d in docs.tolist():
            for start, shingles in self.window:
                if 0 <= d - start < len(shingles):
                    found[d] = shingles.doc(d - start)
                    break
            else:
                cached = cache.get(d)
                if cached is None:
                    missing.append(d)
                else:
                    found[d] = cached
        fetched = self._shingle(missing)
        found.update(fetched)
        for d, values in fetched.items():  # bucket leaders come back for every later copy
            cache.put(d, values)
        return found

    def _shingle(self, docs: list[int]) -> dict[int, np.ndarray]:
        if not docs:
            return {}
        texts = {d: self.texts[d - self.base] for d in docs if d >= self.base}
        old = [d for d in docs if d < self.base]
        if old:
            if self.texts_of is None:
                raise UsageError("texts_of is needed: new articles have candidate copies among "
                                 "articles added earlier", hint="pass texts_of=lambda ids: [...]")
            fetched = list(self.texts_of([self.index.ids[d] for d in old]))
            if len(fetched) != len(old) or not all(isinstance(t, str) for t in fetched):
                raise UsageError(f"texts_of must return one str per id asked, in order; it returned "
                                 f"{len(fetched)} values for {len(old)} ids",
                                 hint="the store must keep the text of every article it indexed")
            texts.update(zip(old, fetched))
        order = list(texts)
        values = [texts[d] for d in order]
        sets: dict[int, np.ndarray] = {}
        for lo, hi in chunks(values, self.index.settings.chunk_bytes):
            shingles = shingle_batch(values[lo:hi])
            for i in range(hi - lo):
                sets[order[lo + i]] = shingles.doc(i)
        return sets


def chunks(texts: Sequence[str], chunk_bytes: int, begin: int = 0, end: int | None = None
            ) -> Iterator[tuple[int, int]]:
    """[start, stop) ranges of texts[begin:end], about chunk_bytes characters each."""
    stop = len(texts) if end is None else end
    start, size = begin, 0
    for i in range(begin, stop):
        size += len(texts[i]) + 1
        if size >= chunk_bytes:
            yield start, i + 1
            start, size = i + 1, 0
    if start < stop:
        yield start, stop
