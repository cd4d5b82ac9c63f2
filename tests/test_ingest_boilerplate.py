"""Corpus-level boilerplate: recurring edge lines of independent articles go; shared story lines stay."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from storyfold.ingest import boilerplate
from storyfold.ingest.boilerplate import (LineProfile, candidate_keys, clean_corpus, find_corpus_boilerplate,
                                          key_words, line_key, normalise_line, profile_article,
                                          remove_lines)
from storyfold.ingest.clean import clean_article
from storyfold.model import Article, RawArticle

PROMO = "Your guide to what the harbour election means for the islands"
FOOTER = "Sign up to our newsletter"  # already a line rule; here it only has to recur


def story(topic: str, n: int = 8) -> list[str]:
    """n distinct paragraphs about one invented topic."""
    return [f"Paragraph {i} about the {topic}: the council said {i * 7} people were affected on day {i}."
            for i in range(n)]


def art(article_id: str, lines: list[str], removed: list[str] | None = None) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text="\n".join(lines), removed=list(removed or []))


def test_line_key_ignores_case_and_spacing_and_carries_word_count():
    assert line_key("  Your Guide   to the\tvote ") == line_key("your guide to the vote")
    assert line_key("YOUR GUIDE to the\u00a0vote\r") == line_key("your guide to the vote")
    assert normalise_line(" Your  Guide\tto ") == "your guide to"
    assert line_key("your guide to the vote") != line_key("your guide to the votes")
    assert key_words(line_key("your guide to the vote")) == 5
    assert key_words(line_key(" ".join(["word"] * 400))) == 255
    keys = [line_key(f"line {i}") for i in range(2000)]
    assert all(-(2 ** 63) <= k < 2 ** 63 for k in keys)  # SQLite INTEGER
    assert any(k < 0 for k in keys) and all(key_words(k) == 2 for k in keys)


def test_profile_article_keys_of_non_empty_lines_in_order():
    profile = profile_article(art("a", ["One.", "", "  ", "Two."]))
    assert profile == LineProfile("a", (line_key("One."), line_key("Two.")), 2)


def test_candidate_keys_only_short_lines_near_the_edges(settings):
    lines = [PROMO] + story("ferry", 10) + ["A sign-off line"]
    lines[5] = "Short line in the middle"
    keys = candidate_keys(profile_article(art("a", lines)), settings)
    assert line_key(PROMO) in keys and line_key("A sign-off line") in keys
    assert line_key("Short line in the middle") not in keys
    long_edge = candidate_keys(profile_article(art("b", [" ".join(["word"] * 31)] + story("ferry"))), settings)
    assert line_key(" ".join(["word"] * 31)) not in long_edge


def test_find_corpus_boilerplate_promo_in_independent_articles(settings):
    a = art("a", [PROMO, *story("ferry")])
    b = art("b", [*story("bridge"), PROMO])
    c = art("c", story("school"))
    found = find_corpus_boilerplate([profile_article(x) for x in (a, b, c)], settings)
    assert found == {"a": {line_key(PROMO)}, "b": {line_key(PROMO)}}


def test_find_corpus_boilerplate_copies_alone_do_not_reveal_boilerplate(settings):
    lines = story("ferry")
    version = lines[:3] + [line.replace("council", "mayor") for line in lines[3:6]] + lines[6:]
    a, b = art("a", [PROMO, *lines]), art("b", [PROMO, *version])
    assert find_corpus_boilerplate([profile_article(a), profile_article(b)], settings) == {}
    c = art("c", [PROMO, *story("bridge")])  # an independent third: now the promo shows
    found = find_corpus_boilerplate([profile_article(x) for x in (a, b, c)], settings)
    assert found == {"a": {line_key(PROMO)}, "b": {line_key(PROMO)}, "c": {line_key(PROMO)}}


def test_find_corpus_boilerplate_edited_version_is_a_copy(settings):
    lines = story("ferry", 20)
    version = [line.replace("council", "mayor") if i % 3 else line for i, line in enumerate(lines)]
    a, b = art("a", [PROMO, *lines]), art("b", [*version, PROMO])
    assert find_corpus_boilerplate([profile_article(a), profile_article(b)], settings) == {}


def test_find_corpus_boilerplate_shared_header_and_footer_do_not_make_copies(settings):
    a = art("a", [PROMO, *story("ferry"), FOOTER])
    b = art("b", [PROMO, *story("bridge"), FOOTER])
    found = find_corpus_boilerplate([profile_article(a), profile_article(b)], settings)
    assert found == {"a": {line_key(PROMO), line_key(FOOTER)}, "b": {line_key(PROMO), line_key(FOOTER)}}


def test_find_corpus_boilerplate_excerpt_keeps_its_lead(settings):
    full = story("ferry", 12)
    lead = "The harbour ferry ran aground on Sunday, the port authority said."
    excerpt = art("excerpt", [lead, full[0], full[1]])
    article = art("full", [lead, *full])
    assert find_corpus_boilerplate([profile_article(excerpt), profile_article(article)], settings) == {}
    only_lead = art("only", [lead])
    assert find_corpus_boilerplate([profile_article(only_lead), profile_article(article)], settings) == {}


def test_find_corpus_boilerplate_min_articles(settings):
    articles = [art("a", [PROMO, *story("ferry")]), art("b", [PROMO, *story("bridge")])]
    profiles = [profile_article(x) for x in articles]
    assert find_corpus_boilerplate(profiles, settings.with_(boilerplate_min_articles=3)) == {}
    articles.append(art("c", [*story("school"), PROMO]))
    profiles = [profile_article(x) for x in articles]
    assert set(find_corpus_boilerplate(profiles, settings.with_(boilerplate_min_articles=3))) == {"a", "b", "c"}


def test_find_corpus_boilerplate_deterministic_under_any_order(settings):
    articles = [art(f"id{i:02d}", [PROMO if i % 3 else FOOTER, *story(f"topic {i}"), FOOTER]) for i in range(20)]
    profiles = [profile_article(x) for x in articles]
    expected = find_corpus_boilerplate(profiles, settings)
    assert list(expected) == sorted(expected)
    for seed in range(5):
        shuffled = profiles[:]
        random.Random(seed).shuffle(shuffled)
        assert find_corpus_boilerplate(shuffled, settings) == expected


def test_find_corpus_boilerplate_no_all_pairs_work(settings, monkeypatch):
    # 2,000 independent articles share one promo: deciding it needs a handful of copy checks, not n².
    calls = 0
    real = boilerplate._are_copies

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(boilerplate, "_are_copies", counting)
    profiles = [profile_article(art(f"id{i:05d}", [PROMO, *story(f"topic {i}", 4)])) for i in range(2000)]
    found = find_corpus_boilerplate(profiles, settings)
    assert len(found) == 2000
    assert calls < 100


def test_remove_lines_appends_removed_and_keeps_other_characters():
    text = f"{PROMO}\r\nThe ferry sank.  \n\nNobody was hurt.\n{PROMO}"
    article = Article(id="a", source="a.txt", text=text, removed=["caption © Jane Roe"])
    cleaned = remove_lines(article, {line_key(PROMO)})
    assert cleaned.text == "The ferry sank.  \n\nNobody was hurt.\n"
    assert cleaned.removed == ["caption © Jane Roe", PROMO, PROMO]
    assert remove_lines(cleaned, {line_key(PROMO)}) is cleaned  # idempotent
    assert article.text == text  # the input is not mutated


def test_remove_lines_never_a_line_that_is_most_of_the_article():
    article = art("a", [PROMO, "Short."])
    assert remove_lines(article, {line_key(PROMO)}) is article
    assert remove_lines(art("b", [PROMO]), {line_key(PROMO)}).text == PROMO


def test_clean_corpus_keeps_order_and_untouched_articles(settings):
    articles = [art("b", [PROMO, *story("ferry")]), art("c", story("school")), art("a", [*story("bridge"), PROMO])]
    cleaned = clean_corpus(articles, settings)
    assert [a.id for a in cleaned] == ["b", "c", "a"]
    assert cleaned[1] is articles[1]
    assert PROMO not in cleaned[0].text and PROMO not in cleaned[2].text
    assert cleaned[0].removed == [PROMO]


# The seeds: five real articles on one story (read from ../shared, never copied into the repo).

def _read_seed(path: Path) -> RawArticle:
    """A minimal reader for the seed files: the real one (readers.py) is written elsewhere."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
    return RawArticle(source=str(path), text=text, fmt="text")


