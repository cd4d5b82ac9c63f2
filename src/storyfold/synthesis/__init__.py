"""Synthesis of one story: aligned claims, disputes, what each article adds, a cited summary.

Pure functions over a story's articles (storyfold.model.Article, StoryArticle, or
(id, text, published, outlet) tuples) and a copy_of mapping (article id -> the id it copies, or
None), so copies count once as independent reports:

    synthesize(articles, copy_of) -> Synthesis      everything below, from one reading of the story
    Synthesis.to_dict()          -> {"summary", "claims", "disputes", "adds"}  (stories.json schema 1)
    summarize(articles, copy_of, sentences=, max_words=) -> [{"text", "citations"}]
    split_sentences(text)        -> [Sentence(start, end, text, paragraph)]

The stages, each usable on its own over a `StoryText` (read_story):
    read_story -> find_disputes -> find_claims -> find_adds -> summarize_story
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .claims import Claim, Dispute, Position, align, find_adds, find_claims, find_disputes
from .sentences import Sentence, split_sentences
from .settings import DEFAULT_SYNTHESIS_SETTINGS, SynthesisSettings
from .story import StoryArticle, StoryText, read_story
from .summary import Citation, SummarySentence, summarize_story

__all__ = [
    "Citation", "Claim", "DEFAULT_SYNTHESIS_SETTINGS", "Dispute", "Position", "Sentence",
    "StoryArticle", "StoryText", "SummarySentence", "Synthesis", "SynthesisSettings", "align",
    "find_adds", "find_claims", "find_disputes", "read_story", "split_sentences", "summarize",
    "summarize_story", "synthesize",
]


@dataclass(slots=True)
class Synthesis:
    story: StoryText
    summary: list[SummarySentence]
    claims: list[Claim]
    disputes: list[Dispute]
    adds: dict[int, list[int]]  # article index -> unit indices

    def to_dict(self) -> dict[str, Any]:
        """The synthesis fields of a stories.json story (CONTRACT.md, schema 1)."""
        story = self.story
        ids = [a.id for a in story.articles]

        def articles_of(units: Iterable[int]) -> list[str]:
            return [ids[a] for a in sorted({story.units[u].article for u in units})]

        def citations(units: Iterable[int]) -> list[dict[str, Any]]:
            return [{"article": ids[story.units[u].article], "span": list(story.units[u].span)}
                    for u in units]

        return {
            "summary": [s.to_dict() for s in self.summary],
            "claims": [{"text": story.units[c.representative].sentence.text, "status": c.status,
                        "articles": articles_of(c.units), "reports": c.reports,
                        "citations": citations(c.units)} for c in self.claims],
            "disputes": [{"about": d.about, "kind": d.kind,
                          "positions": [{"text": p.value, "articles": articles_of(p.units),
                                         "reports": len({story.report_of(u) for u in p.units}),
                                         "sentences": [story.units[u].sentence.text for u in p.units],
                                         "citations": citations(p.units)}
                                        for p in d.positions]}
                         for d in self.disputes],
            "adds": {ids[a]: [story.units[u].sentence.text for u in units]
                     for a, units in self.adds.items()},
        }


def synthesize(articles: Iterable[Any], copy_of: Mapping[str, str | None] | None = None,
               settings: SynthesisSettings = DEFAULT_SYNTHESIS_SETTINGS, *,
               sentences: int | None = None, max_words: int | None = None) -> Synthesis:
    """Claims, disputes, adds and a cited summary of one story's articles."""
    _check_settings(settings)
    story = read_story(articles, copy_of, settings)
    disputes = find_disputes(story, settings)
    claims = find_claims(story, settings, disputes)
    adds = find_adds(story, settings)
    summary = summarize_story(story, settings, sentences, max_words)
    return Synthesis(story, summary, claims, disputes, adds)


def summarize(articles: Iterable[Any], copy_of: Mapping[str, str | None] | None = None,
              settings: SynthesisSettings = DEFAULT_SYNTHESIS_SETTINGS, *,
              sentences: int | None = None, max_words: int | None = None) -> list[dict[str, Any]]:
    """Only the cited summary: `sentences` sentences (default: the setting), or until `max_words`."""
    _check_settings(settings)
    if sentences is not None and (not isinstance(sentences, int) or sentences < 1):
        from ..errors import UsageError
        raise UsageError(f"sentences must be a whole number >= 1, got {sentences!r}", hint="e.g. sentences=5")
    story = read_story(articles, copy_of, settings)
    return [s.to_dict() for s in summarize_story(story, settings, sentences, max_words)]


def _check_settings(settings: Any) -> None:
    if not isinstance(settings, SynthesisSettings):
        from ..errors import UsageError
        raise UsageError(f"settings must be a SynthesisSettings, got {type(settings).__name__}",
                         hint="e.g. SynthesisSettings(summary_sentences=5)")
