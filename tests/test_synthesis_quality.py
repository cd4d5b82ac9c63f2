"""ROUGE quality gate of the cited summary on subsets of the labelled data (bench/summary.py in small).

Floors sit just under the numbers measured on these subsets (bench/summary.py --limit prints them);
the full validation sets are in BENCHMARKS.md.
"""
from __future__ import annotations

import importlib.util

import pytest

from storyfold.synthesis import SynthesisSettings

from conftest import REPO, shared_path

pytestmark = pytest.mark.quality


def bench():
    spec = importlib.util.spec_from_file_location("bench_summary", REPO / "bench" / "summary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scores(stories, sentences, max_words):
    from rouge_score import rouge_scorer

    b = bench()
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"ours": [0.0, 0.0, 0.0], "lexrank": [0.0, 0.0, 0.0]}
    emitted = cited = 0
    for articles, reference in stories:
        text, count, good = b.ours(articles, sentences, max_words, SynthesisSettings())
        emitted, cited = emitted + count, cited + good
        for system, summary in (("ours", text), ("lexrank", b.lexrank(articles, sentences, max_words))):
            s = scorer.score(reference, summary)
            for k, key in enumerate(("rouge1", "rouge2", "rougeL")):
                totals[system][k] += s[key].fmeasure * 100 / len(stories)
    return totals, emitted, cited


def test_quality_neus_validation_subset_beats_lexrank_and_cites_everything():
    shared_path("data", "neus-allsides")
    stories = bench().load_neus("val")[:120]
    totals, emitted, cited = scores(stories, 3, None)
    ours, peer = totals["ours"], totals["lexrank"]
    assert emitted == cited == 3 * len(stories)
    assert ours[0] >= FLOORS["neus"][0] and ours[1] >= FLOORS["neus"][1] and ours[2] >= FLOORS["neus"][2], ours
    assert sum(ours) > sum(peer), (ours, peer)


def test_quality_multinews_subset_beats_lexrank_and_cites_everything():
    shared_path("data", "multinews-sample")
    stories = bench().load_multinews()[:40]
    totals, emitted, cited = scores(stories, None, 250)
    ours, peer = totals["ours"], totals["lexrank"]
    assert emitted == cited and emitted >= len(stories)
    assert ours[0] >= FLOORS["multinews"][0] and ours[1] >= FLOORS["multinews"][1] \
        and ours[2] >= FLOORS["multinews"][2], ours
    assert sum(ours) > sum(peer), (ours, peer)


# Measured: NeuS val[:120] 43.13/19.58/28.40 (LexRank 41.85/18.62/27.00); Multi-News [:40]
# 46.20/16.01/21.46 (LexRank 44.03/15.19/20.55).
FLOORS = {"neus": (42.6, 19.1, 27.9), "multinews": (45.7, 15.5, 20.9)}
