"""The use-case functions every front end calls (CLI, notebooks, later the web app and Spark runner).

Each reads like a table of contents of named stages:
    read_inputs -> clean_article -> store (one transaction) -> corpus-level boilerplate
    -> copies (incremental index) -> report
"""
from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from time import perf_counter
from typing import Any, BinaryIO, TypeVar

from .briefing import StageTimes
from .copies import CopyDoc, CopyGroup, CopyIndex, published_key
from .errors import StoryfoldNote, UsageError
from .ingest.boilerplate import candidate_keys, find_corpus_boilerplate, lines_removed, profile_article
from .ingest.clean import clean_article
from .ingest.readers import read_inputs
from .model import Article, Rejection
from .settings import DEFAULT_SETTINGS, Settings
from .store import Store

Inputs = Iterable[str | os.PathLike[str]]
T = TypeVar("T")
# Items are cleaned and written in chunks: large enough for executemany to pay, small enough to
# keep memory flat on a 1 GB input.
_CHUNK = 512
# The corpus-level boilerplate pass loads about this many line profiles at a time (~1 kB each).
_PROFILES_PER_SLICE = 20_000
# New articles go to the copy index and the story clusterer in chunks of at most this many, or this
# many characters of text, so that only one chunk's texts are in memory however large the batch
# (~35 MB of text for typical articles). Larger chunks verify more copy candidates among texts
# already at hand: 8,192 took the copy step on bench/ingest.py's 200 MB corpus from 13.0 s (2,048)
# to 10.8 s.
_TEXT_CHUNK = 8192
_TEXT_CHUNK_CHARS = 32_000_000
# Allocations between two collections of the youngest generation during an add (Python's default: 700).
_GC_THRESHOLD = 100_000


@dataclass(slots=True)
class IngestReport:
    """What one `add` did: counts a user can check, and every rejection with its reason."""

    batch: int
    items: int = 0  # input items seen (articles read + rejections)
    added: list[str] = field(default_factory=list)  # ids newly stored, in input order
    already_stored: int = 0  # articles that were in the store before (idempotent re-add)
    rejections: list[Rejection] = field(default_factory=list)
    boilerplate_updated: int = 0  # stored articles whose corpus-level boilerplate was removed
    copy_groups: int = 0  # copy groups in the whole store after this add
    stories: int = 0  # live stories in the whole store after this add
    times: StageTimes = field(default_factory=StageTimes)  # seconds per stage (`fold --profile`)

    def counts(self) -> dict[str, int]:
        return {"items": self.items, "added": len(self.added), "already_stored": self.already_stored,
                "rejected": len(self.rejections), "boilerplate_updated": self.boilerplate_updated,
                "copy_groups": self.copy_groups, "stories": self.stories}


ProgressHook = Callable[[int], None]


