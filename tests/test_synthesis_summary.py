"""The cited summary: every sentence cited by exact spans, budgets, redundancy, bad input."""
from __future__ import annotations

import re
import time

import pytest

from storyfold.errors import UsageError
from storyfold.synthesis import SynthesisSettings, summarize, synthesize
from storyfold.synthesis.text import content_stems

A = ("Heavy rain flooded the river town of Almsby on Saturday, forcing 2,000 residents to leave their "
     "homes. Emergency crews used boats to reach people trapped on roofs. The regional governor, Clara "
     "Vance, declared a state of emergency on Sunday morning. Schools will stay closed until Wednesday. "
     "Forecasters expect the river to peak on Monday night.")
B = ("About 2,000 residents of Almsby left their homes after heavy rain flooded the town on Saturday. "
     "Governor Clara Vance declared a state of emergency on Sunday. The army sent 300 soldiers to build "
     "flood barriers along the river. Local farmers fear the loss of the winter harvest.")
C = ("Floods forced about 2,000 people in Almsby from their homes on Saturday, officials said. "
     "Governor Clara Vance has declared a state of emergency in the town. Insurers estimate the damage at $80 million. "
     "Volunteers handed out food and blankets at the town hall.")


def articles():
    return [("a", A, "2026-01-10", "Daily A"), ("b", B, "2026-01-10", "B News"),
            ("c", C, "2026-01-11", "C Post")]


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_summary_every_sentence_is_cited_by_spans_that_hold_it():
    texts = {i: t for i, t, *_ in articles()}
    summary = summarize(articles(), sentences=4)
    assert 1 <= len(summary) <= 4
    for sentence in summary:
        assert sentence["citations"], "an uncited sentence was emitted"
        source = sentence["citations"][0]
        start, end = source["span"]
        assert source["kind"] == "source" and texts[source["article"]][start:end] == sentence["text"]
        cited_words = set()
        for citation in sentence["citations"]:
            start, end = citation["span"]
            assert 0 <= start < end <= len(texts[citation["article"]])
            cited_words |= set(words_of(texts[citation["article"]][start:end]))
        assert set(words_of(sentence["text"])) <= cited_words
        # Support from another article says the same thing: it shares most content words.
        own = set(content_stems(sentence["text"]))
        for citation in sentence["citations"][1:]:
            start, end = citation["span"]
            other = set(content_stems(texts[citation["article"]][start:end]))
            assert citation["article"] != source["article"]
            assert len(own & other) >= 0.3 * min(len(own), len(other))


def test_summary_prefers_corroborated_facts_without_repeating_them():
    summary = summarize(articles(), sentences=3)
    assert any({c["article"] for c in s["citations"] + s["supported_by"]} == {"a", "b", "c"}
               for s in summary)
    stems = [set(content_stems(s["text"])) for s in summary]
    for i, x in enumerate(stems):
        for y in stems[i + 1:]:
            assert len(x & y) < 0.6 * min(len(x), len(y)), "two summary sentences say the same"
    # Single-report colour ("Volunteers handed out food") loses to what several reports carry.
    assert not any("Volunteers" in s["text"] or "farmers" in s["text"] for s in summary)


def test_summary_copy_does_not_corroborate():
    stories = [("a", A), ("a2", A), ("b", B)]
    summary = summarize(stories, {"a2": "a"}, sentences=3)
    texts = [s["text"] for s in summary]
    assert len(texts) == len(set(texts)), "a copy's sentence is never repeated"


def test_summary_budgets_sentences_and_words():
    assert len(summarize(articles(), sentences=2)) == 2
    long = summarize(articles(), max_words=45)
    assert sum(len(s["text"].split()) for s in long) >= 45
    assert len(summarize(articles(), settings=SynthesisSettings(summary_sentences=3))) == 3
    with pytest.raises(UsageError):
        summarize(articles(), sentences=0)
    with pytest.raises(UsageError):
        summarize(articles(), settings={"summary_sentences": 3})


def test_summary_empty_and_one_sentence_stories():
    assert summarize([]) == []
    assert summarize([("x", "")]) == []
    (only,) = summarize([("x", "The council approved the new budget on Tuesday evening.")])
    assert only["citations"] == [{"article": "x", "span": [0, 55], "kind": "source"}]


def test_summary_one_megabyte_article_is_bounded():
    sentence = "The committee discussed the annual budget of {n} dollars for the northern district. "
    big = "".join(sentence.format(n=i) for i in range(12_000))[:1_000_000]
    started = time.perf_counter()
    result = synthesize([("big", big), ("a", A)]).to_dict()
    assert time.perf_counter() - started < 20
    for s in result["summary"]:
        start, end = s["citations"][0]["span"]
        assert (big if s["citations"][0]["article"] == "big" else A)[start:end] == s["text"]


def test_summary_citations_hold_every_content_word_of_their_sentence():
    from storyfold.synthesis.text import content_stems

    texts = {a[0]: a[1] for a in articles()}
    for sentence in summarize(articles(), sentences=3):
        words = set(content_stems(sentence["text"]))
        assert sentence["citations"], "a summary sentence without a citation is never emitted"
        for citation in sentence["citations"]:
            start, end = citation["span"]
            assert words <= set(content_stems(texts[citation["article"]][start:end]))
