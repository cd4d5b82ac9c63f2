"""The store's schema as an ordered list of migrations, tracked by `PRAGMA user_version`.

Step i takes a store at version i to version i + 1 inside one transaction, so a step that fails
leaves the store at the version it had. Append new steps; never edit a released one.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .. import __version__
from ..errors import StoreError

Migration = Callable[[sqlite3.Connection], None]

# Marks the file as ours (PRAGMA application_id, bytes "SFld"): a SQLite file written by another
# program is refused rather than having storyfold's tables added to it.
APPLICATION_ID = int.from_bytes(b"SFld", "big")

_V1 = (
    # seq is the rowid: insertion order for free, and `articles(order="seq")` needs no extra index.
    """CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        author TEXT,
        fmt TEXT NOT NULL,
        line INTEGER,
        text TEXT NOT NULL,
        removed TEXT NOT NULL DEFAULT '[]',
        batch INTEGER NOT NULL
    )""",
    """CREATE TABLE rejections (
        seq INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        line INTEGER,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        batch INTEGER NOT NULL
    )""",
    # SQLite treats NULLs as distinct in UNIQUE, so a whole-file rejection (line NULL) is keyed on -1:
    # re-adding the same bad file records nothing new.
    "CREATE UNIQUE INDEX rejections_once ON rejections (source, ifnull(line, -1), code)",
    """CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        inputs TEXT NOT NULL DEFAULT '[]',
        counts TEXT
    )""",
    # A profile is one row with its line keys in order, packed as signed 64-bit integers (a key's
    # position is its index); line_keys is the inverted index that finds the articles sharing a
    # line, holding only the keys the caller indexes (the lines that can be boilerplate).
    """CREATE TABLE profiles (
        pid INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        n_lines INTEGER NOT NULL,
        keys BLOB NOT NULL
    )""",
    """CREATE TABLE line_keys (
        key INTEGER NOT NULL,
        pid INTEGER NOT NULL,
        PRIMARY KEY (key, pid)
    ) WITHOUT ROWID""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)


# Version 2: the incremental copy index (storyfold.copies), stored as append-only rows so that
# `add` finds copies of new articles among all stored ones without recomputing the corpus, and the
# groups and per-article links of the latest state (rewritten by each add; small).
_V2 = (
    # doc is the article's position in the copy index (0, 1, ...): relations refer to it.
    """CREATE TABLE copy_docs (
        doc INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        published INTEGER NOT NULL,
        words INTEGER NOT NULL,
        exact BLOB NOT NULL,
        rep INTEGER NOT NULL,
        sketch BLOB NOT NULL,
        bands BLOB
    )""",
    """CREATE TABLE copy_relations (
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        kind TEXT NOT NULL,
        inter INTEGER NOT NULL,
        size_a INTEGER NOT NULL,
        size_b INTEGER NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID""",
    """CREATE TABLE copy_groups (
        origin TEXT PRIMARY KEY,
        members TEXT NOT NULL,
        kind TEXT NOT NULL,
        similarity REAL NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE copy_links (
        article_id TEXT PRIMARY KEY,
        copy_of TEXT NOT NULL,
        kind TEXT NOT NULL,
        jaccard REAL NOT NULL,
        containment REAL NOT NULL
    ) WITHOUT ROWID""",
)


