"""The stories' tables: the clusterer's state as rows, each article's story, and merged-away story ids.

A mixin of `Store` (it uses the store's connection and write/guard helpers).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..stories.index import STATE_VERSION

if TYPE_CHECKING:
    from ..stories.index import StateChanges

class ArticleHeader(NamedTuple):
    """An article as a story list shows it (briefing.story_header reads these three fields)."""

    id: str
    outlet: str | None
    published: str | None


_STORY_HEADER_COLUMNS = ("id, first_article, first_seq, first_time, last_time, size, headline, headline_score, "
                         "split_from")
_STORY_COLUMNS = _STORY_HEADER_COLUMNS + ", body"
_BODY_KEYS = ("centroid", "norm", "norms", "indexed", "dense", "headline_of", "keep_whole")


def _story_row(story_id: str, story: Mapping[str, Any]) -> tuple[Any, ...]:
    body = {key: story[key] for key in _BODY_KEYS if key in story}
    return (story_id, story["first"], story["first_seq"], story["first_time"], story["last_time"],
            story["size"], story["headline"], story["headline_score"], story.get("split_from"),
            json.dumps(body, ensure_ascii=False, separators=(",", ":")))


def _story_from_row(row: Sequence[Any], body: bool = True) -> dict[str, Any]:
    story = {"first": row[1], "first_seq": row[2], "first_time": row[3], "last_time": row[4],
             "size": row[5], "headline": row[6], "headline_score": row[7]}
    if row[8] is not None:
        story["split_from"] = row[8]
    if body:
        story.update(json.loads(row[9]))
    return story


class StoryTables:
    """Story persistence for `Store` (which supplies _conn, path and _write)."""

    _conn: sqlite3.Connection
    path: Path

    def _write(self) -> AbstractContextManager[None]: ...  # provided by Store

    # ---- the clusterer's state, read a part at a time (stories.StateSource) ----------------------

    def story_meta(self) -> dict[str, Any] | None:
        """version, settings, docs and seq of the saved state; None before the first clustering."""
        from .sqlite import _guard

        with _guard(f"cannot read the story state from {self.path}"):
            row = self._conn.execute("SELECT version, settings, docs, seq FROM story_meta WHERE id = 1").fetchone()
        if row is None:
            return None
        return {"version": row[0], "settings": json.loads(row[1]), "docs": row[2], "seq": row[3]}

    def story_merges(self) -> dict[str, str]:
        """Every merged-away story id -> the story it joined (it may have joined another since)."""
        from .sqlite import _guard

        with _guard(f"cannot read stories from {self.path}"):
            return dict(self._conn.execute("SELECT story, merged_into FROM story_merges"))

    def story_df(self, terms: Sequence[str]) -> dict[str, int]:
        return dict(self._select_in("SELECT term, df FROM story_df WHERE term", terms))

    def story_postings(self, terms: Sequence[str]) -> dict[str, list[str]]:
        return {term: json.loads(ids)
                for term, ids in self._select_in("SELECT term, ids FROM story_postings WHERE term", terms)}

    def story_rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {row[0]: _story_from_row(row) for row in self._select_in(
            f"SELECT {_STORY_COLUMNS} FROM story_rows WHERE id", ids)}

    def story_of_articles(self, ids: Sequence[str]) -> dict[str, str]:
        return dict(self._select_in("SELECT article_id, story FROM story_articles WHERE article_id", ids))

    def story_recent_members(self, ids: Sequence[str]) -> dict[str, list[list[Any]]]:
        return {story: json.loads(members) for story, members in self._select_in(
            "SELECT story, members FROM story_members WHERE story", ids)}

    def _select_in(self, sql: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Rows of `sql ... IN (keys)`, a chunk of keys a query (as Store.articles_by_id does)."""
        from .sqlite import _chunks, _guard

        rows: list[tuple[Any, ...]] = []
        with _guard(f"cannot read the story state from {self.path}"):
            for chunk in _chunks(keys):
                rows.extend(self._conn.execute(sql + " IN (SELECT value FROM json_each(?))",
                                               (json.dumps(chunk),)))
        return rows

    def save_story_changes(self, changes: StateChanges) -> None:
        """Write what a clustering run counted, read or changed, in one transaction: the story
        state's rows, the new articles' stories, and merges (their articles move to the story
        that absorbed them, and the merged-away id is recorded so a link still resolves)."""
        from .sqlite import _guard

        with self._write(), _guard(f"cannot write stories to {self.path}"):
            conn = self._conn
            conn.execute("INSERT OR REPLACE INTO story_meta (id, version, settings, docs, seq) "
                         "VALUES (1, ?, ?, ?, ?)",
                         (STATE_VERSION, json.dumps(changes.settings), changes.docs, changes.seq))
            conn.executemany("INSERT OR REPLACE INTO story_df (term, df) VALUES (?, ?)",
                             changes.df.items())
            conn.executemany(f"INSERT OR REPLACE INTO story_rows ({_STORY_COLUMNS}) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (_story_row(sid, story) for sid, story in changes.stories.items()))
            conn.executemany("INSERT OR REPLACE INTO story_postings (term, ids) VALUES (?, ?)",
                             ((term, json.dumps(ids)) for term, ids in changes.postings.items()))
            conn.executemany("INSERT OR REPLACE INTO story_members (story, members) VALUES (?, ?)",
                             ((story, json.dumps(members, ensure_ascii=False, separators=(",", ":")))
                              for story, members in changes.members.items()))
            conn.executemany("INSERT OR REPLACE INTO story_articles (article_id, story) VALUES (?, ?)",
                             changes.new_articles.items())
            for gone, live in changes.new_merges.items():
                conn.execute("UPDATE story_articles SET story = ? WHERE story = ?", (live, gone))
            conn.executemany("INSERT OR REPLACE INTO story_merges (story, merged_into) VALUES (?, ?)",
                             changes.new_merges.items())

    def story_state(self, only: Sequence[str] | None = None) -> dict[str, Any] | None:
        """What readers of stories need (stories.stories_of): each story's header (no centroid),
        every article's story and every merge; with `only`, just those stories and their
        articles (showing one story reads one story). None before the first clustering."""
        from .sqlite import _guard

        meta = self.story_meta()
        if meta is None:
            return None
        # Articles in the order they were stored (a story lists its articles as they came).
        articles_sql = ("SELECT s.article_id, s.story FROM story_articles s "
                        "LEFT JOIN articles a ON a.id = s.article_id")
        with _guard(f"cannot read stories from {self.path}"):
            if only is None:
                rows = self._conn.execute(f"SELECT {_STORY_HEADER_COLUMNS} FROM story_rows")
                article_rows = self._conn.execute(articles_sql + " ORDER BY a.seq, s.article_id")
            else:
                rows = self._select_in(f"SELECT {_STORY_HEADER_COLUMNS} FROM story_rows WHERE id", only)
                article_rows = self._conn.execute(
                    articles_sql + " WHERE s.story IN (SELECT value FROM json_each(?)) "
                    "ORDER BY a.seq, s.article_id", (json.dumps(list(only)),))
            stories = {row[0]: _story_from_row(row, body=False) for row in rows}
            article_story = dict(article_rows)
        return {**meta, "stories": stories, "article_story": article_story,
                "merged_into": self.story_merges()}

    def article_headers(self) -> dict[str, ArticleHeader]:
        """What a story list shows of each stored article (id, outlet, published): no texts read."""
        from .sqlite import _guard

        with _guard(f"cannot read {self.path}"):
            return {row[0]: ArticleHeader(*row)
                    for row in self._conn.execute("SELECT id, outlet, published FROM articles")}

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
