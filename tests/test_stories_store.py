"""Stories through the store: `add` in batches keeps ids, merged ids resolve, `stories` and `show`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from storyfold import api
from storyfold.cli import cli, main
from storyfold.store import Store


def _examples_as_batches(tmp_path: Path, batches: int) -> list[Path]:
    """The example corpus as JSONL batches in publication order (dated articles only)."""
    articles = sorted((a for a in api.extract([EXAMPLES]) if a.published), key=lambda a: a.published)
    size = -(-len(articles) // batches)
    paths = []
    for b in range(batches):
        path = tmp_path / f"batch{b}.jsonl"
        path.write_text("".join(json.dumps({"url": a.url or f"https://x.example/{a.id}", "title": a.title,
                                            "text": a.text, "date": a.published, "source": a.outlet}) + "\n"
                                for a in articles[b * size:(b + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


def _assignments(db: Path) -> dict[str, str]:
    with Store.open(db, create=False) as store:
        return store.story_assignments()


def test_stories_store_five_adds_equal_one_fold(tmp_path):
    paths = _examples_as_batches(tmp_path, 5)
    one = tmp_path / "one.sqlite"
    api.fold(paths, None, one)
    batched = tmp_path / "batched.sqlite"
    seen: dict[str, str] = {}
    for path in paths:
        api.add([path], batched)
        now = _assignments(batched)
        assert all(now[a] == s for a, s in seen.items()), "an add moved an article or renamed a story"
        seen = now
    assert seen == _assignments(one)
    assert len(set(seen.values())) == 3  # Port Aldine, Kirrow, Eastway


def test_stories_store_merged_story_id_still_resolves(tmp_path):
    db = tmp_path / "s.sqlite"
    api.add([EXAMPLES], db)
    listed = api.list_stories(db)
    older, newer = sorted(listed, key=lambda s: s["first_published"])[:2]
    assert api.merge_stories(db, newer["id"], older["id"]) == older["id"]
    with Store.open(db, create=False) as store:  # a merge by hand is kept: never split again
        assert store.story_rows([older["id"]])[older["id"]]["keep_whole"] is True
    story, articles, copy_of = api.story_briefing(db, newer["id"])
    assert set(copy_of) == set(articles)
    assert story["id"] == older["id"]
    assert set(story["articles"]) == set(older["articles"]) | set(newer["articles"]) == set(articles)


def test_stories_store_cli_stories_and_show(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["add", str(EXAMPLES), "--db", str(db)]).exit_code == 0
    listed = runner.invoke(cli, ["stories", "--db", str(db), "--json"])
    stories = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(stories) == 3 and all(s["reports"] <= len(s["articles"]) for s in stories)
    shown = runner.invoke(cli, ["show", stories[0]["id"], "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["id"] == stories[0]["id"]
    page = runner.invoke(cli, ["show", stories[0]["id"], "--db", str(db), "--format", "html"])
    assert page.stdout.lstrip().lower().startswith("<!doctype html>")
    # A story with copies shows them as copies (one report with their origin), as `fold` does.
    with_copies = next(s for s in stories if s["reports"] < len(s["articles"]))
    markdown = runner.invoke(cli, ["show", with_copies["id"], "--db", str(db)]).stdout
    assert "(one report with it)" in markdown
    with pytest.raises(SystemExit) as exited:
        main(["show", "s000000000000", "--db", str(db)])
    assert exited.value.code == 1
    assert "no story or article 's000000000000'" in capsys.readouterr().err


def test_stories_store_cli_merge_keeps_the_older_id(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    api.add([EXAMPLES], db)
    older, newer = sorted(api.list_stories(db), key=lambda s: s["first_published"])[:2]
    result = CliRunner().invoke(cli, ["merge", newer["id"], older["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{newer['id']} merged into {older['id']}"
    listed = {s["id"]: s for s in api.list_stories(db)}
    assert newer["id"] not in listed and listed[older["id"]]["merged_from"] == [newer["id"]]
    with pytest.raises(SystemExit) as exited:
        main(["merge", older["id"], "s000000000000", "--db", str(db)])
    assert exited.value.code == 1
    assert "no story 's000000000000'" in capsys.readouterr().err