# Version 3: stories. The clusterer's state (storyfold.stories.StoryIndex.to_state) is one JSON
# document, so `add` carries on where the last run stopped; each article's story and each merge
# (a merged-away story id -> the story it joined, so a user's link still resolves) are rows.
_V3 = (
    """CREATE TABLE story_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL
    )""",
    """CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX story_articles_by_story ON story_articles (story)",
    """CREATE TABLE story_merges (
        story TEXT PRIMARY KEY,
        merged_into TEXT NOT NULL
    ) WITHOUT ROWID""",
)


# Version 4: the clusterer's state as rows, not one document, so an `add` reads the document
# frequencies, postings and stories its articles touch and writes back only those: the cost of an
# hourly add follows the batch, not the store (at 100k articles the document was 125 MB, read and
# rewritten whole by every add). A story's header fields are columns (readers of the story list
# never parse a centroid); its centroid, norms and index terms are one JSON body.
_V4 = (
    """CREATE TABLE story_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        settings TEXT NOT NULL,
        docs INTEGER NOT NULL,
        seq INTEGER NOT NULL
    )""",
    """CREATE TABLE story_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE story_rows (
        id TEXT PRIMARY KEY,
        first_article TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        first_time REAL,
        last_time REAL,
        size INTEGER NOT NULL,
        headline TEXT NOT NULL,
        headline_score REAL NOT NULL,
        split_from TEXT,
        body TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE story_postings (
        term TEXT PRIMARY KEY,
        ids TEXT NOT NULL
    ) WITHOUT ROWID""",
    # A story's recent members (what a split needs): one JSON list a story, read only for the
    # stories an add joins.
    """CREATE TABLE story_members (
        story TEXT PRIMARY KEY,
        members TEXT NOT NULL
    ) WITHOUT ROWID""",
)


# The story fields that are story_rows columns; every other field goes into the JSON body.
_V4_COLUMNS = frozenset(("first", "first_seq", "first_time", "last_time", "size", "headline",
                         "headline_score", "split_from"))


def _v4(conn: sqlite3.Connection) -> None:
    """Create the v4 tables and move a v3 state document into them (then drop its table).

    The rows are written out here rather than through storytables: a migration must keep doing
    what it did when released, whatever the live code later stores.
    """
    import json

    _run(_V4)(conn)
    row = conn.execute("SELECT state FROM story_state WHERE id = 1").fetchone()
    if row is not None:
        state = json.loads(row[0])
        conn.execute("INSERT INTO story_meta (id, version, settings, docs, seq) VALUES (1, ?, ?, ?, ?)",
                     (state["version"], json.dumps(state["settings"]), state["docs"], state["seq"]))
        conn.executemany("INSERT INTO story_df (term, df) VALUES (?, ?)", state["df"].items())
        conn.executemany(
            "INSERT INTO story_rows (id, first_article, first_seq, first_time, last_time, size, headline, "
            "headline_score, split_from, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((sid, story["first"], story["first_seq"], story["first_time"], story["last_time"],
              story["size"], story["headline"], story["headline_score"], story.get("split_from"),
              json.dumps({key: value for key, value in story.items() if key not in _V4_COLUMNS},
                         ensure_ascii=False, separators=(",", ":")))
             for sid, story in state["stories"].items()))
        conn.executemany("INSERT INTO story_postings (term, ids) VALUES (?, ?)",
                         ((term, json.dumps(ids)) for term, ids in state["postings"].items()))
    conn.execute("DROP TABLE story_state")


def _run(statements: tuple[str, ...]) -> Migration:
    """A migration made of plain statements (not executescript, which would commit midway)."""
    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)
    return step


# MIGRATIONS[i] takes the store from version i to i + 1.
MIGRATIONS: list[Migration] = [_run(_V1), _run(_V2), _run(_V3), _v4]


def schema_version() -> int:
    """The version this code writes: the number of migration steps it knows."""
    return len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_ours(conn: sqlite3.Connection, where: str) -> None:
    """Refuse SQLite files that storyfold did not write, and stores from a newer storyfold."""
    version = user_version(conn)
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if version == 0 and app_id == 0:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 3")]
        if tables:
            raise StoreError(f"{where} is a SQLite database but not a storyfold store "
                             f"(it has tables {', '.join(tables)})",
                             hint="pass a new file name to --db, or the store written by storyfold fold/add")
        return
    if app_id != APPLICATION_ID:
        raise StoreError(f"{where} is a SQLite database written by another program, not a storyfold store",
                         hint="pass a new file name to --db, or the store written by storyfold fold/add")
    if version > schema_version():
        raise StoreError(f"{where} was written by a newer storyfold (store schema v{version}; "
                         f"this storyfold reads up to v{schema_version()})",
                         hint=f"upgrade storyfold (this is {__version__}), or pass another --db")


def migrate(conn: sqlite3.Connection, where: str) -> int:
    """Bring the store up to this code's version, one transaction per step; return the version.

    A store already current is only read, so opening it never waits for a running `add`.
    """
    check_ours(conn, where)
    while user_version(conn) < schema_version():
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again inside the write lock: two processes opening a new store apply each step once.
            check_ours(conn, where)
            version = user_version(conn)
            if version >= schema_version():
                conn.execute("COMMIT")
                break
        except BaseException:
            rollback(conn)
            raise
        _apply(conn, version, where)
    return user_version(conn)


def _apply(conn: sqlite3.Connection, version: int, where: str) -> None:
    """Run step `version` and bump user_version in the transaction `migrate` opened."""
    try:
        MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {version + 1:d}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        conn.execute("COMMIT")
    except Exception as exc:
        rollback(conn)
        raise StoreError(f"upgrading {where} from store schema v{version} to v{version + 1} failed: "
                         f"{exc}; the store is unchanged at v{version}",
                         hint="report this as a storyfold bug, with the message") from exc
    except BaseException:
        rollback(conn)
        raise


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open (SQLite may already have rolled back on I/O errors)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
