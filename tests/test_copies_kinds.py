"""Each kind of copy on texts written for the purpose, and origins verified against members."""
from __future__ import annotations

import random

import numpy as np
import pytest

from storyfold.copies import CopyDoc, CopySettings, components, find_copies
from storyfold.errors import UsageError

_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa", "gu", "fe", "bo", "zi"]
VOCAB = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES})


def words(seed: int, n: int) -> list[str]:
    """n pseudo-words: texts from different seeds share no 5-word sequence in practice."""
    rng = random.Random(seed)
    return [rng.choice(VOCAB) for _ in range(n)]


def text(*parts: list[str]) -> str:
    return ". ".join(" ".join(p) for p in parts) + "."


def kinds_of(docs: list[CopyDoc]) -> dict[str, tuple[str | None, str | None]]:
    """id -> (copy_of, kind of its link) for a from-scratch run."""
    result = find_copies(docs)
    link = {x.id: x.kind for x in result.links}
    return {d.id: (result.copy_of[d.id], link.get(d.id)) for d in docs}


def test_exact_copy_after_normalisation():
    body = words(1, 120)
    a = " ".join(body)
    b = "\u201c" + " ".join(w.upper() for w in body) + "\u201d  \n"
    assert kinds_of([CopyDoc("a", a, "2025-01-01"), CopyDoc("b", b, "2025-01-02")])["b"] == ("a", "exact")


def test_near_copy_with_two_words_changed():
    body = words(2, 400)
    edited = list(body)
    edited[100], edited[300] = "changed", "words"
    result = kinds_of([CopyDoc("a", text(body), "2025-01-01"), CopyDoc("b", text(edited), "2025-01-02")])
    assert result["b"] == ("a", "near")


def test_version_shares_a_part_and_each_has_its_own():
    p1, p2, p3, q2 = (words(s, 150) for s in (3, 4, 5, 6))
    result = kinds_of([CopyDoc("a", text(p1, p2, p3), "2025-01-01"),
                       CopyDoc("b", text(p1, q2, p3), "2025-01-02")])
    assert result["b"] == ("a", "version")


def test_contained_excerpt_of_a_longer_article():
    body = words(7, 600)
    result = kinds_of([CopyDoc("full", text(body), "2025-01-01"),
                       CopyDoc("excerpt", text(body[:200]), "2025-01-02")])
    assert result["excerpt"] == ("full", "contained")


def test_short_excerpt_is_not_a_copy():
    body = words(8, 600)
    result = kinds_of([CopyDoc("full", text(body)), CopyDoc("snippet", text(body[10:30]))])
    assert result["snippet"] == (None, None)


def test_unrelated_articles_are_not_grouped():
    docs = [CopyDoc(f"d{i}", text(words(100 + i, 300))) for i in range(20)]
    assert find_copies(docs).groups == []


def test_origin_is_the_earliest_published():
    body = words(9, 300)
    docs = [CopyDoc("late", text(body), "2025-03-03T10:00:00Z"),
            CopyDoc("early", text(body[:-1]), "2025-03-02T09:00:00+01:00"),
            CopyDoc("undated", text(body + ["extra"]))]
    result = find_copies(docs)
    assert [g.origin for g in result.groups] == ["early"]
    assert result.copy_of == {"late": "early", "early": None, "undated": "early"}
    assert result.groups[0].members == ("early", "late", "undated")


def test_origin_without_dates_is_the_fullest_text_then_the_smaller_id():
    body = words(10, 300)
    assert find_copies([CopyDoc("b", text(body)), CopyDoc("a", text(body[:-5])),
                        CopyDoc("c", text(body + ["more", "words"]))]).groups[0].origin == "c"
    assert find_copies([CopyDoc("b", text(body)), CopyDoc("a", "  " + text(body))]).groups[0].origin == "a"


def test_chain_of_versions_does_not_join_unrelated_reports():
    a1, a2, b2, c2 = (words(s, 200) for s in (11, 12, 13, 14))
    docs = [CopyDoc("A", text(a1, a2), "2025-01-01"), CopyDoc("B", text(a1, b2), "2025-01-02"),
            CopyDoc("C", text(b2, c2), "2025-01-03")]
    result = find_copies(docs)
    assert [(g.origin, g.members, g.kind) for g in result.groups] == [("A", ("A", "B"), "version")]
    assert result.copy_of["C"] is None


def test_group_kind_is_the_loosest_member_relation():
    p1, p2, p3, q2 = (words(s, 150) for s in (15, 16, 17, 18))
    docs = [CopyDoc("o", text(p1, p2, p3), "2025-01-01"), CopyDoc("x", text(p1, p2, p3), "2025-01-02"),
            CopyDoc("v", text(p1, q2, p3), "2025-01-03")]
    (group,) = find_copies(docs).groups
    assert group.kind == "version" and group.members == ("o", "x", "v")
    assert 0.3 <= group.similarity < 0.8
    assert group.to_dict()["kind"] == "version"


def test_components_label_each_node_with_its_smallest_member():
    labels = components(7, np.array([1, 2, 5]), np.array([2, 4, 6]))
    assert labels.tolist() == [0, 1, 1, 3, 1, 5, 5]


def test_copy_settings_reject_bad_values_with_a_hint():
    with pytest.raises(UsageError, match="bins must be a power of two"):
        CopySettings(bins=48)
    with pytest.raises(UsageError, match="near_jaccard"):
        CopySettings(near_jaccard=1.5)
    with pytest.raises(UsageError, match="unknown copy setting"):
        CopySettings().with_(near=0.9)
    assert CopySettings().with_(near_jaccard=0.9).near_jaccard == 0.9
