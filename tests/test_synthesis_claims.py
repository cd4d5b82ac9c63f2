"""Claims across invented articles: agreed, single, disputed (lists and figures), copies, adds."""
from __future__ import annotations

import pytest

from storyfold.errors import UsageError
from storyfold.model import Article
from storyfold.synthesis import SynthesisSettings, synthesize

HARBOUR = ("The harbour bridge in Northport collapsed on Monday after a cargo ship struck one of "
           "its supports.")
HARBOUR_REWORDED = ("A cargo ship struck a support of the Northport harbour bridge on Monday, and the "
                    "bridge collapsed.")
MAYOR = "Mayor Alice Brennan said the city would open a temporary ferry service within a week."
INQUIRY = "Investigators from the national transport board will examine the ship's steering system."


def story(**texts: str) -> list[tuple[str, str, str | None, str]]:
    return [(name, text, None, name) for name, text in texts.items()]


def by_text(result: dict, needle: str) -> dict:
    matches = [c for c in result["claims"] if needle in c["text"]]
    assert matches, f"no claim with {needle!r}"
    return matches[0]


def test_claims_reworded_fact_in_two_reports_is_agreed_and_one_report_is_single():
    result = synthesize(story(a=f"{HARBOUR} {MAYOR}", b=f"{HARBOUR_REWORDED} {INQUIRY}")).to_dict()
    bridge = by_text(result, "bridge")
    assert bridge["status"] == "agreed" and bridge["reports"] == 2 and bridge["articles"] == ["a", "b"]
    assert by_text(result, "ferry")["status"] == "single"
    assert by_text(result, "steering")["articles"] == ["b"]


def test_claims_copies_count_once():
    articles = story(a=f"{HARBOUR} {MAYOR}", b=f"{HARBOUR} {MAYOR}", c=f"{HARBOUR_REWORDED}")
    result = synthesize(articles, {"b": "a", "a": None, "c": None}).to_dict()
    bridge = by_text(result, "bridge")
    assert bridge["articles"] == ["a", "b", "c"] and bridge["reports"] == 2
    ferry = by_text(result, "ferry")
    assert ferry["articles"] == ["a", "b"] and ferry["reports"] == 1 and ferry["status"] == "single"
    # Without the copy relation the same texts are two reports.
    assert by_text(synthesize(articles).to_dict(), "ferry")["status"] == "agreed"


def test_claims_different_lists_for_one_role_are_a_dispute():
    a = ("Several governments have refused to send rescue teams to the flooded region. "
         "Norway, Chile and Kenya are among those that declined.")
    b = "With Norway, Japan and Chile refusing to send rescue teams, the flooded region waits for help."
    c = "The flooded region received aid from the Red Cross on Friday."
    result = synthesize(story(a=a, b=b, c=c)).to_dict()
    assert len(result["disputes"]) == 1
    positions = {p["text"]: p["articles"] for p in result["disputes"][0]["positions"]}
    assert positions == {"Norway, Chile and Kenya": ["a"], "Norway, Japan and Chile": ["b"]}
    assert {c["status"] for c in result["claims"] if "Norway" in c["text"]} == {"disputed"}


def test_claims_a_list_that_contains_the_other_is_not_a_dispute():
    a = "Norway, Chile and Kenya refused to send rescue teams to the flooded region."
    b = "Norway, Chile, Kenya and Japan refused to send rescue teams to the flooded region."
    assert synthesize(story(a=a, b=b)).to_dict()["disputes"] == []


def test_claims_lists_about_different_things_are_not_a_dispute():
    a = "Norway, Chile and Kenya refused to send rescue teams to the flooded region."
    b = "The trade ministers of Norway, Japan and Brazil met in Geneva to discuss tariffs on steel."
    assert synthesize(story(a=a, b=b)).to_dict()["disputes"] == []


def test_claims_different_numbers_for_one_quantity_are_a_dispute_not_agreement():
    a = "Officials said the storm destroyed 1,200 homes in the coastal province on Tuesday."
    b = "Officials said the storm destroyed 3,400 homes in the coastal province on Tuesday."
    result = synthesize(story(a=a, b=b)).to_dict()
    (dispute,) = result["disputes"]
    assert {p["text"] for p in dispute["positions"]} == {"1,200", "3,400"}
    assert "home" in dispute["about"]
    assert all(c["status"] in ("disputed", "single") for c in result["claims"])
    assert not any(c["status"] == "agreed" for c in result["claims"])


def test_claims_the_same_number_agrees():
    a = "Officials said the storm destroyed 1,200 homes in the coastal province on Tuesday."
    b = "The storm destroyed 1,200 homes in the coastal province, officials said on Tuesday."
    result = synthesize(story(a=a, b=b)).to_dict()
    assert result["disputes"] == []
    assert by_text(result, "storm")["status"] == "agreed"


def test_adds_lists_what_only_one_article_says():
    a = f"{HARBOUR} {MAYOR}"
    b = f"{HARBOUR_REWORDED} {INQUIRY} Repairs are expected to cost $45 million over two years."
    result = synthesize(story(a=a, b=b)).to_dict()
    assert result["adds"]["a"] == [MAYOR]
    assert INQUIRY in result["adds"]["b"]
    assert any("$45 million" in s for s in result["adds"]["b"])
    assert not any("bridge" in s for s in result["adds"]["a"] + result["adds"]["b"])


def test_synthesis_accepts_model_articles_and_rejects_duplicates():
    article = Article(id="x1", source="x.txt", text=f"{HARBOUR} {MAYOR}")
    assert synthesize([article]).to_dict()["claims"]
    with pytest.raises(UsageError, match="appears twice"):
        synthesize([article, article])
    with pytest.raises(UsageError, match="cannot read"):
        synthesize([42])
    with pytest.raises(UsageError, match="align_similarity"):
        SynthesisSettings(align_similarity=2.0)


@pytest.mark.parametrize("texts", [[], [""], ["   \n "], ["Just one sentence here."],
                                   ["?!...", "“”\"'", "1.2.3.4"]])
def test_synthesis_degenerate_stories_do_not_raise(texts):
    result = synthesize([(f"id{i}", t) for i, t in enumerate(texts)]).to_dict()
    assert set(result) == {"summary", "claims", "disputes", "adds"}
    for sentence in result["summary"]:
        assert sentence["citations"]
