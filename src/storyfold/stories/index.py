"""Online story clustering: each article, in publication order, joins the best live story or starts one.

The loop for one article (`StoryIndex.add`):
  0. a text that is not news (junk.is_not_news) starts a story of its own, never indexed
  1. features -> sublinear TF-IDF vector with the document frequencies seen so far (the
     vocabulary only grows; an article is weighed with the IDF of the moment it arrived, so
     adding later articles never changes an earlier decision)
  2. candidates: stories indexed under the article's heaviest terms (an inverted index of
     bounded posting lists: the work per article does not grow with the corpus)
  3. score: cosine to each candidate's centroid (its heaviest terms only) times a time decay
     (with the embeddings extra, mixed with the cosine to the story's mean embedding)
  4. join the best story at or above `join_threshold`, else start a new story whose id is
     derived from the article's id; then merge the story with any candidate that has become
     the same story (older id kept, the other recorded in `merged_into`)
  5. split: as a story grows (at sizes 6, 7, 8, 10, 12, 15, ...: a few checks per story),
     its recent reports are cut in two by average link; when the halves are two stories (their
     similarity below `split_threshold`) the half without the story's oldest report leaves as a
     new story (`split_from` says where it came from). Two events of one kind that a single
     borderline join fused come apart again once each has reports of its own.
Everything the index knows is plain dicts and lists (`to_state` / `from_state`), so a store can
keep it and `add` can carry on later with the same story ids. A store need not load all of it:
`StoryIndex.backed` reads a term's document frequency, a term's postings, a story or an article's
story only when the loop asks for it (`StateSource`), and `changes` hands back only what this run
read or wrote, so the work of an `add` follows the batch, not the size of the store.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any, Protocol

from ..errors import UsageError
from .features import article_counts, article_counts_of, headline
from .junk import is_not_news
from .settings import DEFAULT_STORY_SETTINGS, StorySettings

STATE_VERSION = 1
_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What story clustering needs of an article."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or timestamp; None when unknown


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story (after merges) and how it got there."""

    article: str
    story: str
    how: str  # "new" | "joined" | "copy" | "known" (already in the index)
    similarity: float  # to the story it joined (1.0 for copies, 0.0 for a new story)