@pytest.fixture
def seed_articles(seeds_dir, settings) -> dict[str, Article]:
    raws = [_read_seed(p) for p in sorted(seeds_dir.glob("0*.txt"))]
    cleaned = clean_corpus([clean_article(raw, settings) for raw in raws], settings)
    return {Path(a.source).name[:3]: a for a in cleaned}


def test_seeds_listed_boilerplate_removed_and_recorded(seeds_dir, seed_articles):
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["boilerplate"]
    assert expected
    for prefix, lines in expected.items():
        article = seed_articles[prefix]
        for line in lines:
            assert line not in article.text, f"{prefix}: left in: {line!r}"
            assert any(line in removed for removed in article.removed), f"{prefix}: not listed: {line!r}"


def test_seeds_no_sentence_of_000_or_002_removed(seeds_dir, seed_articles):
    for prefix in ("000", "002"):
        original = _read_seed(next(seeds_dir.glob(f"{prefix}_*.txt"))).text
        assert seed_articles[prefix].removed == []
        assert seed_articles[prefix].text == original


def test_seeds_004_additional_reporting_removed(seed_articles):
    article = seed_articles["004"]
    assert "Additional reporting by Leila Abboud in Paris" in article.removed
    assert "Leila Abboud" not in article.text


def test_seeds_shared_story_lines_of_000_and_001_stay(seeds_dir, seed_articles):
    raw = {p: set(_read_seed(next(seeds_dir.glob(f"{p}_*.txt"))).text.split("\n")) for p in ("000", "001")}
    shared = {line for line in raw["000"] & raw["001"] if line.strip()}
    assert len(shared) >= 5
    for line in shared:
        assert line in seed_articles["000"].text.split("\n") and line in seed_articles["001"].text.split("\n")
