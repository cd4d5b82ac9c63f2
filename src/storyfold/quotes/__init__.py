"""Quotes and their speakers.

    find_quotes(articles)            (article id, text) pairs -> Quote per quote, speakers resolved
                                     within each article
    entities.resolve_speakers(...)   speakers -> the story's canonical names
    merge_quotes(quotes, ...)        one StoryQuote per quote across a story's articles
"""
from .extract import find_quotes
from .merge import merge_quotes, same_quote
from .model import KINDS, Quote, StoryQuote

__all__ = ["KINDS", "Quote", "StoryQuote", "find_quotes", "merge_quotes", "same_quote"]
