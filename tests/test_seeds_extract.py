"""Issue 2 acceptance on the five seed articles: `storyfold extract ../shared/seeds`."""
from __future__ import annotations

import json
import re

from storyfold import api
from storyfold.settings import Settings


def _by_prefix(articles):
    return {a.source.replace("\\", "/").rsplit("/", 1)[-1][:3]: a for a in articles}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?”\"])\s+|\n+", text) if len(s.strip()) > 20]


def test_seeds_extract_five_articles_with_boilerplate_removed(seeds_dir):
    articles = list(api.extract([seeds_dir], Settings(progress=False)))
    assert len(articles) == 5
    seeds = _by_prefix(articles)
    assert seeds["001"].published == "2025-03-02"
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))
    for prefix, lines in expected["boilerplate"].items():
        article = seeds[prefix]
        for line in lines:
            assert line not in article.text, f"{prefix}: boilerplate left in text: {line!r}"
            assert any(line in removed for removed in article.removed), f"{prefix}: not listed: {line!r}"


def test_seeds_extract_removes_no_sentence_of_000_or_002(seeds_dir):
    articles = _by_prefix(api.extract([seeds_dir], Settings(progress=False)))
    for prefix in ("000", "002"):
        original = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
        article = articles[prefix]
        assert article.removed == [], f"{prefix} lost lines: {article.removed}"
        for sentence in _sentences(original):
            assert sentence in article.text
