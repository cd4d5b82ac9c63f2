"""Near misses against a story's recent reports (link_members): a story can grow in two
directions, and its centroid then looks like neither; a new report on the smaller side still
belongs to it when it matches that side's reports."""
from __future__ import annotations

from storyfold.stories import StoryDoc, StoryIndex, StorySettings
from storyfold.stories.index import _BEFORE_SETTING_EXISTED

CRANE = "harbour crane collapse dockworkers injured cargo terminal inspection union safety".split()
LAWSUIT = "lawsuit compensation claim lawyers filed court damages negligence".split()


def _words(tag: str, n: int) -> list[str]:
    return [f"{tag}{letter}word" for letter in "abcdefghij"[:n]]


def _story_that_grew_two_ways() -> list[StoryDoc]:
    # Five reports of the collapse, then one that turns to the lawsuit while still naming most of
    # the collapse: it joins. The last is all lawsuit: far from the centroid, close to that one.
    docs = [StoryDoc(f"crane{i}", " ".join(CRANE + _words(f"crane{i}", 8)) + ".") for i in range(5)]
    docs.append(StoryDoc("turn", " ".join(CRANE[:8] + LAWSUIT + _words("turn", 2)) + "."))
    docs.append(StoryDoc("lawsuit", " ".join(CRANE[:1] + LAWSUIT + _words("lawsuit", 4)) + "."))
    return docs


def test_stories_link_a_report_matching_one_recent_report_joins_its_story():
    out = StoryIndex(StorySettings()).add(_story_that_grew_two_ways())
    assert {a.story for a in out} == {out[0].story}
    assert out[-1].how == "joined" and out[-1].similarity >= StorySettings().join_threshold


def test_stories_link_off_the_same_report_starts_its_own_story():
    out = StoryIndex(StorySettings(link_members=0)).add(_story_that_grew_two_ways())
    assert out[-1].how == "new" and out[-1].story != out[0].story
    assert {a.story for a in out[:-1]} == {out[0].story}


def test_stories_link_and_single_merges_are_off_for_a_state_from_before_they_existed():
    assert _BEFORE_SETTING_EXISTED["link_members"] == 0
    assert _BEFORE_SETTING_EXISTED["single_merge_threshold"] == 1.0  # merge_threshold rules
    index = StoryIndex(StorySettings())
    state = index.to_state()
    del state["settings"]["link_members"], state["settings"]["single_merge_threshold"]
    settings = StoryIndex.from_state(state).settings
    assert (settings.link_members, settings.single_merge_threshold) == (0, 1.0)
