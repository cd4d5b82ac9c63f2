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
    ids = [a.id for a in ordered]
    local_copy_of = {a: copy_of.get(a) for a in ids}
    dated = [a.published for a in ordered if a.published]
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
        "id": story_id,
        "title": title,
        "articles": ids,
        "outlets": sorted({a.outlet for a in ordered if a.outlet}),
        "reports": reports_of(ids, local_copy_of),
        "first_published": min(dated) if dated else None,
        "last_published": max(dated) if dated else None,
        "summary": synthesis["summary"],
        "claims": synthesis["claims"],
        "figures": figures,
        "quotes": found.get("quotes", []),
        "entities": found.get("entities", []),
        "timeline": timeline,
        "disputes": synthesis["disputes"],
        "adds": synthesis["adds"],
    }
