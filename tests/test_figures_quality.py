"""Figures precision/recall on 380 number mentions sampled from PolNeAR articles and labelled by hand.

Labels: tests/data/figures_labels.jsonl, one row per sampled mention: the article's path under
../shared/data, the character offsets of the number token, and whether it is a figure with its
value and unit (our conventions: ISO currency, "%", "percentage point", "point", "day" for durations,
a measure unit, or the singular head of the counted noun). The article texts stay in ../shared.

Sampling: every token of the 840 PolNeAR train texts that holds a digit or a number word
(one..ninety, hundred, thousand, million, billion, trillion, dozen, half, third(s), quarter),
shuffled with random.Random(20261130); the first 380 labelled in order (200 of them are figures).
Not figures: years, dates, times, ordinals, ages, IDs, list numbers, names ("Boeing 727"),
pronoun "one", relative dates ("two months ago") and numbers whose unit is only in another sentence.

Recall = labelled figures that an extracted figure overlaps with the same value (1%) and unit.
Precision = labelled mentions an extracted figure overlaps, that are figures with that value and unit.
Measured: precision 188/189 = 0.995, recall 188/200 = 0.940.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from storyfold.figures import extract_figures

LABELS = Path(__file__).parent / "data" / "figures_labels.jsonl"


def _matches(figure, row) -> bool:
    return (row["figure"] and figure.unit == row["unit"]
            and abs(figure.value - row["value"]) <= max(0.011, 0.01 * abs(row["value"])))


@pytest.mark.quality
def test_figures_precision_and_recall_on_hand_labels():
    root = shared_path("data", "polnear")
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 380 and sum(r["figure"] for r in rows) == 200
    cache: dict[str, list] = {}
    found = relevant = hits = predicted = 0
    for row in rows:
        if row["path"] not in cache:
            text = (root.parent / row["path"]).read_text(encoding="utf-8")
            cache[row["path"]] = extract_figures(row["path"], text)
        overlapping = [f for f in cache[row["path"]] if f.span[0] < row["end"] and row["start"] < f.span[1]]
        right = any(_matches(f, row) for f in overlapping)
        if row["figure"]:
            relevant += 1
            found += right
        if overlapping:
            predicted += 1
            hits += right
    precision, recall = hits / predicted, found / relevant
    assert precision >= 0.98, f"precision {precision:.3f}"
    assert recall >= 0.93, f"recall {recall:.3f}"
