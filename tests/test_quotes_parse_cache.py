"""Sharing parsed paragraphs between entities and quotes changes nothing but the time."""
from __future__ import annotations

from conftest import EXAMPLES
from storyfold import api
from storyfold.entities import find_entities, load_pipeline
from storyfold.quotes import find_quotes
from storyfold.settings import Settings


def test_quotes_parse_cache_gives_the_same_entities_and_quotes():
    pairs = [(a.id, a.text) for a in api.extract([EXAMPLES])]
    nlp, settings = load_pipeline(), Settings(progress=False)
    plain = ([e.to_dict() for e in find_entities(pairs, settings, nlp=nlp)],
             [q.to_dict() for q in find_quotes(pairs, settings, nlp=nlp)])
    cache: dict = {}
    shared = ([e.to_dict() for e in find_entities(pairs, settings, nlp=nlp, cache=cache)],
              [q.to_dict() for q in find_quotes(pairs, settings, nlp=nlp, cache=cache)])
    assert shared == plain and len(plain[1]) > 20
    assert cache, "the entity pass filled the cache the quote pass read"
