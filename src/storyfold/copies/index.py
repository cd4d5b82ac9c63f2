"""The incremental copy index: add batches of articles, find their copies among all added before.

State per article is a few hundred bytes of numpy (band keys, an 8-bit MinHash sketch, sizes, a
digest of the normalised text) and never the text: verification asks the caller for the texts of
earlier articles (`texts_of`), so the store can keep them in SQLite. `rows()`/`from_rows()` turn
the state into plain rows for that store. Insertion order is publication date, then id, within a
batch; the candidate rule is monotone in that order, so adding batch by batch gives the same
result as adding everything at once whenever the batches arrive in that order (and in any order
while no bucket outgrows max_bucket and no doc exceeds max_candidates).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple

import numpy as np

from ..errors import UsageError
from ..model import Rejection
from .columns import Column
from .lsh import BucketTable, bucket_pairs, unique_pairs
from .minhash import band_keys, digest, estimate_jaccard, signatures, sketch
from .origins import UNKNOWN_DATE, CopyGroup, CopyLink, assemble
from .settings import DEFAULT_COPY_SETTINGS, CopySettings
from .sets import SetCache, SetSource, TextsOf, chunks
from .shingles import U64, ShingleBatch, fmix64, shingle_batch
from .verify import KIND_NAMES, NONE, classify, overlap_sizes, similarities

_VERIFY_BLOCK = 1024  # candidate pairs verified together (their missing texts shingled in one go)
_CHUNKS_PER_BLOCK = 8  # candidates are searched per block of chunks: fewer, larger LSH lookups
# (sets.WINDOW_CHUNKS keeps two blocks of shingles at hand for verification)
_LOW32 = U64(0xFFFFFFFF)
_TWIN_ESTIMATE = 0.9  # sketch estimate of a near-identical candidate (max_twins applies)


@dataclass(frozen=True, slots=True)
class CopyDoc:
    """What copy detection needs of an article."""

    id: str
    text: str
    published: str | None = None  # ISO 8601 date or timestamp; None when unknown


@dataclass(frozen=True, slots=True)
class VerifiedPair:
    """A candidate pair after exact verification (kind "none" when it is no copy)."""

    a: str
    b: str
    kind: str
    jaccard: float
    containment: float


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Groups and copy_of over a set of articles (CONTRACT `storyfold copies`, `copy_of`)."""

    groups: list[CopyGroup]
    copy_of: dict[str, str | None]  # every article added; None for origins and non-copies
    links: list[CopyLink]  # one per article that is a copy, with its relation to the origin
    rejections: list[Rejection]  # find_copies only; CopyIndex.add returns its own


class DocRow(NamedTuple):
    """One article's index state, for the store (doc index = position in IndexRows.docs)."""

    id: str
    published: int  # published_key(): seconds since 1970 UTC; UNKNOWN_DATE when unknown
    words: int  # words in the normalised text
    exact: bytes  # 16-byte digest of the normalised text
    rep: int  # doc index of its exact-copy representative (itself when first with this text)
    sketch: bytes  # `bins` bytes: 8-bit MinHash sketch
    bands: bytes | None  # its LSH band keys (uint32, little-endian); None when not in the buckets


class RelationRow(NamedTuple):
    """One verified pair (doc indices a < b) with its kind and exact set sizes."""

    a: int
    b: int
    kind: str
    inter: int  # |A & B| of the shingle sets
    size_a: int
    size_b: int


@dataclass(frozen=True, slots=True)
class IndexRows:
    """Everything a CopyIndex holds, as plain rows (`CopyIndex.from_rows` restores it)."""

    params: dict[str, int]
    docs: list[DocRow]
    relations: list[RelationRow]


ROWS_VERSION = 1


def published_key(value: str | None) -> int:
    """Seconds since 1970 (UTC when no zone is given); unknown or unreadable dates sort last."""
    if not value:
        return int(UNKNOWN_DATE)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return int(UNKNOWN_DATE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def _band_salt(bands: int) -> np.ndarray:
    """Per-band salts folded into the 32-bit keys, so that all bands share one table."""
    salt = fmix64(np.arange(1, bands + 1, dtype=U64) * U64(0x9E3779B97F4A7C15))
    return (salt >> U64(32)).astype(np.uint32)


def _as_doc(item: CopyDoc | Sequence[Any]) -> CopyDoc:
    if isinstance(item, CopyDoc):
        doc = item
    elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) in (2, 3):
        doc = CopyDoc(*item)
    else:
        raise UsageError(f"a copy-detection input must be CopyDoc(id, text, published) or an "
                         f"(id, text[, published]) tuple, got {type(item).__name__}",
                         hint="e.g. CopyDoc('a1', text, '2025-03-02')")
    if not isinstance(doc.id, str) or not isinstance(doc.text, str):
        raise UsageError(f"CopyDoc id and text must be str, got {type(doc.id).__name__} and "
                         f"{type(doc.text).__name__}")
    return doc


