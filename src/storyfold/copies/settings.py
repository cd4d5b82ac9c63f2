"""The settings of copy detection, each default with the reason it has that value.

Thresholds were chosen on the pooled article texts of ../shared/data (5,182 articles from
multinews-sample, neus-allsides, timeline17 and ecbplus; `python bench/copies.py --explore`
prints the table they were read from) and on seeds 000/001.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks import changed, check_fields
from ..errors import UsageError


@dataclass(frozen=True, slots=True)
class CopySettings:
    # near: Jaccard of the word 5-shingle sets at least this. Pairs at >= 0.8 in the pooled data
    # are one report with light edits (a caption, a sign-off, a re-worded paragraph); 0.8 is also
    # where a 10% edit of each side lands, and the benchmark's upper threshold.
    near_jaccard: float = 0.8
    # version: Jaccard at least this (and below near_jaccard). Seeds 000/001, an FT story and its
    # update, are at 0.40 (containment 0.61). In the pooled data, pairs from 0.3 up are ~85% one
    # story edited into another (updated wire copy, rewritten leads); from 0.2 to 0.3 about half
    # share only page furniture (CNN/BBC/WaPo navigation and comment notices).
    version_jaccard: float = 0.3
    # contained: at least this share of the smaller text's shingles lies in the larger one (and
    # the pair is not near). Real excerpts in the data sit at 0.93-1.0 (trimmed wire copy); 0.9
    # leaves room for a changed word or two every ~50 words.
    contained_containment: float = 0.9
    # contained and version need the smaller text to have this many shingles (~2 sentences):
    # shorter texts inside another are a shared phrase, a caption or a page notice (the pooled
    # data has 21-shingle "Tweet with a location" notices inside hundreds of articles).
    min_excerpt_shingles: int = 40
    # MinHash bins (one-permutation hashing, a power of two) and rows per LSH band: 32 bands of
    # 2 rows catch a pair with probability 1-(1-J^2)^32: 0.9999 at J=0.5, 0.997 at the seeds'
    # 0.40, 0.95 at version_jaccard 0.3. More rows per band cut false candidates but lose
    # versions; more bands cost 8 bytes per doc each.
    bins: int = 64
    band_rows: int = 2
    # A doc pairs with every earlier member of a bucket while the bucket has fewer than this many
    # members, and with its first `bucket_leaders` members after that, so a story copied 1,000
    # times costs O(1) pairs per copy. In the pooled real data 3 of 163,000 buckets exceed 8
    # members and recall stays 1.0 down to max_bucket=4.
    max_bucket: int = 8
    bucket_leaders: int = 2
    # At most this many candidates per new doc are verified, best sketch estimate first (each
    # costs a text fetch when the partner is no longer at hand). In the pooled real data 92% of
    # docs have 1-2 candidates and recall is 1.0 at 4; on 100k constructed docs (families of ~20
    # copies) 4 instead of 8 cuts the cost per doc from ~380 to ~240 us.
    max_candidates: int = 4
    # Of candidates whose sketch says near-identical (estimate >= 0.9), verify the best this many:
    # in a family of wire copies each new copy then costs O(1) verifications however large the
    # family, and it still joins the family's group (which is verified against its origin).
    max_twins: int = 2
    # Candidates whose 64-bin sketch estimates Jaccard below this (and containment below
    # 0.5) are dropped unverified: a pair at J = 0.3 is estimated below 0.12 with p < 0.001.
    min_estimate: float = 0.12
    # Shingle sets of partners fetched through texts_of are kept (least recently used out) up to
    # this many bytes: bucket leaders are the partners of every later copy of their story, so
    # keeping them saves most re-reads of a large store; ~5 KB per kept article.
    partner_cache_bytes: int = 64 << 20
    # Texts are shingled in chunks of about this many bytes: small chunks stay in CPU cache
    # (30% faster than 1 MB chunks) and keep peak memory flat however large the batch.
    chunk_bytes: int = 1 << 17

    def __post_init__(self) -> None:
        check_fields(self, "copy",
                     fractions=("near_jaccard", "version_jaccard", "contained_containment", "min_estimate"),
                     whole=("min_excerpt_shingles", "band_rows", "max_bucket", "bucket_leaders",
                            "max_candidates", "max_twins", "chunk_bytes", "partner_cache_bytes"))
        if not isinstance(self.bins, int) or self.bins < 2 or self.bins & (self.bins - 1):
            raise UsageError(f"copy setting bins must be a power of two >= 2, got {self.bins!r}",
                             hint="e.g. bins=64")
        if self.bins % self.band_rows:
            raise UsageError(f"copy setting band_rows ({self.band_rows}) must divide bins "
                             f"({self.bins})", hint="e.g. bins=64, band_rows=2")
        if self.version_jaccard > self.near_jaccard:
            raise UsageError("copy setting version_jaccard must not exceed near_jaccard",
                             hint="e.g. version_jaccard=0.3, near_jaccard=0.8")
        if self.bucket_leaders > self.max_bucket:
            raise UsageError("copy setting bucket_leaders must not exceed max_bucket",
                             hint="e.g. max_bucket=8, bucket_leaders=2")

    @property
    def bands(self) -> int:
        return self.bins // self.band_rows

    def with_(self, **changes: Any) -> "CopySettings":
        """A copy with some fields changed; unknown names raise with the list of valid ones."""
        return changed(self, "copy", changes)


DEFAULT_COPY_SETTINGS = CopySettings()
