"""People, organisations and places of a story with their name variants and roles.

find_entities(articles) over one story's (article id, text) pairs; resolve_speakers(quotes,
entities) maps quote speakers to the story's canonical names; load_pipeline(name) gives the
spaCy pipeline both use.
"""
from .extract import canonical_name, find_entities, resolve_role, resolve_speakers, story_mentions
from .merge import Entity, NameMention, group_mentions
from .nlp import load_pipeline

__all__ = ["Entity", "NameMention", "canonical_name", "find_entities", "group_mentions", "load_pipeline",
           "resolve_role", "resolve_speakers", "story_mentions"]
