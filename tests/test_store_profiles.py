"""Line profiles: stored by position, found again by any shared line key."""
from __future__ import annotations

import pytest

from storyfold.errors import StoreError
from storyfold.store import Store

boilerplate = pytest.importorskip("storyfold.ingest.boilerplate", reason="LineProfile lands with ingest/boilerplate.py")
LineProfile = boilerplate.LineProfile

BIG = 2**63 - 1
SMALL = -(2**63)


@pytest.fixture
def store():
    with Store.temporary() as opened:
        opened.save_profiles([
            LineProfile(article_id="a", keys=(1, 2, 3, 2), n_lines=4),
            LineProfile(article_id="c", keys=(3, 4), n_lines=5),
            LineProfile(article_id="b", keys=(BIG, SMALL, 5), n_lines=3),
            LineProfile(article_id="d", keys=(), n_lines=0),
        ])
        yield opened


def test_profiles_sharing_returns_whole_profiles_sorted_by_article(store):
    assert store.profiles_sharing([3]) == [LineProfile(article_id="a", keys=(1, 2, 3, 2), n_lines=4),
                                           LineProfile(article_id="c", keys=(3, 4), n_lines=5)]


def test_profiles_sharing_any_key_each_article_once(store):
    assert [p.article_id for p in store.profiles_sharing(iter([2, 4, 2, 99]))] == ["a", "c"]
    assert [p.article_id for p in store.profiles_sharing({SMALL, 1})] == ["a", "b"]
    assert store.profiles_sharing([BIG])[0].keys == (BIG, SMALL, 5)


def test_profiles_sharing_nothing_shared_is_empty(store):
    assert store.profiles_sharing([]) == []
    assert store.profiles_sharing([42, -42]) == []


def test_profiles_saving_again_replaces_the_old_profile(store):
    store.save_profiles([LineProfile(article_id="a", keys=(7, 8), n_lines=2)])
    assert store.profiles_sharing([1, 2]) == []
    assert store.profiles_sharing([3]) == [LineProfile(article_id="c", keys=(3, 4), n_lines=5)]
    assert store.profiles_sharing([8]) == [LineProfile(article_id="a", keys=(7, 8), n_lines=2)]


def test_profiles_survive_reopening(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.save_profiles(LineProfile(article_id=f"{i:04d}", keys=(10_000 + i, 1000 + i % 3), n_lines=2)
                            for i in range(1200))
    with Store.open(path) as store:
        found = store.profiles_sharing([1001])
        assert [p.article_id for p in found] == [f"{i:04d}" for i in range(1200) if i % 3 == 1]
        assert found[0] == LineProfile(article_id="0001", keys=(10_001, 1001), n_lines=2)


def test_profiles_key_outside_64_bits_is_refused(store):
    with pytest.raises(StoreError, match="64-bit"):
        store.save_profiles([LineProfile(article_id="e", keys=(2**64,), n_lines=1)])
    assert store.profiles_sharing([1]) != []  # the failed write rolled back, nothing else changed
