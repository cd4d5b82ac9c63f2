"""The story state kept as rows (store schema v4): an add reads and writes only what its articles
touch, gives exactly what one in-memory pass gives, and a v3 state document is carried over."""
from __future__ import annotations

import json
import random
import sqlite3

from storyfold.store import Store, schema
from storyfold.stories import StoryDoc, StoryIndex, StorySettings, cluster_stories, stories_of

_KINDS = ["earthquake", "election", "summit", "strike", "flood", "trial", "merger", "festival"]
_FILLER = ("officials residents reported said local morning statement emergency crews national "
           "council government police hospital workers community").split()


def _corpus(events: int, per_event: int, seed: int) -> list[StoryDoc]:
    """Invented reports: each event has its own people, place and figures, events of one kind
    share their words. Dated, a few reports per event over two days."""
    rng = random.Random(seed)
    docs = []
    for event in range(events):
        kind = _KINDS[event % len(_KINDS)]
        people = [f"{rng.choice('BCDFGHKLMNPRST')}{rng.choice('aeiou')}{rng.choice('lmnrst')}"
                  f"{rng.choice('aeiou')}{rng.choice('kdnrs')} {rng.choice('BCDFGHKLMNPRST')}"
                  f"{rng.choice('aeiou')}{rng.choice('lmnrst')}{rng.choice('aeiou')}n" for _ in range(3)]
        place = f"{rng.choice('BCDFGHKLMNPRST')}{rng.choice('aeiou')}rrow{event}"
        figure = rng.randrange(10, 999)
        day = 1 + event // 3
        for k in range(per_event):
            sentences = [f"The {kind} in {place} left {figure} people affected, {rng.choice(people)} said.",
                         f"{rng.choice(people)} told reporters the {kind} was the worst in years.",
                         " ".join(rng.sample(_FILLER, 6)) + ".",
                         f"In {place}, {rng.choice(people)} and {rng.choice(people)} met {kind} victims."]
            rng.shuffle(sentences)
            docs.append(StoryDoc(f"e{event}-{k}", " ".join(sentences), None,
                                 f"2025-03-{day + (k % 2):02d}T{8 + k:02d}:00:00Z"))
    rng.shuffle(docs)
    return docs


def _listed(stories) -> list[dict]:
    """Stories as dicts, each one's articles sorted (the store lists them in the order stored)."""
    return [{**s.to_dict(), "articles": sorted(s.articles)} for s in stories]


def _in_batches(store: Store, docs: list[StoryDoc], batches: int,
                settings: StorySettings | None = None) -> None:
    size = -(-len(docs) // batches)
    for start in range(0, len(docs), size):
        meta = store.story_meta()
        index = (StoryIndex(settings or StorySettings()) if meta is None
                 else StoryIndex.backed(meta, store, store.story_merges()))
        index.add(docs[start:start + size])
        store.save_story_changes(index.changes())


def test_stories_rows_splits_through_the_store_equal_one_pass_in_memory():
    # A loose join threshold fuses events of one kind, so stories get split.
    settings = StorySettings(join_threshold=0.05)
    docs = sorted(_corpus(events=40, per_event=6, seed=4), key=lambda d: d.published)
    one = cluster_stories(docs, settings=settings)
    assert any(story.get("split_from") for story in one.state["stories"].values())
    with Store.temporary() as store:
        _in_batches(store, docs, 5, settings)
        assert store.story_assignments() == one.story_of
        assert store.story_rows(list(one.state["stories"])) == one.state["stories"]
        assert store.story_recent_members(list(one.state["members"])) == one.state["members"]


def test_stories_rows_batches_through_the_store_equal_one_pass_in_memory():
    docs = _corpus(events=40, per_event=5, seed=3)
    one = cluster_stories(docs)
    with Store.temporary() as store:
        # One batch: the store's first clustering writes everything.
        _in_batches(store, docs, 1)
        assert store.story_assignments() == one.story_of
    ordered = sorted(docs, key=lambda d: d.published)
    one = cluster_stories(ordered)
    with Store.temporary() as store:
        _in_batches(store, ordered, 5)
        assert store.story_assignments() == one.story_of
        stored = store.story_rows(list(one.state["stories"]))
        assert stored == one.state["stories"]  # centroids, norms, headlines: the same to the bit
        assert store.story_df(list(one.state["df"])) == one.state["df"]
        assert store.story_postings(list(one.state["postings"])) == one.state["postings"]
        assert store.story_merges() == one.state["merged_into"]
        readers = store.story_state()
        assert _listed(stories_of(readers)) == _listed(one.stories)
    assert len(set(one.story_of.values())) >= 30  # the corpus has 40 events: most stay apart


def _counted(kind: str, method: str):
    """A StateSource method that counts the keys asked of it, then asks the store."""
    def read(self, keys):
        self.asked[kind] += len(keys)
        return getattr(self.store, method)(keys)
    return read


class _Counting:
    """A StateSource that counts the keys asked of the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.asked = {"df": 0, "rows": 0, "postings": 0, "articles": 0, "members": 0}

    story_df = _counted("df", "story_df")
    story_rows = _counted("rows", "story_rows")
    story_postings = _counted("postings", "story_postings")
    story_recent_members = _counted("members", "story_recent_members")
    story_of_articles = _counted("articles", "story_of_articles")


def test_stories_rows_one_article_reads_a_bounded_part_of_the_state_whatever_its_size():
    asked = []
    for events in (30, 120):
        docs = _corpus(events=events, per_event=4, seed=5)
        newcomer, earlier = docs[0], docs[1:]
        with Store.temporary() as store:
            _in_batches(store, earlier, 1)
            source = _Counting(store)
            index = StoryIndex.backed(store.story_meta(), source, store.story_merges())
            index.add([newcomer])
            store.save_story_changes(index.changes())
            assert newcomer.id in store.story_assignments()
        settings = index.settings
        assert source.asked["rows"] <= settings.max_candidates + 2
        terms = len(index._counts(newcomer))  # what the newcomer's features are
        assert source.asked["df"] <= terms
        assert source.asked["postings"] <= terms + settings.story_index_terms
        assert source.asked["articles"] == 1
        asked.append(sum(source.asked.values()))
    # Four times the stored stories, about the same reads (the newcomer's own terms set them).
    assert asked[1] <= asked[0] * 1.5


def test_stories_rows_v3_state_document_is_moved_into_rows(tmp_path, monkeypatch):
    docs = sorted(_corpus(events=6, per_event=3, seed=9), key=lambda d: d.published)
    run = cluster_stories(docs[:12])
    path = tmp_path / "v3.sqlite"
    with monkeypatch.context() as patched:
        patched.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])  # as written by storyfold 0.2
        with Store.open(path):
            pass
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO story_state (id, state) VALUES (1, ?)", (json.dumps(run.state),))
        conn.executemany("INSERT INTO story_articles (article_id, story) VALUES (?, ?)",
                         run.story_of.items())
        conn.executemany("INSERT INTO story_merges (story, merged_into) VALUES (?, ?)",
                         run.state["merged_into"].items())
    conn.close()
    with Store.open(path) as store:  # migrates to v4
        tables = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "story_state" not in tables and "story_rows" in tables
        assert store.story_rows(list(run.state["stories"])) == run.state["stories"]
        assert _listed(stories_of(store.story_state())) == _listed(run.stories)
        # And it carries on exactly as the in-memory state would.
        _in_batches(store, docs[12:], 1)
        assert store.story_assignments() == cluster_stories(docs[12:], run.state).story_of