def add(inputs: Inputs, db: str | os.PathLike[str] | Store, settings: Settings = DEFAULT_SETTINGS, *,
        stdin: BinaryIO | None = None, on_item: ProgressHook | None = None,
        on_rejection: Callable[[Rejection], None] | None = None) -> IngestReport:
    """Read every input into the store in one transaction: the store ends before or after, never between.

    Adding the same input twice adds nothing (article ids derive from source and text).
    """
    inputs = _check_inputs(inputs)
    store = db if isinstance(db, Store) else _open_for_writing(db)
    try:
        _check_story_settings(store, settings)
        with store.transaction(), _collecting_less():
            started = perf_counter()
            report = IngestReport(batch=store.begin_batch([os.fspath(i) for i in inputs]))
            items = read_inputs(inputs, settings, stdin=stdin)
            while chunk := list(islice(items, _CHUNK)):
                articles: list[Article] = []
                rejections: list[Rejection] = []
                for item in chunk:
                    cleaned = item if isinstance(item, Rejection) else clean_article(item, settings)
                    (rejections if isinstance(cleaned, Rejection) else articles).append(cleaned)
                inserted = set(store.add_articles(articles, report.batch))
                store.add_rejections(rejections, report.batch)
                fresh = [a for a in articles if a.id in inserted]
                profiles = [profile_article(a) for a in fresh]
                store.save_profiles(profiles, [candidate_keys(p, settings) for p in profiles], batch=report.batch)
                report.items += len(chunk)
                report.added.extend(a.id for a in fresh)
                report.already_stored += len(articles) - len(fresh)
                report.rejections.extend(rejections)
                if on_rejection:
                    for rejection in rejections:
                        on_rejection(rejection)
                if on_item:
                    on_item(len(chunk))
            report.times.seconds["read, clean, store"] = perf_counter() - started
            report.boilerplate_updated = report.times.timed(
                "corpus boilerplate", lambda: _remove_corpus_boilerplate(store, report.batch, settings))
            if settings.copies_on_add:
                report.copy_groups = report.times.timed("copies", lambda: _index_copies(store, settings))
                report.stories = report.times.timed("stories", lambda: _cluster_stories(store, settings))
            store.finish_batch(report.batch, report.counts())
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Python's cyclic garbage collector runs less often during an add (the caller's setting is restored).

    Ingest allocates millions of short-lived rows, profiles and key sets; at the default threshold
    the collector ran ~6,200 times on bench/ingest.py's 1 GB corpus, 2.7 s of 51 (its full passes
    walk every profile of the corpus pass's slice); at _GC_THRESHOLD, 13 times, 0.13 s. Freeing by
    reference count is unchanged: this only delays collecting reference cycles, which ingest
    hardly makes.
    """
    threshold = gc.get_threshold()
    if threshold[0]:  # 0: the caller turned automatic collection off; leave it so
        gc.set_threshold(max(threshold[0], _GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _remove_corpus_boilerplate(store: Store, batch: int, settings: Settings) -> int:
    """Lines that only the corpus reveals: decided over the lines this batch shares with any article.

    Only edge lines shared by several articles can qualify, so just those keys are looked at, a
    slice at a time to keep memory flat. Profiles keep the line-cleaned text, so deciding again after
    later adds gives the same answer as a from-scratch run over the same articles.
    """
    shared = store.shared_keys(batch, settings.boilerplate_min_articles)
    to_remove: dict[str, set[int]] = {}
    for keys in _slices(shared, _PROFILES_PER_SLICE):
        # Every article holding one of these keys is loaded, so the decision on them is complete;
        # decisions on other keys of the same profiles wait for their own slice.
        for article_id, found in find_corpus_boilerplate(store.profiles_sharing(keys), settings, keys).items():
            to_remove.setdefault(article_id, set()).update(found)
    updated = 0
    # Rows in store order (pages read and rewritten once each), as bare texts (no Article each).
    for rows in store.texts_in_store_order(to_remove):
        updates = []
        for seq, article_id, text, removed in rows:
            removal = lines_removed(text, to_remove[article_id])
            if removal is not None and removal[0] != text:
                updates.append((seq, removal[0], [*removed, *removal[1]]))
        store.update_texts(updates)
        updated += len(updates)
    return updated


def _index_copies(store: Store, settings: Settings) -> int:
    """Find the copies of every article not yet indexed among all stored ones; return the groups.

    The stored index is loaded (rows, not texts), the new articles are added in publication order
    (the index's own order within one call, so chunking them changes nothing), texts of earlier
    articles are read from the store only when a candidate needs verifying, and the new rows are
    appended. Articles added with copies deferred are caught up here by the next add.
    Runs after corpus boilerplate, on the texts as stored.
    """
    pending = store.unindexed_articles()
    if not pending:
        return store.copy_group_count()
    rows = store.copy_index_rows()
    index = CopyIndex.from_rows(rows, settings.copies) if rows is not None else CopyIndex(settings.copies)
    first_doc, first_relation = len(index), index.relation_count
    ordered = sorted(pending, key=lambda row: (published_key(row[1]), row[0]))
    for chunk, texts in _text_chunks(store, ordered, lambda row: row[0]):
        index.add([CopyDoc(i, t, p) for (i, p), t in zip(chunk, texts)], texts_of=store.texts_in_order)
    result = index.result(store.texts_in_order)
    store.append_copy_index_rows(index.to_rows(first_doc, first_relation), first_doc)
    store.replace_copy_groups(result.groups, result.links)
    return len(result.groups)


def _check_story_settings(store: Store, settings: Settings) -> None:
    """A stored state goes on with the story settings it was made with (so ids stay put): say
    at once when that cannot work here, or is not what the caller asked for."""
    meta = store.story_meta()
    if meta is None:
        return
    stored_embeddings = bool(meta["settings"].get("embeddings"))
    if stored_embeddings:
        from .stories import dense

        if not dense.available():
            raise UsageError(f"the stories in {store.path} were made with the embeddings extra, "
                             "which is not installed here",
                             hint="pip install 'storyfold[embeddings]' to add to this store")
    elif settings.stories.embeddings:
        warnings.warn(StoryfoldNote(
            f"the stories in {store.path} were made without embeddings and go on that way, so "
            "their ids stay where they are; embeddings apply to a new store"), stacklevel=3)


def _cluster_stories(store: Store, settings: Settings) -> int:
    """Put every article not in a story yet into one, carrying on from the stored state.

    Articles go in publication order across the whole batch (undated first), a chunk of texts at a
    time; copies join their origin's story. Story ids already given never change: a story found to
    be another is merged into the older one and recorded, so its id still resolves.
    """
    from .stories import StoryDoc, StoryIndex, publication_order

    pending = store.unclustered_articles()
    if not pending:
        return store.story_count()
    meta = store.story_meta()
    # A stored state is read a part at a time, as the batch's articles need it (StoryIndex.backed);
    # it goes on with the settings it was built with, so ids do not shift under a changed default.
    index = (StoryIndex(settings.stories) if meta is None
             else StoryIndex.backed(meta, store, store.story_merges()))
    docs = [StoryDoc(article_id, "", title, published) for article_id, title, published in pending]
    _note_if_mostly_undated(docs)
    ordered = [docs[i] for i in publication_order(docs)]
    copy_of = store.copy_of()
    for chunk, texts in _text_chunks(store, ordered, lambda doc: doc.id):
        index.add([StoryDoc(d.id, text, d.title, d.published) for d, text in zip(chunk, texts)], copy_of)
    store.save_story_changes(index.changes())
    return store.story_count()


# From this many undated articles in one clustering, when they are at least half of it, the user is
# told: without dates a story never goes cold, so months of coverage of one subject can run into
# one story (measured on the held-out AllSides crawl: B-cubed F1 0.82 dated, 0.51 undated).
_UNDATED_NOTE_MIN = 20


def _note_if_mostly_undated(docs: Sequence[Any]) -> None:
    undated = sum(1 for doc in docs if not doc.published)
    if undated >= _UNDATED_NOTE_MIN and 2 * undated >= len(docs):
        warnings.warn(StoryfoldNote(
            f"{undated} of {len(docs)} articles have no date: stories were joined on content alone, "
            "so weeks of coverage of one subject may run into one story; give articles a date "
            "(a 'date:' header line, a JSON 'published' field, or HTML with a date) to keep "
            "separate events apart"), stacklevel=2)


def _text_chunks(store: Store, items: Sequence[T], id_of: Callable[[T], str]
                 ) -> Iterator[tuple[Sequence[T], list[str]]]:
    """`items` in order with their articles' stored texts, in chunks of at most _TEXT_CHUNK items
    and about _TEXT_CHUNK_CHARS characters."""
    for start in range(0, len(items), _TEXT_CHUNK):
        part = items[start:start + _TEXT_CHUNK]
        texts = store.texts_in_order([id_of(item) for item in part])
        low, size = 0, 0
        for high, text in enumerate(texts, 1):
            size += len(text)
            if size >= _TEXT_CHUNK_CHARS or high == len(texts):
                yield part[low:high], texts[low:high]
                low, size = high, 0


def _slices(counted: list[tuple[int, int]], budget: int) -> Iterator[set[int]]:
    """Keys in slices holding about `budget` profiles each (a key shared by many fills one alone)."""
    keys: set[int] = set()
    load = 0
    for key, articles in counted:
        if keys and load + articles > budget:
            yield keys
            keys, load = set(), 0
        keys.add(key)
        load += articles
    if keys:
        yield keys


def extract(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
            on_item: ProgressHook | None = None,
            on_rejection: Callable[[Rejection], None] | None = None) -> Iterator[Article]:
    """Clean articles from the inputs, in input order, without keeping a store.

    The corpus is spooled through a temporary store so corpus-level boilerplate can be seen and
    memory stays bounded on large inputs. Rejections go to `on_rejection` as they are found.
    """
    with Store.temporary() as store:
        # A fresh store holds exactly what this run added (a repeated item is stored once).
        add(inputs, store, settings, stdin=stdin, on_item=on_item, on_rejection=on_rejection)
        yield from store.articles(order="seq")


@contextmanager
def _analysed(inputs: Inputs, settings: Settings, stdin: BinaryIO | None, on_item: ProgressHook | None,
              on_rejection: Callable[[Rejection], None] | None) -> Iterator[Store]:
    """A temporary store holding the inputs read, with copies found and stories clustered."""
    with Store.temporary() as store:
        add(inputs, store, settings.with_(copies_on_add=True), stdin=stdin, on_item=on_item,
            on_rejection=on_rejection)
        yield store


def copies(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
           on_item: ProgressHook | None = None,
           on_rejection: Callable[[Rejection], None] | None = None) -> list[CopyGroup]:
    """Copy groups (exact, near, version, contained) among the articles of the inputs, by origin id."""
    with _analysed(inputs, settings, stdin, on_item, on_rejection) as store:
        return store.copy_groups()


def figures(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
            on_item: ProgressHook | None = None,
            on_rejection: Callable[[Rejection], None] | None = None) -> Iterator[dict[str, Any]]:
    """Every figure (money, counts, percentages, durations) in the inputs' articles, article by article."""
    from .figures import extract_figures

    for article, _ in _articles_with_dates(inputs, settings, stdin, on_item, on_rejection):
        for figure in extract_figures(article.id, article.text):
            yield figure.to_dict()


def dates(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
          on_item: ProgressHook | None = None,
          on_rejection: Callable[[Rejection], None] | None = None) -> Iterator[dict[str, Any]]:
    """Every date mention, relative ones resolved against their article's publication date.

    An undated article borrows the date of its copy group's origin; without one, relative dates
    stay unresolved (null), never today's date.
    """
    from .dates import extract_dates

    for article, published in _articles_with_dates(inputs, settings, stdin, on_item, on_rejection):
        for mention in extract_dates(article.id, article.text, published):
            yield mention.to_dict()


def _articles_with_dates(inputs: Inputs, settings: Settings, stdin: BinaryIO | None,
                         on_item: ProgressHook | None,
                         on_rejection: Callable[[Rejection], None] | None
                         ) -> Iterator[tuple[Article, str | None]]:
    """The inputs' articles in input order, each with its date or, when undated, its origin's."""
    with _analysed(inputs, settings, stdin, on_item, on_rejection) as store:
        copy_of = store.copy_of()
        origin_dates = {a.id: a.published for a in store.articles_by_id(sorted(set(copy_of.values())))}
        for article in store.articles(order="seq"):
            yield article, article.published or origin_dates.get(copy_of.get(article.id, ""))


def copy_groups(db: str | os.PathLike[str]) -> list[CopyGroup]:
    """The copy groups of a stored corpus, by origin id."""
    with Store.open(db, create=False) as store:
        return store.copy_groups()


@dataclass(slots=True)
class FoldResult:
    """The main job's result: the store it filled and the report of what was read."""

    db: Path | None
    report: IngestReport
    articles: list[Article]
    rejections: list[Rejection]
    copy_of: dict[str, str] = field(default_factory=dict)  # article id -> origin, for copies only
    document: dict[str, Any] = field(default_factory=dict)  # stories.json
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, for `fold --profile`


def fold(inputs: Inputs, out: str | os.PathLike[str] | None = None, db: str | os.PathLike[str] | None = None,
         settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
         on_item: ProgressHook | None = None,
         on_rejection: Callable[[Rejection], None] | None = None) -> FoldResult:
    """The main job: read, find copies, cluster stories, brief each story; write the briefing to `out`.

    Writes OUT/stories.json (CONTRACT schema 1), OUT/index.html and OUT/stories/<id>.md|.html.
    With `db` the store is kept, and a later fold or add carries on from it (story ids stay).
    """
    from .briefing import build_document
    from .render import write_briefing

    with (Store.temporary() if db is None else _open_for_writing(db)) as store:
        report = add(inputs, store, settings.with_(copies_on_add=True), stdin=stdin, on_item=on_item,
                     on_rejection=on_rejection)
        times = report.times  # the briefing's stages are timed beside the ingest's
        articles = list(store.articles(order="seq"))
        rejections = list(store.rejections())
        copy_of = store.copy_of()
        state = store.story_state()
    document = build_document(articles, rejections, copy_of, state, settings, times=times)
    result = FoldResult(db=Path(db) if db is not None else None, report=report, articles=articles,
                        rejections=rejections, copy_of=copy_of, document=document, seconds=times.seconds)
    if out is not None:
        times.timed("render", lambda: write_briefing(Path(out), document, articles))
    return result


def list_articles(db: str | os.PathLike[str]) -> list[Article]:
    """Every stored article, in the order it was added."""
    with Store.open(db, create=False) as store:
        return list(store.articles(order="seq"))


def get_article(db: str | os.PathLike[str], article_id: str) -> Article:
    """One stored article by id (NotFoundError, with near ids, when it is not there)."""
    with Store.open(db, create=False) as store:
        return store.article(article_id)


def list_stories(db: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The stored stories, newest first: id, title, articles, outlets, reports and dates (no briefing)."""
    from .briefing import newest_first, story_header
    from .stories import stories_of

    with Store.open(db, create=False) as store:
        state = store.story_state()
        copy_of = store.copy_of()
        by_id = store.article_headers()  # ids, outlets and dates: a list reads no article text
    rows = []
    for story in stories_of(state) if state else []:
        members = [by_id[a] for a in story.articles if a in by_id]
        rows.append({**story_header(story.id, story.title, members, copy_of),
                     "merged_from": list(story.merged_from), "split_from": story.split_from})
    return newest_first(rows)


def story_briefing(db: str | os.PathLike[str], story_id: str, settings: Settings = DEFAULT_SETTINGS
                   ) -> tuple[dict[str, Any], dict[str, Article], dict[str, str | None]]:
    """One stored story's briefing (a merged-away id resolves to the story it joined), its
    articles by id, and which of them copy which (article id -> origin, for the renderers).

    NotFoundError when no story has this id.
    """
    from .briefing import build_document

    with Store.open(db, create=False) as store:
        resolved = store.resolve_story(story_id)
        if resolved is None:
            from .errors import NotFoundError

            raise NotFoundError(f"there is no story {story_id!r} in {db}",
                                hint=f"list the stories with: storyfold stories --db {db}")
        members = store.articles_by_id(store.story_members(resolved))
        copy_of = store.copy_of()
        state = store.story_state(only=[resolved])
    document = build_document(members, [], copy_of, state, settings, only=[resolved])
    return (document["stories"][0], {a.id: a for a in members},
            {a.id: copy_of.get(a.id) for a in members})


def merge_stories(db: str | os.PathLike[str], one: str, two: str) -> str:
    """Make two stored stories one: the older id is kept and the other resolves to it (a user's
    link still works). Returns the kept id; NotFoundError when either id names no story."""
    from .errors import NotFoundError
    from .stories import StoryIndex

    with Store.open(db, create=False) as store:
        meta = store.story_meta()
        index = None if meta is None else StoryIndex.backed(meta, store, store.story_merges())
        for story_id in (one, two):
            if index is None or index.resolve(story_id) not in index.stories:
                raise NotFoundError(f"there is no story {story_id!r} in {db}",
                                    hint=f"list the stories with: storyfold stories --db {db}")
        kept = index.merge(one, two)
        store.save_story_changes(index.changes())
    return kept


def cluster(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
            on_item: ProgressHook | None = None,
            on_rejection: Callable[[Rejection], None] | None = None) -> Iterator[dict[str, str]]:
    """{"id": article id, "story": story id} for every article of the inputs, in input order."""
    with _analysed(inputs, settings, stdin, on_item, on_rejection) as store:
        assignment = store.story_assignments()
        for article in store.articles(order="seq"):
            yield {"id": article.id, "story": assignment.get(article.id)}


def quotes(inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, stdin: BinaryIO | None = None,
           on_item: ProgressHook | None = None,
           on_rejection: Callable[[Rejection], None] | None = None) -> Iterator[dict[str, Any]]:
    """Every quote with its speaker, story by story: `speaker_resolved` is the canonical name after
    resolving pronouns within the article and name variants and roles within the story."""
    from .briefing import story_people
    from .entities import load_pipeline
    from .stories import stories_of

    with _analysed(inputs, settings, stdin, on_item, on_rejection) as store:
        state = store.story_state()
        copy_of = store.copy_of()
        stories = stories_of(state) if state else []
        nlp = load_pipeline(settings.spacy_model) if stories else None
        for story in stories:
            members = store.articles_by_id(story.articles)
            yield from story_people(members, copy_of, settings, nlp)["quote_records"]


def _open_for_writing(db: str | os.PathLike[str]) -> Store:
    """Open (or create) the store, creating its folder: `fold -o out --db out/store.sqlite` just works."""
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    return Store.open(db)


def _check_inputs(inputs: Inputs) -> list[str | os.PathLike[str]]:
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise UsageError("inputs must be a list of paths, not a single path",
                         hint=f"pass [{os.fspath(inputs)!r}]" if not isinstance(inputs, bytes) else None)
    listed = list(inputs)
    if not listed:
        raise UsageError("no input given", hint="name files or directories, or '-' for stdin")
    return listed
