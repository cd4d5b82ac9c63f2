"""Quality gates on labelled data (../shared/data): B-cubed F1 of the default online clustering.

Floors sit just under what `python bench/stories.py` measured with the defaults on the stream of
seed 0 (ECB+ 0.940, Multi-News 0.846); the random-order batching floor sits under its measured
0.959 (Multi-News). The NeuS/AllSides crawl is held out (no setting was chosen on it): its floor
guards the dated stream (0.815 measured), the case that set is closest to. Data are read where they lie, never copied into the repo.
"""
from __future__ import annotations

import random
import sys

import pytest

from conftest import REPO, shared_path
from storyfold.stories import StoryDoc, cluster_stories

sys.path.insert(0, str(REPO / "bench"))
from labelled import bcubed, ecb_documents, multinews_documents, neus_documents  # noqa: E402

pytestmark = pytest.mark.quality


def _ecb() -> list[tuple[str, str, str]]:
    return ecb_documents(shared_path("data", "ecbplus", "ECB+_LREC2014", "ECB+"))


def _multinews() -> list[tuple[str, str, str]]:
    return multinews_documents(shared_path("data", "multinews-sample", "sample_validation.csv"))


def _stream(docs: list, seed: int = 0) -> list:
    docs = list(docs)
    random.Random(seed).shuffle(docs)
    return docs


def _score(docs: list) -> tuple[float, float, float]:
    run = cluster_stories([StoryDoc(i, t) for i, t, _ in docs])
    return bcubed([a.story for a in run.assignments], [g for *_, g in docs])


def test_stories_quality_ecbplus_two_events_per_topic():
    docs = _stream(_ecb())
    assert len(docs) == 535
    p, r, f = _score(docs)
    assert f >= 0.93, (p, r, f)


def test_stories_quality_multinews_stream():
    docs = _stream(_multinews())
    p, r, f = _score(docs)
    assert f >= 0.84, (p, r, f)


def test_stories_quality_random_order_batches_agree_with_one_pass():
    items = [StoryDoc(i, t) for i, t, _ in _stream(_multinews())]
    one = cluster_stories(items).story_of
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)
    state = None
    size = -(-len(items) // 5)
    for start in range(0, len(items), size):
        state = cluster_stories(shuffled[start:start + size], state).state
    batched = cluster_stories([], state).story_of
    ids = list(one)
    assert bcubed([batched[i] for i in ids], [one[i] for i in ids])[2] >= 0.95


def test_stories_quality_held_out_allsides_in_date_order():
    docs = neus_documents(shared_path("data", "neus-allsides", "data", "raw_crawled",
                                      "headline_11_2021-10-19_crawled_all.jsonl"))
    order = sorted(_stream(docs), key=lambda doc: doc[4])  # the AllSides story's date
    run = cluster_stories([StoryDoc(i, text, title, date) for i, text, _, title, date in order])
    p, r, f = bcubed([a.story for a in run.assignments], [doc[2] for doc in order])
    assert f >= 0.80, (p, r, f)
