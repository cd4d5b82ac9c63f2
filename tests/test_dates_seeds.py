"""Issue 5 acceptance on seed 001 (published 2025-03-02): "on Sunday" and the Oval Office "on Friday"."""
from __future__ import annotations

from storyfold import api
from storyfold.dates import extract_dates, story_timeline
from storyfold.settings import Settings


def test_seed_001_relative_days(seeds_dir):
    articles = {a.source.replace("\\", "/").rsplit("/", 1)[-1][:3]: a
                for a in api.extract([seeds_dir], Settings(progress=False))}
    article = articles["001"]
    assert article.published == "2025-03-02"
    mentions = extract_dates(article.id, article.text, article.published)
    sundays = [m for m in mentions if m.text.startswith("Sunday")]
    fridays = [m for m in mentions if m.text.startswith("Friday")]
    assert sundays and {m.date for m in sundays} == {"2025-03-02"}
    assert fridays and {m.date for m in fridays} == {"2025-02-28"}
    # articles without a date resolve no relative day at all (never to today)
    for prefix in ("000", "002", "003", "004"):
        undated = articles[prefix]
        if undated.published is None:
            assert all(m.date is None for m in extract_dates(undated.id, undated.text, None) if m.relative)
    timeline = story_timeline(articles.values())
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    assert "2025-02-28" in {e.date for e in timeline}
