"""The use-case functions: every item accounted for, idempotent adds, incremental == from scratch."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from storyfold import api
from storyfold.errors import UsageError
from storyfold.settings import Settings
from storyfold.store import Store

SETTINGS = Settings(progress=False)
PROMO = "Get the Harbour Daily briefing every morning"


def story(n: int, promo: bool) -> str:
    """An invented article: distinct paragraphs, optionally under its outlet's promo line."""
    body = [f"Paragraph {i} of report {n} says the ferry {n} ran {i} hours late on the northern route."
            for i in range(6)]
    return "\n".join(([PROMO] if promo else []) + body) + "\n"


def write_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{n:03d}.txt"
        path.write_text(story(n, promo=n % 2 == 0), encoding="utf-8")
        paths.append(path)
    return paths


line_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=80)
file_text = st.lists(st.one_of(line_text, st.just(PROMO), st.just("Additional reporting by Ann Lee")),
                     max_size=8).map("\n".join)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(file_text, min_size=1, max_size=6))
def test_add_every_item_is_one_article_or_one_rejection(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("in")
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    with Store.temporary() as store:
        report = api.add([folder], store, SETTINGS)
        assert report.items == len(texts)
        assert len(report.added) + report.already_stored + len(report.rejections) == report.items
        for article in store.articles():
            assert article.text.strip(), "an article is never empty"


def test_add_twice_adds_nothing_and_keeps_texts(tmp_path):
    write_corpus(tmp_path / "in", 6)
    db = tmp_path / "s.sqlite"
    first = api.add([tmp_path / "in"], db, SETTINGS)
    before = {a.id: (a.text, a.removed) for a in api.list_articles(db)}
    second = api.add([tmp_path / "in"], db, SETTINGS)
    assert len(first.added) == 6 and second.added == [] and second.already_stored == 6
    assert {a.id: (a.text, a.removed) for a in api.list_articles(db)} == before


def test_add_in_batches_equals_one_add(tmp_path):
    paths = write_corpus(tmp_path / "in", 8)
    whole, parts = tmp_path / "whole.sqlite", tmp_path / "parts.sqlite"
    api.add(paths, whole, SETTINGS)
    for start in range(0, len(paths), 3):
        api.add(paths[start:start + 3], parts, SETTINGS)
    one = {a.id: (a.text, a.removed) for a in api.list_articles(whole)}
    batched = {a.id: (a.text, a.removed) for a in api.list_articles(parts)}
    assert batched == one
    # The promo line recurs on four unrelated articles: corpus-level boilerplate, in both runs.
    assert sum(PROMO in removed for _, removed in one.values() for removed in removed) == 4


def test_extract_streams_articles_in_input_order(tmp_path):
    write_corpus(tmp_path / "in", 4)
    sources = [Path(a.source).name for a in api.extract([tmp_path / "in"], SETTINGS)]
    assert sources == ["000.txt", "001.txt", "002.txt", "003.txt"]


def test_api_rejects_a_single_path_with_the_fix(tmp_path):
    with pytest.raises(UsageError, match="list of paths"):
        api.add(str(tmp_path), tmp_path / "s.sqlite", SETTINGS)
    with pytest.raises(UsageError, match="no input"):
        list(api.extract([], SETTINGS))
