"""Issue 6 acceptance on the seeds, end to end through `fold`: one story, cited summary, dispute,
the £1.6bn figure counted in independent reports, and what 003 adds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfold import api
from storyfold.synthesis.text import content_stems


@pytest.fixture(scope="module")
def folded(tmp_path_factory, request):
    from conftest import shared_path

    seeds = shared_path("seeds")
    out = tmp_path_factory.mktemp("seeds-out")
    result = api.fold([seeds], out)
    document = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    names = {a.id: Path(a.source).name[:3] for a in result.articles}
    return document, {a.id: a.text for a in result.articles}, names, out


def test_briefing_seeds_are_one_story_with_pages(folded):
    document, _, _, out = folded
    assert len(document["stories"]) == 1
    story = document["stories"][0]
    assert len(story["articles"]) == 5 and story["reports"] == 4  # 000 copies 001
    assert (out / "stories" / f"{story['id']}.html").exists() and (out / "stories" / f"{story['id']}.md").exists()
    assert all(a["story"] == story["id"] for a in document["articles"])


def test_briefing_seeds_summary_citations_hold_the_sentence_words(folded):
    document, texts, _, _ = folded
    summary = document["stories"][0]["summary"]
    assert 3 <= len(summary) <= 7
    for sentence in summary:
        words = set(content_stems(sentence["text"]))
        assert sentence["citations"]
        for citation in sentence["citations"]:
            start, end = citation["span"]
            assert words <= set(content_stems(texts[citation["article"]][start:end]))


def test_briefing_seeds_troop_countries_dispute(folded):
    document, _, names, _ = folded
    disputes = document["stories"][0]["disputes"]
    positions = {p["text"].replace(",", ""): {names[a] for a in p["articles"]}
                 for d in disputes for p in d["positions"]}
    assert positions.get("Germany Spain and Poland") == {"000", "001"}
    assert positions.get("Germany Italy and Spain") == {"003"}


def test_briefing_seeds_export_finance_is_one_figure_in_two_reports(folded):
    document, _, names, _ = folded
    found = [f for f in document["stories"][0]["figures"] if f["value"] == 1.6e9 and f["unit"] == "GBP"]
    assert len(found) == 1
    assert {"000", "001", "002"} <= {names[a] for a in found[0]["articles"]}
    assert found[0]["reports"] == 2  # 000 and 001 are one report, 002 another


def test_briefing_seeds_003_adds_the_30000_troop_force(folded):
    document, _, names, _ = folded
    adds = {names[a]: sentences for a, sentences in document["stories"][0]["adds"].items()}
    assert any("30,000" in sentence for sentence in adds["003"])
