"""Date mentions on invented sentences, resolved against the article's own publication date."""
from __future__ import annotations

import pytest

from storyfold.dates import extract_dates

PUBLISHED = "2025-03-02"  # a Sunday


def resolved(text: str, published: str | None = PUBLISHED):
    return [(m.text, m.date, m.granularity) for m in extract_dates("a", text, published)]


def first(text: str, published: str | None = PUBLISHED):
    mentions = extract_dates("a", text, published)
    assert mentions, text
    mention = mentions[0]
    assert text[mention.span[0]:mention.span[1]] == mention.text
    return mention.date, mention.granularity


@pytest.mark.parametrize("text, date, granularity", [
    ("The treaty was signed on 14 February 2024.", "2024-02-14", "day"),
    ("It was signed on February 14, 2024 in Paris.", "2024-02-14", "day"),
    ("Filed 2023-11-05 by the clerk.", "2023-11-05", "day"),
    ("The 3rd of January, 2022 was cold.", "2022-01-03", "day"),
    ("Prices peaked in June 2022.", "2022-06-01", "month"),
    ("The war began in 2022.", "2022-01-01", "year"),
    ("Spending will reach 3% by 2027.", "2027-01-01", "year"),
])
def test_absolute_dates(text, date, granularity):
    assert first(text) == (date, granularity)


@pytest.mark.parametrize("text, date", [
    ("Leaders met in London on Sunday.", "2025-03-02"),  # the publication day itself
    ("The row in the Oval Office on Friday shocked allies.", "2025-02-28"),
    ("Talks collapsed on Tuesday evening.", "2025-02-25"),
    ("She resigned last Friday.", "2025-02-28"),
    ("The summit will resume on Tuesday.", "2025-03-04"),  # future clause: the next one
    ("Officials are due to meet on Thursday.", "2025-03-06"),
    ("They meet again next Monday.", "2025-03-03"),
    ("The bill passed yesterday.", "2025-03-01"),
    ("Results come tomorrow.", "2025-03-03"),
    ("The fire started three days ago.", "2025-02-27"),
    ("Rain fell on 28 February across the city.", "2025-02-28"),
    ("The deal of December 30 was cancelled.", "2024-12-30"),  # past: last year's
])
def test_relative_days(text, date):
    assert first(text) == (date, "day")


@pytest.mark.parametrize("text, date, granularity", [
    ("Prices rose last week.", "2025-02-17", "week"),
    ("Talks continue next week.", "2025-03-03", "week"),
    ("Sales fell last month.", "2025-02-01", "month"),
    ("The fund opened earlier this month.", "2025-03-01", "month"),
    ("Growth slowed last year.", "2024-01-01", "year"),
    ("The law changed in November.", "2024-11-01", "month"),  # past: the last November
])
def test_relative_periods(text, date, granularity):
    assert first(text) == (date, granularity)


def test_without_a_publication_date_relative_dates_are_unknown_never_today():
    mentions = resolved("On Sunday, 2 March 2025, leaders met; last week talks failed; in 2022 it began.",
                        None)
    assert ("Sunday, 2 March 2025", "2025-03-02", "day") in mentions
    assert ("last week", None, "week") in mentions
    assert ("in 2022", "2022-01-01", "year") in mentions
    assert resolved("It happened on Monday.", "not a date") == [("Monday", None, "day")]


@pytest.mark.parametrize("text", [
    "You may go now.",
    "The Mondays are busy.",
    "5,000 missiles and 2,000 tanks.",
    "In the past week many things happened.",
])
def test_non_dates(text):
    assert resolved(text) == []


def test_record_follows_the_contract():
    record = extract_dates("art", "Voters went to the polls on Sunday.", PUBLISHED)[0].to_dict()
    assert record == {"article": "art", "text": "Sunday", "span": [28, 34], "date": "2025-03-02",
                      "granularity": "day"}


@pytest.mark.parametrize("text", ["", " ", "\x00" * 100, "on Sunday " * 3000, "31 February 2024",
                                  "2024-13-45", "January 99, 2020", "Monday" * 1000])
def test_bad_input_never_raises(text):
    assert isinstance(extract_dates("x", text, PUBLISHED), list)
    assert isinstance(extract_dates("x", text, None), list)
