"""The SQLite store: round-trip, idempotent add, atomic transactions, and errors that say what to do."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from storyfold.errors import NotFoundError, StoreError
from storyfold.model import Article, Rejection
from storyfold.store import Store


def make_article(i: int, **fields) -> Article:
    values = {"id": f"{i:016x}", "source": f"in/{i}.txt", "text": f"Body of article {i}.\nSecond line."}
    return Article(**(values | fields))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "store.sqlite") as opened:
        yield opened


def test_store_round_trips_every_field(tmp_path):
    article = Article(id="a1b2c3d4e5f60718", source="feeds/x.jsonl", text="Ünïcode text\n“quoted” — dash",
                      fmt="json", title="A title", url="https://example.com/a", published="2025-03-02T10:00:00Z",
                      outlet="example.com", language="en", author="A. Writer", line=7,
                      removed=["© Photo/Agency", "Sign up to our newsletter"])
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store, store.transaction():
        batch = store.begin_batch([path.parent / "feeds"])
        assert store.add_articles([article], batch) == [article.id]
        store.finish_batch(batch, {"added": 1})
    with Store.open(path, create=False) as store:
        assert store.article(article.id) == article
        assert list(store.articles()) == [article]
        assert store.has_article(article.id) and not store.has_article("0" * 16)
        assert store.article_count() == 1
        [batch] = store.batches()
        assert batch.inputs == [str(path.parent / "feeds")] and batch.counts == {"added": 1}
        assert batch.finished_at is not None and batch.started_at <= batch.finished_at


def test_store_add_articles_is_idempotent(store):
    first = store.add_articles([make_article(i) for i in range(3)], store.begin_batch(["a"]))
    again = store.add_articles([make_article(i) for i in range(5)], store.begin_batch(["a", "b"]))
    assert first == [f"{i:016x}" for i in range(3)]
    assert again == [f"{i:016x}" for i in range(3, 5)]
    assert store.article_count() == 5


def test_store_add_articles_keeps_first_of_duplicate_ids_in_one_call(store):
    ids = store.add_articles([make_article(1, text="first"), make_article(1, text="second")], 1)
    assert ids == [f"{1:016x}"] and store.article(f"{1:016x}").text == "first"


@given(st.lists(st.lists(st.integers(0, 40), max_size=30), max_size=5))
@hsettings(max_examples=40, deadline=None)
def test_store_add_articles_returns_exactly_the_new_ids_in_input_order(batches):
    with Store.temporary() as store:
        seen: list[int] = []
        for number, batch in enumerate(batches, start=1):
            expected = []
            for i in batch:
                if i not in seen:
                    seen.append(i)
                    expected.append(f"{i:016x}")
            assert store.add_articles([make_article(i) for i in batch], number) == expected
        assert [a.id for a in store.articles()] == [f"{i:016x}" for i in seen]


def test_store_articles_stream_in_insertion_order_or_by_id(store):
    order = [5, 1, 900, 3] + list(range(1000, 1600))  # more than one fetch
    store.add_articles([make_article(i) for i in order], 1)
    assert [a.id for a in store.articles()] == [f"{i:016x}" for i in order]
    assert [a.id for a in store.articles(order="id")] == sorted(f"{i:016x}" for i in order)
    with pytest.raises(StoreError, match="unknown article order 'date'"):
        store.articles(order="date")


def test_store_transaction_rolls_back_on_exception(store):
    store.add_articles([make_article(0)], store.begin_batch(["kept"]))
    with pytest.raises(RuntimeError, match="boom"):
        with store.transaction():
            batch = store.begin_batch(["lost"])
            store.add_articles([make_article(i) for i in range(1, 1200)], batch)
            store.add_rejections([Rejection("bad.txt", "empty", "the input has no content")], batch)
            store.update_article_text(f"{0:016x}", "changed", ["x"])
            raise RuntimeError("boom")
    assert [a.id for a in store.articles()] == [f"{0:016x}"]
    assert store.article(f"{0:016x}").text == make_article(0).text
    assert [b.inputs for b in store.batches()] == [["kept"]]
    assert list(store.rejections()) == []
    # The store is usable again after the rollback.
    with store.transaction():
        assert store.add_articles([make_article(1)], 2) == [f"{1:016x}"]


def test_store_transaction_does_not_nest(store):
    with store.transaction():
        with pytest.raises(StoreError, match="do not nest") as caught:
            with store.transaction():
                pass
        assert "remove the inner one" in str(caught.value)
        store.add_articles([make_article(1)], 1)
    assert store.article_count() == 1 and not store.in_transaction


def test_store_write_outside_transaction_commits_on_its_own(tmp_path):
    path = tmp_path / "s.sqlite"
    store = Store.open(path)
    store.add_articles([make_article(1)], store.begin_batch(["x"]))
    with Store.open(path) as other:  # a second connection sees it: it was committed
        assert other.has_article(f"{1:016x}")
    store.close()


def test_store_rejections_are_recorded_once(store):
    rejections = [Rejection("feed.jsonl", "malformed_json", "line 3 is not JSON", 3),
                  Rejection("empty.txt", "empty", "the input has no content"),
                  Rejection("feed.jsonl", "missing_text", "no text field", 3)]
    assert store.add_rejections(rejections, 1) == 3
    assert store.add_rejections(rejections + [Rejection("b.png", "binary", "an image")], 2) == 1
    assert list(store.rejections()) == rejections + [Rejection("b.png", "binary", "an image")]


def test_store_update_article_text_replaces_text_and_removed(store):
    store.add_articles([make_article(1)], 1)
    store.update_article_text(f"{1:016x}", "Body only.", ["Your guide to the week"])
    article = store.article(f"{1:016x}")
    assert (article.text, article.removed) == ("Body only.", ["Your guide to the week"])
    with pytest.raises(NotFoundError):
        store.update_article_text("ffffffffffffffff", "x", [])


def test_store_finish_batch_unknown_batch_raises(store):
    with pytest.raises(StoreError, match="no batch 42"):
        store.finish_batch(42, {})


def test_store_article_not_found_suggests_near_ids(store):
    store.add_articles([make_article(0xABCDEF12, id="abcdef1234567890"), make_article(2)], 1)
    with pytest.raises(NotFoundError) as cut_off:
        store.article("abcdef12")
    assert "did you mean abcdef1234567890?" in str(cut_off.value)
    with pytest.raises(NotFoundError) as mistyped:
        store.article("ABCDEF1234567899")
    assert "abcdef1234567890" in str(mistyped.value)
    with pytest.raises(NotFoundError) as far:
        store.article("zzzz")
    assert "did you mean" not in str(far.value) and "storyfold stories --db" in str(far.value)


def test_store_meta_round_trips(store):
    assert store.meta("clusterer") is None and store.meta("clusterer", "none") == "none"
    store.set_meta("clusterer", "v1")
    store.set_meta("clusterer", "v2")
    assert store.meta("clusterer") == "v2"


def test_store_temporary_is_deleted_on_close():
    with Store.temporary() as store:
        store.add_articles([make_article(1)], 1)
        path = store.path
        assert path.exists()
    assert store.closed and not path.exists()
    assert not Path(f"{path}-journal").exists()


def test_store_closed_store_refuses_transactions(tmp_path):
    store = Store.open(tmp_path / "s.sqlite")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="is closed"):
        with store.transaction():
            pass
    with pytest.raises(StoreError):
        store.article_count()


def test_store_open_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory") as caught:
        Store.open(tmp_path)
    assert "store.sqlite" in str(caught.value)


def test_store_open_missing_without_create_says_run_fold_or_add(tmp_path):
    with pytest.raises(StoreError, match="there is no store") as caught:
        Store.open(tmp_path / "nope.sqlite", create=False)
    assert "storyfold fold or storyfold add with --db" in str(caught.value)
    assert not (tmp_path / "nope.sqlite").exists()


def test_store_open_in_missing_folder_says_so(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing" / "s.sqlite")


def test_store_open_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(path)
    assert path.read_text().startswith("these are my notes")


def test_store_open_other_programs_sqlite_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a storyfold store") as caught:
        Store.open(path)
    assert "customers" in str(caught.value)
    with sqlite3.connect(path) as conn:  # untouched: no storyfold tables were added
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]
    conn.close()


def test_store_open_corrupt_store_is_store_error(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[16:100] = b"\xff" * 84  # header fields after the magic string
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="cannot open the store|not a storyfold store"):
        Store.open(path)