class CopyIndex:
    """Add batches of articles; `result()` gives the groups of everything added so far."""

    def __init__(self, settings: CopySettings = DEFAULT_COPY_SETTINGS) -> None:
        self.settings = settings
        self.ids: list[str] = []
        self._index: dict[str, int] = {}
        self._pub = Column(np.int64)  # published_key()
        self._words = Column(np.int32)  # words in the normalised text (its fullness)
        self._exact = Column(U64, 2)  # 128-bit digest of the normalised text
        self._sketch = Column(np.uint8, settings.bins)  # 8-bit MinHash sketch
        self._rep = Column(np.int64)  # exact-copy representative (first doc with the same text)
        self.buckets = BucketTable()  # band keys of representatives with text
        self.texts = BucketTable()  # top 32 bits of the exact digest of representatives
        # Every verified pair: doc indices (a < b), kind code and the exact set sizes
        # (|A & B|, |A|, |B|), from which Jaccard and containment are recomputed exactly.
        self._rel_a = Column(np.uint32)
        self._rel_b = Column(np.uint32)
        self._rel_kind = Column(np.uint8)
        self._rel_sizes = Column(np.int32, 3)
        self._salt = _band_salt(settings.bands)
        self._partners = SetCache(settings.partner_cache_bytes)

    pub = property(lambda self: self._pub.values)
    words = property(lambda self: self._words.values)
    exact = property(lambda self: self._exact.values)
    sketch = property(lambda self: self._sketch.values)
    rep = property(lambda self: self._rep.values)
    rel_a = property(lambda self: self._rel_a.values)
    rel_b = property(lambda self: self._rel_b.values)
    rel_kind = property(lambda self: self._rel_kind.values)
    rel_sizes = property(lambda self: self._rel_sizes.values)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held in numpy state (not counting the id strings)."""
        arrays = (self.pub, self.words, self.exact, self.sketch, self.rep, self.rel_a, self.rel_b,
                  self.rel_kind, self.rel_sizes)  # filled parts (spare capacity is never touched)
        return sum(a.nbytes for a in arrays) + self.buckets.nbytes + self.texts.nbytes

    # ---- adding -------------------------------------------------------------------------------

    def add(self, docs: Iterable[CopyDoc | Sequence[Any]], texts_of: TextsOf | None = None
            ) -> list[Rejection]:
        """Index new articles and verify their candidate copies among all articles so far.

        texts_of(ids) must return the texts of articles added in earlier calls, in order; it is
        only called when a candidate of a new article is one of them (and not recently seen).
        """
        batch, rejections = self._accept(docs)
        if not batch:
            return rejections
        keyed = sorted(((published_key(d.published), d.id, d) for d in batch), key=lambda k: k[:2])
        batch = [d for _, _, d in keyed]
        pub = np.fromiter((k for k, _, _ in keyed), dtype=np.int64, count=len(keyed))
        source = SetSource(self, [d.text for d in batch], texts_of)
        base, relations = len(self.ids), len(self._rel_a)
        try:
            # Block by block (the bucket rule is monotone, so this equals one pass over the
            # batch); each block is shingled in cache-sized chunks.
            for lo, hi in chunks(source.texts, self.settings.chunk_bytes * _CHUNKS_PER_BLOCK):
                self._add_block(batch[lo:hi], pub[lo:hi], source)
        except BaseException:
            self._undo(base, relations)  # all or nothing: a failed add leaves no trace
            raise
        return rejections

    def _undo(self, docs: int, relations: int) -> None:
        """Return to the state with `docs` articles and `relations` verified pairs."""
        for doc_id in self.ids[docs:]:
            del self._index[doc_id]
        del self.ids[docs:]
        for column in (self._pub, self._words, self._exact, self._sketch, self._rep):
            column.truncate(docs)
        for column in (self._rel_a, self._rel_b, self._rel_kind, self._rel_sizes):
            column.truncate(relations)
        self.buckets.drop_from(docs)
        self.texts.drop_from(docs)
        self._partners.drop_from(docs)

    def _accept(self, docs: Iterable[CopyDoc | Sequence[Any]]) -> tuple[list[CopyDoc], list[Rejection]]:
        """Valid new docs; a repeated id with the same text is skipped, with another text rejected."""
        batch: list[CopyDoc] = []
        seen: dict[str, str] = {}
        rejections: list[Rejection] = []
        for item in docs:
            doc = _as_doc(item)
            if doc.id in seen or doc.id in self._index:
                if doc.id in seen:
                    same = seen[doc.id] == doc.text
                else:
                    same = np.array_equal(self._digests(shingle_batch([doc.text]))[0],
                                          self.exact[self._index[doc.id]])
                if not same:
                    rejections.append(Rejection(doc.id, "duplicate_id", "an article with this id "
                                                "and another text was given before; ids must be "
                                                "unique (this one was not added)"))
                continue
            seen[doc.id] = doc.text
            batch.append(doc)
        return batch, rejections

    def _add_block(self, block: list[CopyDoc], pub: np.ndarray, source: SetSource) -> None:
        """Sketch a block, find its candidates among all docs so far, verify, then index it."""
        start = len(self.ids)
        words, exact, sketches, keys = [], [], [], []
        for lo, hi in chunks(source.texts, self.settings.chunk_bytes, start - source.base,
                              start - source.base + len(block)):
            shingles = shingle_batch(source.texts[lo:hi])
            sig = signatures(shingles, self.settings.bins)
            source.keep(source.base + lo, shingles)
            words.append(shingles.words)
            exact.append(self._digests(shingles, sig))
            sketches.append(sketch(sig))
            keys.append(band_keys(sig, self.settings.band_rows) ^ self._salt)
        words_, exact_ = np.concatenate(words), np.concatenate(exact)
        rep = self._representatives(exact_, words_, start)
        for i, doc in enumerate(block):
            self._index[doc.id] = start + i
            self.ids.append(doc.id)
        self._pub.extend(pub)
        self._words.extend(words_)
        self._exact.extend(exact_)
        self._sketch.extend(np.concatenate(sketches))
        self._rep.extend(rep)
        fresh = np.flatnonzero((rep == start + np.arange(len(block))) & (words_ > 0))
        entry_keys = np.concatenate(keys)[fresh].ravel()
        entry_docs = np.repeat(start + fresh, self.settings.bands)
        a, b = bucket_pairs(self.buckets, entry_keys, entry_docs, self.settings.max_bucket,
                            self.settings.bucket_leaders)
        a, b = self._shortlist(*unique_pairs(a, b)[:2])
        if len(a):
            self._verify(a, b, source)
        self.buckets.add(entry_keys, entry_docs)
        self.texts.add((exact_[fresh, 0] >> U64(32)).astype(np.uint32), start + fresh)

    def _digests(self, shingles: ShingleBatch, sig: np.ndarray | None = None) -> np.ndarray:
        """(n, 2) digests of the normalised texts: word sequence and signature (equal iff same text)."""
        if sig is None:
            sig = signatures(shingles, self.settings.bins)
        return np.stack([shingles.exact, digest(sig)], axis=1)

    def _representatives(self, exact: np.ndarray, words: np.ndarray, start: int) -> np.ndarray:
        """Each new doc's exact-copy representative: the first doc ever added with its text."""
        n = len(exact)
        rep = start + np.arange(n, dtype=np.int64)
        key32 = (exact[:, 0] >> U64(32)).astype(np.uint32)
        for (lo, hi), segment in zip(self.texts.ranges(key32), self.texts.segments):
            for i in np.flatnonzero((hi > lo) & (words > 0)).tolist():
                for entry in segment[lo[i]:hi[i]].tolist():
                    old = entry & 0xFFFFFFFF
                    if rep[i] == start + i and np.array_equal(self.exact[old], exact[i]):
                        rep[i] = old
        first: dict[bytes, int] = {}
        for i in np.flatnonzero((rep == start + np.arange(n)) & (words > 0)).tolist():
            rep[i] = first.setdefault(exact[i].tobytes(), start + i)
        return rep

    def _shortlist(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Drop candidates the sketch rules out; keep each doc's best max_candidates, by estimate."""
        if len(a) == 0:
            return a, b
        est = estimate_jaccard(self.sketch[a], self.sketch[b])
        # Containment estimate from the Jaccard estimate and the word counts (|A & B| = J |A u B|).
        na, nb = self.words[a].astype(np.float64), self.words[b].astype(np.float64)
        contained = est * (na + nb) / (1 + est) / np.maximum(np.minimum(na, nb), 1)
        keep = (est >= self.settings.min_estimate) | (contained >= 0.5)
        a, b, est = a[keep], b[keep], est[keep]
        # Near-identical candidates ("twins") first, earliest first: any of them will do, the rest
        # are copies of them too, and the earliest (bucket leaders) are the likeliest origins and
        # the likeliest to be in the partner cache. Then the others, best estimate first.
        twin = est >= _TWIN_ESTIMATE
        order = np.lexsort((a, -np.where(twin, 2.0, est), b))
        a, b, twin = a[order], b[order], twin[order]
        keep = (_rank_within(b) < self.settings.max_candidates)
        keep &= ~twin | (_rank_within(b, twin) < self.settings.max_twins)
        return a[keep], b[keep]

    # ---- verification -------------------------------------------------------------------------

    def _verify(self, a: np.ndarray, b: np.ndarray, source: SetSource) -> np.ndarray:
        """Exact Jaccard/containment of each pair, classified and stored; returns the kind codes."""
        kinds = np.zeros(len(a), dtype=np.uint8)
        for start in range(0, len(a), _VERIFY_BLOCK):
            pa, pb = a[start:start + _VERIFY_BLOCK], b[start:start + _VERIFY_BLOCK]
            inter, size_a, size_b = overlap_sizes(pa, pb, source.sets(np.union1d(pa, pb)))
            jac, con = similarities(inter, size_a, size_b)
            same = (self.exact[pa] == self.exact[pb]).all(axis=1)
            kind = classify(jac, con, np.minimum(size_a, size_b), same, self.settings)
            kinds[start:start + len(pa)] = kind
            swap = pa > pb
            sizes = np.stack([inter, np.where(swap, size_b, size_a), np.where(swap, size_a, size_b)], 1)
            self._rel_a.extend(np.minimum(pa, pb))
            self._rel_b.extend(np.maximum(pa, pb))
            self._rel_kind.extend(kind)
            self._rel_sizes.extend(sizes)
        return kinds

    def _lookup(self, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row of each pair code (b << 32 | a) among the verified pairs, and whether it is there."""
        stored = (self.rel_b.astype(U64) << U64(32)) | self.rel_a.astype(U64)
        if len(stored) == 0:
            return np.zeros(len(code), dtype=np.int64), np.zeros(len(code), dtype=bool)
        order = np.argsort(stored)
        at = np.minimum(np.searchsorted(stored[order], code), len(order) - 1)
        return order[at], stored[order[at]] == code

    def _relate(self, texts_of: TextsOf | None) -> Callable[[np.ndarray, np.ndarray], tuple]:
        """relate(members, origins) for origins.assemble: stored verdicts, else verified now."""
        def relate(members: np.ndarray, origins: np.ndarray) -> tuple:
            lo, hi = np.minimum(members, origins), np.maximum(members, origins)
            code = (hi.astype(U64) << U64(32)) | lo.astype(U64)
            row, found = self._lookup(code)
            if not found.all():
                missing = np.unique(code[~found])
                self._verify((missing & _LOW32).astype(np.int64), (missing >> U64(32)).astype(np.int64),
                             SetSource(self, [], texts_of))
                row, found = self._lookup(code)
            jaccard, containment = similarities(*self.rel_sizes[row].T)
            return self.rel_kind[row], jaccard, containment
        return relate

    # ---- results ------------------------------------------------------------------------------

    def result(self, texts_of: TextsOf | None = None) -> CopyResult:
        """Groups, origins and copy_of over everything added (texts_of to verify origins)."""
        related = self.rel_kind != NONE
        groups, links = assemble(self.ids, self.rep, self.pub, self.words, self.rel_a[related],
                                 self.rel_b[related], self._relate(texts_of))
        copy_of: dict[str, str | None] = dict.fromkeys(self.ids)
        for link in links:
            copy_of[link.id] = link.copy_of
        return CopyResult(groups, copy_of, links, [])

    # ---- rows for the store -------------------------------------------------------------------

    @property
    def relation_count(self) -> int:
        """Verified pairs held (rows past an earlier count are the ones verified since)."""
        return len(self._rel_a)

    def to_rows(self, first_doc: int = 0, first_relation: int = 0) -> IndexRows:
        """The state as rows: per doc (sketch, band keys, digest) and per verified pair.

        Rows are append-only (a doc's row never changes once added), so a store that holds the
        rows of an earlier state asks only for those from its counts on: `to_rows(docs, relations)`.
        """
        entries = self.buckets.entries()
        owner = (entries & _LOW32).astype(np.int64)
        wanted = owner >= first_doc
        owner, entries = owner[wanted], entries[wanted]
        order = np.argsort(owner, kind="stable")
        keys = (entries[order] >> U64(32)).astype("<u4")
        owner = owner[order]
        bounds = np.searchsorted(owner, np.arange(first_doc, len(self.ids) + 1))
        docs = []
        for at, d in enumerate(range(first_doc, len(self.ids))):
            lo, hi = int(bounds[at]), int(bounds[at + 1])
            docs.append(DocRow(self.ids[d], int(self.pub[d]), int(self.words[d]), self.exact[d].tobytes(),
                               int(self.rep[d]), self.sketch[d].tobytes(),
                               keys[lo:hi].tobytes() if hi > lo else None))
        span = slice(first_relation, None)
        relations = [RelationRow(a, b, KIND_NAMES[k], i, x, y) for a, b, k, (i, x, y) in zip(
            self.rel_a[span].tolist(), self.rel_b[span].tolist(), self.rel_kind[span].tolist(),
            self.rel_sizes[span].tolist())]
        return IndexRows(self._params(), docs, relations)

    def _params(self) -> dict[str, int]:
        return {"version": ROWS_VERSION, "bins": self.settings.bins,
                "band_rows": self.settings.band_rows}

    @classmethod
    def from_rows(cls, rows: IndexRows, settings: CopySettings = DEFAULT_COPY_SETTINGS) -> CopyIndex:
        """An index with the state of `rows`, ready for more `add()` calls."""
        index = cls(settings)
        if rows.params != index._params():
            raise UsageError(f"the stored copy index was built with {rows.params}, these settings "
                             f"need {index._params()}", hint="rebuild it from the articles' texts")
        n = len(rows.docs)
        for d, row in enumerate(rows.docs):
            index._index[row.id] = d
            index.ids.append(row.id)
        index._pub.extend(np.array([r.published for r in rows.docs], dtype=np.int64))
        index._words.extend(np.array([r.words for r in rows.docs], dtype=np.int32))
        index._exact.extend(np.frombuffer(b"".join(r.exact for r in rows.docs), dtype=U64).reshape(n, 2))
        index._sketch.extend(np.frombuffer(b"".join(r.sketch for r in rows.docs),
                                           dtype=np.uint8).reshape(n, settings.bins))
        index._rep.extend(np.array([r.rep for r in rows.docs], dtype=np.int64))
        banded = [(d, np.frombuffer(r.bands, dtype="<u4")) for d, r in enumerate(rows.docs) if r.bands]
        if banded:
            index.buckets.add(np.concatenate([k for _, k in banded]),
                              np.concatenate([np.full(len(k), d) for d, k in banded]))
        fresh = np.flatnonzero((index.rep == np.arange(n)) & (index.words > 0))
        index.texts.add((index.exact[fresh, 0] >> U64(32)).astype(np.uint32), fresh)
        codes = {name: code for code, name in enumerate(KIND_NAMES)}
        if rows.relations:
            index._rel_a.extend(np.array([r.a for r in rows.relations], dtype=np.uint32))
            index._rel_b.extend(np.array([r.b for r in rows.relations], dtype=np.uint32))
            index._rel_kind.extend(np.array([codes[r.kind] for r in rows.relations], dtype=np.uint8))
            index._rel_sizes.extend(np.array([(r.inter, r.size_a, r.size_b) for r in rows.relations],
                                             dtype=np.int32))
        return index

    def verified_pairs(self) -> Iterator[VerifiedPair]:
        """Every pair verified so far (candidates and origin checks), with its exact measures."""
        jac, con = similarities(*self.rel_sizes.T)
        for x, y, k, j, c in zip(self.rel_a.tolist(), self.rel_b.tolist(), self.rel_kind.tolist(),
                                 jac.tolist(), con.tolist()):
            yield VerifiedPair(self.ids[x], self.ids[y], KIND_NAMES[k], j, c)


def _rank_within(group: np.ndarray, counted: np.ndarray | None = None) -> np.ndarray:
    """For rows sorted by group: how many earlier rows of the same group are counted."""
    counted = np.ones(len(group), dtype=bool) if counted is None else counted
    first = np.r_[True, group[1:] != group[:-1]]
    before = np.cumsum(counted) - counted
    return before - np.maximum.accumulate(np.where(first, before, 0))
