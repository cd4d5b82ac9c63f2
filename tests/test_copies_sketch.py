"""One-permutation MinHash, band keys and the bounded bucket rule for candidates."""
from __future__ import annotations

import numpy as np

from storyfold.copies import shingle_batch
from storyfold.copies.lsh import BucketTable, bucket_pairs, unique_pairs
from storyfold.copies.minhash import EMPTY, band_keys, estimate_jaccard, signatures, sketch
from storyfold.copies.shingles import ShingleBatch, U64


def batch_of(sets: list[np.ndarray]) -> ShingleBatch:
    """A ShingleBatch straight from hash sets (for exact control of the Jaccard)."""
    offsets = np.r_[0, np.cumsum([len(s) for s in sets])].astype(np.int64)
    hashes = np.concatenate(sets).astype(U64) if sets else np.zeros(0, dtype=U64)
    n = len(sets)
    return ShingleBatch(hashes, offsets, np.array([len(s) for s in sets]), np.zeros((n, 2), U64))


def random_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**63, n, dtype=np.int64).astype(U64) * U64(2) + U64(1)


def test_signatures_estimate_jaccard_within_sampling_error():
    rng = np.random.default_rng(7)
    shared, only_a, only_b = (random_hashes(rng, n) for n in (600, 200, 200))  # J = 0.6
    sig = signatures(batch_of([np.r_[shared, only_a], np.r_[shared, only_b]]), 1024)
    assert abs((sig[0] == sig[1]).mean() - 0.6) < 0.06


def test_signatures_densify_short_docs_and_leave_empty_docs_empty():
    rng = np.random.default_rng(1)
    one = random_hashes(rng, 1)
    sig = signatures(batch_of([one, one.copy(), np.zeros(0, dtype=U64)]), 64)
    assert (sig[0] != EMPTY).all() and len(set(sig[0].tolist())) == 1
    assert np.array_equal(sig[0], sig[1])
    assert (sig[2] == EMPTY).all()


def test_band_keys_equal_for_equal_docs_and_differ_otherwise():
    sig = signatures(shingle_batch(["a b c d e f g h i j"] * 2 + ["k l m n o p q r s t"]), 64)
    keys = band_keys(sig, 2)
    assert keys.shape == (3, 32)
    assert np.array_equal(keys[0], keys[1])
    assert (keys[0] != keys[2]).all()


def test_estimate_jaccard_of_sketches_is_one_for_equal_and_low_for_unrelated():
    rng = np.random.default_rng(3)
    sig = signatures(batch_of([random_hashes(rng, 500), random_hashes(rng, 500)]), 64)
    sk = sketch(sig)
    assert estimate_jaccard(sk[:1], sk[:1])[0] == 1.0
    assert estimate_jaccard(sk[:1], sk[1:])[0] < 0.1


def test_bucket_pairs_small_bucket_pairs_every_earlier_member():
    table = BucketTable()
    a, b = bucket_pairs(table, np.array([9, 9, 9, 4], dtype=np.uint32), np.arange(4), 8, 2)
    a, b, _ = unique_pairs(a, b)
    assert sorted(zip(a.tolist(), b.tolist())) == [(0, 1), (0, 2), (1, 2)]


def test_bucket_pairs_large_bucket_pairs_late_members_with_leaders_only():
    docs = np.arange(12)
    a, b, _ = unique_pairs(*bucket_pairs(BucketTable(), np.full(12, 5, dtype=np.uint32), docs, 4, 2))
    pairs = set(zip(a.tolist(), b.tolist()))
    assert {(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)} <= pairs
    assert all(x in (0, 1) for x, y in pairs if y >= 4)
    assert len(pairs) == 6 + 2 * 8


def test_bucket_pairs_in_batches_equal_one_batch():
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 6, 300).astype(np.uint32)
    docs = np.repeat(np.arange(100), 3)
    whole = set(zip(*[x.tolist() for x in unique_pairs(*bucket_pairs(BucketTable(), keys, docs, 5, 2))[:2]]))
    table, parts = BucketTable(), set()
    for lo in range(0, 300, 36):  # 12 docs (x 3 bands) at a time
        a, b = bucket_pairs(table, keys[lo:lo + 36], docs[lo:lo + 36], 5, 2)
        parts |= set(zip(a.tolist(), b.tolist()))
        table.add(keys[lo:lo + 36], docs[lo:lo + 36])
    assert parts == whole
    assert len(table) == 300 and len(table.segments) <= 5


def test_bucket_table_ranges_find_every_member_after_merges():
    table = BucketTable()
    for lo in range(0, 64, 8):
        table.add(np.arange(lo, lo + 8, dtype=np.uint32) % 4, np.arange(lo, lo + 8))
    found = []
    for (lo, hi), segment in zip(table.ranges(np.array([2], dtype=np.uint32)), table.segments):
        found += (segment[lo[0]:hi[0]] & U64(0xFFFFFFFF)).tolist()
    assert sorted(found) == list(range(2, 64, 4))


def test_bucket_table_ranges_at_the_edges_of_the_key_space():
    table = BucketTable()
    table.add(np.array([0, 0xFFFFFFFF, 0xFFFFFFFF, 7], dtype=np.uint32), np.arange(4))
    (lo, hi), = table.ranges(np.array([0, 0xFFFFFFFF, 8], dtype=np.uint32))
    assert (hi - lo).tolist() == [1, 2, 0]
