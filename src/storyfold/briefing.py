"""One story's briefing: the stories.json story object, assembled from the stage results.

Pure: a story's articles and the corpus's copy_of in, a dict out (CONTRACT `stories.json`,
schema 1). Every count is in independent reports: an article and its copies are one report.

    build_story(story_id, title, articles, copy_of) -> dict
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from .model import Article


@dataclass(slots=True)
class StageTimes:
    """Seconds spent per stage, summed over stories (what `fold --profile` prints)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, run: Callable[[], Any]) -> Any:
        start = perf_counter()
        try:
            return run()
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + perf_counter() - start


def reports_of(article_ids: Sequence[str], copy_of: Mapping[str, str | None]) -> int:
    """Independent reports among these articles: each counts as its copy group's origin."""
    return len({copy_of.get(a) or a for a in article_ids})


def story_header(story_id: str, title: str, members: Sequence[Any],
                 copy_of: Mapping[str, str | None]) -> dict[str, Any]:
    """What a story list shows of a story (articles in the order given): no briefing work.
    `members` are Articles or anything with their id, outlet and published (store.ArticleHeader)."""
    ids = [a.id for a in members]
    dated = [a.published for a in members if a.published]
    return {"id": story_id, "title": title, "articles": ids,
            "outlets": sorted({a.outlet for a in members if a.outlet}),
            "reports": reports_of(ids, copy_of),
            "first_published": min(dated) if dated else None,
            "last_published": max(dated) if dated else None}


def newest_first(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stories by their latest article, newest first (then the larger first), as a reader scans them."""
    return sorted(stories, key=lambda s: (s["last_published"] or "", len(s["articles"])), reverse=True)


def story_people(articles: Sequence[Article], copy_of: Mapping[str, str | None], settings: Any,
                 nlp: Any) -> dict[str, Any]:
    """Quotes (speakers resolved to the story's canonical names, merged across articles, counted in
    independent reports) and entities (name variants merged) of one story."""
    from .entities import find_entities, resolve_speakers
    from .quotes import find_quotes, merge_quotes

    pairs = [(a.id, a.text) for a in articles]
    parsed: dict = {}  # paragraphs parsed for entities are not parsed again for quotes
    entities = find_entities(pairs, settings, nlp=nlp, cache=parsed)
    quotes = resolve_speakers(find_quotes(pairs, settings, nlp=nlp, cache=parsed), entities)
    merged = merge_quotes(quotes, published={a.id: a.published for a in articles}, copy_of=copy_of)
    return {"quotes": [q.to_dict() for q in merged], "entities": [e.to_dict() for e in entities],
            "quote_records": [q.to_dict() for q in quotes]}


def build_story(story_id: str, title: str, articles: Sequence[Article],
                copy_of: Mapping[str, str | None], *, summary_sentences: int | None = None,
                times: StageTimes | None = None, people: Callable[[Sequence[Article], Mapping[str, str | None]],
                                                                  dict[str, Any]] | None = None
                ) -> dict[str, Any]:
    """The stories.json object of one story (articles in publication order, undated last).

    `people(articles, copy_of)` gives {"quotes", "entities"} when the NLP stage runs; without it
    both stay empty lists (they need spaCy and its model).
    """
    from .dates import story_timeline
    from .figures import extract_figures, figure_ledger
    from .synthesis import DEFAULT_SYNTHESIS_SETTINGS, synthesize

    times = times or StageTimes()
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    local_copy_of = {a.id: copy_of.get(a.id) for a in ordered}
    settings = DEFAULT_SYNTHESIS_SETTINGS
    if summary_sentences is not None:
        settings = settings.with_(summary_sentences=summary_sentences)
    synthesis = times.timed("synthesis", lambda: synthesize(ordered, local_copy_of, settings).to_dict())
    figures = times.timed("figures", lambda: [
        f.to_dict() for f in figure_ledger([f for a in ordered for f in extract_figures(a.id, a.text)],
                                           local_copy_of)])
    timeline = times.timed("timeline", lambda: [e.to_dict() for e in story_timeline(ordered, local_copy_of)])
    found = times.timed("people", lambda: people(ordered, local_copy_of)) if people else {}
    return {
        **story_header(story_id, title, ordered, local_copy_of),
        "summary": synthesis["summary"],
        "claims": synthesis["claims"],
        "figures": figures,
        "quotes": found.get("quotes", []),
        "entities": found.get("entities", []),
        "timeline": timeline,
        "disputes": synthesis["disputes"],
        "adds": synthesis["adds"],
    }


def build_document(articles: Sequence[Article], rejections: Sequence[Any],
                   copy_of: Mapping[str, str | None], state: Mapping[str, Any] | None,
                   settings: Any, *, times: StageTimes | None = None,
                   only: Sequence[str] | None = None) -> dict[str, Any]:
    """The whole stories.json document (schema 1) from the store's articles, copies and story state.

    `only`: build the briefing of these story ids alone (others are left out of `stories`).
    Stories are ordered newest first (by their latest article), as a reader scans them.
    """
    from .render import SCHEMA
    from .stories import stories_of

    times = times or StageTimes()
    stories = stories_of(state) if state else []
    assignment = {a: s.id for s in stories for a in s.articles}
    by_id = {a.id: a for a in articles}
    wanted = [s for s in stories if only is None or s.id in only]
    nlp = None
    if wanted:
        from .entities import load_pipeline

        nlp = times.timed("model load", lambda: load_pipeline(settings.spacy_model))
    built = []
    for story in wanted:
        members = [by_id[a] for a in story.articles if a in by_id]
        built.append(build_story(story.id, story.title, members, copy_of, times=times,
                                 people=lambda arts, copies: story_people(arts, copies, settings, nlp)))
    return {
        "schema": SCHEMA,
        "articles": [{"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
                      "published": a.published, "story": assignment.get(a.id),
                      "copy_of": copy_of.get(a.id)} for a in articles],
        "rejections": [r.to_dict() for r in rejections],
        "stories": newest_first(built),
    }
