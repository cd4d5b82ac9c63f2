"""Quality gate on PolNeAR (real political news, gold Source/Cue/Content; ../shared/data/polnear).

The first 40 dev articles, scored as bench/quotes.py scores them (span overlap over the gold
attributions whose content is quoted). Floors sit just under the numbers measured on this subset.
"""
from __future__ import annotations

import importlib.util
import sys
import time

import pytest

from conftest import REPO, shared_path

ARTICLES = 40


def _bench():
    spec = importlib.util.spec_from_file_location("bench_quotes", REPO / "bench" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.mark.quality
def test_quotes_polnear_content_and_speaker_floors():
    shared_path("data", "polnear", "data", "dev")
    bench = _bench()
    docs = bench.load_split("dev", ARTICLES)
    from storyfold.entities import load_pipeline

    nlp = load_pipeline()
    start = time.perf_counter()
    system, _ = bench.run_ours(docs, nlp)
    elapsed = time.perf_counter() - start
    scores = bench.score(docs, system)
    assert scores["gold"] > 200
    assert scores["content_f1"] >= FLOORS["content_f1"], scores
    assert scores["speaker_f1"] >= FLOORS["speaker_f1"], scores
    assert scores["speaker_acc"] >= FLOORS["speaker_acc"], scores
    assert elapsed < 30


# measured 2026-11-30 on these 40 articles: content F1 0.969, speaker F1 0.868, speaker accuracy 0.887
FLOORS = {"content_f1": 0.96, "speaker_f1": 0.86, "speaker_acc": 0.88}
