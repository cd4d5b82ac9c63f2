"""Property: whatever tree of inputs, every input item ends as exactly one RawArticle or Rejection."""
from __future__ import annotations

import gzip
import json
import os
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from storyfold.errors import REJECTION_CODES
from storyfold.ingest.readers import read_inputs
from storyfold.model import RawArticle, Rejection
from storyfold.settings import Settings

SETTINGS = Settings(progress=False)
# No ":" and no digits, so generated text never looks like a header line or a date marker.
PROSE = st.text(alphabet=st.sampled_from("abcdefghij XYZ.,!?'\"\n\téüßçøłжπ中文—“”…"), min_size=1, max_size=200)
# One JSON Lines line that is not valid JSON: no newline, no whitespace but spaces.
NOT_JSON = st.text(alphabet=st.sampled_from('{}[]":,abc xyz\\tnull'), min_size=1, max_size=40)


@dataclass(frozen=True)
class Spec:
    """One generated file: its content and how many items it must produce."""

    path: str
    data: bytes
    items: int
    text: str | None = None  # for a valid plain-text file: the article text expected


def json_line(kind: str, draw: st.DrawFn) -> bytes:
    if kind == "good":
        record = {"text": draw(PROSE.filter(str.strip)), "title": draw(PROSE)}
        return json.dumps(record).encode()
    if kind == "missing_text":
        return json.dumps(draw(st.sampled_from([{"title": "t"}, {"text": ""}, {"maintext": 3}]))).encode()
    if kind == "not_object":
        return draw(st.sampled_from([b"[1, 2]", b"3", b'"text"', b"null"]))
    if kind == "blank":
        return draw(st.sampled_from([b"", b"   ", b"\t", b"\r"]))
    return draw(NOT_JSON).encode()


def count_lines(data: bytes, *, complete_only: bool) -> int:
    """Items in JSON Lines content: non-blank lines (only newline-terminated ones if cut short)."""
    lines = data.split(b"\n")
    if complete_only or not lines[-1].strip():
        lines = lines[:-1]
    return sum(1 for line in lines if line.strip())


@st.composite
def input_file(draw: st.DrawFn, index: int) -> Spec:
    kind = draw(st.sampled_from(["text", "random", "jsonl", "empty"]))
    text = None
    if kind == "text":
        text = draw(PROSE.filter(str.strip))
        data, name, items = text.encode(), "txt", 1
    elif kind == "random":
        data, name, items = draw(st.binary(max_size=300)), "txt", 1
    elif kind == "jsonl":
        kinds = draw(st.lists(st.sampled_from(["good", "malformed", "missing_text", "not_object", "blank"]),
                              max_size=8))
        data = b"\n".join(json_line(line_kind, draw) for line_kind in kinds)
        if kinds and draw(st.booleans()):
            data += b"\n"
        name, items = "jsonl", max(1, count_lines(data, complete_only=False))
    else:
        data, name, items = b"", draw(st.sampled_from(["txt", "jsonl", "json", "html"])), 1
    folder = draw(st.sampled_from(["", "sub/", "sub/deeper/", "other/"]))
    hidden = draw(st.integers(0, 9)) == 0  # dot-files inside a walk are skipped: no items
    path = f"{folder}{'.' if hidden else ''}{index:02d}_{kind}.{name}"
    compression = draw(st.sampled_from(["none", "none", "gzip", "truncated"]))
    if compression != "none":
        packed = gzip.compress(data, mtime=0)
        path += ".gz"
        if compression == "truncated":
            cut = draw(st.integers(0, len(packed) - 1))
            packed = packed[:cut]
            if name == "jsonl":  # the complete lines before the damage, then one bad_gzip
                readable = zlib.decompressobj(31).decompress(packed)
                items = count_lines(readable, complete_only=True) + 1
            else:
                items = 1  # the one article is cut: only the bad_gzip (or `empty` if nothing is left)
            text = None
        data = packed
    return Spec(path, data, 0 if hidden else items, text if not hidden else None)


@st.composite
def trees(draw: st.DrawFn) -> list[Spec]:
    count = draw(st.integers(1, 8))
    return [draw(input_file(index)) for index in range(count)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_read_inputs_every_item_is_exactly_one_article_or_rejection(specs: list[Spec]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for spec in specs:
            (root / spec.path).parent.mkdir(parents=True, exist_ok=True)
            (root / spec.path).write_bytes(spec.data)
        found = list(read_inputs([root], SETTINGS))
    per_file = Counter(os.path.relpath(item.source, root) for item in found)
    assert per_file == Counter({spec.path: spec.items for spec in specs if spec.items})
    for item in found:
        assert isinstance(item, (RawArticle, Rejection))
        if isinstance(item, Rejection):
            assert item.code in REJECTION_CODES and item.reason
        else:
            assert item.text.strip()
    texts = {os.path.relpath(item.source, root): item.text for item in found if isinstance(item, RawArticle)}
    for spec in specs:
        if spec.text is not None:
            assert texts[spec.path] == spec.text  # a valid plain-text file: its content, exactly
