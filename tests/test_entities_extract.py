"""Entities from text through the real parser: repaired names, roles, speakers mapped to them."""
from __future__ import annotations

import time

from storyfold.entities import find_entities, resolve_speakers
from storyfold.quotes import find_quotes

STORY = [
    ("1", "Harbour minister Ingrid Solberg visited Tromsø on Monday. Solberg said the ferry would run "
          "again.\n\nTomas Berg, the harbour master, said: “The pier is safe.”"),
    ("2", "Minister Solberg’s plan was welcomed. The harbour master said the repairs were “nearly done”."),
]


def by_name(entities):
    return {e.name: e for e in entities}


def test_entities_extract_variants_roles_and_articles():
    entities = by_name(find_entities(STORY))
    solberg = entities["Ingrid Solberg"]
    assert solberg.type == "PERSON" and solberg.articles == ["1", "2"]
    assert {"Solberg", "Ingrid Solberg"} <= set(solberg.aliases)
    assert any("minister" in role.lower() for role in solberg.roles)
    assert any("harbour master" in role for role in entities["Tomas Berg"].roles)


def test_entities_extract_speakers_map_to_canonical_names_and_unambiguous_roles():
    entities = find_entities(STORY)
    quotes = resolve_speakers(find_quotes(STORY), entities)
    speakers = {q.text: q.speaker_resolved for q in quotes}
    assert speakers["The pier is safe."] == "Tomas Berg"
    assert speakers["nearly done"] == "Tomas Berg"  # "the harbour master": one person in the story


def test_entities_extract_bad_input_never_raises_and_huge_text_is_bounded():
    assert find_entities([]) == [] and find_entities([("e", ""), ("f", "\n\n  \n")]) == []
    huge = ("Ingrid Solberg visited the harbour. " * 40_000)[:1_000_000]
    start = time.perf_counter()
    entities = find_entities([("big", huge)])
    assert entities and entities[0].name == "Ingrid Solberg"
    assert time.perf_counter() - start < 40
