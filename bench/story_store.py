"""An hourly `add` on a large store: the story stage's cost, state as rows (ours) beside one document.

    python bench/story_store.py                     # stores of 10k and 100k articles
    python bench/story_store.py --sizes 10000 --hourly 100

The stored articles are constructed (real articles from ../shared/data repeated with random edits,
dated 500 a day: bench/stories.py `constructed`). For each size, one clustering of everything is
saved two ways, then the next hour's articles (fresh edits of the same pool, dated after) are
clustered on top, five times, and the median is reported:

- ours: store schema v4. The state is rows; the add reads the document frequencies, postings and
  stories its articles touch (StoryIndex.backed) and writes back only those.
- peer: the state as one JSON document in SQLite (what storyfold 0.2 did, and the usual way to
  persist an in-memory index): load it whole, cluster, dump it whole.

Both give the same stories (checked); the peer's cost grows with the store, ours should not.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from stories import DATA, constructed, load_pool  # noqa: E402  (bench/stories.py)
from storyfold.stories import StoryDoc, StoryIndex  # noqa: E402
from storyfold.store import Store  # noqa: E402


def hour_after(pool: list[str], n: int, count: int, seed: int) -> list[StoryDoc]:
    """`count` new articles dated just after the n stored ones (fresh edits of the pool)."""
    docs = constructed(pool, n + count, seed=seed)[n:]
    return [StoryDoc(f"h{seed}-{d.id}", d.text, d.title, d.published) for d in docs]


def ours_add(db: Path, docs: list[StoryDoc]) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    with Store.open(db) as store:
        index = StoryIndex.backed(store.story_meta(), store, store.story_merges())
        assignments = index.add(docs)
        store.save_story_changes(index.changes())
    return time.perf_counter() - started, {a.article: a.story for a in assignments}


def peer_add(db: Path, docs: list[StoryDoc]) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    with conn:
        index = StoryIndex.from_state(json.loads(conn.execute("SELECT state FROM s").fetchone()[0]))
        assignments = index.add(docs)
        conn.execute("UPDATE s SET state = ?", (json.dumps(index.to_state(), separators=(",", ":")),))
    conn.close()
    return time.perf_counter() - started, {a.article: a.story for a in assignments}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--hourly", type=int, default=200, help="articles in the hourly add")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: this benchmark builds its articles from ../shared/data")
    pool = load_pool()
    print(f"hourly add of {args.hourly} articles on a store of N constructed articles "
          f"(story stage only; medians of {args.repeat}; one core)")
    print(f"  {'N':>8} {'ours s':>8} {'peer s':>8} {'peer/ours':>9} {'ours MB':>8} {'peer MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            stored, index = constructed(pool, n), StoryIndex()
            for start in range(0, n, 10_000):
                index.add(stored[start:start + 10_000])
            ours_db, peer_db = Path(tmp) / f"ours{n}.sqlite", Path(tmp) / f"peer{n}.sqlite"
            with Store.open(ours_db) as store:
                store.save_story_changes(index.changes())
            state = json.dumps(index.to_state(), separators=(",", ":"))
            conn = sqlite3.connect(peer_db)
            with conn:
                conn.execute("CREATE TABLE s (state TEXT NOT NULL)")
                conn.execute("INSERT INTO s (state) VALUES (?)", (state,))
            conn.close()
            ours_times, peer_times = [], []
            for repeat in range(args.repeat):
                docs = hour_after(pool, n, args.hourly, seed=100 + repeat)
                seconds, mine = ours_add(ours_db, docs)
                ours_times.append(seconds)
                seconds, theirs = peer_add(peer_db, docs)
                peer_times.append(seconds)
                if mine != theirs:
                    raise SystemExit(f"N={n}: the two ways gave different stories: a bug")
            ours, peer = statistics.median(ours_times), statistics.median(peer_times)
            print(f"  {n:>8,} {ours:8.3f} {peer:8.3f} {peer / ours:9.1f} "
                  f"{ours_db.stat().st_size / 1e6:8.1f} {peer_db.stat().st_size / 1e6:8.1f}", flush=True)


if __name__ == "__main__":
    main()
