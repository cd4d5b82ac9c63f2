"""Splits: a story that turns out to hold two events is cut in two; the old id stays with the
oldest report, the other half gets a new id that records where it came from, copies go along."""
from __future__ import annotations

import pytest

from storyfold.errors import UsageError
from storyfold.stories import StoryDoc, StoryIndex, StorySettings, cluster_stories, story_id_for
from storyfold.stories.index import _pack, _split_sizes, _unpack

FIRE = ["harbour", "warehouse", "blaze", "firefighters", "smoke", "Quay Marrow", "chief Alda Venn",
        "containers", "flames", "evacuated"]
CHESS = ["tournament", "grandmaster", "opening", "endgame", "Tobin Lusk", "board", "draw", "rook",
         "championship", "Ilse Corvin"]


def _report(key: str, n: int, words: list[str]) -> StoryDoc:
    # Every report shares the wire's sign-off, so each finds the other event's story as a candidate.
    picked = [words[(n + k) % len(words)] for k in range(8)]
    text = (f"The {picked[0]} and the {picked[1]} were the talk of the day, with {picked[2]} "
            f"close behind; {picked[3]} said the {picked[4]} mattered as much as the {picked[5]}, "
            f"the {picked[6]} and the {picked[7]}. Reporting by the Capital Wire desk.")
    return StoryDoc(f"{key}{n}", text, None, f"2025-06-01T{n:02d}:00:00Z")


def _fused_then_split() -> tuple[StoryIndex, list[StoryDoc], list[StoryDoc]]:
    fire = [_report("fire", n, FIRE) for n in range(8)]
    chess = [StoryDoc(d.id, d.text, None, f"2025-06-01T{n:02d}:30:00Z")
             for n, d in enumerate(_report("chess", n, CHESS) for n in range(8))]
    # A join threshold this low fuses every report into one story: only splits can part them.
    index = StoryIndex(StorySettings(join_threshold=0.01, merge_threshold=0.9))
    index.add([doc for pair in zip(fire, chess) for doc in pair])
    return index, fire, chess


def test_stories_split_parts_two_events_a_loose_join_fused():
    index, fire, chess = _fused_then_split()
    fire_story = {index.story_of(d.id) for d in fire}
    chess_story = {index.story_of(d.id) for d in chess}
    assert fire_story == {story_id_for("fire0")}  # the oldest report keeps its story's id
    assert len(chess_story) == 1 and chess_story != fire_story
    (chess_id,) = chess_story
    assert index.stories[chess_id]["split_from"] == story_id_for("fire0")
    assert index.stories[chess_id]["size"] == len(chess)
    assert index.stories[story_id_for("fire0")]["size"] == len(fire)
    # Each half's centroid holds its own event's words only.
    assert not any("tournament" in term for term in index.stories[story_id_for("fire0")]["centroid"])
    assert any("tournament" in term for term in index.stories[chess_id]["centroid"])


def test_stories_split_is_reported_in_the_assignments_and_copies_move_along():
    fire = [_report("fire", n, FIRE) for n in range(8)]
    chess = [StoryDoc(d.id, d.text, None, f"2025-06-01T{n:02d}:30:00Z")
             for n, d in enumerate(_report("chess", n, CHESS) for n in range(8))]
    copy = StoryDoc("chess-copy", chess[1].text, None, "2025-06-01T01:45:00Z")
    docs = [doc for pair in zip(fire, chess) for doc in pair] + [copy]
    run = cluster_stories(docs, copy_of={"chess-copy": "chess1"},
                          settings=StorySettings(join_threshold=0.01, merge_threshold=0.9))
    by_article = {a.article: a.story for a in run.assignments}
    assert by_article["chess-copy"] == by_article["chess1"] == by_article["chess7"]
    assert by_article["fire1"] != by_article["chess1"]
    assert by_article == {a: s for a, s in run.story_of.items() if a in by_article}


def test_stories_split_is_off_for_a_state_from_before_it_existed():
    index, _, _ = _fused_then_split()
    state = index.to_state()
    del state["settings"]["split_threshold"]
    assert StoryIndex.from_state(state).settings.split_threshold == 0.0
    with pytest.raises(UsageError, match="split_threshold"):
        StorySettings(split_threshold=1.5)
    with pytest.raises(UsageError, match="split_min_part"):
        StorySettings(split_min_part=0)


def test_stories_split_sizes_grow_geometrically():
    sizes = sorted(_split_sizes(200))
    assert sizes[:8] == [6, 7, 8, 10, 12, 15, 18, 22]
    assert all(b > a for a, b in zip(sizes, sizes[1:])) and len(sizes) < 20


def test_stories_packed_member_vectors_round_trip():
    vector = {"w:quake": 0.51234567, "n:tara reid": 0.25, "e:o'neill": 0.125, "d:6.1": 0.0625}
    packed = _pack(vector, keep=3)
    assert _unpack(packed) == pytest.approx({"w:quake": 0.51235, "n:tara reid": 0.25, "e:o'neill": 0.125})
