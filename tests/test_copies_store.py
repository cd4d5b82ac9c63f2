"""The copy index through the store: `add` in batches equals one run; CLI and fold output carry it."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from storyfold import api
from storyfold.cli import cli
from storyfold.copies import CopyDoc, find_copies
from storyfold.settings import Settings
from storyfold.store import Store


def _family_corpus(seed: int) -> list[dict]:
    """Records built from the example corpus: each text, plus edited copies, excerpts and updates."""
    rng = random.Random(seed)
    bases = [a for a in api.extract([EXAMPLES]) if len(a.text.split()) > 120]
    records = []
    for n, article in enumerate(bases):
        words = article.text.split()
        day = 1 + n % 27
        records.append({"url": f"https://origin.example/{n}", "text": article.text,
                        "date": f"2025-04-{day:02d}T08:00:00"})
        for copy in range(rng.randint(0, 4)):
            edited = list(words)
            for _ in range(rng.randint(0, 6)):
                edited[rng.randrange(len(edited))] = rng.choice(["alpha", "beta", "gamma", "delta"])
            shape = rng.choice(["near", "excerpt", "update"])
            if shape == "excerpt":
                edited = edited[: len(edited) // 2]
            elif shape == "update":
                edited = edited + ("new paragraph with fresh reporting about the aftermath " * 8).split()
            hour = rng.randint(9, 23)
            records.append({"url": f"https://copy{copy}.example/{n}", "text": " ".join(edited),
                            "date": f"2025-04-{day:02d}T{hour:02d}:00:00"})
    return records


def _write_batches(tmp_path: Path, records: list[dict], batches: int) -> list[Path]:
    paths = []
    size = -(-len(records) // batches)
    for b in range(batches):
        path = tmp_path / f"batch{b}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records[b * size:(b + 1) * size]),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _groups(groups) -> list[tuple]:
    return sorted((g.origin, g.members, g.kind, round(g.similarity, 6)) for g in groups)


@pytest.mark.parametrize("order", ["publication", "random"])
def test_copies_store_add_in_five_batches_equals_one_run(tmp_path, order):
    records = _family_corpus(seed=7)
    records.sort(key=lambda r: r["date"])
    if order == "random":
        random.Random(3).shuffle(records)
    paths = _write_batches(tmp_path, records, 5)
    db = tmp_path / "store.sqlite"
    for path in paths:
        api.add([path], db)
    with Store.open(db, create=False) as store:
        incremental = store.copy_groups()
        links = store.copy_of()
        docs = [CopyDoc(a.id, a.text, a.published) for a in store.articles()]
    scratch = find_copies(docs)
    assert len(incremental) >= 5, "the constructed corpus has copy families"
    assert _groups(incremental) == _groups(scratch.groups)
    assert links == {k: v for k, v in scratch.copy_of.items() if v is not None}
    # The same through the one-shot command on all inputs at once.
    assert _groups(api.copies(paths)) == _groups(incremental)


def test_copies_store_readding_changes_nothing_and_keeps_index_append_only(tmp_path):
    paths = _write_batches(tmp_path, _family_corpus(seed=11), 2)
    db = tmp_path / "store.sqlite"
    api.add([paths[0]], db)
    with Store.open(db, create=False) as store:
        first_counts = store.copy_index_counts()
        first_rows = store.copy_index_rows()
    report = api.add([paths[0]], db)
    assert report.added == [] and report.copy_groups == len(api.copy_groups(db))
    api.add([paths[1]], db)
    with Store.open(db, create=False) as store:
        rows = store.copy_index_rows()
        assert store.copy_index_counts()[0] > first_counts[0]
        assert store.integrity_check() == ["ok"]
    # Rows of the first batch are untouched by the second (the index only appends).
    assert rows.docs[: first_counts[0]] == first_rows.docs


def test_copies_store_identical_and_degenerate_articles(tmp_path):
    text = "The harbour bridge reopened on Monday after repairs to its northern span were finished."
    lines = [json.dumps({"url": f"https://wire{i}.example/a", "text": text}) for i in range(2000)]
    lines += [json.dumps({"url": "https://one.example/w", "text": "word"}),
              json.dumps({"url": "https://big.example/b", "text": ("long text " * 250_000)})]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    groups = api.copies([path])
    assert len(groups) == 1 and len(groups[0].members) == 2000 and groups[0].kind == "exact"


def test_copies_store_cli_prints_groups_of_examples_as_json_lines():
    result = CliRunner().invoke(cli, ["copies", str(EXAMPLES), "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    expected = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))["copies"]
    by_source = {a.id: Path(a.source).name + (f"#{a.line}" if a.line else "")
                 for a in api.extract([EXAMPLES])}
    found = sorted((g["kind"], by_source[g["origin"]], sorted(by_source[m] for m in g["members"]))
                   for g in lines)
    assert found == sorted((c["kind"], c["origin"], sorted(c["members"])) for c in expected)
    assert all(set(g) == {"origin", "members", "kind", "similarity"} for g in lines)


def test_copies_store_seeds_through_cli(seeds_dir):
    result = CliRunner().invoke(cli, ["copies", str(seeds_dir), "--no-progress"])
    groups = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {a.id: Path(a.source).name[:3] for a in api.extract([seeds_dir])}
    assert [(g["kind"], by_name[g["origin"]], sorted(by_name[m] for m in g["members"]))
            for g in groups] == [("version", "001", ["000", "001"])]


def test_copies_store_fold_output_has_copy_of(tmp_path):
    out = tmp_path / "out"
    api.fold([EXAMPLES], out)
    document = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    copies = {a["id"]: a["copy_of"] for a in document["articles"] if a["copy_of"]}
    ids = {a["id"] for a in document["articles"]}
    assert len(copies) == 3 and set(copies.values()) <= ids
    assert all(origin not in copies for origin in copies.values())  # origins are not copies


def test_copies_store_deferred_add_is_caught_up_by_the_next(tmp_path):
    records = sorted(_family_corpus(seed=5), key=lambda r: r["date"])
    paths = _write_batches(tmp_path, records, 3)
    one, deferred = tmp_path / "one.sqlite", tmp_path / "deferred.sqlite"
    api.add(paths, one)
    api.add(paths[:2], deferred, Settings(progress=False, copies_on_add=False))
    assert api.copy_groups(deferred) == []
    result = CliRunner().invoke(cli, ["add", str(paths[2]), "--db", str(deferred)])
    assert result.exit_code == 0 and "copy groups and" in result.stdout
    assert _groups(api.copy_groups(deferred)) == _groups(api.copy_groups(one))
    assert len(api.copy_groups(one)) >= 3


def test_copies_store_cli_add_can_defer(tmp_path):
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(cli, ["add", str(EXAMPLES), "--db", str(db), "--defer-copies"])
    assert result.exit_code == 0 and "copy detection and stories deferred" in result.stdout
    assert api.copy_groups(db) == []
