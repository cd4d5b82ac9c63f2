"""One quote across articles: wordings, independent reports, first reporter (no model needed)."""
from __future__ import annotations

from storyfold.quotes import Quote, merge_quotes, same_quote


def quote(article: str, text: str, speaker: str | None = "Anna Vik") -> Quote:
    return Quote(article, text, (0, len(text)), speaker, None, speaker, "said", "direct")


def test_quotes_merge_translated_wordings_are_one_quote_with_variants():
    a = quote("1", "in the harbour, at sea and on the ferry routes")
    b = quote("2", "in the harbour, on the seas, and on the ferry routes")
    (merged,) = merge_quotes([a, b])
    assert merged.text == b.text and merged.variants == [a.text]
    assert merged.articles == ["1", "2"] and merged.reports == 2


def test_quotes_merge_trimmed_quote_joins_the_full_one():
    full = quote("1", "To succeed, the ferry must have steady public money. We are working on it.")
    trimmed = quote("2", "ferry must have steady public money")
    (merged,) = merge_quotes([full, trimmed])
    assert merged.text == full.text and merged.variants == [trimmed.text]


def test_quotes_merge_copies_count_once_and_the_earliest_article_reported_first():
    quotes = [quote("late", "The ferry will run again on Friday"),
              quote("copy", "The ferry will run again on Friday"),
              quote("early", "The ferry will run again on Friday.")]
    (merged,) = merge_quotes(quotes, published={"late": "2025-03-04", "copy": "2025-03-03", "early": "2025-03-02"},
                             copy_of={"copy": "late", "late": None, "early": None})
    assert merged.reports == 2 and merged.first_reporter == "early"
    assert merged.first_published == "2025-03-02" and merged.articles == ["early", "copy", "late"]


def test_quotes_merge_different_speakers_or_different_words_stay_apart():
    assert not same_quote(quote("1", "The ferry will run again on Friday", "Anna Vik"),
                          quote("2", "The ferry will run again on Friday", "Tomas Berg"))
    assert not same_quote(quote("1", "The ferry will run again on Friday"),
                          quote("2", "The bridge will be closed until the summer"))
    assert not same_quote(quote("1", "historic", None), quote("2", "a historic day for the island", None))


def test_quotes_merge_two_quotes_of_one_article_are_never_merged():
    merged = merge_quotes([quote("1", "stop the flooding"),
                           quote("2", "We agreed a plan to stop the flooding and rebuild the pier"),
                           quote("1", "We agreed a plan to stop the flooding and rebuild the pier")])
    assert sorted(len(m.articles) for m in merged) == [1, 2]
