"""The story timeline on invented articles: dated events merged across articles, ordered, conflicts."""
from __future__ import annotations

from storyfold.dates import TimelineArticle, dated_events, story_timeline

ARTICLES = [
    TimelineArticle("a1", "The dam burst on Tuesday, flooding three villages in the valley. "
                          "Rescue teams arrived on Wednesday with boats and helicopters.", "2024-05-09"),
    TimelineArticle("a2", "Three villages in the valley were flooded when the dam burst on Tuesday. "
                          "The regional governor visited the site on 9 May.", "2024-05-10"),
    TimelineArticle("a3", "The dam burst on Monday, flooding three villages in the valley.", "2024-05-09"),
]


def test_dated_events_keep_the_sentence_and_its_date():
    events = dated_events("a1", ARTICLES[0].text, ARTICLES[0].published)
    assert [(e.date, e.text[:12]) for e in events] == [("2024-05-07", "The dam burs"),
                                                      ("2024-05-08", "Rescue teams")]
    assert ARTICLES[0].text[slice(*events[1].span)] == events[1].text


def test_events_merge_across_articles_and_are_ordered():
    timeline = story_timeline(ARTICLES[:2])
    assert [e.date for e in timeline] == ["2024-05-07", "2024-05-08", "2024-05-09"]
    burst = timeline[0]
    assert burst.articles == ["a1", "a2"]
    assert {a for a, _, _ in burst.citations} == {"a1", "a2"}
    assert burst.conflicts == []


def test_conflicting_dates_for_one_event_are_flagged():
    timeline = story_timeline(ARTICLES)
    burst = next(e for e in timeline if e.date == "2024-05-07")
    assert burst.conflicts == [{"date": "2024-05-06", "articles": ["a3"]}]
    assert burst.to_dict()["conflicts"] == [{"date": "2024-05-06", "articles": ["a3"]}]


def test_an_undated_copy_borrows_its_origins_date_and_otherwise_adds_nothing():
    copy = TimelineArticle("c1", "Rescue teams arrived on Wednesday with boats and helicopters.", None)
    without = story_timeline([copy])
    assert without == []
    borrowed = story_timeline([ARTICLES[0], copy], copy_of={"c1": "a1"})
    rescue = next(e for e in borrowed if e.date == "2024-05-08")
    assert rescue.articles == ["a1", "c1"]


def test_max_dates_keeps_the_best_supported_and_range_filters():
    timeline = story_timeline(ARTICLES[:2], max_dates=1)
    assert [e.date for e in timeline] == ["2024-05-07"]
    ranged = story_timeline(ARTICLES[:2], date_range=("2024-05-08", "2024-05-31"))
    assert [e.date for e in ranged] == ["2024-05-08", "2024-05-09"]


def test_accepts_mappings_and_empty_input():
    assert story_timeline([]) == []
    timeline = story_timeline([{"id": "m", "text": "Polls closed on Sunday across the country.",
                                "published": "2024-05-06"}])
    assert timeline[0].date == "2024-05-05" and timeline[0].to_dict()["articles"] == ["m"]
