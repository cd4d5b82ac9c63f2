"""The SQLite store: articles, rejections, batches and line profiles, written in transactions.

One file, one connection. Writes happen inside `with store.transaction():` (BEGIN IMMEDIATE ...
COMMIT), so a process killed mid-`add` leaves the store as it was before or after, never between;
a write made outside one runs in a transaction of its own.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import weakref
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError, StoreError
from ..model import Article, Rejection
from .copytables import CopyTables
from .storytables import StoryTables
from .schema import migrate, rollback, schema_version

if TYPE_CHECKING:
    from ..ingest.boilerplate import LineProfile

# Rows go to executemany in chunks: big enough to amortise the Python <-> SQLite crossing, small
# enough that a chunk of 5 kB articles stays a few MB.
_CHUNK = 500
# Ids per lookup query when only the id index is read (no article rows).
_LOOKUP_CHUNK = 50_000
# Rows pulled per fetch when streaming reads.
_FETCH = 256
# How long a writer waits for another process's transaction before giving up with StoreError.
_BUSY_TIMEOUT_S = 10.0
_SQLITE_HEADER = b"SQLite format 3\x00"
_ORDERS = {"seq": "seq", "id": "id"}
_ARTICLE_FIELDS = ("id", "source", "url", "outlet", "title", "published", "language", "author", "fmt",
                   "line", "text", "removed")
_SELECT_ARTICLE = f"SELECT {', '.join(_ARTICLE_FIELDS)} FROM articles"
_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(_ARTICLE_FIELDS)}, batch) "
                   f"VALUES ({', '.join('?' * (len(_ARTICLE_FIELDS) + 1))}) ON CONFLICT (id) DO NOTHING")
_INSERT_REJECTION = ("INSERT INTO rejections (source, line, code, reason, batch) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT DO NOTHING")
_PROFILES_SHARING = ("SELECT article_id, n_lines, keys FROM profiles WHERE pid IN "
                     "(SELECT pid FROM line_keys WHERE key IN (SELECT value FROM json_each(?))) "
                     "ORDER BY article_id")
_PRAGMAS = (
    # Only takes effect on a new file. 16 kB: a bulk add allocates and writes half as many pages as
    # with 8 kB (~5% less time on bench/ingest.py at 1 GB), and texts up to ~16 kB need no overflow page.
    "PRAGMA page_size = 16384",
    "PRAGMA synchronous = FULL",  # rollback journal: safe even on power loss; one add = few fsyncs
    "PRAGMA cache_size = -32768",  # 32 MB, whatever the corpus size
    "PRAGMA temp_store = MEMORY",
)
# An `add` is one transaction, often a large one of mostly new pages: a rollback journal writes
# them once, WAL twice (log, then checkpoint), and SQLite's own guidance is that WAL does not suit
# transactions over ~100 MB. Measured on bench/ingest.py: ~10% faster end to end than WAL. The
# price: a reader (`stories`, `show`) waits for a running `add` to commit (up to the busy timeout).
_JOURNAL_KEPT = "DELETE"
_JOURNAL_TEMPORARY = "DELETE"


@dataclass(frozen=True, slots=True)
class Batch:
    """One `add` run: when, which inputs, and what it counted (counts is None while unfinished)."""

    id: int
    started_at: str
    finished_at: str | None
    inputs: list[str]
    counts: dict[str, Any] | None


class Store(CopyTables, StoryTables):
    """Articles, rejections, batches and line profiles in one SQLite file. Open with `Store.open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, remove_on_close: bool = False) -> None:
        self._conn = conn
        self.path = path
        self._in_transaction = False
        ends = ("", "-journal", "-wal", "-shm") if remove_on_close else ()
        leftovers = tuple(Path(f"{path}{end}") for end in ends)
        # Closes (and for a temporary store, deletes) even if the caller forgets to.
        self._finalizer = weakref.finalize(self, _close_and_remove, conn, leftovers)

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Store:
        """Open the store at `path`, creating and migrating it to this code's schema as needed."""
        target = Path(path)
        where = os.fspath(path)
        if target.is_dir():
            raise StoreError(f"{where} is a directory, not a store file",
                             hint=f"give a file path, e.g. --db {target / 'store.sqlite'}")
        if not target.exists():
            if not create:
                raise StoreError(f"there is no store at {where}",
                                 hint="run storyfold fold or storyfold add with --db first")
            if not target.parent.is_dir():
                raise StoreError(f"cannot create a store at {where}: the folder {target.parent} does not exist",
                                 hint="create the folder first, or pick another --db path")
        else:
            _check_header(target, where)
        return cls(_connect(target, where, _JOURNAL_KEPT), target)

    @classmethod
    def temporary(cls) -> Store:
        """A throwaway store in a temp file, deleted on close: spools a corpus with bounded memory."""
        fd, name = tempfile.mkstemp(prefix="storyfold-", suffix=".sqlite")
        os.close(fd)
        try:
            conn = _connect(Path(name), name, _JOURNAL_TEMPORARY)
            # Nothing outlives the process, so skip fsync; transactions still roll back atomically.
            conn.execute("PRAGMA synchronous = OFF")
        except BaseException:
            os.unlink(name)
            raise
        return cls(conn, Path(name), remove_on_close=True)

    def close(self) -> None:
        """Close the connection (idempotent); a temporary store's files are deleted."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({os.fspath(self.path)!r}{', closed' if self.closed else ''})"

    # -- transactions ----------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises: all of it is stored or none."""
        self._check_open()
        if self._in_transaction:
            raise StoreError("a store transaction is already open; transactions do not nest",
                             hint="the outer `with store.transaction():` already makes these writes atomic; "
                                  "remove the inner one")
        with _guard(f"cannot start writing to {self.path}"):
            self._conn.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self._in_transaction = False
            rollback(self._conn)
            raise
        self._in_transaction = False
        try:
            with _guard(f"cannot commit to {self.path} (nothing of this transaction was stored)"):
                self._conn.execute("COMMIT")
        except StoreError:
            rollback(self._conn)
            raise

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Join the caller's transaction, or run this one write in its own."""
        if self._in_transaction:
            yield
        else:
            with self.transaction():
                yield

    # -- writes ----------------------------------------------------------------------------------

    def begin_batch(self, inputs: Iterable[str | os.PathLike[str]]) -> int:
        """Record the start of an `add` run; its articles and rejections carry the returned id."""
        listed = json.dumps([os.fspath(i) for i in inputs], ensure_ascii=False)
        with self._write(), _guard(f"cannot write to {self.path}"):
            cursor = self._conn.execute("INSERT INTO batches (started_at, inputs) VALUES (?, ?)", (_now(), listed))
        return int(cursor.lastrowid or 0)

    def finish_batch(self, batch: int, counts: dict[str, Any]) -> None:
        """Record what a run counted; a batch without finished_at was never finished."""
        with self._write(), _guard(f"cannot write to {self.path}"):
            cursor = self._conn.execute("UPDATE batches SET finished_at = ?, counts = ? WHERE id = ?",
                                        (_now(), json.dumps(counts, sort_keys=True), batch))
        if cursor.rowcount == 0:
            raise StoreError(f"there is no batch {batch} in {self.path}", hint="use the id begin_batch returned")

    def add_articles(self, articles: Iterable[Article], batch: int) -> list[str]:
        """Store the articles not stored yet and return their ids, in input order (idempotent add)."""
        inserted: list[str] = []
        with self._write(), _guard(f"cannot add articles to {self.path}"):
            for chunk in _chunks(articles):
                last = self._conn.execute("SELECT ifnull(max(seq), 0) FROM articles").fetchone()[0]
                try:
                    self._conn.executemany(_INSERT_ARTICLE, [_article_row(a, batch) for a in chunk])
                except UnicodeEncodeError as exc:
                    raise _bad_unicode(chunk) from exc
                # seq is the rowid, so the rows this chunk added are exactly those above the old maximum.
                inserted.extend(r[0] for r in self._conn.execute(
                    "SELECT id FROM articles WHERE seq > ? ORDER BY seq", (last,)))
        return inserted

    def add_rejections(self, rejections: Iterable[Rejection], batch: int) -> int:
        """Record rejections not recorded yet (same source, line and code); return how many were new."""
        with self._write(), _guard(f"cannot add rejections to {self.path}"):
            before = self._conn.total_changes
            for chunk in _chunks(rejections):
                self._conn.executemany(_INSERT_REJECTION,
                                       [(r.source, r.line, r.code, r.reason, batch) for r in chunk])
            return self._conn.total_changes - before

    def update_article_text(self, article_id: str, text: str, removed: list[str]) -> None:
        """Replace a stored article's text once corpus-level boilerplate is known (ids stay stable)."""
        with self._write(), _guard(f"cannot update article {article_id} in {self.path}"):
            cursor = self._conn.execute("UPDATE articles SET text = ?, removed = ? WHERE id = ?",
                                        (text, json.dumps(list(removed), ensure_ascii=False), article_id))
        if cursor.rowcount == 0:
            raise self._not_found(article_id)

    def save_profiles(self, profiles: Iterable[LineProfile],
                      index_keys: Iterable[Iterable[int]] | None = None, *, batch: int | None = None) -> None:
        """Store each article's line keys in order (replacing any earlier profile of that article).

        `index_keys`, one collection per profile, are the keys put in the inverted index that
        `profiles_sharing` and `shared_keys` search; by default every key of the profile.
        Indexing only the lines that can be boilerplate (short lines at an article's edges)
        keeps the index small: a few rows per article instead of one per line. With `batch`, the
        indexed keys are also noted for `shared_keys(batch)`.
        """
        pairs = zip(profiles, index_keys) if index_keys is not None else ((p, p.keys) for p in profiles)
        with self._write(), _guard(f"cannot save line profiles to {self.path}"):
            for chunk in _chunks(pairs):
                latest = {p.article_id: (p, keys) for p, keys in chunk}  # the last profile of an article wins
                self._drop_profiles(list(latest))
                last = self._conn.execute("SELECT ifnull(max(pid), 0) FROM profiles").fetchone()[0]
                rows = [(pid, p.article_id, p.n_lines, _keys_blob(p.keys), _checked_keys(keys))
                        for pid, (p, keys) in enumerate(latest.values(), start=last + 1)]
                self._conn.executemany("INSERT INTO profiles (pid, article_id, n_lines, keys) VALUES (?, ?, ?, ?)",
                                       [row[:4] for row in rows])
                # OR IGNORE only skips a line repeated within one article.
                indexed = [(key, row[0]) for row in rows for key in row[4]]
                self._conn.executemany("INSERT OR IGNORE INTO line_keys (key, pid) VALUES (?, ?)", indexed)
                if batch is not None:
                    self._ensure_fresh_keys()
                    self._conn.executemany("INSERT OR IGNORE INTO temp.fresh_keys (batch, key) VALUES (?, ?)",
                                           [(batch, key) for key, _ in indexed])

    def shared_keys(self, batch: int, min_articles: int = 2) -> list[tuple[int, int]]:
        """(key, articles) for indexed keys saved during `batch` (this connection) that at least
        `min_articles` articles share.

        Only these can be corpus-level boilerplate, so the corpus pass after an `add` looks at them
        alone: each is one index probe, whatever the store's size. Keys come ordered by the first
        profile holding them, so the keys of one article (and of its copies) sit together and a
        caller slicing this list loads each profile about once.
        """
        with _guard(f"cannot read line profiles from {self.path}"):
            self._ensure_fresh_keys()
            rows = self._conn.execute(
                "SELECT key, n FROM (SELECT f.key AS key, (SELECT count(*) FROM line_keys k WHERE k.key = f.key) AS n, "
                "(SELECT min(pid) FROM line_keys k WHERE k.key = f.key) AS first "
                "FROM temp.fresh_keys f WHERE f.batch = ?) WHERE n >= ? ORDER BY first, key",
                (batch, min_articles)).fetchall()
        return [(key, n) for key, n in rows]

    def _ensure_fresh_keys(self) -> None:
        # A temporary table: the keys indexed during each batch of this connection, for shared_keys.
        self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS fresh_keys "
                           "(batch INTEGER, key INTEGER, PRIMARY KEY (batch, key)) WITHOUT ROWID")

    def _drop_profiles(self, article_ids: list[str]) -> None:
        """Remove earlier profiles of these articles and their index rows (re-profiling replaces)."""
        marks = ", ".join("?" * len(article_ids))
        old = [pid for (pid,) in self._conn.execute(
            f"SELECT pid FROM profiles WHERE article_id IN ({marks})", article_ids)]
        if old:
            pids = ", ".join("?" * len(old))
            # Every key of the old profiles: deleting an index row that was never written is harmless.
            self._conn.executemany("DELETE FROM line_keys WHERE key = ? AND pid = ?", [
                (key, pid) for pid, blob in self._conn.execute(
                    f"SELECT pid, keys FROM profiles WHERE pid IN ({pids})", old) for key in _keys(blob)])
            self._conn.execute(f"DELETE FROM profiles WHERE pid IN ({pids})", old)

    def set_meta(self, key: str, value: str) -> None:
        """Keep a small named value (for later features: model versions, settings used)."""
        with self._write(), _guard(f"cannot write to {self.path}"):
            self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reads -----------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """One stored article; NotFoundError names near ids when the id is mistyped or truncated."""
        with _guard(f"cannot read {self.path}"):
            row = self._conn.execute(f"{_SELECT_ARTICLE} WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise self._not_found(article_id)
        return _article(row)

    def articles_by_id(self, article_ids: Iterable[str]) -> list[Article]:
        """The stored articles among these ids, in the order asked (ids not stored are left out)."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, Article] = {}
        with _guard(f"cannot read {self.path}"):
            for chunk in _chunks(wanted):
                for row in self._conn.execute(f"{_SELECT_ARTICLE} WHERE id IN (SELECT value FROM json_each(?))",
                                              (json.dumps(chunk),)):
                    article = _article(row)
                    found[article.id] = article
        return [found[i] for i in wanted if i in found]

    def texts_in_store_order(self, article_ids: Iterable[str]) -> Iterator[list[tuple[int, str, str, list[str]]]]:
        """(seq, id, text, removed) of the stored articles among these ids, a chunk of rows at a time,
        in insertion order (ids not stored are left out); for `update_texts`.

        Reading and then rewriting many articles of a large store in this order walks its pages
        once, from start to end: id order (random hex) jumps across the whole file each time.
        """
        wanted = list(dict.fromkeys(article_ids))
        seqs: list[int] = []
        with _guard(f"cannot read {self.path}"):
            for start in range(0, len(wanted), _LOOKUP_CHUNK):
                # The id index alone answers (it holds seq, the rowid): no text page is read here.
                seqs.extend(seq for (seq,) in self._conn.execute(
                    "SELECT seq FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(wanted[start:start + _LOOKUP_CHUNK]),)))
        seqs.sort()
        for start in range(0, len(seqs), _CHUNK):
            with _guard(f"cannot read {self.path}"):
                rows = self._conn.execute(
                    "SELECT seq, id, text, removed FROM articles WHERE seq IN (SELECT value FROM json_each(?)) "
                    "ORDER BY seq", (json.dumps(seqs[start:start + _CHUNK]),)).fetchall()
            yield [(seq, article_id, text, json.loads(removed)) for seq, article_id, text, removed in rows]

    def update_texts(self, updates: Iterable[tuple[int, str, list[str]]]) -> None:
        """Many `update_article_text`s by row, a chunk a statement: (seq, text, removed) each, seq
        as `texts_in_store_order` gave."""
        with self._write(), _guard(f"cannot update articles in {self.path}"):
            for chunk in _chunks(updates):
                self._conn.executemany("UPDATE articles SET text = ?, removed = ? WHERE seq = ?",
                                       [(text, json.dumps(removed, ensure_ascii=False), seq)
                                        for seq, text, removed in chunk])

    def has_article(self, article_id: str) -> bool:
        with _guard(f"cannot read {self.path}"):
            return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def articles(self, order: str = "seq") -> Iterator[Article]:
        """Every stored article, streamed: in insertion order ("seq") or by id ("id")."""
        if order not in _ORDERS:
            raise StoreError(f"unknown article order {order!r}", hint=f"use one of {', '.join(_ORDERS)}")
        return map(_article, self._stream(f"{_SELECT_ARTICLE} ORDER BY {_ORDERS[order]}"))

    def article_count(self) -> int:
        with _guard(f"cannot read {self.path}"):
            return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def rejections(self) -> Iterator[Rejection]:
        """Every recorded rejection, streamed in the order recorded."""
        return (Rejection(*row) for row in self._stream("SELECT source, code, reason, line FROM rejections "
                                                         "ORDER BY seq"))

    def batches(self) -> list[Batch]:
        """Every `add` run, oldest first."""
        with _guard(f"cannot read {self.path}"):
            rows = self._conn.execute(
                "SELECT id, started_at, finished_at, inputs, counts FROM batches ORDER BY id").fetchall()
        return [Batch(id=r[0], started_at=r[1], finished_at=r[2], inputs=json.loads(r[3]),
                      counts=json.loads(r[4]) if r[4] is not None else None) for r in rows]

    def profiles_sharing(self, keys: Iterable[int]) -> list[LineProfile]:
        """The line profile of every stored article with any of these line keys, sorted by article id.

        Sorted by id rather than insertion order, so deciding boilerplate over the result does not
        depend on the order the articles were added.
        """
        from ..ingest.boilerplate import LineProfile  # imported late: ingest need not load with the store

        wanted = set(keys)
        if not wanted:
            return []
        with _guard(f"cannot read line profiles from {self.path}"):
            rows = self._conn.execute(_PROFILES_SHARING, (json.dumps(sorted(wanted)),)).fetchall()
        return [LineProfile(article_id=article_id, keys=tuple(_keys(keys)), n_lines=n_lines)
                for article_id, n_lines, keys in rows]

    def meta(self, key: str, default: str | None = None) -> str | None:
        with _guard(f"cannot read {self.path}"):
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row is not None else default

    def schema_version(self) -> int:
        with _guard(f"cannot read {self.path}"):
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> list[str]:
        """SQLite's own check: ["ok"] for a sound file, else the problems it found."""
        with _guard(f"cannot read {self.path}"):
            return [r[0] for r in self._conn.execute("PRAGMA integrity_check")]

    # -- helpers ---------------------------------------------------------------------------------

    def _stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Rows a fetch at a time, so reading a large store keeps memory flat."""
        with _guard(f"cannot read {self.path}"):
            cursor = self._conn.execute(sql)
            while rows := cursor.fetchmany(_FETCH):
                yield from rows

    def _check_open(self) -> None:
        if self.closed:
            raise StoreError(f"the store {self.path} is closed", hint="open it again with Store.open")

    def _not_found(self, article_id: str) -> NotFoundError:
        near = self._near_ids(article_id)
        hint = (f"did you mean {' or '.join(near)}?" if near
                else f"list the stored articles with: storyfold stories --db {self.path}")
        return NotFoundError(f"there is no article {article_id!r} in {self.path}", hint=hint)

    def _near_ids(self, article_id: str, limit: int = 3) -> list[str]:
        """Stored ids sharing the longest prefix (>= 4 characters) with a mistyped or cut-off id."""
        wanted = article_id.strip().lower()
        with _guard(f"cannot read {self.path}"):
            for size in range(min(len(wanted), 64), 3, -1):
                prefix = wanted[:size]
                upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if ord(prefix[-1]) < 0x10FFFF else prefix + "\uffff"
                found = [r[0] for r in self._conn.execute(
                    "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                    (prefix, upper, limit))]
                if found:
                    return found
        return []


def _connect(target: Path, where: str, journal: str) -> sqlite3.Connection:
    """Connect, set the pragmas that make writes fast and safe, and migrate to this code's schema."""
    try:
        conn = sqlite3.connect(target, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise _store_error(f"cannot open the store at {where}", exc) from exc
    try:
        with _guard(f"cannot open the store at {where}"):
            for pragma in (*_PRAGMAS, f"PRAGMA journal_mode = {journal}"):
                conn.execute(pragma)
            migrate(conn, where)
    except BaseException:
        conn.close()
        raise
    return conn


def _close_and_remove(conn: sqlite3.Connection, leftovers: tuple[Path, ...]) -> None:
    """Finaliser: close, then delete a temporary store's files."""
    conn.close()
    for path in leftovers:
        path.unlink(missing_ok=True)


def _check_header(path: Path, where: str) -> None:
    """Refuse a file that is not SQLite before SQLite sees it (an empty file is a new store)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read the store at {where}: {exc.strerror or exc}",
                         hint="check the file's permissions") from exc
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"{where} is not a storyfold store (it is not a SQLite database)",
                         hint="pass a new file name to --db, or the store written by storyfold fold/add")


@contextmanager
def _guard(action: str) -> Iterator[None]:
    """Turn SQLite's exceptions into StoreError saying what failed and what to do."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _store_error(action, exc) from exc


def _store_error(action: str, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        hint = "another storyfold process is writing to this store; wait for it to finish, or use another --db"
    elif "full" in text:
        hint = "the disk is full; free some space and run again"
    elif "readonly" in text or "unable to open" in text:
        hint = "check that the file and its folder exist and are writable"
    elif "not a database" in text or "malformed" in text:
        hint = "the file is damaged or not a storyfold store; pass a new file name to --db"
    else:
        hint = None
    return StoreError(f"{action}: {text}", hint=hint)


def _bad_unicode(chunk: list[Article]) -> StoreError:
    """Name the article whose text cannot be stored (lone surrogates: a reader bug, not user error)."""
    for article in chunk:
        for value in (article.text, article.title, article.source, article.url, *article.removed):
            try:
                (value or "").encode("utf-8")
            except UnicodeEncodeError:
                return StoreError(f"article {article.id} from {article.source} holds text that is not valid "
                                  "Unicode (a lone surrogate) and cannot be stored",
                                  hint="report this as a storyfold bug: readers should replace such characters")
    return StoreError("an article holds text that is not valid Unicode and cannot be stored",
                      hint="report this as a storyfold bug")


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _checked_keys(keys: Iterable[int]) -> array:
    """Line keys as signed 64-bit integers (SQLite's INTEGER range), or StoreError."""
    try:
        return array("q", keys)
    except (OverflowError, TypeError) as exc:
        raise StoreError(f"a line key is not a signed 64-bit integer: {exc}",
                         hint="report this as a storyfold bug: line keys come from the boilerplate profiler") from exc


def _keys_blob(keys: Iterable[int]) -> bytes:
    """Line keys packed as little-endian signed 64-bit integers (SQLite's INTEGER range, checked)."""
    checked = _checked_keys(keys)
    if sys.byteorder != "little":
        checked.byteswap()
    return checked.tobytes()


def _keys(blob: bytes) -> array:
    """The keys _keys_blob packed, in order."""
    keys = array("q", blob)
    if sys.byteorder != "little":
        keys.byteswap()
    return keys


def _article_row(article: Article, batch: int) -> tuple[Any, ...]:
    return (article.id, article.source, article.url, article.outlet, article.title, article.published,
            article.language, article.author, article.fmt, article.line, article.text,
            json.dumps(article.removed, ensure_ascii=False) if article.removed else "[]", batch)


def _article(row: tuple[Any, ...]) -> Article:
    (id_, source, url, outlet, title, published, language, author, fmt, line, text, removed) = row
    return Article(id=id_, source=source, text=text, fmt=fmt, title=title, url=url, published=published,
                   outlet=outlet, language=language, author=author, line=line, removed=json.loads(removed))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


__all__ = ["Batch", "Store", "schema_version"]
