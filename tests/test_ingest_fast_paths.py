"""The ingest fast paths give exactly what the plain definitions give.

Profiling, corpus-level line removal and two line rules take shortcuts for speed (one pass over
a text's lines, hashing only lines whose word count can match, a cheap test before a regex);
reading opens files ahead of use. Each is checked here against its slow, obvious counterpart.
"""
from __future__ import annotations

import os
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from storyfold.ingest import clean
from storyfold.ingest.boilerplate import LineProfile, line_key, profile_article, remove_lines
from storyfold.ingest.readers import read_inputs
from storyfold.model import Article, RawArticle
from storyfold.settings import Settings

SETTINGS = Settings(progress=False)
# Words, the whitespace that normalisation collapses or strips, and non-ASCII letters.
PIECES = ["Your", "guide", "to", "the", "vote", "VOTE", "ß", "é", " ", "  ", "\t", "\r", "\u00a0", "\x0b",
          "\x0c", "\u2028", "—", "“", "."]
LINE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
TEXT = st.lists(LINE, max_size=12).map("\n".join)


def slow_remove_lines(article: Article, keys: set[int]) -> Article:
    """remove_lines by its definition: hash every line, drop the matching short ones."""
    text = article.text
    half = len(text.strip()) / 2
    parts = text.split("\n")
    kept, removed = [], []
    for i, part in enumerate(parts):
        if part.strip() and line_key(part) in keys and len(part.strip()) <= half:
            removed.append(part.rstrip("\r"))
        else:
            kept.append(part + ("\n" if i < len(parts) - 1 else ""))
    cleaned = "".join(kept)
    if not removed or not cleaned.strip():
        return article
    return Article(id=article.id, source=article.source, text=cleaned, removed=[*article.removed, *removed])


@hypothesis_settings(max_examples=300, deadline=None)
@given(TEXT)
def test_profile_article_is_line_key_of_every_non_empty_line(text: str) -> None:
    expected = tuple(line_key(line) for line in text.split("\n") if line_key(line) != line_key(""))
    assert profile_article(Article(id="a", source="a.txt", text=text)) == LineProfile("a", expected, len(expected))


@hypothesis_settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(LINE, max_size=4))
def test_remove_lines_matches_its_definition(text: str, boilerplate: list[str]) -> None:
    article = Article(id="a", source="a.txt", text=text, removed=["earlier"])
    keys = {line_key(line) for line in boilerplate + text.split("\n")[:1] if line.strip()}
    got = remove_lines(article, keys)
    want = slow_remove_lines(article, keys)
    assert (got.text, got.removed) == (want.text, want.removed)


LABELS = ["Photo", "Photograph", "Photo credit", "Credit", "Image", "photo", "Composite", "Pictures"]
AGENCIES = ["Reuters", "AP Photo", "Getty Images", "Shutterstock", "AFP/Getty Images", "dpa", "Rex Features"]
CREDIT_PIECES = LABELS + AGENCIES + [":", " : ", "\u00a0", " ", "/", " via ", "Via ", ")", "|", ".", "Jane Roe",
                                    "said", "(", "\u2028", "the"]


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), min_size=1, max_size=10).map("".join))
def test_rule_prechecks_never_reject_a_line_the_rule_matches(line: str) -> None:
    for rule in clean._RULES:
        if rule.precheck is not None and rule.pattern.search(line.strip()):
            assert rule.precheck(line.strip()), (rule.name, line)


def test_rule_prechecks_pass_the_credits_they_guard() -> None:
    assert clean.line_rule("A crowd outside the court. Photograph: Justin Tallis/AFP/Getty Images") == "credit_trailing"
    assert clean.line_rule("The mayor at the harbour on Monday. Photo: Jane Roe/Reuters") == "credit_trailing"
    assert clean.line_rule("The mayor at the harbour on Monday. (Jane Roe / Reuters) |.") == "credit_agency"
    assert clean.line_rule("The mayor at the harbour on Monday / Reuters") == "credit_agency"
    assert clean.line_rule("Note: the vote is on Monday") is None


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_read_inputs_closes_files_opened_ahead_when_stopped_early(tmp_path: Path) -> None:
    for i in range(300):
        (tmp_path / f"{i:03d}.txt").write_text(f"Article number {i} about the harbour.\n")
    before = open_descriptors()
    items = read_inputs([tmp_path], SETTINGS)
    first = list(islice(items, 5))
    assert open_descriptors() > before  # files ahead of the one read are already open
    items.close()
    assert open_descriptors() == before
    assert [item.text for item in first if isinstance(item, RawArticle)] == [
        f"Article number {i} about the harbour.\n" for i in range(5)]
    assert len(list(read_inputs([tmp_path], SETTINGS))) == 300
    assert open_descriptors() == before
