"""Issue 5 acceptance on the seed articles: every expected figure found with the right value and unit."""
from __future__ import annotations

import json

import pytest

from storyfold import api
from storyfold.figures import extract_figures, figure_ledger
from storyfold.settings import Settings

# Our reading of each expected anchor (value, unit, qualifier), written by hand from the fact text.
ANCHOR_VALUES = {
    "one-month": (30.0, "day", None),
    "one month": (30.0, "day", None),
    "5,000 air defence missiles": (5000.0, "missile", "more than"),
    "2.5% of GDP": (2.5, "%", None),
    "£27.8bn": (27.8e9, "GBP", None),
    "200,000 soldiers": (200000.0, "soldier", "at least"),
    "£4.5billion": (4.5e9, "GBP", None),
    "48 hours": (2.0, "day", None),
}


@pytest.fixture(scope="module")
def seeds():
    from conftest import shared_path

    folder = shared_path("seeds")
    articles = list(api.extract([folder], Settings(progress=False)))
    by_prefix = {a.source.replace("\\", "/").rsplit("/", 1)[-1][:3]: a for a in articles}
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return by_prefix, expected


def test_every_expected_figure_is_found_with_value_and_unit(seeds):
    by_prefix, expected = seeds
    for fact in expected["figures"]:
        for prefix in fact["articles"]:
            article = by_prefix[prefix]
            figures = extract_figures(article.id, article.text)
            found = False
            for anchor in fact["anchors"]:
                start = article.text.find(anchor)
                while start >= 0 and not found:
                    end = start + len(anchor)
                    value, unit, qualifier = ANCHOR_VALUES[anchor]
                    for figure in figures:
                        if figure.span[0] < end and start < figure.span[1] and figure.unit == unit \
                                and figure.value == pytest.approx(value):
                            assert qualifier is None or figure.qualifier == qualifier, figure
                            found = True
                    start = article.text.find(anchor, end)
            assert found, f"{prefix}: {fact['fact']!r} not found"


def test_the_truce_is_one_figure_of_three_articles(seeds):
    by_prefix, _ = seeds
    figures = [f for p, a in sorted(by_prefix.items()) for f in extract_figures(p, a.text)]
    ledger = figure_ledger(figures)
    truce = [e for e in ledger if e.unit == "day" and e.value == 30.0]
    assert len(truce) == 1 and truce[0].articles == ["000", "002", "004"]
    missiles = [e for e in ledger if e.unit == "missile"]
    assert len(missiles) == 1 and missiles[0].reports == 3 and missiles[0].conflicts == []
