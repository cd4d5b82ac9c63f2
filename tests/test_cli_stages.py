"""`storyfold figures` and `storyfold dates`: JSON Lines per CONTRACT, spans into the extracted text."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import EXAMPLES
from storyfold import api
from storyfold.cli import cli


def _run(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--no-progress"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_figures_spans_point_into_the_extracted_text():
    texts = {a.id: a.text for a in api.extract([EXAMPLES])}
    records = _run("figures", str(EXAMPLES))
    assert len(records) > 20
    for record in records:
        assert {"article", "text", "span", "value", "unit", "quantity"} <= set(record)
        start, end = record["span"]
        assert texts[record["article"]][start:end] == record["text"]
        assert isinstance(record["value"], (int, float))


def test_cli_dates_undated_copy_borrows_its_origins_date(tmp_path):
    dated = ("date: 2025-03-10\n\nThe ferry service resumed on Sunday after the storm. "
             "Crews had worked through Friday night to clear the slipway, the operator said. ") * 3
    (tmp_path / "a.txt").write_text(dated, encoding="utf-8")
    (tmp_path / "b.txt").write_text(dated.split("\n\n", 1)[1], encoding="utf-8")  # same text, no date
    (tmp_path / "c.txt").write_text("Nothing happened on Sunday in the other town, officials said.",
                                    encoding="utf-8")
    records = _run("dates", str(tmp_path))
    by_article: dict[str, set] = {}
    for record in records:
        by_article.setdefault(record["article"], set()).add((record["text"], record["date"]))
    ids = {a.source.rsplit("/", 1)[-1]: a.id for a in api.extract([tmp_path])}
    assert ("Sunday", "2025-03-09") in by_article[ids["a.txt"]]
    assert by_article[ids["b.txt"]] == by_article[ids["a.txt"]]  # borrowed from its origin
    assert by_article[ids["c.txt"]] == {("Sunday", None)}  # undated, no copy: unknown, never today
