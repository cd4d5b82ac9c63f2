"""The copy index's tables: append-only index rows, and the groups and links of the latest state.

A mixin of `Store` (it uses the store's connection and write/guard helpers), kept apart so the
copy index's persistence reads in one place.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..copies import CopyGroup, CopyLink, IndexRows

_PARAMS_KEY = "copy_index_params"
_CHUNK = 500
_SELECT_DOCS = "SELECT article_id, published, words, exact, rep, sketch, bands FROM copy_docs ORDER BY doc"


class CopyTables:
    """Copy-index persistence for `Store` (which supplies _conn, path, _write, _guard)."""

    _conn: sqlite3.Connection
    path: Path

    def _write(self) -> AbstractContextManager[None]: ...  # provided by Store

    def copy_index_rows(self) -> IndexRows | None:
        """The stored copy index as rows, or None when nothing was indexed yet."""
        from ..copies import DocRow, IndexRows, RelationRow
        from .sqlite import _guard

        with _guard(f"cannot read the copy index from {self.path}"):
            params = self._conn.execute("SELECT value FROM meta WHERE key = ?", (_PARAMS_KEY,)).fetchone()
            if params is None:
                return None
            docs = [DocRow(*row) for row in self._conn.execute(_SELECT_DOCS)]
            # Relations keep the order they were verified in (the rowid-less table sorts by (a, b),
            # which the index does not depend on: it looks pairs up by code).
            relations = [RelationRow(*row) for row in self._conn.execute(
                "SELECT a, b, kind, inter, size_a, size_b FROM copy_relations ORDER BY b, a")]
        return IndexRows(json.loads(params[0]), docs, relations)

    def copy_index_counts(self) -> tuple[int, int]:
        """(docs, verified pairs) held in the stored copy index."""
        from .sqlite import _guard

        with _guard(f"cannot read the copy index from {self.path}"):
            docs = self._conn.execute("SELECT count(*) FROM copy_docs").fetchone()[0]
            pairs = self._conn.execute("SELECT count(*) FROM copy_relations").fetchone()[0]
        return int(docs), int(pairs)

    def append_copy_index_rows(self, rows: IndexRows, first_doc: int) -> None:
        """Store index rows added since the stored state (docs numbered from `first_doc`)."""
        from .sqlite import _guard

        with self._write(), _guard(f"cannot write the copy index to {self.path}"):
            self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               (_PARAMS_KEY, json.dumps(rows.params, sort_keys=True)))
            for start in range(0, len(rows.docs), _CHUNK):
                self._conn.executemany(
                    "INSERT INTO copy_docs (doc, article_id, published, words, exact, rep, sketch, bands) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(first_doc + start + i, *row)
                     for i, row in enumerate(rows.docs[start:start + _CHUNK])])
            for start in range(0, len(rows.relations), _CHUNK):
                self._conn.executemany(
                    "INSERT OR REPLACE INTO copy_relations (a, b, kind, inter, size_a, size_b) "
                    "VALUES (?, ?, ?, ?, ?, ?)", rows.relations[start:start + _CHUNK])

    def replace_copy_groups(self, groups: Iterable[CopyGroup], links: Iterable[CopyLink]) -> None:
        """Store the groups and links of the current index state, in place of the earlier ones."""
        from .sqlite import _guard

        with self._write(), _guard(f"cannot write copy groups to {self.path}"):
            self._conn.execute("DELETE FROM copy_groups")
            self._conn.execute("DELETE FROM copy_links")
            self._conn.executemany(
                "INSERT INTO copy_groups (origin, members, kind, similarity) VALUES (?, ?, ?, ?)",
                ((g.origin, json.dumps(list(g.members)), g.kind, g.similarity) for g in groups))
            self._conn.executemany(
                "INSERT INTO copy_links (article_id, copy_of, kind, jaccard, containment) "
                "VALUES (?, ?, ?, ?, ?)",
                ((k.id, k.copy_of, k.kind, k.jaccard, k.containment) for k in links))

    def copy_groups(self) -> list[CopyGroup]:
        """Every copy group, by origin id."""
        from ..copies import CopyGroup
        from .sqlite import _guard

        with _guard(f"cannot read copy groups from {self.path}"):
            rows = self._conn.execute(
                "SELECT origin, members, kind, similarity FROM copy_groups ORDER BY origin").fetchall()
        return [CopyGroup(origin, tuple(json.loads(members)), kind, similarity)
                for origin, members, kind, similarity in rows]

    def copy_group_count(self) -> int:
        from .sqlite import _guard

        with _guard(f"cannot read copy groups from {self.path}"):
            return int(self._conn.execute("SELECT count(*) FROM copy_groups").fetchone()[0])

    def copy_of(self) -> dict[str, str]:
        """article id -> the origin it is a copy of (articles that are no copy are not listed)."""
        from .sqlite import _guard

        with _guard(f"cannot read copy links from {self.path}"):
            return dict(self._conn.execute("SELECT article_id, copy_of FROM copy_links"))

    def texts_in_order(self, article_ids: list[str]) -> list[str]:
        """The stored texts of these articles, in the order asked (every id must be stored)."""
        from .sqlite import _guard

        found: dict[str, str] = {}
        with _guard(f"cannot read {self.path}"):
            for start in range(0, len(article_ids), _CHUNK):
                chunk = article_ids[start:start + _CHUNK]
                found.update(self._conn.execute(
                    "SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(chunk),)))
        return [found[i] for i in article_ids]

    def unindexed_articles(self) -> list[tuple[str, str | None]]:
        """(id, published) of every stored article not yet in the copy index."""
        from .sqlite import _guard

        with _guard(f"cannot read {self.path}"):
            return self._conn.execute(
                "SELECT id, published FROM articles WHERE id NOT IN (SELECT article_id FROM copy_docs)"
            ).fetchall()
