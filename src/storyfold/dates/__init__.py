"""Dates: mentions resolved against each article's publication date, and a story's timeline.

    extract_dates(article_id, text, published) -> list[DateMention]        one article, pure
    dated_events(article_id, text, published) -> list[DatedEvent]           dated sentences
    story_timeline(articles, copy_of=None, max_dates=None, sentences_per_date=1) -> list[TimelineEntry]
"""
from storyfold.dates.extract import DateMention, extract_dates, parse_published
from storyfold.dates.timeline import (
    DatedEvent, TimelineArticle, TimelineEntry, dated_events, story_timeline,
)

__all__ = ["DateMention", "DatedEvent", "TimelineArticle", "TimelineEntry", "dated_events",
           "extract_dates", "parse_published", "story_timeline"]
