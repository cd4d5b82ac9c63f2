"""Copies and origins: exact copies, near-copies, versions and excerpts, as independent reports.

The pipeline, each step a pure function over a batch (no I/O), so any engine can run it:
  shingles.shingle_batch   texts -> word 5-shingle hashes (one 64-bit hash each) + exact digests
  minhash.signatures       shingle hashes -> one-permutation MinHash signatures
  minhash.band_keys        signatures -> LSH band keys
  lsh.bucket_pairs         band keys -> candidate pairs (bounded per bucket)
  verify.classify          exact Jaccard/containment of each candidate -> kind
  origins.assemble         verified relations -> groups with verified origins
`CopyIndex` strings them together incrementally; `find_copies` runs them from scratch.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .index import (CopyDoc, CopyIndex, CopyResult, DocRow, IndexRows, RelationRow, VerifiedPair,
                    published_key)
from .origins import CopyGroup, CopyLink, components
from .sets import TextsOf
from .settings import DEFAULT_COPY_SETTINGS, CopySettings
from .shingles import ShingleBatch, normalise, shingle_batch
from .verify import KIND_NAMES

__all__ = [
    "CopyDoc", "CopyGroup", "CopyIndex", "CopyLink", "CopyResult", "CopySettings",
    "DEFAULT_COPY_SETTINGS", "DocRow", "IndexRows", "KIND_NAMES", "RelationRow", "ShingleBatch",
    "TextsOf", "VerifiedPair", "components", "find_copies", "normalise", "published_key",
    "shingle_batch",
]


def find_copies(docs: Iterable[CopyDoc | Sequence[Any]],
                settings: CopySettings = DEFAULT_COPY_SETTINGS) -> CopyResult:
    """Copy groups of a batch of articles (id, text, published) from scratch.

    The result does not depend on the order of `docs` (they are indexed by publication date, then
    id); a repeated id with another text comes back as a `duplicate_id` rejection.
    """
    items = list(docs)
    index = CopyIndex(settings)
    rejections = index.add(items)
    texts = {}
    for item in items:
        doc = item if isinstance(item, CopyDoc) else CopyDoc(*item)
        texts.setdefault(doc.id, doc.text)
    result = index.result(lambda ids: [texts[i] for i in ids])
    return CopyResult(result.groups, result.copy_of, result.links, rejections)
