"""The incremental index: batches equal one run, rows restore it, bad input never aborts a batch."""
from __future__ import annotations

import random

import pytest

from storyfold.copies import CopyDoc, CopyIndex, CopySettings, find_copies
from storyfold.copies.index import IndexRows
from storyfold.errors import UsageError

from test_copies_kinds import text, words


def corpus(seed: int = 0, stories: int = 30) -> list[CopyDoc]:
    """Stories with near copies, versions, excerpts and exact copies, dated over a few days."""
    rng = random.Random(seed)
    docs = []
    for s in range(stories):
        parts = [words(1000 * seed + 10 * s + k, 120) for k in range(3)]
        variants = [text(*parts), text(*parts), text(parts[0], words(9_000 + s, 120), parts[2]),
                    text(parts[0], parts[1][:-2], parts[2]), text(parts[1])]
        for v, body in enumerate(rng.sample(variants, rng.randint(1, len(variants)))):
            day = rng.choice([None, "2025-03-01", "2025-03-02", "2025-03-03T08:00:00Z"])
            docs.append(CopyDoc(f"s{s:02d}v{v}", body, day))
    return docs


def fetcher(docs: list[CopyDoc]):
    texts = {d.id: d.text for d in docs}
    return lambda ids: [texts[i] for i in ids]


def test_index_in_batches_equals_one_run():
    docs = corpus()
    random.Random(1).shuffle(docs)
    whole = find_copies(docs)
    index = CopyIndex()
    for lo in range(0, len(docs), 17):
        index.add(docs[lo:lo + 17], fetcher(docs))
    result = index.result(fetcher(docs))
    assert result.groups == whole.groups and result.copy_of == whole.copy_of
    assert result.links == whole.links
    assert {g.kind for g in whole.groups} == {"exact", "near", "version", "contained"}


def test_index_restored_from_rows_continues_like_the_original():
    docs = corpus(seed=2)
    index = CopyIndex()
    index.add(docs[:40])
    rows = index.to_rows()
    assert isinstance(rows, IndexRows) and len(rows.docs) == 40
    assert all(len(r.sketch) == 64 and len(r.exact) == 16 for r in rows.docs)
    restored = CopyIndex.from_rows(rows)
    assert restored.to_rows() == rows
    restored.add(docs[40:], fetcher(docs))
    assert restored.result(fetcher(docs)).groups == find_copies(docs).groups


def test_index_rows_from_other_settings_are_refused():
    index = CopyIndex()
    index.add(corpus()[:5])
    with pytest.raises(UsageError, match="rebuild it"):
        CopyIndex.from_rows(index.to_rows(), CopySettings(bins=128))


def test_index_asks_for_earlier_texts_only_through_texts_of():
    body = words(50, 300)
    index = CopyIndex()
    index.add([CopyDoc("old", text(body))])
    with pytest.raises(UsageError, match="texts_of is needed"):
        index.add([CopyDoc("new", text(body[:-1]))])
    asked = []
    index2 = CopyIndex()
    index2.add([CopyDoc("old", text(body))])
    index2.add([CopyDoc("new", text(body[:-1]))], lambda ids: asked.extend(ids) or [text(body)])
    assert asked == ["old"]
    assert index2.result().copy_of["new"] == "old"


def test_index_repeated_id_same_text_is_skipped_other_text_rejected():
    index = CopyIndex()
    rejected = index.add([CopyDoc("a", "one two three four five six"), ("b", "x y z"),
                          CopyDoc("a", "one two three four five six"), CopyDoc("a", "other text")])
    assert [(r.source, r.code) for r in rejected] == [("a", "duplicate_id")]
    assert index.add([CopyDoc("a", "One, two three four five six!")]) == []
    assert [r.code for r in index.add([CopyDoc("a", "different")])] == ["duplicate_id"]
    assert index.ids == ["b", "a"] or index.ids == ["a", "b"]


def test_index_rejects_what_is_not_a_document_at_once():
    with pytest.raises(UsageError, match="CopyDoc"):
        CopyIndex().add(["just a string"])
    with pytest.raises(UsageError, match="must be str"):
        CopyIndex().add([CopyDoc("a", None)])  # type: ignore[arg-type]


def test_index_dates_sort_before_unknown_and_unreadable_dates():
    body = words(60, 200)
    docs = [CopyDoc("x", text(body), "not a date"), CopyDoc("y", text(body[1:]), "2020-01-01")]
    assert find_copies(docs).groups[0].origin == "y"


def test_index_refuses_a_texts_of_that_does_not_return_texts():
    body = words(70, 300)
    index = CopyIndex()
    index.add([CopyDoc("old", text(body))])
    with pytest.raises(UsageError, match="one str per id"):
        index.add([CopyDoc("new", text(body[:-1]))], lambda ids: [None])


def test_index_failed_add_leaves_no_trace():
    docs = corpus(seed=3)
    index = CopyIndex()
    index.add(docs[:30])
    before = index.to_rows()

    def broken(ids):
        raise OSError("store unreadable")

    with pytest.raises(OSError):
        index.add(docs[30:], broken)
    assert index.to_rows() == before
    index.add(docs[30:], fetcher(docs))
    assert index.result(fetcher(docs)).groups == find_copies(docs).groups
