"""Bad input never crashes copy detection: empty and one-word texts, 5 MB texts, 10,000 copies."""
from __future__ import annotations

import time
import tracemalloc

from storyfold.copies import CopyDoc, CopyIndex, find_copies

from test_copies_kinds import text, words


def test_empty_texts_are_never_copies_and_one_word_texts_can_be_exact():
    docs = [CopyDoc("e1", ""), CopyDoc("e2", ""), CopyDoc("p1", " ... \u2014 !"), CopyDoc("w1", "Word"),
            CopyDoc("w2", "word."), CopyDoc("w3", "other")]
    result = find_copies(docs)
    assert [(g.members, g.kind) for g in result.groups] == [(("w1", "w2"), "exact")]
    assert result.copy_of["e2"] is None and result.copy_of["p1"] is None


def test_five_megabyte_texts_are_handled_with_bounded_memory():
    big = text(*[words(s, 1000) for s in range(120)])  # ~0.9 M words
    big = (big + " ") * (5_000_000 // len(big) + 1)
    token = "x" * 5_000_000  # one 5 MB "word"
    docs = [CopyDoc("big", big[:5_000_000], "2025-01-01"), CopyDoc("big-edit", big[:4_990_000], "2025-01-02"),
            CopyDoc("token", token), CopyDoc("token-copy", token), CopyDoc("small", text(words(999, 300)))]
    tracemalloc.start()
    try:
        result = find_copies(docs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.copy_of["big-edit"] == "big"
    assert {result.copy_of["token"], result.copy_of["token-copy"]} == {None, "token"}
    assert result.copy_of["small"] is None
    assert peak < 30 * 5_000_000  # ~14 bytes per character of the largest text (measured), no more


def test_ten_thousand_identical_articles_are_one_exact_group():
    body = text(words(5, 200))
    docs = [CopyDoc(f"c{i:05d}", body, None if i % 3 else f"2025-01-{1 + i % 28:02d}") for i in range(10_000)]
    start = time.perf_counter()
    result = find_copies(docs)
    assert time.perf_counter() - start < 20
    (group,) = result.groups
    assert group.kind == "exact" and len(group.members) == 10_000 and group.similarity == 1.0
    assert group.origin == "c00000"  # earliest date (2025-01-01), then the smallest id
    assert sum(v is None for v in result.copy_of.values()) == 1


def test_two_thousand_near_copies_cost_a_bounded_number_of_verifications():
    body = words(6, 300)
    docs = []
    for i in range(2_000):
        edited = list(body)
        edited[i % 300] = f"edit{i}"
        docs.append(CopyDoc(f"n{i:05d}", text(edited)))
    index = CopyIndex()
    index.add(docs)
    # ~max_twins verifications per copy (a few more where the sketch underestimates), not O(n).
    assert len(index.rel_a) <= 3 * len(docs)
    fetch = {d.id: d.text for d in docs}
    result = index.result(lambda ids: [fetch[i] for i in ids])
    assert len(result.groups) == 1 and len(result.groups[0].members) == 2_000
