"""Exact verification of candidate pairs (Jaccard and containment of the shingle sets) and kinds.

Nothing is reported on a MinHash estimate: every pair is measured on the full sets here.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .settings import CopySettings

NONE, EXACT, NEAR, CONTAINED, VERSION = 0, 1, 2, 3, 4
# Index = kind code; a group's kind is its loosest member relation (highest code).
KIND_NAMES = ("none", "exact", "near", "contained", "version")


def intersection_size(a: np.ndarray, b: np.ndarray) -> int:
    """|a & b| for sorted arrays without repeats (binary search of the smaller in the larger)."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == 0:
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


def overlap_sizes(a: np.ndarray, b: np.ndarray, sets: Mapping[int, np.ndarray]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(|A & B|, |A|, |B|) for each pair of doc indices, from their shingle sets."""
    inter = np.fromiter((intersection_size(sets[x], sets[y]) for x, y in zip(a.tolist(), b.tolist())),
                        dtype=np.int64, count=len(a))
    size_a = np.fromiter((len(sets[x]) for x in a.tolist()), dtype=np.int64, count=len(a))
    size_b = np.fromiter((len(sets[y]) for y in b.tolist()), dtype=np.int64, count=len(b))
    return inter, size_a, size_b


def similarities(inter: np.ndarray, size_a: np.ndarray, size_b: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Jaccard and containment of the smaller set, exactly (0 when a set is empty)."""
    union = size_a + size_b - inter
    smaller = np.minimum(size_a, size_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        containment = np.where(smaller > 0, inter / np.maximum(smaller, 1), 0.0)
    return jaccard, containment


def classify(jaccard: np.ndarray, containment: np.ndarray, smaller: np.ndarray,
             same_text: np.ndarray, settings: CopySettings) -> np.ndarray:
    """Kind code per pair: exact, near, contained, version or none (CONTRACT `storyfold copies`)."""
    long_enough = smaller >= settings.min_excerpt_shingles
    kinds = np.full(len(jaccard), NONE, dtype=np.uint8)
    kinds[long_enough & (jaccard >= settings.version_jaccard)] = VERSION
    kinds[long_enough & (containment >= settings.contained_containment)] = CONTAINED
    kinds[jaccard >= settings.near_jaccard] = NEAR
    kinds[same_text] = EXACT
    return kinds
