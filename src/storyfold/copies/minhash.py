"""MinHash signatures by one-permutation hashing (OPH) with optimal densification, and LSH band keys.

Each shingle hash is used once: its top bits choose one of `bins` bins and its low 32 bits are its
value; a doc's signature is the minimum value per bin (one numpy `minimum.at` over the batch).
For two docs, P(bin values equal) ~= Jaccard, like `bins` independent permutations at a fraction
of the cost (Li, Owen & Zhang 2012). Bins left empty by short docs borrow the value of another bin
chosen by a fixed probe sequence (Shrivastava 2017), so that equal docs stay equal.
"""
from __future__ import annotations

import numpy as np

from .shingles import U64, ShingleBatch, fmix64

EMPTY = np.uint32(0xFFFFFFFF)
_BAND_MIX = U64(0x9E3779B97F4A7C15)


def signatures(batch: ShingleBatch, bins: int) -> np.ndarray:
    """(n, bins) uint32 OPH signatures; a doc without shingles keeps EMPTY in every bin."""
    n = len(batch)
    bits = bins.bit_length() - 1
    sig = np.full(n * bins, EMPTY, dtype=np.uint32)
    if len(batch.hashes):
        counts = np.diff(batch.offsets)
        slot = np.repeat(np.arange(n, dtype=np.int64) * bins, counts)
        slot += (batch.hashes >> U64(64 - bits)).astype(np.int64)
        np.minimum.at(sig, slot, batch.hashes.astype(np.uint32))
    sig = sig.reshape(n, bins)
    _densify(sig)
    return sig


def _densify(sig: np.ndarray) -> None:
    """Fill each empty bin of a non-empty doc with the next filled bin to its right (circular).

    Rotation densification (Shrivastava & Li 2014): deterministic per bin, so equal docs stay
    equal and similar docs still agree on most bins; one vectorised pass, no probe loop.
    """
    bins = sig.shape[1]
    empty = sig == EMPTY
    partial = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(partial) == 0:
        return
    columns = np.arange(2 * bins)
    position = np.where(np.tile(empty[partial], 2), 4 * bins, columns)
    following = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :bins] % bins
    sig[partial] = np.take_along_axis(sig[partial], following, axis=1)


def band_keys(sig: np.ndarray, rows: int) -> np.ndarray:
    """(n, bins // rows) uint32 LSH keys: a hash of each band of `rows` consecutive bins.

    32-bit keys halve the index; a chance collision only adds a candidate that the sketch
    filter and exact verification then discard.
    """
    n, bins = sig.shape
    bands = bins // rows
    parts = sig[:, :bands * rows].reshape(n, bands, rows).astype(U64)
    key = parts[:, :, 0] + np.arange(bands, dtype=U64) * _BAND_MIX
    for j in range(1, rows):
        key = fmix64(key) ^ parts[:, :, j]
    return (fmix64(key) >> U64(32)).astype(np.uint32)


def digest(sig: np.ndarray) -> np.ndarray:
    """A 64-bit digest of each signature row (equal texts have equal signatures)."""
    cells = sig.astype(U64) * U64(0x9E3779B97F4A7C15) + np.arange(sig.shape[1], dtype=U64)
    return np.bitwise_xor.reduce(fmix64(cells), axis=1)


def sketch(sig: np.ndarray) -> np.ndarray:
    """The low byte of each bin (b-bit MinHash): 64 bytes per doc to estimate Jaccard cheaply."""
    return (sig & np.uint32(0xFF)).astype(np.uint8)


def estimate_jaccard(sk_a: np.ndarray, sk_b: np.ndarray) -> np.ndarray:
    """Jaccard estimates of row pairs from 8-bit sketches (corrects the 1/256 chance matches)."""
    equal = (sk_a == sk_b).mean(axis=1)
    return np.clip((equal - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)
