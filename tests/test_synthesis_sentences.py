"""Sentence splitting: exact spans, abbreviations, quotes, decimals, bad input."""
from __future__ import annotations

import time

from hypothesis import given, settings as hsettings, strategies as st

from storyfold.synthesis import split_sentences
from storyfold.synthesis.sentences import MAX_SENTENCE_CHARS


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_sentences_spans_are_exact_and_ordered():
    text = "  First one here.  Second one?\nThird line!  \n\n  Fourth, at last."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one here.", "Second one?", "Third line!",
                                           "Fourth, at last."]
    for s in sentences:
        assert text[s.start:s.end] == s.text
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))


def test_sentences_abbreviations_and_initials_do_not_split():
    assert texts("Mr. Smith met Dr. Jones in Washington. Donald J. Trump was not there.") == [
        "Mr. Smith met Dr. Jones in Washington.", "Donald J. Trump was not there."]
    assert texts("Sen. Warren spoke on Jan. 5 about it. Then she left.") == [
        "Sen. Warren spoke on Jan. 5 about it.", "Then she left."]


def test_sentences_ambiguous_abbreviation_splits_before_a_sentence_start():
    assert texts("He moved to the U.S. The move was hard.") == ["He moved to the U.S.", "The move was hard."]
    assert texts("The U.S. Army said so.") == ["The U.S. Army said so."]


def test_sentences_decimals_and_money_stay_whole():
    assert texts("Growth was 2.5% in 2024. Exports rose to £1.6bn. Prices fell.") == [
        "Growth was 2.5% in 2024.", "Exports rose to £1.6bn.", "Prices fell."]


def test_sentences_quotes_close_with_their_sentence():
    assert texts("He said: “Stop now. Then talk.” The crowd left.") == [
        "He said: “Stop now. Then talk.”", "The crowd left."]
    assert texts('“Is it over?” she asked. Nobody knew.') == ['“Is it over?” she asked.', "Nobody knew."]
    assert texts('It ended. "We won," he said.') == ["It ended.", '"We won," he said.']


def test_sentences_hard_wrapped_lines_are_joined():
    text = "The minister said the plan\nwould cost more than expected.\nA new paragraph starts."
    assert texts(text) == ["The minister said the plan\nwould cost more than expected.",
                           "A new paragraph starts."]


def test_sentences_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def test_sentences_one_megabyte_without_stops_is_cut_and_fast():
    text = ("word " * 220_000)[:1_000_000]
    started = time.perf_counter()
    sentences = split_sentences(text)
    assert time.perf_counter() - started < 5
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert sum(len(s.text.split()) for s in sentences) == len(text.split())


@hsettings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.?!\n“”\"'0123456789,")), max_size=300))
def test_sentences_property_every_span_is_exact_and_disjoint(text):
    sentences = split_sentences(text)
    previous_end = 0
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
    # Nothing but whitespace is left out.
    covered = "".join(s.text for s in sentences)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
