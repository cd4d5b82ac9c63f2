"""The seed articles: 000 and 001 (one FT story and its edit) are one version group, no others."""
from __future__ import annotations

import re

from storyfold.copies import CopyDoc, find_copies

from conftest import shared_path

DATE_MARKER = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s*")


def seed_docs() -> list[CopyDoc]:
    docs = []
    for path in sorted(shared_path("seeds").glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        marker = DATE_MARKER.match(text)
        docs.append(CopyDoc(path.name[:3], text[marker.end():] if marker else text,
                            marker.group(1) if marker else None))
    return docs


def test_seeds_000_and_001_are_one_version_group_and_nothing_else():
    docs = seed_docs()
    assert len(docs) == 5
    result = find_copies(docs)
    assert [(set(g.members), g.kind) for g in result.groups] == [({"000", "001"}, "version")]
    (group,) = result.groups
    assert group.origin == "001"  # the only dated one of the two: dates beat unknown dates
    assert 0.35 < group.similarity < 0.45
    assert result.copy_of == {"000": "001", "001": None, "002": None, "003": None, "004": None}
