"""LSH buckets as sorted numpy segments, and the rule that turns shared buckets into candidate pairs.

Every (band key, doc) entry is one uint64 `key << 32 | doc`; a segment is a sorted array of them,
so the docs of a bucket sit together in insertion order. Segments are merged geometrically (an
LSM tree): adding is amortised O(log n) per entry and lookups are binary searches, with 8 bytes
per entry and no Python object per doc.

Candidate rule (monotone in insertion order, so adding batch by batch equals adding all at once
in the same order): a doc at position p of a bucket pairs with the earlier members at positions
< p while p < max_bucket, and only with the first `leaders` members after that. A bucket of a
wire story copied a thousand times therefore costs O(leaders) pairs per copy, not O(n).
"""
from __future__ import annotations

import numpy as np

from .shingles import U64

_LOW32 = U64(0xFFFFFFFF)


def _compose(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    return (keys.astype(U64) << U64(32)) | docs.astype(U64)


class BucketTable:
    """Append-only multimap band key -> doc, stored as sorted uint64 segments (oldest first)."""

    def __init__(self) -> None:
        self.segments: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(len(s) for s in self.segments)

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.segments)

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Insert entries whose docs are all newer than every doc already in the table."""
        if len(keys) == 0:
            return
        self.segments.append(np.sort(_compose(keys, docs)))
        # Merge while the newest segment is at least half its elder: O(log n) segments.
        while len(self.segments) > 1 and 2 * len(self.segments[-1]) >= len(self.segments[-2]):
            newest = self.segments.pop()
            self.segments[-1] = np.sort(np.concatenate([self.segments[-1], newest]))

    def drop_from(self, doc: int) -> None:
        """Remove the entries of docs >= doc (to undo a failed add); order is kept."""
        kept = [s[(s & _LOW32) < U64(doc)] for s in self.segments]
        self.segments = [s for s in kept if len(s)]

    def entries(self) -> np.ndarray:
        """All entries sorted (for serialising to rows)."""
        if not self.segments:
            return np.zeros(0, dtype=U64)
        return np.sort(np.concatenate(self.segments))

    def ranges(self, keys: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per segment, the [lo, hi) range of each key's bucket."""
        low = keys.astype(U64) << U64(32)
        bounds = np.concatenate([low, low + U64(1 << 32)])  # key + 1 starts past the bucket
        last = keys == np.uint32(0xFFFFFFFF)  # its key + 1 wraps around: the bucket ends the segment
        found = [np.searchsorted(s, bounds) for s in self.segments]
        return [(f[:len(keys)], np.where(last, len(s), f[len(keys):])) for f, s in zip(found, self.segments)]


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts c_i, the pairs (i, t) for t in range(c_i), as two flat arrays."""
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner), dtype=np.int64) - starts[owner]


def bucket_pairs(table: BucketTable, keys: np.ndarray, docs: np.ndarray, max_bucket: int,
                 leaders: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (earlier, later) of new entries against the table and each other.

    keys, docs: one entry per (doc, band); docs are new, newer than the table, and ordered by
    insertion within equal keys once sorted. Pairs may repeat (one per shared band).
    """
    if len(keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    comp = np.sort(_compose(keys, docs))
    skeys = (comp >> U64(32)).astype(np.uint32)
    sdocs = (comp & _LOW32).astype(np.int64)
    first = np.empty(len(comp), dtype=bool)
    first[0] = True
    np.not_equal(skeys[1:], skeys[:-1], out=first[1:])
    run = np.cumsum(first) - 1
    run_start = np.flatnonzero(first)
    q = np.arange(len(comp), dtype=np.int64) - run_start[run]
    ranges = table.ranges(skeys[run_start])
    old_count = np.zeros(len(run_start), dtype=np.int64)
    for lo, hi in ranges:
        old_count += hi - lo
    c_old = old_count[run]
    position = c_old + q
    limit = np.where(position < max_bucket, position, np.minimum(position, leaders))
    later, earlier = [], []
    # Earlier members already in the table: positions [0, min(limit, c_old)), oldest segment first.
    owner, t = _expand(np.minimum(limit, c_old))
    if len(owner):
        r = run[owner]
        found = np.full(len(owner), -1, dtype=np.int64)
        base = np.zeros(len(owner), dtype=np.int64)
        for segment, (lo, hi) in zip(table.segments, ranges):
            size = (hi - lo)[r]
            here = (t >= base) & (t < base + size)
            found[here] = (segment[lo[r[here]] + (t[here] - base[here])] & _LOW32).astype(np.int64)
            base += size
        later.append(sdocs[owner])
        earlier.append(found)
    # Earlier members from this batch: bucket positions c_old .. limit - 1 before this one.
    owner, t = _expand(np.clip(np.minimum(q, limit - c_old), 0, None))
    if len(owner):
        later.append(sdocs[owner])
        earlier.append(sdocs[run_start[run[owner]] + t])
    if not later:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a, b = np.concatenate(earlier), np.concatenate(later)
    keep = a != b
    return a[keep], b[keep]


def unique_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (a, b) pairs sorted by (b, a), with how many times each occurred (shared bands)."""
    if len(a) == 0:
        return a, b, np.zeros(0, dtype=np.int64)
    code = np.sort((b.astype(U64) << U64(32)) | a.astype(U64))
    first = np.empty(len(code), dtype=bool)
    first[0] = True
    np.not_equal(code[1:], code[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(code)))
    code = code[starts]
    return (code & _LOW32).astype(np.int64), (code >> U64(32)).astype(np.int64), counts
