"""Invariants of copy detection under random corpora, edits, orders and batch splits."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyfold.copies import CopyDoc, CopyIndex, find_copies, normalise

from test_copies_index import corpus, fetcher
from test_copies_kinds import VOCAB, text, words

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(seed=st.integers(0, 10_000), n=st.integers(60, 400), edit=st.sampled_from(["replace", "insert", "delete"]),
       at=st.floats(0, 1), word=st.sampled_from(VOCAB))
def test_lightly_edited_copy_is_grouped_with_its_original(seed, n, edit, at, word):
    body = words(seed, n)
    i = int(at * (n - 1))
    edited = list(body)
    if edit == "replace":
        edited[i] = word
    elif edit == "insert":
        edited.insert(i, word)
    else:
        del edited[i]
    result = find_copies([CopyDoc("orig", text(body), "2025-01-01"), CopyDoc("copy", text(edited), "2025-01-02")])
    assert result.copy_of["copy"] == "orig"
    assert result.groups[0].kind in ("exact", "near")


@FAST
@given(seed=st.integers(0, 1000), shuffle=st.randoms(use_true_random=False))
def test_groups_do_not_depend_on_input_order(seed, shuffle):
    docs = corpus(seed, stories=12)
    reordered = list(docs)
    shuffle.shuffle(reordered)
    a, b = find_copies(docs), find_copies(reordered)
    assert a.groups == b.groups and a.copy_of == b.copy_of and a.links == b.links


@FAST
@given(seed=st.integers(0, 1000), cuts=st.lists(st.integers(0, 60), max_size=4), shuffle=st.randoms(use_true_random=False))
def test_adding_in_batches_equals_one_run(seed, cuts, shuffle):
    docs = corpus(seed, stories=12)
    shuffle.shuffle(docs)
    bounds = sorted({0, len(docs), *[c for c in cuts if c < len(docs)]})
    index = CopyIndex()
    for lo, hi in zip(bounds, bounds[1:]):
        index.add(docs[lo:hi], fetcher(docs))
    result, whole = index.result(fetcher(docs)), find_copies(docs)
    assert result.groups == whole.groups and result.copy_of == whole.copy_of


@FAST
@given(seed=st.integers(0, 1000))
def test_every_article_is_in_at_most_one_group_and_points_at_its_origin(seed):
    docs = corpus(seed, stories=10)
    result = find_copies(docs)
    seen = [m for g in result.groups for m in g.members]
    assert len(seen) == len(set(seen))
    assert set(result.copy_of) == {d.id for d in docs}
    for group in result.groups:
        assert group.members[0] == group.origin and result.copy_of[group.origin] is None
        assert all(result.copy_of[m] == group.origin for m in group.members[1:])
    assert {x.id for x in result.links} == {m for g in result.groups for m in g.members[1:]}


@FAST
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_text_is_accepted_without_error(texts):
    docs = [CopyDoc(f"d{i}", t) for i, t in enumerate(texts)] + [CopyDoc("dup", texts[0])]
    result = find_copies(docs)
    assert set(result.copy_of) == {d.id for d in docs}
    if normalise(texts[0]):
        assert result.copy_of["dup"] == "d0" or result.copy_of["d0"] == "dup"


def test_lone_surrogates_and_control_characters_are_text_like_any_other():
    odd = "caf\udce9 \x00\x07 na\u00efve " * 20
    result = find_copies([CopyDoc("a", odd), CopyDoc("b", odd.upper())])
    assert result.copy_of["b"] == "a"
    random.seed(0)
