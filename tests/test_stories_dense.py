"""The optional embeddings extra: dense similarity mixed into story clustering.

Skips (with the reason shown by -ra) when the extra is not installed: pip install 'storyfold[embeddings]'.
"""
from __future__ import annotations

import json
import os

import pytest

from storyfold.errors import UsageError
from storyfold.stories import StoryDoc, StorySettings, cluster_stories
from storyfold.stories.dense import available

needs_extra = pytest.mark.skipif(not available(),
                                 reason="embeddings extra absent: pip install 'storyfold[embeddings]'")

# Written for this test: one story told in different words, and an unrelated story.
STORY = [
    ("f1", "Floods force 3,000 from homes in Marrow valley",
     "Flood waters rose across the Marrow valley on Tuesday, forcing 3,000 people from their homes, "
     "governor Petra Lind said. Rescue crews used boats to reach cut-off villages."),
    ("f2", "Marrow river crests as evacuations grow",
     "The Marrow river crested at 7.4 metres overnight. Governor Petra Lind said more villages were "
     "evacuated and rescue crews with boats reached families stranded by the flood."),
]
OTHER = [("c1", "Chess champion retains title in Oslo",
          "The world chess champion kept her title after a tie-break in Oslo on Sunday, winning the "
          "final rapid game with the black pieces.")]


def _docs(rows):
    return [StoryDoc(i, text, title) for i, title, text in rows]


def test_stories_dense_settings_are_checked():
    with pytest.raises(UsageError):
        StorySettings(dense_weight=1.5)
    with pytest.raises(UsageError):
        StorySettings(embeddings="yes")


@needs_extra
def test_stories_dense_embeddings_are_unit_vectors_and_offline():
    from storyfold.stories import dense

    vectors = dense.embed([dense.lead("Floods in Marrow", "Water rose."), dense.lead(None, "")])
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert len(vectors) == 2 and len(vectors[0]) == dense.DIMENSIONS
    assert abs(sum(x * x for x in vectors[0]) - 1.0) < 1e-3


@needs_extra
def test_stories_dense_keeps_one_story_together_and_others_apart():
    settings = StorySettings(embeddings=True)
    run = cluster_stories(_docs(STORY + OTHER), settings=settings)
    story = run.story_of
    assert story["f1"] == story["f2"] != story["c1"]
    assert all("dense" in s for s in run.state["stories"].values())


@needs_extra
def test_stories_dense_batches_in_order_equal_one_pass_through_json():
    settings = StorySettings(embeddings=True)
    docs = _docs(STORY + OTHER)
    one = cluster_stories(docs, settings=settings).story_of
    state = None
    for doc in docs:
        state = json.loads(json.dumps(cluster_stories([doc], state, settings=settings).state))
    assert cluster_stories([], state).story_of == one


@needs_extra
def test_stories_dense_cli_flag_reaches_the_clustering(tmp_path, capsys, monkeypatch):
    from storyfold.cli import main
    from storyfold.stories import dense

    embedded = []
    real_embed = dense.embed
    monkeypatch.setattr(dense, "embed", lambda texts, **kw: embedded.extend(texts) or real_embed(texts, **kw))
    for i, title, text in STORY + OTHER:
        (tmp_path / f"{i}.txt").write_text(f"title: {title}\ndate: 2026-03-0{len(i)}\n\n{text}\n", encoding="utf-8")
    main(["cluster", "--no-progress", "--embeddings", str(tmp_path)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 3 and len({r["story"] for r in records}) == 2
    assert len(embedded) == 3  # the flag reached the clustering: every article was embedded
