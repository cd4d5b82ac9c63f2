"""The stories' tables: the clusterer's state, each article's story, and merged-away story ids.

A mixin of `Store` (it uses the store's connection and write/guard helpers).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

_CHUNK = 500


class StoryTables:
    """Story persistence for `Store` (which supplies _conn, path and _write)."""

    _conn: sqlite3.Connection
    path: Path

    def _write(self) -> AbstractContextManager[None]: ...  # provided by Store

    def story_state(self) -> dict[str, Any] | None:
        """The clusterer's saved state, or None before the first clustering."""
        from .sqlite import _guard

        with _guard(f"cannot read the story state from {self.path}"):
            row = self._conn.execute("SELECT state FROM story_state WHERE id = 1").fetchone()
        return json.loads(row[0]) if row is not None else None

    def save_stories(self, state: Mapping[str, Any], assignments: Mapping[str, str],
                     merged_into: Mapping[str, str]) -> None:
        """Replace the clusterer's state, every article's story and the merge records."""
        from .sqlite import _guard

        with self._write(), _guard(f"cannot write stories to {self.path}"):
            self._conn.execute("INSERT OR REPLACE INTO story_state (id, state) VALUES (1, ?)",
                               (json.dumps(state, ensure_ascii=False, separators=(",", ":")),))
            self._conn.execute("DELETE FROM story_articles")
            rows = list(assignments.items())
            for start in range(0, len(rows), _CHUNK):
                self._conn.executemany("INSERT INTO story_articles (article_id, story) VALUES (?, ?)",
                                       rows[start:start + _CHUNK])
            self._conn.execute("DELETE FROM story_merges")
            self._conn.executemany("INSERT INTO story_merges (story, merged_into) VALUES (?, ?)",
                                   list(merged_into.items()))

    def story_assignments(self) -> dict[str, str]:
        """article id -> story id, for every clustered article."""
        from .sqlite import _guard

        with _guard(f"cannot read stories from {self.path}"):
            return dict(self._conn.execute("SELECT article_id, story FROM story_articles"))

    def story_count(self) -> int:
        """Live stories: those holding articles (a merged-away story holds none)."""
        from .sqlite import _guard

        with _guard(f"cannot read stories from {self.path}"):
            return int(self._conn.execute("SELECT count(DISTINCT story) FROM story_articles").fetchone()[0])

    def unclustered_articles(self) -> list[tuple[str, str | None, str | None]]:
        """(id, title, published) of every stored article not in a story yet, in insertion order."""
        from .sqlite import _guard

        with _guard(f"cannot read {self.path}"):
            return self._conn.execute(
                "SELECT id, title, published FROM articles "
                "WHERE id NOT IN (SELECT article_id FROM story_articles) ORDER BY seq").fetchall()

    def resolve_story(self, story_id: str) -> str | None:
        """The live story this id names now (following merges), or None when there is none."""
        from .sqlite import _guard

        seen = set()
        with _guard(f"cannot read stories from {self.path}"):
            while story_id not in seen:
                seen.add(story_id)
                if self._conn.execute("SELECT 1 FROM story_articles WHERE story = ? LIMIT 1",
                                      (story_id,)).fetchone():
                    return story_id
                row = self._conn.execute("SELECT merged_into FROM story_merges WHERE story = ?",
                                         (story_id,)).fetchone()
                if row is None:
                    return None
                story_id = row[0]
        return None

    def story_members(self, story_id: str) -> list[str]:
        """Ids of the articles of one story."""
        from .sqlite import _guard

        with _guard(f"cannot read stories from {self.path}"):
            return [r[0] for r in self._conn.execute(
                "SELECT article_id FROM story_articles WHERE story = ? ORDER BY article_id", (story_id,))]
