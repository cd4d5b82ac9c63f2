"""Schema versions: an empty file migrates, a newer store is refused, a failed step changes nothing."""
from __future__ import annotations

import sqlite3

import pytest

from storyfold.errors import StoreError
from storyfold.model import Article
from storyfold.store import Store, schema
from storyfold.store.schema import APPLICATION_ID, schema_version


def tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def pragma(path, name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_store_empty_file_migrates_to_current_version(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with Store.open(path) as store:
        assert store.schema_version() == schema_version() >= 1
    assert {"articles", "rejections", "batches", "profiles", "line_keys", "meta"} <= tables(path)
    assert pragma(path, "application_id") == APPLICATION_ID


def test_store_reopening_current_version_changes_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add_articles([Article(id="a" * 16, source="x", text="t")], 1)
    with Store.open(path) as store:
        assert store.schema_version() == schema_version() and store.article_count() == 1


def test_store_newer_version_is_refused_with_upgrade_hint(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 3}")
    conn.close()
    with pytest.raises(StoreError, match="newer storyfold") as caught:
        Store.open(path)
    assert "upgrade storyfold" in str(caught.value)
    assert pragma(path, "user_version") == schema_version() + 3


def test_store_migration_steps_apply_in_order_and_keep_data(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add_articles([Article(id="b" * 16, source="x", text="kept")], 1)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN story TEXT")

    def fill_column(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE articles SET story = 'none'")

    base = len(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column, fill_column])
    with Store.open(path) as store:
        assert store.schema_version() == schema_version() == base + 2
        assert store.article("b" * 16).text == "kept"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT story FROM articles").fetchall() == [("none",)]
    conn.close()


def test_store_failed_migration_step_leaves_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add_articles([Article(id="c" * 16, source="x", text="kept")], 1)
    before = tables(path)

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE stories (id TEXT)")
        conn.execute("ALTER TABLE articles ADD COLUMN story TEXT")
        raise RuntimeError("disk went away")

    base = len(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, half_done])
    with pytest.raises(StoreError, match=f"from store schema v{base} to v{base + 1} failed") as caught:
        Store.open(path)
    assert f"unchanged at v{base}" in str(caught.value) and "disk went away" in str(caught.value)
    assert pragma(path, "user_version") == base and tables(path) == before
    monkeypatch.undo()
    with Store.open(path) as store:  # still a sound store at the version it had
        assert store.article("c" * 16).text == "kept" and store.integrity_check() == ["ok"]


def test_store_migration_of_empty_file_fails_cleanly(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    path.touch()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE articles (id TEXT)")
        conn.execute("CREATE TABLE articles (id TEXT)")

    monkeypatch.setattr(schema, "MIGRATIONS", [broken])
    with pytest.raises(StoreError, match="v0 to v1 failed"):
        Store.open(path)
    assert pragma(path, "user_version") == 0 and tables(path) == set()


def test_store_v1_store_is_upgraded_with_its_articles_and_gains_the_copy_index(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])  # as written by storyfold 0.1
    with Store.open(path) as store:
        store.add_articles([Article(id="d" * 16, source="x", text="kept")], 1)
    assert pragma(path, "user_version") == 1 and "copy_docs" not in tables(path)
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version() == schema_version() >= 2
        assert store.article("d" * 16).text == "kept" and store.copy_groups() == []
    assert {"copy_docs", "copy_relations", "copy_groups", "copy_links"} <= tables(path)
