"""Acceptance on the seeds (five articles, one story): general rules, checked on a real story."""
from __future__ import annotations

from pathlib import Path

import pytest

from storyfold import api
from storyfold.copies import find_copies
from storyfold.synthesis.text import content_stems
from storyfold.synthesis import synthesize

from conftest import shared_path


@pytest.fixture(scope="module")
def seeds():
    paths = sorted(str(p) for p in shared_path("seeds").glob("0*.txt"))
    articles = list(api.extract(paths))
    assert len(articles) == 5
    name = {a.id: Path(a.source).name[:3] for a in articles}
    copy_of = find_copies([(a.id, a.text, a.published) for a in articles]).copy_of
    return articles, name, copy_of, synthesize(articles, copy_of).to_dict()


def test_seeds_troop_countries_are_a_dispute(seeds):
    _, name, _, result = seeds
    positions = [{"text": p["text"], "articles": sorted(name[a] for a in p["articles"])}
                 for d in result["disputes"] for p in d["positions"]]
    assert {"text": "Germany, Spain and Poland", "articles": ["000", "001"]} in positions
    assert {"text": "Germany, Italy, and Spain", "articles": ["003"]} in positions
    # The Weimar+ group list in 004 includes both lists' countries: more detail, not a conflict.
    assert not any("004" in p["articles"] for p in positions)


def test_seeds_003_adds_the_30000_troop_force(seeds):
    _, name, _, result = seeds
    adds = {name[a]: sentences for a, sentences in result["adds"].items()}
    assert any("30,000 troops" in s for s in adds["003"])
    assert all(adds[k] for k in ("000", "001", "002", "003", "004"))


def test_seeds_export_finance_claim_counts_copies_once(seeds):
    _, name, _, result = seeds
    (claim,) = [c for c in result["claims"] if "£1.6bn" in c["text"]]
    assert sorted(name[a] for a in claim["articles"]) == ["000", "001", "002"]
    assert claim["reports"] == 2 and claim["status"] == "agreed"


def test_seeds_summary_sentences_rest_on_their_spans(seeds):
    articles, _, _, result = seeds
    texts = {a.id: a.text for a in articles}
    assert 3 <= len(result["summary"]) <= 7
    for sentence in result["summary"]:
        source = sentence["citations"][0]
        assert texts[source["article"]][source["span"][0]:source["span"][1]] == sentence["text"]
        words = set(content_stems(sentence["text"]))
        for citation in sentence["citations"]:
            assert 0 <= citation["span"][0] < citation["span"][1] <= len(texts[citation["article"]])
            # Issue 6: every citation points to a span that holds the sentence's words.
            cited = texts[citation["article"]][citation["span"][0]:citation["span"][1]]
            assert words <= set(content_stems(cited))
