"""Articles of one story -> entities; quote speakers -> the story's canonical names."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..settings import DEFAULT_SETTINGS, Settings
from .merge import Entity, NameMention, _fits, _key, group_mentions
from .mentions import paragraph_mentions
from .nlp import ParseCache, load_pipeline, parse

ArticleText = tuple[str, str]
# Entities read at most this much of one article: the longest news features are ~100 kB of text,
# and parsing is the cost (a 1 MB text would take the small model most of a minute).
MAX_ENTITY_CHARS = 200_000
_PARAGRAPH = re.compile(r"[^\n]+")
_PIECE = 10_000  # longer paragraphs are parsed in pieces cut at a sentence end


def _pieces(text: str) -> list[str]:
    pieces = []
    for match in _PARAGRAPH.finditer(text[:MAX_ENTITY_CHARS]):
        chunk = match.group()
        while len(chunk) > _PIECE:
            cut = chunk.rfind(". ", 0, _PIECE)
            cut = cut + 2 if cut > 0 else _PIECE
            pieces.append(chunk[:cut])
            chunk = chunk[cut:]
        if chunk.strip():
            pieces.append(chunk)
    return pieces


def story_mentions(articles: Sequence[ArticleText], settings: Settings = DEFAULT_SETTINGS, *,
                   nlp=None, cache: ParseCache | None = None) -> list[NameMention]:
    """Every name mention in the articles (one nlp.pipe over all their paragraphs)."""
    from ..quotes.attribution import is_cue  # reporting verbs mark speakers: persons or organisations

    owners: list[str] = []
    texts: list[str] = []
    for article, text in articles:
        for piece in _pieces(text or ""):
            owners.append(article)
            texts.append(piece)
    if not texts:
        return []
    nlp = nlp or load_pipeline(settings.spacy_model)
    found: list[NameMention] = []
    for article, doc in zip(owners, parse(nlp, texts, cache=cache)):
        for m in paragraph_mentions(doc, is_cue):
            found.append(NameMention(article, m.text, m.label, m.title, m.roles, m.speaks, m.place))
    return found


def find_entities(articles: Sequence[ArticleText], settings: Settings = DEFAULT_SETTINGS, *,
                  nlp=None, cache: ParseCache | None = None) -> list[Entity]:
    """The people, organisations and places of one story (pass the story's articles), merged."""
    return group_mentions(story_mentions(articles, settings, nlp=nlp, cache=cache))


# Role nouns that name the same office, and country words that mean the same country.
_ROLE_SYNONYMS = {"premier": "prime minister", "pm": "prime minister", "secretary general": "secretary-general",
                  "head": "leader"}
_COUNTRY = {"british": "uk", "britain": "uk", "united kingdom": "uk", "uk": "uk", "french": "france",
            "france": "france", "ukrainian": "ukraine", "ukraine": "ukraine", "us": "us", "american": "us",
            "u.s.": "us", "america": "us", "german": "germany", "germany": "germany", "italian": "italy",
            "italy": "italy", "polish": "poland", "poland": "poland", "russian": "russia", "russia": "russia",
            "canadian": "canada", "canada": "canada", "european": "eu", "eu": "eu", "nato": "nato"}
_ROLE_HEADS = ("prime minister", "president", "chancellor", "secretary-general", "secretary", "minister",
               "ambassador", "leader", "premier", "pm", "spokesman", "spokeswoman", "spokesperson", "king",
               "queen", "governor", "mayor", "senator", "chairman", "chief", "commissioner", "envoy")
_DETERMINERS = frozenset({"the", "a", "an", "one", "its", "his", "her", "their", "our", "this", "that"})
# Heads that name groups or relations, not an office one person holds.
_NOT_OFFICES = frozenset({"officials", "official", "ally", "allies", "source", "sources", "people", "aides",
                          "aide", "spokesman", "spokeswoman", "spokesperson", "officers", "members"})
# "the Ukrainian leader" is whoever leads Ukraine, by whichever title
_LEADER_ROLES = frozenset({"president", "prime minister", "chancellor", "king", "queen", "leader"})



def _role_parts(phrase: str) -> tuple[str | None, set[str]]:
    """("prime minister", {"uk"}) for "the British premier"; (None, …) when no office is named."""
    text = " " + re.sub(r"[’']s\b", "", phrase.lower()).replace(",", " ") + " "
    for short, long in _ROLE_SYNONYMS.items():
        text = re.sub(rf"\b{re.escape(short)}\b", long, text)
    head = next((h for h in _ROLE_HEADS if re.search(rf"\b{re.escape(h)}\b", text)), None)
    if head is None:  # any other office ("the harbour master"): its last word and all its words
        words = [w for w in re.findall(r"[a-z][a-z-]+", text) if w not in _DETERMINERS]
        if not words or words[-1] in _NOT_OFFICES:
            return None, set()
        return words[-1], {w for w in words[:-1] if w not in _COUNTRY} | {_COUNTRY[w] for w in words[:-1] if w in _COUNTRY}
    rest = text.replace(head, " ")
    countries = {_COUNTRY[w] for w in re.findall(r"[a-z.]+", rest) if w in _COUNTRY}
    for name, code in (("united kingdom", "uk"), ("european commission", "eu")):
        if name in rest:
            countries.add(code)
    return head, countries


def resolve_role(phrase: str, entities: Sequence[Entity]) -> str | None:
    """The one person of the story whose roles fit "the prime minister" / "the British premier".

    None when no office is named or the story holds several people who fit (kept ambiguous).
    """
    head, countries = _role_parts(phrase)
    if head is None:
        return None
    fitting = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for role in entity.roles:
            role_head, role_countries = _role_parts(role)
            same_office = role_head == head or (head == "leader" and role_head in _LEADER_ROLES)
            if same_office and countries <= role_countries:
                fitting.append(entity.name)
                break
    return fitting[0] if len(fitting) == 1 else None


def canonical_name(name: str, entities: Sequence[Entity]) -> str | None:
    """The canonical name of the entity a name form belongs to (alias, surname or spelling)."""
    key = _key(name)
    for entity in entities:
        if any(_key(alias) == key for alias in entity.aliases):
            return entity.name
    words = key.split()
    fitting = [e for e in entities if e.type == "PERSON" and _fits(words, _key(e.name).split(), True)]
    if len(fitting) == 1 or (len(fitting) > 1 and fitting[0].mentions >= 3 * fitting[1].mentions):
        return fitting[0].name
    return None


def resolve_speakers(quotes: Sequence, entities: Sequence[Entity]) -> list:
    """Quotes with speaker_resolved mapped to the story's canonical names (roles where unambiguous)."""
    resolved = []
    for quote in quotes:
        name = quote.speaker_resolved
        if name:
            better = canonical_name(name, entities) if name[:1].isupper() else None
            if better is None:
                better = resolve_role(name, entities)
            if better is not None:
                quote = replace(quote, speaker_resolved=better)
        resolved.append(quote)
    return resolved