def story_id_for(article_id: str) -> str:
    """The id of a story started by `article_id`: stable, short, no Python hash()."""
    return "s" + hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def published_days(value: str | None) -> float | None:
    """Days since 1970 (UTC when no zone is given); None when unknown or unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() / _DAY


def publication_order(docs: Sequence[StoryDoc]) -> list[int]:
    """Positions of `docs` by publication time; undated ones first, in input order (stable)."""
    keyed = [(published_days(doc.published), position) for position, doc in enumerate(docs)]
    return [position for _, position in
            sorted(keyed, key=lambda k: (k[0] is not None, k[0] or 0.0, k[1]))]


def as_story_doc(item: Any) -> StoryDoc:
    """A StoryDoc from a StoryDoc, an Article-like object or an (id, text[, title[, published]]) tuple."""
    if isinstance(item, StoryDoc):
        doc = item
    elif hasattr(item, "id") and hasattr(item, "text"):
        doc = StoryDoc(item.id, item.text, getattr(item, "title", None), getattr(item, "published", None))
    elif isinstance(item, Sequence) and not isinstance(item, str) and 2 <= len(item) <= 4:
        doc = StoryDoc(*item)
    else:
        raise UsageError(f"a story-clustering input must be an Article, a StoryDoc or a tuple "
                         f"(id, text, title, published); got {type(item).__name__}")
    if not isinstance(doc.id, str) or not doc.id:
        raise UsageError(f"an article id must be a non-empty string, got {doc.id!r}")
    if not isinstance(doc.text, str):
        raise UsageError(f"article {doc.id}: text must be a string, got {type(doc.text).__name__}")
    return doc


class StateSource(Protocol):
    """Where a store-backed index reads the parts of its state it needs (storyfold.store does this).

    Each method returns the entries it has for the keys asked, leaving absent keys out.
    """

    def story_df(self, terms: Sequence[str]) -> dict[str, int]: ...
    def story_rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...
    def story_postings(self, terms: Sequence[str]) -> dict[str, list[str]]: ...
    def story_of_articles(self, ids: Sequence[str]) -> dict[str, str]: ...
    def story_recent_members(self, ids: Sequence[str]) -> dict[str, list[Sequence[Any]]]: ...


@dataclass(frozen=True, slots=True)
class StateChanges:
    """What a store must write after a store-backed run (or everything, after a fresh one)."""

    docs: int
    seq: int
    settings: dict[str, Any]
    df: dict[str, int]  # every term this run counted or read
    stories: dict[str, dict[str, Any]]  # every story this run started, changed or read
    postings: dict[str, list[str]]  # every posting list this run read or wrote
    new_articles: dict[str, str]  # article id -> its live story, for articles placed or moved
    members: dict[str, list[Sequence[Any]]]  # recent members of every story whose list changed
    new_merges: dict[str, str]  # merged-away story id -> the live story it is now part of


_ABSENT = object()


class _Backed(dict):
    """A dict that fetches a missing key from `load` (one key at a time) and remembers the answer,
    absent keys included. It holds only what was asked for: iterating it lists those keys only."""

    def __init__(self, load: Callable[[Sequence[str]], dict[str, Any]]) -> None:
        super().__init__()
        self._load = load
        self._absent: set[str] = set()

    def _fetch(self, key: str) -> Any:
        if key in self._absent:
            return _ABSENT
        found = self._load([key])
        if key not in found:
            self._absent.add(key)
            return _ABSENT
        value = found[key]
        dict.__setitem__(self, key, value)
        return value

    def __missing__(self, key: str) -> Any:
        value = self._fetch(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        value = self._fetch(key)
        return default if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (isinstance(key, str) and self._fetch(key) is not _ABSENT)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._absent.discard(key)
        dict.__setitem__(self, key, value)

    def load_many(self, keys: Iterable[str]) -> None:
        """Fetch many keys in one call to `load` (those not asked before)."""
        todo = [key for key in keys if not dict.__contains__(self, key) and key not in self._absent]
        if not todo:
            return
        found = self._load(todo)
        for key in todo:
            if key in found:
                dict.__setitem__(self, key, found[key])
            else:
                self._absent.add(key)


class StoryIndex:
    """The online clusterer and everything it remembers (see the module docstring)."""

    def __init__(self, settings: StorySettings = DEFAULT_STORY_SETTINGS) -> None:
        self.settings = settings
        self.docs = 0  # articles whose terms are counted in `df` (copies are not)
        self.seq = 0  # articles seen, copies included: the order stories were started in
        self.df: dict[str, int] = {}
        self.stories: dict[str, dict[str, Any]] = {}  # live and merged-away stories by id
        self.postings: dict[str, list[str]] = {}  # term -> ids of stories indexed under it
        self.article_story: dict[str, str] = {}  # article id -> story id it was given
        self.merged_into: dict[str, str] = {}  # merged-away story id -> the story it joined
        # story id -> its most recent members (at most split_members), oldest first, each
        # [article id, published days or None, origin article if a copy else None, what its
        #  headline is made from (_line_source), packed vector (reports only, else None)]: what a
        #  split needs to cut a story in two.
        self.members: dict[str, list[Sequence[Any]]] = {}
        self._embeddings: dict[str, list[float]] = {}  # this batch's, with the embeddings extra
        self._counted: dict[str, tuple[str, str | None, Counter[str]]] = {}  # prefetch's counts
        self._new_articles: list[str] = []  # articles placed by this object, in order
        self._new_merges: list[str] = []  # stories merged away by this object, in order
        self._touched_stories: set[str] = set()  # started or changed by this object
        self._touched_postings: set[str] = set()  # terms whose posting list this object changed
        self._touched_members: set[str] = set()  # stories whose member list this object changed
        self._unpacked: dict[tuple[str, str], dict[str, Any]] = {}  # members' vectors, unpacked
        self._mix = (settings.mix_all, settings.mix_words, settings.mix_names, settings.mix_numbers)
        self._weights = {"w": 1.0, "e": settings.entity_weight, "n": settings.name_weight,
                         "p": settings.place_weight, "d": settings.number_weight}

    # ---- state ---------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Everything the index knows, as plain JSON-ready dicts and lists (a deep copy)."""
        return {
            "version": STATE_VERSION,
            "settings": self.settings.to_dict(),
            "docs": self.docs,
            "seq": self.seq,
            "df": dict(self.df),
            "stories": {sid: _copy_story(story) for sid, story in self.stories.items()},
            "postings": {term: list(ids) for term, ids in self.postings.items()},
            "article_story": dict(self.article_story),
            "merged_into": dict(self.merged_into),
            "members": {sid: [list(entry) for entry in entries] for sid, entries in self.members.items()},
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any] | None,
                   settings: StorySettings | None = None) -> "StoryIndex":
        """An index that carries on from `state` (None: a fresh one); its settings by default."""
        if state is None:
            return cls(settings or DEFAULT_STORY_SETTINGS)
        if not isinstance(state, Mapping) or state.get("version") != STATE_VERSION:
            raise UsageError("the story state is not one this storyfold wrote "
                             f"(expected version {STATE_VERSION})",
                             hint="re-cluster from the articles: storyfold cluster INPUT...")
        if settings is None:
            # The state's own settings (ids must not shift under a changed default); a setting
            # this version no longer has is dropped, one it added takes its default.
            known = set(StorySettings.__dataclass_fields__)
            saved = {k: v for k, v in dict(state.get("settings", {})).items() if k in known}
            if "settings" in state:
                # A state from before a behaviour existed goes on without it.
                for name, value in _BEFORE_SETTING_EXISTED.items():
                    saved.setdefault(name, value)
            settings = StorySettings(**saved)
        index = cls(settings)
        index.docs = int(state["docs"])
        index.seq = int(state["seq"])
        index.df = dict(state["df"])
        index.stories = {sid: _copy_story(story) for sid, story in state["stories"].items()}
        index.postings = {term: list(ids) for term, ids in state["postings"].items()}
        index.article_story = dict(state["article_story"])
        index.merged_into = dict(state["merged_into"])
        index.members = {sid: [tuple(entry) for entry in entries]
                         for sid, entries in state.get("members", {}).items()}
        return index

    @classmethod
    def backed(cls, meta: Mapping[str, Any], source: StateSource,
               merged_into: Mapping[str, str]) -> "StoryIndex":
        """An index that carries on from a stored state, reading its parts from `source` as the
        loop needs them. `meta` holds version, settings, docs and seq; `merged_into` is every
        merge so far (few: a story id in a posting list must resolve without a lookup)."""
        index = cls.from_state({**meta, "df": {}, "stories": {}, "postings": {}, "article_story": {},
                                "merged_into": dict(merged_into)})
        index.df = _Backed(source.story_df)
        index.stories = _Backed(source.story_rows)
        index.postings = _Backed(source.story_postings)
        index.article_story = _Backed(source.story_of_articles)
        index.members = _Backed(source.story_recent_members)
        return index

    def changes(self) -> StateChanges:
        """What this object counted, read, started, joined or merged: all a store must write back
        (of a store-backed index; of a fresh one, that is everything)."""
        return StateChanges(
            docs=self.docs, seq=self.seq, settings=self.settings.to_dict(),
            df=dict(self.df),
            stories={sid: self.stories[sid] for sid in self._touched_stories},
            postings={term: self.postings[term] for term in self._touched_postings},
            new_articles={article: self.resolve(self.article_story[article])
                          for article in self._new_articles},
            members={sid: self.members[sid] for sid in self._touched_members if sid in self.members},
            new_merges={gone: self.resolve(gone) for gone in self._new_merges})

    # ---- queries -------------------------------------------------------------------------------

    def resolve(self, story_id: str) -> str:
        """The live story a (possibly merged-away) story id now lives on in."""
        seen = 0
        while story_id in self.merged_into and seen < 10_000:
            story_id = self.merged_into[story_id]
            seen += 1
        return story_id

    def story_of(self, article_id: str) -> str | None:
        found = self.article_story.get(article_id)
        return None if found is None else self.resolve(found)

    def assignments(self) -> dict[str, str]:
        """Every article seen -> its live story, in the order the articles were added."""
        return {article: self.resolve(story) for article, story in self.article_story.items()}

    def live_stories(self) -> list[str]:
        """Ids of the stories not merged away, oldest first."""
        live = [sid for sid in self.stories if sid not in self.merged_into]
        return sorted(live, key=lambda sid: _age_key(self.stories[sid]))

    # ---- the loop ------------------------------------------------------------------------------

    def add(self, items: Iterable[Any], copy_of: Mapping[str, str] | None = None, *,
            workers: int | None = None) -> list[Assignment]:
        """Cluster a batch, in publication order; one Assignment per input, in input order.

        `workers` other processes count the articles' features while this one clusters (the
        clustering itself is one sequence). None: one worker for a batch of at least
        PARALLEL_MIN new articles on a machine with two cores or more; 0: none.
        """
        docs = [as_story_doc(item) for item in items]
        copy_of = copy_of or {}
        if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool)
                                    or workers < 0):
            raise UsageError(f"workers must be a whole number >= 0, not {workers!r}",
                             hint="0 counts features in this process; None chooses")
        self._embeddings = self._embed(docs) if self.settings.embeddings else {}
        order = publication_order(docs)
        # The articles whose features will be counted (first sight of each id; copies join their
        # origin's story unread), in the order the loop below meets them.
        seen: set[str] = set()
        to_count = []
        for position in order:
            doc = docs[position]
            if (doc.id not in seen and doc.id not in self.article_story
                    and copy_of.get(doc.id) in (None, doc.id)):
                seen.add(doc.id)
                to_count.append(doc)
        backed = isinstance(self.df, _Backed)
        counted = _counts_in_workers(to_count, self.settings, workers, waiting=backed)
        try:
            if backed:
                self._prefetch(to_count, counted)
                counted = None
            out: list[Assignment | None] = [None] * len(docs)
            next_counted = 0
            for position in order:
                doc = docs[position]
                if counted is not None and next_counted < len(to_count) and doc is to_count[next_counted]:
                    self._counted[doc.id] = (doc.text, doc.title, next(counted))
                    next_counted += 1
                out[position] = self._add_one(doc, copy_of)
        finally:
            if counted is not None:
                counted.close()  # stops the workers if the loop ended early
            self._embeddings, self._counted = {}, {}
        # A later merge or split can move an article placed earlier in this batch: report where
        # it ended.
        return [Assignment(a.article, self.story_of(a.article) or a.story, a.how, a.similarity)
                for a in out if a is not None]

    def _embed(self, docs: Sequence[StoryDoc]) -> dict[str, list[float]]:
        """Dense embeddings of the batch's new articles, in one batched call to the model."""
        from . import dense  # only with the embeddings extra: the default never imports torch

        todo = [doc for doc in docs if doc.id not in self.article_story and doc.text.strip()]
        vectors = dense.embed([dense.lead(doc.title, doc.text) for doc in todo])
        return {doc.id: vector for doc, vector in zip(todo, vectors)}

    def _add_one(self, doc: StoryDoc, copy_of: Mapping[str, str]) -> Assignment:
        known = self.article_story.get(doc.id)
        if known is not None:
            return Assignment(doc.id, self.resolve(known), "known", 1.0)
        when = published_days(doc.published)
        self.seq += 1
        origin = copy_of.get(doc.id)
        origin_story = self.story_of(origin) if origin and origin != doc.id else None
        if origin_story is not None:
            # A copy is the same report again: it joins its origin's story and, adding no new
            # evidence, leaves the vocabulary and the centroid as they were.
            story = self.stories[origin_story]
            story["size"] += 1
            _stretch_time(story, when)
            self.article_story[doc.id] = origin_story
            self._new_articles.append(doc.id)
            self._touched_stories.add(origin_story)
            if self._splitting:
                self._remember(origin_story, (doc.id, when, origin, None, None))
            return Assignment(doc.id, origin_story, "copy", 1.0)

        if self.settings.not_news_alone and is_not_news(doc.text):
            if not doc.title:
                return self._start_story(doc, when, {}, indexed=False)
            # A notice page under a real headline: the headline is all there is to go on.
            doc = StoryDoc(doc.id, "", doc.title, doc.published)
        vector = self._vector(doc)
        # The article's terms by weight, once: its heaviest look up candidates, and only its
        # `centroid_terms` heaviest go into a centroid (bounded work per join).
        # (Ties keep the features' order, itself fixed by the text: deterministic.)
        ranked = sorted(vector.items(), key=itemgetter(1), reverse=True)
        heaviest = dict(ranked[:self.settings.centroid_terms])
        embedding = self._embeddings.get(doc.id)
        scored = self._score_candidates(vector, ranked, when, embedding)
        best_id, best_similarity = (scored[0] if scored else (None, 0.0))
        # The story's headline is that of its most typical article so far: the one that matched
        # the story best when it joined (a real title beats a first sentence).
        line_score = best_similarity + (1.0 if doc.title else 0.0)
        threshold = (self.settings.dense_join_threshold if embedding is not None
                     else self.settings.join_threshold)
        if best_id is not None and best_similarity >= threshold:
            story = self.stories[best_id]
            _add_to_centroid(story, heaviest, self.settings.centroid_terms)
            if embedding is not None:
                _add_dense(story, embedding)
            story["size"] += 1
            _stretch_time(story, when)
            if line_score > story["headline_score"]:
                line = headline(doc.title, doc.text)
                if line:
                    story["headline"], story["headline_score"] = line, line_score
                    story["headline_of"] = doc.id
            self.article_story[doc.id] = best_id
            self._new_articles.append(doc.id)
            if self._splitting:
                self._remember(best_id, (doc.id, when, None, _line_source(doc),
                                         _pack(heaviest, self.settings.split_terms)))
            self._index_story(best_id)
            # Only stories the article itself nearly joined can have become the same story.
            near = [sid for sid, similarity in scored[1:] if similarity >= threshold / 2]
            merged = self._merge_candidates(best_id, near)
            if self._splitting and self.stories[merged]["size"] in _SPLIT_AT:
                self._maybe_split(merged)
            return Assignment(doc.id, self.story_of(doc.id) or merged, "joined", round(best_similarity, 6))
        return self._start_story(doc, when, heaviest, embedding=embedding)

    def _start_story(self, doc: StoryDoc, when: float | None, heaviest: Mapping[str, float],
                     indexed: bool = True, embedding: list[float] | None = None) -> Assignment:
        """A new story of one article; `indexed=False` keeps it out of every candidate list."""
        story_id = story_id_for(doc.id)
        while story_id in self.stories:  # a story id is never reused (blake2b collision or re-add)
            story_id = story_id_for(story_id + "'")
        self.stories[story_id] = {
            "first": doc.id, "first_seq": self.seq, "first_time": when, "last_time": when,
            "size": 1, "centroid": {}, "norm": 0.0, "norms": {}, "indexed": [],
            "headline": headline(doc.title, doc.text), "headline_score": (1.0 if doc.title else 0.0),
            "headline_of": doc.id,
        }
        if embedding is not None:
            self.stories[story_id]["dense"] = list(embedding)
        self.article_story[doc.id] = story_id
        self._new_articles.append(doc.id)
        self._touched_stories.add(story_id)
        if indexed:
            _add_to_centroid(self.stories[story_id], heaviest, self.settings.centroid_terms)
            self._index_story(story_id)
            if self._splitting:
                self._remember(story_id, (doc.id, when, None, "L" + self.stories[story_id]["headline"],
                                          _pack(heaviest, self.settings.split_terms)))
        return Assignment(doc.id, story_id, "new", 0.0)

    def _counts(self, doc: StoryDoc) -> Counter[str]:
        """The article's feature counts: text, title (again) and lead (again); from the batch's
        prefetch when it read this very text."""
        cached = self._counted.pop(doc.id, None)
        if cached is not None and cached[0] is doc.text and cached[1] is doc.title:
            return cached[2]
        return article_counts(doc.text, doc.title, self.settings.lead_chars, self.settings.lead_repeats)

    def _prefetch(self, docs: Sequence[StoryDoc], counted: Iterator[Counter[str]] | None) -> None:
        """Read the document frequencies and posting lists of the batch's terms in a few bulk
        queries (a store-backed index), not one query per term as the loop meets them. `docs`
        are the articles to be read (a copy joins its origin's story unread); `counted` their
        counts from workers, in order, or None to count them here."""
        terms: set[str] = set()
        for doc in docs:
            counts = next(counted) if counted is not None else self._counts(doc)
            self._counted[doc.id] = (doc.text, doc.title, counts)
            terms.update(counts)
        for table in (self.df, self.postings):
            if isinstance(table, _Backed):
                table.load_many(terms)

    def _vector(self, doc: StoryDoc) -> dict[str, float]:
        """The article's unit-length sublinear TF-IDF vector; counts it into the vocabulary first."""
        counts = self._counts(doc)
        self.docs += 1
        df = self.df
        for term in counts:
            df[term] = df.get(term, 0) + 1
        weights = self._weights
        log = _log_table(max(self.docs + 1, 64))
        idf_base = log[self.docs + 1] + 1.0  # smoothed idf = log((N + 1) / (df + 1)) + 1
        vector = {term: (1.0 + log[count] if count < 64 else 1.0 + math.log(count))
                  * (idf_base - log[df[term] + 1]) * weights[term[0]]
                  for term, count in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        if norm == 0.0:
            return {}
        return {term: w / norm for term, w in vector.items()}

    def _score_candidates(self, vector: dict[str, float], ranked: list[tuple[str, float]],
                          when: float | None, embedding: list[float] | None = None
                          ) -> list[tuple[str, float]]:
        """Candidate stories (through the index) with their decayed similarity, best first."""
        if not vector:
            return []
        settings = self.settings
        query = ranked[:settings.article_query_terms]
        votes: dict[str, float] = {}
        vote = votes.get
        postings = self.postings
        for term, weight in query:  # ~30 terms x up to max_postings stories: the hot loop
            for sid in postings.get(term, ()):
                votes[sid] = vote(sid, 0.0) + weight
        merged_into = self.merged_into
        if not merged_into.keys().isdisjoint(votes):
            # A merged-away story's postings vote for the story it joined (in first-seen order).
            resolved: dict[str, float] = {}
            for sid, weight in votes.items():
                sid = self.resolve(sid) if sid in merged_into else sid
                resolved[sid] = resolved.get(sid, 0.0) + weight
            votes = resolved
        # (Ties keep the postings' order, which is part of the state: deterministic; nlargest is
        # sorted(...)[:n] to the tie, without sorting the ~1,000 stories a 100k index votes for.)
        ranked = heapq.nlargest(settings.max_candidates, votes.items(), key=itemgetter(1))
        article_norms = _group_norms(vector)
        scored = []
        for sid, _ in ranked:
            story = self.stories[sid]
            decay = self._decay(story, when)
            if decay == 0.0 or story["norm"] == 0.0:
                continue
            similarity = self._similarity(vector, article_norms, story)
            if embedding is not None and story.get("dense"):
                from .dense import cosine_to_mean

                weight = settings.dense_weight
                similarity = ((1.0 - weight) * similarity
                              + weight * max(0.0, cosine_to_mean(embedding, story["dense"])))
            scored.append((sid, decay * similarity))
        order = (lambda kv: (-kv[1], self.stories[kv[0]]["first_seq"]))
        scored.sort(key=order)
        threshold = settings.join_threshold
        if self._linking and scored and threshold > scored[0][1] >= threshold * _LINK_FLOOR:
            # The article would start a story of its own: is it close to one recent report of a
            # near candidate? (Asked only then: each candidate costs up to _LINK_RECENT checks.)
            scored[:settings.link_members] = [
                (sid, max(score, self._decay(self.stories[sid], when)
                          * self._member_similarity(vector, article_norms, sid))
                 if score >= threshold * _LINK_FLOOR else score)
                for sid, score in scored[:settings.link_members]]
            scored.sort(key=order)
        return scored

    def _member_similarity(self, vector: Mapping[str, float], article_norms: Mapping[str, float],
                           story_id: str) -> float:
        """The article's best similarity to one of the story's recent reports: a story that
        grew in two directions (the charge, then the trial) has a centroid like neither, while a
        new report on one of them matches that one's reports."""
        best = 0.0
        for entry in (self.members.get(story_id) or ())[-_LINK_RECENT:]:
            if entry[4]:
                best = max(best, self._similarity(vector, article_norms, self._member_story(entry)))
        return best

    def _member_story(self, entry: Sequence[Any]) -> dict[str, Any]:
        """A member's vector, unpacked once and kept for the next checks (a bounded cache), in
        the shape _similarity takes a story in."""
        key = (entry[0], entry[4])
        story = self._unpacked.get(key)
        if story is None:
            if len(self._unpacked) >= 4_096:
                self._unpacked.clear()
            vector = _unpack(entry[4])
            story = self._unpacked[key] = {
                "centroid": vector, "norm": math.sqrt(sum(w * w for w in vector.values())),
                "norms": _group_norms(vector)}
        return story

    def _similarity(self, vector: Mapping[str, float], article_norms: Mapping[str, float],
                    story: Mapping[str, Any]) -> float:
        """A mix of the cosines over all terms and over each kind (words, names, numbers).

        Two events of one kind share their words ("quake", "magnitude"); what sets them apart is
        names and numbers, so the per-kind cosines are mixed in, each over the kinds the article
        and the story both have (an article without numbers says nothing against a story with).
        """
        centroid = story["centroid"]
        words = names = numbers = 0.0
        for term in centroid.keys() & vector.keys():  # C-level intersection: ~30 of ~150 terms
            product = centroid[term] * vector[term]
            kind = term[0]  # the three groups (see _group_norms); this runs ~20 times an article
            if kind == "w":
                words += product
            elif kind == "d":
                numbers += product
            else:
                names += product
        story_norm = story["norm"]
        in_words, in_names, in_numbers = (article_norms.get("w", 0.0), article_norms.get("e", 0.0),
                                          article_norms.get("d", 0.0))
        vector_norm = math.sqrt(in_words * in_words + in_names * in_names + in_numbers * in_numbers)
        if vector_norm == 0.0 or story_norm == 0.0:
            return 0.0
        mix_all, mix_words, mix_names, mix_numbers = self._mix
        score = mix_all * (words + names + numbers) / (story_norm * vector_norm)
        weight_sum = mix_all
        story_norms = story["norms"]
        for dot, norm, group, weight in ((words, in_words, "w", mix_words),
                                         (names, in_names, "e", mix_names),
                                         (numbers, in_numbers, "d", mix_numbers)):
            if weight and norm > 0.0:
                other = story_norms.get(group, 0.0)
                if other > 0.0:
                    score += weight * dot / (norm * other)
                    weight_sum += weight
        return score / weight_sum if weight_sum else 0.0

    def _decay(self, story: Mapping[str, Any], when: float | None,
               until: float | None = None) -> float:
        """How live `story` is for an article at `when` (or a story spanning when..until)."""
        first, last = story["first_time"], story["last_time"]
        if when is None or first is None:
            return 1.0
        gap = max(0.0, first - (until if until is not None else when), when - last)
        settings = self.settings
        if gap > settings.cold_days:
            return 0.0
        if gap <= settings.grace_days:
            return 1.0
        return 0.5 ** ((gap - settings.grace_days) / settings.half_life_days)

    def _index_story(self, story_id: str) -> None:
        """Post the story under its heaviest terms (new ones only; stale postings are harmless)."""
        story = self.stories[story_id]
        self._touched_stories.add(story_id)
        top = sorted(story["centroid"].items(), key=itemgetter(1), reverse=True)
        top_terms = [term for term, _ in top[:self.settings.story_index_terms]]
        already = set(story["indexed"])
        cap = self.settings.max_postings
        for term in top_terms:
            if term in already:
                continue
            ids = self.postings.setdefault(term, [])
            ids.append(story_id)
            self._touched_postings.add(term)
            if len(ids) > cap:
                del ids[:len(ids) - cap]
        story["indexed"] = top_terms

    def _merge_candidates(self, story_id: str, others: list[str]) -> str:
        """Merge `story_id` with every other candidate whose centroid now matches it (or, on a
        near miss, matches one of the other's recent reports); a one-article story merges at
        single_merge_threshold."""
        for other in others:
            story_id = self.resolve(story_id)
            other = self.resolve(other)
            if other == story_id:
                continue
            a, b = self.stories[story_id], self.stories[other]
            if a["norm"] == 0.0 or b["norm"] == 0.0:
                continue
            (small, _), (large, large_id) = sorted(((a, story_id), (b, other)),
                                                   key=lambda pair: len(pair[0]["centroid"]))
            similarity = self._similarity(small["centroid"], small["norms"], large)
            merge_threshold = self.settings.merge_threshold
            if self._linking and merge_threshold > similarity >= merge_threshold * _LINK_FLOOR:
                similarity = max(similarity, self._member_similarity(
                    small["centroid"], small["norms"], large_id))
            similarity *= self._decay(large, small["first_time"], small["last_time"])
            needed = merge_threshold
            if small["size"] == 1:  # one article: asked again whether it joins, now more is known
                needed = min(needed, self.settings.single_merge_threshold)
            if similarity >= needed:
                story_id = self._merge(story_id, other)
        return story_id

    def merge(self, one: str, two: str) -> str:
        """Merge two stories into the older one (earlier first article), as a user asked; returns
        the kept id. The story is never split again: a person's judgement beats the split rule."""
        keep = self._merge(one, two)
        self.stories[keep]["keep_whole"] = True  # _merge marked the kept story touched
        return keep

    def _merge(self, one: str, two: str) -> str:
        """Merge two stories into the older one (earlier first article); returns the kept id."""
        one, two = self.resolve(one), self.resolve(two)
        if one not in self.stories or two not in self.stories:
            raise UsageError(f"cannot merge unknown story {one if one not in self.stories else two}")
        if one == two:
            return one
        keep, gone = sorted((one, two), key=lambda sid: _age_key(self.stories[sid]))
        kept, lost = self.stories[keep], self.stories[gone]
        for term, weight in lost["centroid"].items():
            kept["centroid"][term] = kept["centroid"].get(term, 0.0) + weight
        _truncate(kept, self.settings.centroid_terms, force=True)
        kept["size"] += lost["size"]
        if lost.get("dense"):
            _add_dense(kept, lost["dense"])
        for when in (lost["first_time"], lost["last_time"]):
            _stretch_time(kept, when)
        if lost["headline_score"] > kept["headline_score"]:
            kept["headline"], kept["headline_score"] = lost["headline"], lost["headline_score"]
            kept["headline_of"] = lost.get("headline_of")
        lost_members = self.members.get(gone)
        if lost_members:
            kept_members = list(self.members.get(keep) or []) + lost_members
            kept_members.sort(key=lambda entry: (entry[1] is None, entry[1] or 0.0))  # by date, stable
            self.members[keep] = kept_members[-self.settings.split_members:]
            self.members[gone] = []
            self._touched_members.update((keep, gone))
        lost["centroid"], lost["norm"], lost["norms"], lost["indexed"] = {}, 0.0, {}, []
        lost.pop("dense", None)
        self.merged_into[gone] = keep
        self._new_merges.append(gone)
        self._touched_stories.add(gone)
        self._index_story(keep)
        return keep


    # ---- splits --------------------------------------------------------------------------------

    @property
    def _splitting(self) -> bool:
        return self.settings.split_threshold > 0.0

    @property
    def _linking(self) -> bool:
        """Whether near misses are compared with stories' recent reports (kept for splits)."""
        return self.settings.link_members > 0 and self._splitting

    def _remember(self, story_id: str, entry: tuple[Any, ...]) -> None:
        """Append a member to the story's recent members (the oldest falls out past the cap).
        Entries are tuples of str/float/None, which Python's cycle collector stops tracking: a
        100k-article index holds ~100k of them."""
        entries = list(self.members.get(story_id) or [])
        entries.append(entry)
        self.members[story_id] = entries[-self.settings.split_members:]
        self._touched_members.add(story_id)

    def _member_vector(self, entry: Sequence[Any]) -> dict[str, float]:
        return self._member_story(entry)["centroid"]

    def _maybe_split(self, story_id: str) -> str | None:
        """Cut the story in two when its recent reports are two stories; the new story's id."""
        if self.stories[story_id].get("keep_whole"):
            return None
        entries = self.members.get(story_id) or []
        reports = [k for k, entry in enumerate(entries) if entry[4]]
        min_part = self.settings.split_min_part
        if len(reports) < 2 * min_part:
            return None
        vectors = [self._member_vector(entries[k]) for k in reports]
        halves = _bisect(vectors)
        if min(len(halves[0]), len(halves[1])) < min_part:
            return None
        parts = []
        for half in halves:
            part: dict[str, Any] = {"centroid": {}, "norm": 0.0, "norms": {}}
            for k in half:
                _add_to_centroid(part, vectors[k], self.settings.centroid_terms)
            _truncate(part, self.settings.centroid_terms, force=True)
            parts.append(part)
        small, large = sorted(parts, key=lambda part: len(part["centroid"]))
        if self._similarity(small["centroid"], small["norms"], large) >= self.settings.split_threshold:
            return None
        # The half holding the oldest report stays (with the articles older than the window).
        leaving = halves[1] if 0 in halves[0] else halves[0]
        moving_ids = {entries[reports[k]][0] for k in leaving}
        # A copy goes where its origin goes.
        moving = [entry for entry in entries
                  if entry[0] in moving_ids or (entry[4] is None and entry[2] in moving_ids)]
        return self._split(story_id, moving, [vectors[k] for k in leaving])

    def _split(self, story_id: str, moving: list[Sequence[Any]], vectors: list[dict[str, float]]) -> str:
        """Move `moving` (member entries) out of the story into a new one; returns its id."""
        old = self.stories[story_id]
        first = moving[0]
        new_id = story_id_for(first[0])
        while new_id in self.stories:
            new_id = story_id_for(new_id + "'")
        dates = [entry[1] for entry in moving if entry[1] is not None]
        new = {"first": first[0], "first_seq": self.seq, "first_time": min(dates, default=None),
               "last_time": max(dates, default=None), "size": len(moving), "centroid": {},
               "norm": 0.0, "norms": {}, "indexed": [], "headline": _line_of(first[3]) or old["headline"],
               "headline_score": 0.0, "headline_of": first[0], "split_from": story_id}
        for vector in vectors:
            _add_to_centroid(new, vector, self.settings.centroid_terms)
        _truncate(new, self.settings.centroid_terms, force=True)
        # The old centroid loses what the leaving reports brought to it (their weights are kept
        # to 5 digits: a remainder under 1e-3 is rounding, not a term the story still has).
        centroid = old["centroid"]
        for vector in vectors:
            for term, weight in vector.items():
                if term in centroid:
                    left = centroid[term] - weight
                    if left > 1e-3:
                        centroid[term] = left
                    else:
                        del centroid[term]
        _truncate(old, self.settings.centroid_terms, force=True)
        old["size"] = max(1, old["size"] - len(moving))
        moving_ids = {entry[0] for entry in moving}
        staying = [entry for entry in self.members.get(story_id) or [] if entry[0] not in moving_ids]
        if old.get("headline_of") in moving_ids:
            for entry in staying:
                line = _line_of(entry[3])
                if line:
                    old["headline"], old["headline_score"], old["headline_of"] = line, 0.0, entry[0]
                    break
        self.stories[new_id] = new
        self.members[story_id], self.members[new_id] = staying, list(moving)
        self._touched_members.update((story_id, new_id))
        for entry in moving:
            self.article_story[entry[0]] = new_id
            self._new_articles.append(entry[0])
        self._index_story(story_id)
        self._index_story(new_id)
        return new_id


# A batch of fewer new articles counts its features in this process: starting a worker (~50 ms)
# and shipping the texts cost more than the ~0.8 ms an article the worker saves.
PARALLEL_MIN = 2_000


def _counts_in_workers(docs: Sequence[StoryDoc], settings: StorySettings, workers: int | None,
                       waiting: bool = False) -> Generator[Counter[str], None, None] | None:
    """The feature counts of `docs`, in order, counted by worker processes while the caller
    clusters (or, `waiting`, while it waits for all of them before it starts); None when this
    batch counts in-process (see StoryIndex.add for `workers`)."""
    if workers is None:
        workers = _default_workers(waiting) if len(docs) >= PARALLEL_MIN else 0
    # Workers are forked: a fork needs no importable __main__ (as spawn does), and is only safe
    # while this process runs one thread (a forked lock held by another thread never frees).
    if (workers < 1 or not docs or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1):
        return None
    jobs = [(doc.text, doc.title, settings.lead_chars, settings.lead_repeats) for doc in docs]
    return _stream_counts(jobs, min(workers, len(docs)))


def _stream_counts(jobs: list[tuple[str, str | None, int, int]], workers: int
                   ) -> Generator[Counter[str], None, None]:
    done = 0
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    except OSError:  # no process to be had (a limit on processes): count here
        pool = None
    try:
        if pool is not None:
            for counts in pool.map(article_counts_of, jobs, chunksize=64):
                yield counts
                done += 1
    except (BrokenExecutor, OSError):
        # A worker died (killed, out of memory) or could not start: the rest is counted here,
        # so the batch still ends with every article placed.
        pass
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    for job in jobs[done:]:
        yield article_counts(*job)


def _default_workers(waiting: bool) -> int:
    """While the caller clusters, one worker beside it on a machine with two cores or more: the
    clustering loop is the slower half (~1.2 ms an article against ~0.8 ms to count), so a
    second worker would only wait. While the caller waits (a store-backed index reads every
    term of the batch first), one worker a core, up to 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if cores < 2:
        return 0
    return min(cores, 4) if waiting else 1


def _split_sizes(limit: int = 10**9) -> frozenset[int]:
    """6, 7, 8, 10, 12, 15, 18, 22, ...: each about 1.25 times the last, so a story of n articles
    has been checked ~log(n) times (a check costs O(split_members^2)). Checking at every 1.5x
    gives the same F1 but less stable stories: five batches of a random order agree with one pass
    at B-cubed F1 0.942 on ECB+ (mean of 5 orders) against 0.951."""
    sizes, size = [], 6
    while size < limit:
        sizes.append(size)
        size = max(size + 1, int(size * 1.25))
    return frozenset(sizes)


_SPLIT_AT = _split_sizes()


def _line_source(doc: StoryDoc) -> str:
    """What a member's headline is made from, should a split need it: "T" + its title, or "X" +
    the start of its text (cheaper to keep than to make a headline for every join)."""
    return "T" + doc.title if doc.title else "X" + doc.text[:400]


def _line_of(source: str | None) -> str | None:
    """The headline of a member from its `_line_source` ("L" + a headline already made)."""
    if not source:
        return None
    kind, rest = source[0], source[1:]
    if kind == "L":
        return rest
    return headline(rest, "") if kind == "T" else headline(None, rest)


def _pack(vector: Mapping[str, float], keep: int) -> str:
    """An article's `keep` heaviest terms as one string ("term\tweight" lines): a split needs them,
    and one string per member costs a fraction of a dict of floats in memory and in the state."""
    top = sorted(vector.items(), key=itemgetter(1), reverse=True)[:keep]
    return "\n".join(f"{term}\t{weight:.5g}" for term, weight in top)


def _unpack(packed: str) -> dict[str, float]:
    vector = {}
    for line in packed.split("\n"):
        term, _, weight = line.rpartition("\t")
        vector[term] = float(weight)
    return vector


def _bisect(vectors: Sequence[Mapping[str, float]]) -> tuple[list[int], list[int]]:
    """Positions of `vectors` cut in two by average-link clustering on cosine distance."""
    import numpy as np
    from scipy.cluster.hierarchy import linkage

    vocabulary: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(vectors), len(vocabulary)))
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            matrix[row, vocabulary[term]] = weight
    norms = np.linalg.norm(matrix, axis=1)
    matrix /= np.where(norms > 0, norms, 1.0)[:, None]
    distances = np.clip(1.0 - matrix @ matrix.T, 0.0, 2.0)
    condensed = distances[np.triu_indices(len(vectors), k=1)]
    tree = linkage(condensed, "average")
    # The last merge joined the two halves: collect the leaves under each of its two children
    # (row i of the tree made cluster n + i out of its columns 0 and 1).
    n = len(vectors)
    children = {n + row: (int(tree[row, 0]), int(tree[row, 1])) for row in range(n - 1)}

    def leaves(node: int) -> list[int]:
        out, todo = [], [node]
        while todo:
            node = todo.pop()
            if node < n:
                out.append(node)
            else:
                todo.extend(children[node])
        return sorted(out)

    one, two = leaves(int(tree[-1, 0])), leaves(int(tree[-1, 1]))
    return (one, two) if 0 in one else (two, one)


# The value that reproduces the behaviour of a state written before the setting existed.
_BEFORE_SETTING_EXISTED = {"lead_repeats": 0, "not_news_alone": False, "split_threshold": 0.0,
                           "link_members": 0, "single_merge_threshold": 1.0}

# Recent reports are compared only for a near miss: a candidate scoring at least this fraction of
# the threshold (join or merge). Lower floors gave the same F1 on both quality sets for more work.
_LINK_FLOOR = 0.5
# ... and only against a story's 8 most recent reports: the same F1 on both sets as all 24 kept
# (the reports a new one follows on from are the recent ones), at a third of the work.
_LINK_RECENT = 8


def _group_norms(vector: Mapping[str, float]) -> dict[str, float]:
    """The norm of each of the three groups the feature kinds (features.py) fall in, each with
    its own cosine in the mix: words ("w:"), names ("n:" phrases, "e:" their words, "p:"
    places) and numbers ("d:")."""
    words = names = numbers = 0.0
    for term, weight in vector.items():
        kind = term[0]
        if kind == "w":
            words += weight * weight
        elif kind == "d":
            numbers += weight * weight
        else:
            names += weight * weight
    return {"w": math.sqrt(words), "e": math.sqrt(names), "d": math.sqrt(numbers)}


_LOGS: list[float] = [0.0]


def _log_table(upto: int) -> list[float]:
    """log(i) for i <= upto, grown on demand (idf needs two logs per term of every article)."""
    if len(_LOGS) <= upto:
        _LOGS.extend(math.log(i) for i in range(len(_LOGS), max(upto + 1, 2 * len(_LOGS))))
    return _LOGS


def _age_key(story: Mapping[str, Any]) -> tuple[bool, float, int]:
    """Older first: dated before undated, then by first publication, then by arrival."""
    first = story["first_time"]
    return (first is None, first or 0.0, story["first_seq"])


def _stretch_time(story: dict[str, Any], when: float | None) -> None:
    if when is None:
        return
    if story["first_time"] is None or when < story["first_time"]:
        story["first_time"] = when
    if story["last_time"] is None or when > story["last_time"]:
        story["last_time"] = when


def _add_to_centroid(story: dict[str, Any], vector: Mapping[str, float], keep: int) -> None:
    centroid = story["centroid"]
    for term, weight in vector.items():
        centroid[term] = centroid.get(term, 0.0) + weight
    _truncate(story, keep)


def _truncate(story: dict[str, Any], keep: int, force: bool = False) -> None:
    """Keep the `keep` heaviest terms (ties in the centroid's own order) and refresh the norms."""
    centroid = story["centroid"]
    # Cut back to `keep` only once past twice that: one sort per several joins, not per join.
    if len(centroid) > 2 * keep or (len(centroid) > keep and force):
        top = sorted(centroid.items(), key=itemgetter(1), reverse=True)[:keep]
        centroid = story["centroid"] = dict(top)
    norms = _group_norms(centroid)
    story["norms"] = norms
    story["norm"] = math.sqrt(sum(n * n for n in norms.values()))


def _add_dense(story: dict[str, Any], embedding: Sequence[float]) -> None:
    """Add an article's unit embedding to the story's sum (its direction is the mean's)."""
    total = story.get("dense")
    story["dense"] = ([round(a + b, 6) for a, b in zip(total, embedding)] if total
                      else list(embedding))


def _copy_story(story: Mapping[str, Any]) -> dict[str, Any]:
    copied = dict(story)
    if "dense" in story:
        copied["dense"] = list(story["dense"])
    copied["centroid"] = dict(story["centroid"])
    copied["indexed"] = list(story["indexed"])
    copied["norms"] = dict(story["norms"])
    return copied
