"""Feature counting in worker processes: the same stories as counting in-process, in memory and
through the store, and a clear message for a bad `workers`."""
from __future__ import annotations

import os

import pytest

from test_stories_rows import _corpus
from storyfold.errors import UsageError
from storyfold.store import Store
from storyfold.stories import StoryDoc, StoryIndex, StorySettings
from storyfold.stories import index as story_index


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch):
    # Whatever threads earlier tests left (a tqdm monitor) run nothing in these tests' forks.
    monkeypatch.setattr(story_index.threading, "active_count", lambda: 1)


def _run(docs: list[StoryDoc], workers: int) -> tuple[list, dict]:
    index = StoryIndex(StorySettings())
    out = index.add(docs, workers=workers)
    return [(a.article, a.story, a.how, a.similarity) for a in out], index.to_state()


def test_stories_workers_give_the_stories_counting_in_process_gives():
    docs = _corpus(events=30, per_event=5, seed=11)
    # A repeated id and a copy: neither is counted, and the stream of counts stays in step.
    docs.insert(20, docs[3])
    copy = StoryDoc("copy-of-" + docs[0].id, docs[0].text, None, docs[0].published)
    docs.append(copy)
    copy_of = {copy.id: docs[0].id}
    alone = StoryIndex(StorySettings())
    expected = [(a.article, a.story, a.how) for a in alone.add(docs, copy_of, workers=0)]
    helped = StoryIndex(StorySettings())
    got = [(a.article, a.story, a.how) for a in helped.add(docs, copy_of, workers=2)]
    assert got == expected
    assert helped.to_state() == alone.to_state()
    assert _run(docs[:40], 1) == _run(docs[:40], 0)


def test_stories_workers_through_the_store_give_the_same_stories(monkeypatch):
    docs = sorted(_corpus(events=30, per_event=4, seed=12), key=lambda d: d.published)
    states, pools = [], []
    stream_counts = story_index._stream_counts
    monkeypatch.setattr(story_index, "_stream_counts",
                        lambda jobs, workers: pools.append(workers) or stream_counts(jobs, workers))
    monkeypatch.setattr(story_index, "_default_workers", lambda waiting: 2)  # whatever the cores
    for parallel_min in (10**9, 1):  # never, then always in workers
        monkeypatch.setattr(story_index, "PARALLEL_MIN", parallel_min)
        with Store.temporary() as store:
            for start in range(0, len(docs), 40):
                meta = store.story_meta()
                index = (StoryIndex(StorySettings()) if meta is None
                         else StoryIndex.backed(meta, store, store.story_merges()))
                index.add(docs[start:start + 40])
                store.save_story_changes(index.changes())
            states.append((store.story_assignments(), store.story_state()))
    assert states[0] == states[1]
    assert len(pools) == 3  # the second run's three batches each had workers


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_stories_workers_must_be_a_whole_number(bad):
    with pytest.raises(UsageError, match="workers"):
        StoryIndex().add([StoryDoc("a", "text")], workers=bad)


def _worker_dies(job):
    os._exit(1)  # as a worker killed for memory would


def test_stories_workers_a_dead_worker_leaves_the_rest_to_this_process(monkeypatch):
    docs = _corpus(events=20, per_event=4, seed=13)
    expected = _run(docs, 0)
    monkeypatch.setattr(story_index, "article_counts_of", _worker_dies)
    assert _run(docs, 1) == expected
