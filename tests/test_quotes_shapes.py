"""Every quote shape of news, on invented sentences, through the real parser."""
from __future__ import annotations

import time

import pytest

from storyfold.quotes import find_quotes


def quotes_of(text: str):
    return find_quotes([("a", text)])


def only(text: str):
    found = quotes_of(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def check_spans(text: str, quotes) -> None:
    for q in quotes:
        if q.kind != "block":
            assert text[q.span[0]:q.span[1]] == q.text
        if q.speaker_span is not None:
            assert text[q.speaker_span[0]:q.speaker_span[1]] == q.speaker


@pytest.mark.parametrize("text", [
    "“We will rebuild the bridge by spring,” Maria Okafor said.",
    '"We will rebuild the bridge by spring," Maria Okafor said.',
    "Maria Okafor said: “We will rebuild the bridge by spring.”",
    "“We will rebuild the bridge by spring,” said Maria Okafor, a county engineer.",
    "Maria Okafor told reporters on Monday: “We will rebuild the bridge by spring.”",
])
def test_quotes_shape_direct_quote_gets_its_named_speaker(text):
    q = only(text)
    assert q.text.startswith("We will rebuild the bridge by spring")
    assert q.speaker == "Maria Okafor" and q.speaker_resolved == "Maria Okafor"
    assert q.kind == "direct" and q.cue in {"said", "told"}
    check_spans(text, [q])


def test_quotes_shape_split_quote_gives_both_parts_the_speaker():
    text = "“The river has risen,” Maria Okafor said, “and the old bridge will not hold.”"
    parts = quotes_of(text)
    assert [q.text for q in parts] == ["The river has risen", "and the old bridge will not hold."]
    assert {q.speaker for q in parts} == {"Maria Okafor"}
    check_spans(text, parts)


def test_quotes_shape_quote_over_several_paragraphs_is_one_block():
    text = ("Maria Okafor addressed the council on Tuesday.\n\n"
            "“The river has risen twice this year and the bridge is old.\n\n"
            "“We cannot wait for another flood,” Okafor said.\n")
    q = only(text)
    assert q.kind == "block" and "twice this year" in q.text and "another flood" in q.text
    assert q.speaker == "Okafor" and q.speaker_resolved == "Maria Okafor"


def test_quotes_shape_partial_quote_inside_a_sentence():
    text = "Maria Okafor said the new bridge would be “strong enough for a century” once finished."
    q = only(text)
    assert q.kind == "partial" and q.text == "strong enough for a century"
    assert q.speaker_resolved == "Maria Okafor"


def test_quotes_shape_pronoun_resolves_to_the_person_named_before():
    text = ("Tomas Berg, the harbour master, spent the morning on the pier.\n\n"
            "“The ferry will run again on Friday,” he said.")
    q = only(text)
    assert q.speaker == "he" and q.speaker_resolved == "Tomas Berg"


def test_quotes_shape_pronoun_follows_the_subject_not_the_object():
    text = "Tomas Berg thanked Anna Vik for the new ferry. “It will change the island,” he said."
    assert only(text).speaker_resolved == "Tomas Berg"


def test_quotes_shape_unnamed_source_is_kept_as_written():
    text = "“The ferry contract is not signed yet,” one senior harbour official said."
    q = only(text)
    assert q.speaker == "one senior harbour official" and q.speaker_resolved == q.speaker


def test_quotes_shape_according_to():
    q = only("The ferry will be “back in service by Friday”, according to Anna Vik.")
    assert q.cue == "according to" and q.speaker_resolved == "Anna Vik"


def test_quotes_shape_scare_quotes_and_titles_are_not_speech():
    assert quotes_of("Five councils have joined a “coalition of the willing” on flood defence.") == []
    assert quotes_of("Anna Vik appeared on “Good Morning Harbour” on Monday.") == []


def test_quotes_shape_curly_and_straight_marks_give_the_same_quote():
    curly = only("“The ferry will run again on Friday,” Anna Vik said.")
    straight = only('"The ferry will run again on Friday," Anna Vik said.')
    assert (curly.text, curly.speaker, curly.span) == (straight.text, straight.speaker, straight.span)


@pytest.mark.parametrize("text", [
    "", "   ", '"', "“", "”", '""', "“”‘’", '"""""', "He said “this never closes",
    "A stray ” closer, then “an opener\n\n“that reopens” and ends.", "\n\n\n“\n\n”\n",
])
def test_quotes_unbalanced_or_empty_marks_never_raise(text):
    quotes = quotes_of(text)
    check_spans(text, quotes)


def test_quotes_megabyte_text_without_quotes_is_fast_and_empty():
    text = ("The ferry ran on time and the harbour was calm. " * 21_000)[:1_000_000]
    start = time.perf_counter()
    assert quotes_of(text) == []
    assert time.perf_counter() - start < 5


def test_quotes_megabyte_text_with_a_few_quotes_never_raises():
    filler = "The ferry ran on time and the harbour was calm. " * 2_000
    text = (filler + "“The ferry will run again,” Anna Vik said.\n") * 10
    found = quotes_of(text[:1_000_000])
    assert len(found) == 10 and {q.speaker for q in found} == {"Anna Vik"}


def test_quotes_batch_keeps_articles_apart_and_in_order():
    found = find_quotes([("x", "“One two three four five six,” Anna Vik said."),
                         ("y", "No quotes here."),
                         ("z", "“Seven eight nine ten eleven,” Tomas Berg said.")])
    assert [(q.article, q.speaker) for q in found] == [("x", "Anna Vik"), ("z", "Tomas Berg")]


def test_quotes_indirect_speech_only_when_asked():
    text = "Anna Vik said the ferry would run again on Friday. “It is safe,” she added."
    assert [q.kind for q in quotes_of(text)] == ["direct"]
    found = find_quotes([("a", text)], indirect=True)
    indirect = [q for q in found if q.kind == "indirect"]
    assert [(q.text, q.speaker, q.cue) for q in indirect] == [("the ferry would run again on Friday", "Anna Vik", "said")]
    check_spans(text, found)


def test_quotes_caller_mistakes_raise_usage_errors_that_say_what_to_do():
    from storyfold.errors import UsageError
    from storyfold.settings import Settings

    with pytest.raises(UsageError, match="pairs"):
        find_quotes("just a string")
    with pytest.raises(UsageError):
        find_quotes([42])
    with pytest.raises(UsageError, match="no_such_model"):
        find_quotes([("a", "“One two three four five six,” Anna Vik said.")], Settings(spacy_model="no_such_model"))


def test_quotes_accepts_article_objects():
    from storyfold.model import Article

    (q,) = find_quotes([Article(id="x1", source="s", text="“One two three four five six,” Anna Vik said.")])
    assert q.article == "x1" and q.speaker == "Anna Vik"
