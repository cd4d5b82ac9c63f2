"""Render what was folded: stories.json (CONTRACT schema 1), a self-contained index.html, per-story pages."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..model import Article, Rejection
from .html import render_index

SCHEMA = 1


def stories_document(articles: list[Article], rejections: list[Rejection],
                     copy_of: dict[str, str] | None = None) -> dict[str, Any]:
    """The stories.json object. Stories stay empty until clustering lands; articles carry story=None."""
    copy_of = copy_of or {}
    return {
        "schema": SCHEMA,
        "articles": [
            {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
             "published": a.published, "story": None, "copy_of": copy_of.get(a.id)}
            for a in articles
        ],
        "rejections": [r.to_dict() for r in rejections],
        "stories": [],
    }


def write_outputs(out: Path, articles: list[Article], rejections: list[Rejection],
                  copy_of: dict[str, str] | None = None) -> None:
    """Write OUT/stories.json, OUT/index.html and OUT/stories/; each file replaced atomically."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "stories").mkdir(exist_ok=True)
    document = stories_document(articles, rejections, copy_of)
    _write_atomic(out / "stories.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    _write_atomic(out / "index.html", render_index(articles, rejections))


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
