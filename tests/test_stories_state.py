"""Stable story ids: batches equal one pass, state is plain JSON, merges keep the older id."""
from __future__ import annotations

import json
import random

from conftest import EXAMPLES
from storyfold import api
from storyfold.stories import StoryDoc, StoryIndex, cluster_stories, merge_stories, stories_of


def _corpus() -> list:
    articles = list(api.extract([EXAMPLES]))
    return sorted(articles, key=lambda a: (a.published or "", a.id))


def _invented_stream(n_events: int = 12, per_event: int = 4, seed: int = 3) -> list[StoryDoc]:
    """Invented events with invented names, numbers and places, several reports each, dated."""
    rng = random.Random(seed)
    syllables = ["kar", "vel", "dun", "mor", "ist", "ral", "bex", "tor", "lin", "quo", "sab", "fen"]
    verbs = ["flood", "strike", "fire", "vote", "merger", "trial", "storm", "summit"]
    docs = []
    for event in range(n_events):
        place = "".join(rng.sample(syllables, 2)).title()
        person = "".join(rng.sample(syllables, 2)).title() + " " + "".join(rng.sample(syllables, 3)).title()
        kind = verbs[event % len(verbs)]
        number = rng.randrange(10, 999)
        day = 1 + event * 2
        for report in range(per_event):
            words = [f"The {kind} in {place} on Monday left {number} people affected, said {person}.",
                     f"Officials in {place} said the {kind} was the worst since {1950 + number % 60}.",
                     f"{person} visited {place} and promised help for the {number} families.",
                     f"Reporters counted {number + report} homes damaged by the {kind} in {place}."]
            rng.shuffle(words)
            docs.append(StoryDoc(f"ev{event}-r{report}", " ".join(words[:3]), None,
                                 f"2024-02-{day + report % 2:02d}T{8 + report:02d}:00:00Z"))
    return docs


def _batches(items: list, parts: int = 5) -> list[list]:
    size = -(-len(items) // parts)
    return [items[start:start + size] for start in range(0, len(items), size)]


def test_stories_five_batches_in_publication_order_equal_one_pass():
    items = _invented_stream() + [StoryDoc(a.id, a.text, a.title, a.published) for a in _corpus()]
    items.sort(key=lambda d: (d.published or "", d.id))
    one = cluster_stories(items)
    state = None
    for batch in _batches(items):
        state = json.loads(json.dumps(cluster_stories(batch, state).state))  # through JSON, as a store would
    assert cluster_stories([], state).story_of == one.story_of
    assert [s.to_dict() for s in stories_of(state)] == [s.to_dict() for s in one.stories]
    assert len(one.stories) >= 12 + 3


def test_stories_invented_events_are_found():
    items = _invented_stream()
    run = cluster_stories(items)
    by_event: dict[str, set[str]] = {}
    for assignment in run.assignments:
        by_event.setdefault(assignment.article.split("-")[0], set()).add(assignment.story)
    assert all(len(stories) == 1 for stories in by_event.values())
    assert len({next(iter(s)) for s in by_event.values()}) == len(by_event)


def test_stories_later_batches_keep_earlier_ids():
    items = _invented_stream()
    first = cluster_stories(items[:20])
    later = cluster_stories(items[20:], first.state)
    for article, story in first.story_of.items():
        assert later.story_of[article] == story


def test_stories_readding_an_article_keeps_its_story():
    items = _invented_stream()[:8]
    run = cluster_stories(items)
    again = cluster_stories(items, run.state)
    assert [a.story for a in again.assignments] == [a.story for a in run.assignments]
    assert {a.how for a in again.assignments} == {"known"}
    assert again.state["docs"] == run.state["docs"]  # nothing counted twice


def test_stories_merge_keeps_the_older_id_and_links_still_resolve():
    items = _invented_stream()
    run = cluster_stories(items)
    older, newer = run.stories[0].id, run.stories[1].id
    state = merge_stories(run.state, newer, older)
    stories = {s.id: s for s in stories_of(state)}
    assert older in stories and newer not in stories
    assert state["merged_into"][newer] == older
    assert stories[older].merged_from == [newer]
    index = StoryIndex.from_state(state)
    assert index.resolve(newer) == older
    moved = [a.article for a in run.assignments if a.story == newer]
    assert moved and all(index.story_of(article) == older for article in moved)
    # An article of the merged-away story's event, added later, lands on the kept id.
    follow_up = StoryDoc("late", items[4].text, None, items[4].published)
    assert cluster_stories([follow_up], state).assignments[0].story == older


def test_stories_state_is_plain_json():
    run = cluster_stories(_invented_stream())
    text = json.dumps(run.state)
    assert json.loads(text) == run.state
    assert StoryIndex.from_state(json.loads(text)).to_state() == run.state


def test_stories_batches_in_random_order_mostly_agree_with_one_pass():
    items = _invented_stream()
    one = cluster_stories(items).story_of
    shuffled = list(items)
    random.Random(5).shuffle(shuffled)
    state = None
    for batch in _batches(shuffled):
        state = cluster_stories(batch, state).state
    assert cluster_stories([], state).story_of.keys() == one.keys()
    # Same partition (ids may differ: another article may come first).
    partition = lambda mapping: sorted(sorted(a for a in mapping if mapping[a] == s) for s in set(mapping.values()))  # noqa: E731
    assert partition(cluster_stories([], state).story_of) == partition(one)
