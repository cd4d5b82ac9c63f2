"""The figure ledger of a story on invented articles: one figure per quantity, reports, conflicts."""
from __future__ import annotations

from storyfold.figures import extract_figures, figure_ledger

ARTICLES = {
    "a1": "The port authority said 1,400 containers were damaged in the storm. Repairs cost £2.1bn.",
    "a2": "Some 1,400 containers were damaged, officials at the port said on Monday.",
    "a3": "The port said 1,400 containers were damaged by the storm overnight.",  # a copy of a1
    "b1": "The union said 2,600 containers were damaged at the port, far more than officials admit.",
    "c1": "Repairs to the port will cost about £2.08bn, according to engineers.",
}


def ledger(ids, copy_of=None):
    figures = [f for i in ids for f in extract_figures(i, ARTICLES[i])]
    return figure_ledger(figures, copy_of=copy_of)


def by_unit(entries, unit):
    return [e for e in entries if e.unit == unit]


def test_same_quantity_across_articles_is_one_figure_and_copies_count_once():
    entries = ledger(["a1", "a2", "a3"], copy_of={"a3": "a1"})
    containers = by_unit(entries, "container")
    assert len(containers) == 1
    assert containers[0].articles == ["a1", "a2", "a3"]
    assert containers[0].reports == 2
    assert containers[0].conflicts == []


def test_different_values_for_the_same_quantity_are_conflicts():
    entries = ledger(["a1", "a2", "b1"])
    containers = by_unit(entries, "container")
    assert len(containers) == 1
    lead = containers[0]
    assert lead.value == 1400 and lead.reports == 2
    assert [(c.value, c.articles) for c in lead.conflicts] == [(2600, ["b1"])]
    assert lead.to_dict()["conflicts"] == [{"value": 2600, "articles": ["b1"]}]


def test_rounding_and_approximation_agree():
    entries = ledger(["a1", "c1"])
    money = by_unit(entries, "GBP")
    assert len(money) == 1 and money[0].conflicts == [] and money[0].articles == ["a1", "c1"]


def test_a_lower_bound_agrees_with_a_larger_value_and_not_a_smaller_one():
    figures = (extract_figures("x", "More than 5,000 air defence missiles will be built.")
               + extract_figures("y", "The deal covers 5,400 air defence missiles.")
               + extract_figures("z", "The deal covers 3,000 air defence missiles."))
    entries = figure_ledger(figures)
    assert len(entries) == 1
    assert sorted(entries[0].articles) == ["x", "y"]
    assert [(c.value, c.articles) for c in entries[0].conflicts] == [(3000, ["z"])]


def test_different_quantities_stay_separate():
    figures = (extract_figures("x", "A force as small as 30,000 troops was planned for the mission.")
               + extract_figures("y", "He said at least 200,000 soldiers would be needed to deter an attack."))
    entries = figure_ledger(figures)
    assert len(entries) == 2
    assert all(e.conflicts == [] for e in entries)


def test_two_values_inside_one_article_are_two_figures_not_a_conflict():
    figures = extract_figures("x", "The first tranche sent 300 tanks. A second tranche sent 120 tanks.")
    entries = figure_ledger(figures)
    assert sorted(e.value for e in entries) == [120, 300]
    assert all(e.conflicts == [] for e in entries)


def test_empty_and_record_shape():
    assert figure_ledger([]) == []
    entry = ledger(["a1"])[0].to_dict()
    assert set(entry) == {"text", "value", "unit", "quantity", "articles", "reports", "conflicts"}


def test_an_updated_version_of_one_report_is_not_a_conflict():
    texts = {
        "v1": "The quake killed 27 people in the harbour town, officials said.",
        "v2": "The quake killed 41 people in the harbour town, officials said on Monday.",
        "w1": "Officials said the quake killed 41 people in the harbour town.",
        "x1": "A health authority said the quake killed 58 people in the harbour town.",
    }
    figures = [f for i in ("v1", "v2", "w1") for f in extract_figures(i, texts[i])]
    entries = figure_ledger(figures, copy_of={"v2": "v1"})  # v2 is v1 updated: one report
    assert all(not e.conflicts for e in entries)
    figures += extract_figures("x1", texts["x1"])
    entries = figure_ledger(figures, copy_of={"v2": "v1"})
    assert [c.value for e in entries for c in e.conflicts] == [58]  # another report: a conflict
