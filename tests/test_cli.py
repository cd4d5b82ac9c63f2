"""The CLI contract: JSON Lines out, one-line errors, exit codes 0/1/2, rejections on stderr."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyfold.cli import main
from conftest import EXAMPLES


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = ("title: Harbour bridge reopens\ndate: 2026-03-04\nsource: Harbour Daily\n\n"
           "The harbour bridge reopened on Tuesday after six weeks of repairs, the council said.\n"
           "Traffic returned to normal by the evening rush hour.\n")


def test_cli_missing_argument_is_usage_error(capsys):
    code, out, err = run(capsys, "extract")
    assert code == 2
    assert err.startswith("storyfold: error:") and "Traceback" not in err
    assert "storyfold extract --help" in err


def test_cli_unknown_command_is_usage_error(capsys):
    code, _, err = run(capsys, "extrct", "x")
    assert code == 2 and "storyfold: error:" in err


def test_cli_bad_setting_is_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "extract", "--max-input-bytes", "0", str(tmp_path))
    assert code == 2 and "max_input_bytes" in err


def test_cli_extract_prints_contract_fields(capsys, tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    code, out, err = run(capsys, "extract", "--no-progress", str(tmp_path / "a.txt"))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 1
    record = records[0]
    assert set(record) == {"id", "source", "url", "outlet", "title", "published", "language", "text", "removed"}
    assert record["title"] == "Harbour bridge reopens"
    assert record["published"] == "2026-03-04"
    assert record["outlet"] == "Harbour Daily"
    assert record["text"].startswith("The harbour bridge reopened")


def test_cli_extract_rejection_goes_to_stderr_and_strict_fails(capsys, tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "empty.txt", "")
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert len(out.splitlines()) == 1
    assert "empty.txt" in err and "[empty]" in err
    code, _, _ = run(capsys, "extract", "--strict", str(tmp_path))
    assert code == 1


def test_cli_missing_path_is_a_rejection_not_a_crash(capsys, tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    code, out, err = run(capsys, "extract", str(tmp_path / "good.txt"), str(tmp_path / "nope.txt"))
    assert code == 0 and len(out.splitlines()) == 1
    assert "[not_found]" in err


def test_cli_add_twice_adds_nothing_the_second_time(capsys, tmp_path):
    write(tmp_path / "in" / "a.txt", ARTICLE)
    db = tmp_path / "store.sqlite"
    code, out, _ = run(capsys, "add", "--db", str(db), str(tmp_path / "in"))
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, "add", "--db", str(db), str(tmp_path / "in"))
    assert code == 0 and "0 added, 1 already stored" in out


def test_cli_stories_on_missing_store_says_what_to_do(capsys, tmp_path):
    code, _, err = run(capsys, "stories", "--db", str(tmp_path / "none.sqlite"))
    assert code == 1
    assert err.startswith("storyfold: error:") and "Traceback" not in err


def test_cli_show_article_by_id(capsys, tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    db = tmp_path / "s.sqlite"
    run(capsys, "add", "--db", str(db), str(tmp_path / "a.txt"))
    code, out, _ = run(capsys, "stories", "--db", str(db), "--json")
    article_id = json.loads(out.splitlines()[0])["id"]
    code, out, _ = run(capsys, "show", article_id, "--db", str(db))
    assert code == 0 and out.startswith("# Harbour bridge reopens")
    code, out, _ = run(capsys, "show", article_id, "--db", str(db), "--format", "json")
    assert json.loads(out)["id"] == article_id
    code, _, err = run(capsys, "show", "ffffffffffffffff", "--db", str(db))
    assert code == 1 and "storyfold: error:" in err


def test_cli_fold_writes_self_contained_escaped_html(capsys, tmp_path):
    write(tmp_path / "in" / "a.txt", ARTICLE.replace("Harbour bridge reopens", "<script>alert(1)</script>")
          .replace("source: Harbour Daily\n", "url: javascript:alert(2)\nsource: Harbour Daily\n"))
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "fold", str(tmp_path / "in"), "-o", str(out_dir), "--db", str(out_dir / "s.sqlite"))
    assert code == 0, err
    document = json.loads((out_dir / "stories.json").read_text(encoding="utf-8"))
    assert document["schema"] == 1 and len(document["articles"]) == 1
    page = (out_dir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert 'href="javascript:' not in page
    assert "<script src" not in page and "<link" not in page  # nothing fetched when opened from disk


def test_cli_fold_on_examples_lists_rejections(capsys, tmp_path):
    if not EXAMPLES.exists():
        pytest.skip("examples/ not written yet")
    code, out, err = run(capsys, "fold", str(EXAMPLES), "-o", str(tmp_path / "out"))
    assert code == 0, err
    document = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))
    assert len(document["articles"]) >= 12
    assert document["rejections"], "examples/bad holds deliberately bad inputs"
    assert all(set(r) == {"source", "line", "code", "reason"} for r in document["rejections"])


def test_cli_runs_as_module_and_reads_stdin(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "storyfold", "extract", "-"], input=ARTICLE.encode(),
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout.decode().splitlines()[0])
    assert record["source"] == "-" and record["title"] == "Harbour bridge reopens"


def test_cli_without_command_shows_help_not_an_error(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert err.startswith("Usage: storyfold") and "error" not in err.splitlines()[0]


def test_cli_progress_bar_starts_no_thread(monkeypatch):
    # A second thread would keep story clustering from forking its feature worker.
    import threading

    from storyfold import cli
    from storyfold.settings import Settings

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    before = threading.active_count()
    with cli._progress(Settings(progress=True), "testing") as (advance, _):
        advance(1)
        assert threading.active_count() == before
    assert threading.active_count() == before


def _undated_articles(folder: Path, count: int, dated: int = 0) -> Path:
    """`count` short reports on different harbours; the first `dated` carry a date line."""
    for i in range(count):
        date = f"date: 2026-03-{1 + i % 28:02d}\n" if i < dated else ""
        write(folder / f"{i:03d}.txt", f"title: Harbour {i} bridge reopens\n{date}\n"
              f"The bridge at harbour number {i} in town {i * 7} reopened after {i + 2} weeks of repairs.\n")
    return folder


def test_cli_notes_when_most_articles_are_undated(capsys, tmp_path):
    # Without dates no story goes cold: the user is told once, on stderr, and the run succeeds.
    code, out, err = run(capsys, "cluster", "--no-progress", str(_undated_articles(tmp_path / "u", 24)))
    assert code == 0
    assert len(out.splitlines()) == 24
    notes = [line for line in err.splitlines() if line.startswith("storyfold: note:")]
    assert len(notes) == 1 and "24 of 24 articles have no date" in notes[0]


def test_cli_no_note_when_most_articles_are_dated(capsys, tmp_path):
    code, _, err = run(capsys, "cluster", "--no-progress", str(_undated_articles(tmp_path / "d", 24, dated=20)))
    assert code == 0 and "note:" not in err


def test_api_undated_note_is_a_warning_python_callers_can_filter(tmp_path):
    from storyfold import api
    from storyfold.errors import StoryfoldNote

    with pytest.warns(StoryfoldNote, match="have no date"):
        api.fold([str(_undated_articles(tmp_path / "u", 20))])


def test_cli_embeddings_without_the_extra_says_what_to_install(capsys, tmp_path, monkeypatch):
    from storyfold.stories import dense

    monkeypatch.setattr(dense, "available", lambda: False)
    code, out, err = run(capsys, "fold", "--embeddings", "-o", str(tmp_path / "out"),
                         str(_undated_articles(tmp_path / "u", 3)))
    assert code == 2 and out == ""
    assert "storyfold[embeddings]" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # refused before anything was read or written


def test_cli_embeddings_is_a_story_option_only(capsys, tmp_path):
    code, _, err = run(capsys, "extract", "--embeddings", str(tmp_path))
    assert code == 2 and "no such option" in err.lower()


def test_cli_add_embeddings_to_a_store_made_without_them_is_a_note(capsys, tmp_path, monkeypatch):
    from storyfold.stories import dense

    db = str(tmp_path / "store.sqlite")
    assert run(capsys, "fold", "--no-progress", "-o", str(tmp_path / "out"), "--db", db,
               str(_undated_articles(tmp_path / "a", 3)))[0] == 0
    monkeypatch.setattr(dense, "available", lambda: True)  # the flag's check; the store never embeds
    code, _, err = run(capsys, "add", "--no-progress", "--embeddings", "--db", db,
                       str(_undated_articles(tmp_path / "b", 2)))
    assert code == 0
    assert "made without embeddings and go on that way" in err


def test_cli_store_made_with_embeddings_needs_the_extra_to_add(capsys, tmp_path, monkeypatch):
    import sqlite3

    from storyfold.stories import dense

    db = tmp_path / "store.sqlite"
    assert run(capsys, "fold", "--no-progress", "-o", str(tmp_path / "out"), "--db", str(db),
               str(_undated_articles(tmp_path / "a", 3)))[0] == 0
    with sqlite3.connect(db) as conn:  # as if the store had been made where the extra was installed
        settings = json.loads(conn.execute("SELECT settings FROM story_meta").fetchone()[0])
        conn.execute("UPDATE story_meta SET settings = ?", (json.dumps({**settings, "embeddings": True}),))
    monkeypatch.setattr(dense, "available", lambda: False)
    code, out, err = run(capsys, "add", "--no-progress", "--db", str(db), str(_undated_articles(tmp_path / "b", 2)))
    assert code == 2 and "storyfold[embeddings]" in err
    code, out, _ = run(capsys, "stories", "--json", "--db", str(db))
    assert code == 0 and sum(len(json.loads(line)["articles"]) for line in out.splitlines()) == 3  # nothing added
