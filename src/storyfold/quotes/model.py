"""The quote records: one per quote in an article, and one per quote across a story's articles."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("direct", "partial", "block", "indirect")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote in one article (the `storyfold quotes` record). Spans are [start, end) into its text."""

    article: str
    text: str
    span: tuple[int, int]
    speaker: str | None  # the words naming the source, as written ("he", "one British official")
    speaker_span: tuple[int, int] | None
    speaker_resolved: str | None  # pronouns resolved to a name; aliases to the canonical name
    cue: str | None  # the reporting verb ("said", "according to")
    kind: str  # one of KINDS

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "text": self.text, "span": list(self.span),
                "speaker": self.speaker,
                "speaker_span": list(self.speaker_span) if self.speaker_span else None,
                "speaker_resolved": self.speaker_resolved, "cue": self.cue, "kind": self.kind}


@dataclass(slots=True)
class StoryQuote:
    """One quote across a story: its wordings, the articles carrying it, independent reports."""

    speaker: str | None
    text: str  # the fullest wording
    variants: list[str] = field(default_factory=list)  # the other wordings, longest first
    articles: list[str] = field(default_factory=list)
    reports: int = 0  # independent articles: copies of one origin count once
    first_published: str | None = None
    first_reporter: str | None = None  # the article that carried it first (by date, then order)

    def to_dict(self) -> dict[str, Any]:
        """The `quotes` item of stories.json (plus first_reporter)."""
        return {"speaker": self.speaker, "text": self.text, "variants": list(self.variants),
                "articles": list(self.articles), "reports": self.reports,
                "first_published": self.first_published, "first_reporter": self.first_reporter}
