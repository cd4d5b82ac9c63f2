"""Figure shapes on invented sentences: money, counts, shares, durations, words, ranges, qualifiers."""
from __future__ import annotations

import pytest

from storyfold.figures import extract_figures


def only(text: str):
    figures = extract_figures("a", text)
    assert len(figures) == 1, [f.text for f in figures]
    figure = figures[0]
    assert text[figure.span[0]:figure.span[1]] == figure.text
    return figure


@pytest.mark.parametrize("text, value, unit", [
    ("The council approved a £2.7bn budget for roads.", 2.7e9, "GBP"),
    ("The ministry announced £3.9billion for schools.", 3.9e9, "GBP"),
    ("Investors lost $12 million in the collapse.", 12e6, "USD"),
    ("The bank paid €450m to settle the case.", 450e6, "EUR"),
    ("A grant of US$80,000 went to the charity.", 80000, "USD"),
    ("The club spent EUR 15 million on the striker.", 15e6, "EUR"),
    ("Farmers received 600 million dollars in subsidies.", 600e6, "USD"),
    ("The fine was 25,000 pounds for each breach.", 25000, "GBP"),
    ("They raised 40 million euros from donors.", 40e6, "EUR"),
    ("The loan of GBP 1.25 billion was signed.", 1.25e9, "GBP"),
])
def test_money_symbols_words_codes_and_scales(text, value, unit):
    figure = only(text)
    assert figure.kind == "money"
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


def test_money_quantity_comes_from_its_sentence():
    figure = only("Ministers opened the £14.2bn regional growth fund to ports.")
    assert "regional growth fund" in figure.quantity
    assert "aid" in only("Norway pledged €300m in aid this year.").quantity


@pytest.mark.parametrize("text, value, unit, quantity", [
    ("The factory will build 7,500 armoured patrol vehicles.", 7500, "vehicle", "armoured patrol vehicles"),
    ("Some 23 regional mayors signed the letter.", 23, "mayor", "regional mayors"),
    ("The storm left 3 million households without power.", 3e6, "household", "households"),
    ("Officials counted 412 Canadians among the passengers.", 412, "canadian", "canadians"),
    ("Police arrested 14 people at the march.", 14, "people", "people"),
    ("The navy sent 40 randomly selected ships to the drill.", 40, "ship", "randomly selected ships"),
])
def test_counts_carry_the_counted_noun_phrase(text, value, unit, quantity):
    figure = only(text)
    assert (figure.kind, figure.value, figure.unit, figure.quantity) == ("count", value, unit, quantity)


def test_hyphenated_and_part_of_counts():
    assert only("It was decided by a nine-member board.").unit == "member"
    figure = only("She won 31 of the seats in the assembly.")
    assert (figure.value, figure.unit) == (31, "seat")


@pytest.mark.parametrize("text, value, unit, quantity_word", [
    ("Exports rose to 4.5% of national output.", 4.5, "%", "national output"),
    ("Turnout reached 61 per cent of registered voters.", 61, "%", "registered voters"),
    ("Unemployment fell by 0.3 percentage points in May.", 0.3, "percentage point", "Unemployment"),
    ("Two-thirds of teachers backed the strike.", 66.67, "%", "teachers"),
    ("About three in 10 renters said they would move.", 30, "%", ""),
    ("The governor led by 9 points in the poll.", 9, "point", ""),
])
def test_shares_and_what_they_are_of(text, value, unit, quantity_word):
    figure = only(text)
    assert figure.value == pytest.approx(value, abs=0.01)
    assert figure.unit == unit
    assert quantity_word in figure.quantity


@pytest.mark.parametrize("text, days, quantity", [
    ("Both sides agreed a two-week ceasefire along the river.", 14, "ceasefire"),
    ("Negotiators spent 36 hours of talks in Geneva.", 1.5, "talks"),
    ("The minister served for three years before resigning.", 3 * 365, None),
    ("The reactor will be shut for 90 days.", 90, None),
    ("The vote came a half-hour after the debate.", 1 / 48, None),
])
def test_durations_in_days(text, days, quantity):
    figure = only(text)
    assert figure.kind == "duration" and figure.unit == "day"
    assert figure.value == pytest.approx(days)
    if quantity:
        assert quantity in figure.quantity


@pytest.mark.parametrize("text, value, unit", [
    ("Twenty-five senators voted against.", 25, "senator"),
    ("A dozen ambulances waited outside.", 12, "ambulance"),
    ("More than two dozen governors objected.", 24, "governor"),
    ("Half a dozen reporters were turned away.", 6, "reporter"),
    ("Nearly two million tourists visited.", 2e6, "tourist"),
    ("Three hundred thousand pilgrims arrived.", 3e5, "pilgrim"),
])
def test_number_words(text, value, unit):
    figure = only(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize("text, qualifier", [
    ("More than 900 nurses joined the strike.", "more than"),
    ("At least 45 lorries were stuck at the border.", "at least"),
    ("A force as small as 8,000 troops would be sent.", "as small as"),
    ("Up to 300 firefighters fought the blaze.", "up to"),
    ("Fewer than 60 delegates turned up.", "fewer than"),
    ("Almost 70 schools closed.", "almost"),
])
def test_qualifiers_are_kept(text, qualifier):
    figure = only(text)
    assert figure.qualifier == qualifier


def test_ranges_keep_both_ends():
    figure = only("Between 20 and 30 climbers were rescued.")
    assert (figure.value, figure.upper, figure.unit) == (20, 30, "climber")
    figure = only("The repairs will cost £1bn-£2bn over the decade.")
    assert (figure.value, figure.upper, figure.unit) == (1e9, 2e9, "GBP")
    figure = only("Wages rose 3-4% last year.")
    assert (figure.value, figure.upper, figure.unit) == (3, 4, "%")


@pytest.mark.parametrize("text", [
    "The treaty was signed in 1998 and renewed in 2021.",
    "The meeting is on 14 March at 10:30.",
    "She arrived at 3pm on March 3.",
    "He finished 2nd in the 21st race.",
    "Maria Lopez, 47, was named chair.",
    "The 52-year-old pilot landed safely.",
    "Jets such as the F-35 and the G7 summit.",
    "She lives at No 10 and reads Section 230.",
    "1. Introduction\n2. Method",
    "The bill passed three years ago.",
    "One of them left.",
    "It was the first half of the season.",
])
def test_non_figures(text):
    assert extract_figures("a", text) == []


def test_spans_index_the_given_text_and_records_follow_the_contract():
    text = "Headline\n\nOfficials said 1,200 homes and £5m were lost."
    figures = extract_figures("art-1", text)
    assert [f.text for f in figures] == ["1,200 homes", "£5m"]
    record = figures[1].to_dict()
    assert set(record) >= {"article", "text", "span", "value", "unit", "quantity", "qualifier"}
    assert record["article"] == "art-1" and text[slice(*record["span"])] == "£5m"


@pytest.mark.parametrize("text", ["", " ", "\x00" * 50, "£" * 500, "9" * 5000, "$ $ 5 ,,, %%% ...",
                                  "one " * 3000, "1,000,000,000,000,000,000,000 people"])
def test_bad_input_never_raises(text):
    assert isinstance(extract_figures("x", text), list)


def test_non_string_text_gives_nothing():
    assert extract_figures("x", None) == []  # type: ignore[arg-type]
