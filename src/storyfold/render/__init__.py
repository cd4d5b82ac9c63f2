"""Render what was folded: stories.json (CONTRACT schema 1), a self-contained index.html, per-story pages.

    write_briefing(out, document, articles)          OUT/stories.json, index.html, stories/<id>.md|.html
    render_story_html(story, articles_by_id)         one story's self-contained page (`show --format html`)
    render_story_markdown(story, articles_by_id)     the same briefing as Markdown (`show --format md`)
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from ..model import Article
from .html import render_briefing_index, render_index, render_story_html, story_href
from .markdown import render_story_markdown
from .view import safe_name

SCHEMA = 1


def write_briefing(out: Path, document: Mapping[str, Any], articles: list[Article]) -> None:
    """Write OUT/stories.json (the document as given), OUT/index.html and OUT/stories/<id>.md|.html.

    `articles` gives the texts the pages quote and mark; every file is replaced atomically.
    """
    out = Path(out)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    by_id = {a.id: a for a in articles}
    copy_of = {str(e.get("id")): e.get("copy_of") for e in document.get("articles") or []
               if isinstance(e, Mapping) and e.get("copy_of")}
    _write_atomic(out / "stories.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    for story in document.get("stories") or []:
        if not isinstance(story, Mapping):
            continue
        name = safe_name(story.get("id"))
        _write_atomic(out / "stories" / f"{name}.html",
                      render_story_html(story, by_id, copy_of=copy_of, index_href="../index.html"))
        _write_atomic(out / "stories" / f"{name}.md", render_story_markdown(story, by_id, copy_of=copy_of))
    _write_atomic(out / "index.html", render_briefing_index(document, articles))


def _write_atomic(path: Path, content: str) -> None:
    """Write beside the target and rename over it, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["SCHEMA", "render_briefing_index", "render_index", "render_story_html", "render_story_markdown",
           "story_href", "write_briefing"]
