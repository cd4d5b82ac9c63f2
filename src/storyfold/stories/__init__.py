"""Stories: articles clustered online into stories, with ids that stay put as articles arrive.

The pipeline for one article, all pure functions of the article and the saved state (no I/O):
  junk.is_not_news         a scraped notice or link list (not a report) stands alone
  features.features        text -> content words, name-like phrases, places, numbers (the
                           title's and the lead's counted again)
  StoryIndex._vector       -> sublinear TF-IDF with the document frequencies seen so far
  StoryIndex._score_...    -> candidate stories through an inverted index of salient terms,
                              scored by a mix of cosines (all terms, names, numbers) x time decay
  StoryIndex._add_one      -> join the best live story or start a new one; merge stories that
                              turn out to be one (older id kept, the other in merged_into)
A large batch uses a second core: a forked worker counts the features while the index clusters
(StoryIndex.add(workers=...)); the stories are the same either way.
With the optional embeddings extra (`StorySettings(embeddings=True)`, stories/dense.py) the
score also mixes in the cosine of all-MiniLM-L6-v2 embeddings; the default never imports torch.
`cluster_stories` runs a batch from a saved state (or from nothing) and returns the new state, so
`storyfold add` in batches keeps every story id that `fold` gave.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .features import features, headline
from .index import (STATE_VERSION, Assignment, StateChanges, StateSource, StoryDoc, StoryIndex,
                    as_story_doc, publication_order, published_days, story_id_for)
from .settings import DEFAULT_STORY_SETTINGS, StorySettings

__all__ = [
    "Assignment", "DEFAULT_STORY_SETTINGS", "STATE_VERSION", "StateChanges", "StateSource", "Story",
    "StoryDoc", "StoryIndex",
    "StoryRun", "StorySettings", "as_story_doc", "cluster_stories", "features", "headline",
    "merge_stories", "publication_order", "published_days", "stories_of", "story_id_for",
]


@dataclass(frozen=True, slots=True)
class Story:
    """A live story: its id, a short headline and its articles in the order they arrived."""

    id: str
    title: str
    articles: list[str]
    first_published: str | None  # ISO 8601 (UTC) of its earliest dated article
    last_published: str | None
    merged_from: list[str] = field(default_factory=list)  # ids merged into this one (links resolve)
    split_from: str | None = None  # the story this one was cut out of, if it was

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles),
                "first_published": self.first_published, "last_published": self.last_published,
                "merged_from": list(self.merged_from), "split_from": self.split_from}


@dataclass(frozen=True, slots=True)
class StoryRun:
    """What one batch did: where each input went, and the state to keep for the next batch."""

    assignments: list[Assignment]  # one per input, in input order, story ids after merges
    state: dict[str, Any]  # plain dicts/lists/str/float/int/None: json.dumps-able as is
    stories: list[Story]  # every live story in the state, oldest first

    @property
    def story_of(self) -> dict[str, str]:
        """Article id -> story id for every article in the state (not only this batch)."""
        return _assignments(self.state)


def cluster_stories(articles: Iterable[Any], state: Mapping[str, Any] | None = None,
                    copy_of: Mapping[str, str] | None = None,
                    settings: StorySettings | None = None, *, workers: int | None = None) -> StoryRun:
    """Cluster a batch of articles into stories, carrying on from `state` (None: from nothing).

    `articles`: Article objects, StoryDoc or (id, text[, title[, published]]) tuples; they are
    taken in publication order (undated first, in input order). `copy_of`: article id -> the id
    of the article it copies (storyfold.copies); a copy joins its origin's story. An article id
    already in `state` keeps its story. `settings`: None keeps the state's own (a state goes on
    with the settings it was built with, so ids do not shift under a changed default).
    `workers`: processes that count features while this one clusters (StoryIndex.add; None
    chooses, 0 keeps it all in this process, as a Spark task should).
    """
    index = StoryIndex.from_state(state, settings)
    assignments = index.add(articles, copy_of, workers=workers)
    new_state = index.to_state()
    return StoryRun(assignments, new_state, stories_of(new_state))


def merge_stories(state: Mapping[str, Any], one: str, two: str) -> dict[str, Any]:
    """A new state where stories `one` and `two` are one: the older id is kept, the other
    recorded in merged_into (a user's link to it still resolves)."""
    index = StoryIndex.from_state(state)
    for story_id in (one, two):
        if index.resolve(story_id) not in index.stories:
            from ..errors import NotFoundError

            raise NotFoundError(f"no story {story_id!r} in the story state",
                                hint="list stories with: storyfold stories --db FILE")
    index.merge(one, two)
    return index.to_state()


def stories_of(state: Mapping[str, Any]) -> list[Story]:
    """The live stories of a state, oldest first, each with its articles in arrival order."""
    if not state:
        return []
    members: dict[str, list[str]] = {}
    for article, story in _assignments(state).items():
        members.setdefault(story, []).append(article)
    merged_from: dict[str, list[str]] = {}
    merged_into = state["merged_into"]
    for gone in merged_into:
        merged_from.setdefault(_resolve(merged_into, gone), []).append(gone)
    index_stories = state["stories"]
    live = [sid for sid in index_stories if sid not in merged_into]
    live.sort(key=lambda sid: (index_stories[sid]["first_time"] is None,
                               index_stories[sid]["first_time"] or 0.0,
                               index_stories[sid]["first_seq"]))
    return [Story(sid, index_stories[sid]["headline"], members.get(sid, []),
                  _iso(index_stories[sid]["first_time"]), _iso(index_stories[sid]["last_time"]),
                  sorted(merged_from.get(sid, [])), index_stories[sid].get("split_from"))
            for sid in live]


def _assignments(state: Mapping[str, Any]) -> dict[str, str]:
    merged_into = state["merged_into"]
    return {article: _resolve(merged_into, story) for article, story in state["article_story"].items()}


def _resolve(merged_into: Mapping[str, str], story_id: str) -> str:
    for _ in range(10_000):
        if story_id not in merged_into:
            break
        story_id = merged_into[story_id]
    return story_id


def _iso(days: float | None) -> str | None:
    if days is None:
        return None
    return datetime.fromtimestamp(days * 86_400.0, tz=timezone.utc).isoformat().replace("+00:00", "Z")
