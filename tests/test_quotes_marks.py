"""Quotation marks -> quoted spans: pure string scanning, no model."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from storyfold.quotes.marks import find_quoted, paragraphs


def texts_of(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quoted(text)[1]]


def test_marks_straight_and_curly_give_the_same_spans():
    straight = 'He said "we will win" and "soon."'
    curly = "He said “we will win” and “soon.”"
    assert texts_of(straight) == texts_of(curly) == ["we will win", "soon."]


def test_marks_quote_running_over_paragraphs_is_one_quote_of_several_segments():
    text = "“The first part.\n\n“The second part.\n\n“The end,” she said.\n\nAfter."
    (quote,) = find_quoted(text)[1]
    assert len(quote.segments) == 3 and quote.closed
    assert text[quote.start:quote.end].endswith("The end,")


def test_marks_unclosed_quote_is_cut_at_the_paragraph_end():
    text = "He said “this never closes\nNext paragraph without marks."
    (quote,) = find_quoted(text)[1]
    assert not quote.closed and text[quote.start:quote.end] == "this never closes"


def test_marks_apostrophes_and_stray_closers_are_not_quotes():
    assert texts_of("It’s the people’s choice, isn’t it?") == []
    assert texts_of("A stray ” mark and ’ another.") == []


def test_marks_single_quotes_at_top_level_and_nested_quotes():
    assert texts_of("He called it a ‘steel porcupine’ today.") == ["steel porcupine"]
    nested = "“I’d rather live in what he calls “hell” than here,” she said."
    assert texts_of(nested) == ["I’d rather live in what he calls “hell” than here,"]


def test_marks_markup_attributes_are_not_quotes():
    assert texts_of('<tweet author="someone" id="1">Hello there</tweet>') == []


def test_marks_long_paragraph_is_cut_at_sentence_ends():
    text = "A sentence here. " * 5000
    spans = paragraphs(text)
    assert len(spans) > 1 and all(e - s <= 5_000 for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip("\n"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n.,:\"“”‘’'")), max_size=200))
def test_marks_any_text_gives_ordered_spans_inside_the_text(text):
    paras, quoted = find_quoted(text)
    for quote in quoted:
        assert 0 <= quote.start <= quote.end <= len(text)
        for segment in quote.segments:
            assert segment.outer_start < segment.start <= segment.end <= segment.outer_end <= len(text)
    assert [q.start for q in quoted] == sorted(q.start for q in quoted)
