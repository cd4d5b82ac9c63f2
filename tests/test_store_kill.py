"""A process killed (SIGKILL) mid-add leaves the store as it was before or after, never half-written."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from storyfold.model import Article
from storyfold.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")

N_FIRST = 50
N_SECOND = 4000

# The writer commits a first batch, then adds a second one in one transaction. Its page cache is
# made tiny so the transaction spills pages to disk long before COMMIT: the case where only the
# journal's commit marker stands between a kill and a half-written store.
WRITER = f"""
import sys
import time
from storyfold.model import Article
from storyfold.store import Store

def articles(tag, count):
    return [Article(id=f"{{tag}}{{i:015d}}", source=f"{{tag}}/{{i}}.txt", text=(f"{{tag}} {{i}} " * 300))
            for i in range(count)]

store = Store.open(sys.argv[1])
store._conn.execute("PRAGMA cache_size = 50")
with store.transaction():
    batch = store.begin_batch(["first"])
    store.add_articles(articles("a", {N_FIRST}), batch)
    store.finish_batch(batch, {{}})
with store.transaction():
    batch = store.begin_batch(["second"])
    second = articles("b", {N_SECOND})
    for start in range(0, len(second), 100):
        store.add_articles(second[start:start + 100], batch)
        if start == 0:
            print("started", flush=True)
        if start == 1000 and sys.argv[2] == "pause":  # ~2.5 MB in: well past the tiny cache
            print("paused", flush=True)
            sys.stdin.readline()  # held mid-transaction until killed
        time.sleep(0.004)  # stretch the transaction over ~0.2 s so random kills land inside it
    store.finish_batch(batch, {{}})
print("committed", flush=True)
sys.stdin.readline()
"""


def _mid_transaction_on_disk(path) -> bool:
    """A rollback journal beside the store (DELETE mode), or a large write-ahead log (WAL mode)."""
    if os.path.exists(f"{path}-journal"):
        return os.path.getsize(f"{path}-journal") > 0
    return os.path.exists(f"{path}-wal") and os.path.getsize(f"{path}-wal") > 1_000_000


def kill_writer(path, when: float | str) -> None:
    """Run the writer and SIGKILL it: `when` s after it starts the second batch, or "paused" while it
    is held mid-transaction, or "committed" once the second batch is committed."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "pause" if when == "paused" else "run"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "started"
        if when == "paused":
            assert writer.stdout.readline().strip() == "paused"
            assert _mid_transaction_on_disk(path), "the writer should be mid-transaction with pages on disk"
        elif when == "committed":
            assert writer.stdout.readline().strip() == "committed"
        else:
            time.sleep(float(when))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL


def check_before_or_after(path) -> str:
    """Open after the kill: sound file, first batch whole, second batch all or nothing."""
    with Store.open(path, create=False) as store:
        assert store.integrity_check() == ["ok"]
        ids = [a.id for a in store.articles()]
        batches = store.batches()
    first = [f"a{i:015d}" for i in range(N_FIRST)]
    second = [f"b{i:015d}" for i in range(N_SECOND)]
    assert ids in (first, first + second), f"half-written: {len(ids)} articles"
    assert [b.inputs for b in batches] == ([["first"]] if ids == first else [["first"], ["second"]])
    assert all(b.finished_at for b in batches)
    return "before" if ids == first else "after"


def test_store_kill_mid_transaction_leaves_store_before(tmp_path):
    path = tmp_path / "s.sqlite"
    kill_writer(path, "paused")
    assert check_before_or_after(path) == "before"
    with Store.open(path) as store:  # and the recovered store takes new writes
        assert store.add_articles([Article(id="c" * 16, source="c.txt", text="after recovery")], 3) == ["c" * 16]
        assert store.integrity_check() == ["ok"]


def test_store_kill_after_commit_leaves_store_after(tmp_path):
    path = tmp_path / "s.sqlite"
    kill_writer(path, "committed")
    assert check_before_or_after(path) == "after"


@pytest.mark.parametrize("seed", range(4))
def test_store_kill_at_random_point_leaves_store_before_or_after(tmp_path, seed):
    delay = random.Random(seed).uniform(0.0, 0.3)
    path = tmp_path / "s.sqlite"
    kill_writer(path, delay)
    check_before_or_after(path)
