"""Name mentions in a parsed paragraph: NER spans repaired with the parse.

The small model splits and mislabels names ("Ursula von der" PERSON + "Leyen" GPE, "Starmer"
ORG), so a mention is an entity span grown over the adjacent proper nouns and surname particles,
with adjacent spans merged; titles ("Sir", "President") stay outside the name and are kept apart
as the mention's title, roles written beside the name ("UK defence secretary John Healey",
"Mark Rutte, Nato's secretary-general") are kept as its roles.
"""
from __future__ import annotations

from dataclasses import dataclass

from .names import HONORIFICS, PARTICLES, TITLES, clean_name

NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
# Labels a mention of a person or an organisation may carry (NORP, LOC, FAC only when voted over).
_LABEL_PRIORITY = {"PERSON": 3, "ORG": 2, "GPE": 1, "NORP": 0, "LOC": 0, "FAC": 0}
_PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "at", "into", "across", "near", "inside", "outside", "throughout"})
_ROLE_DEPS = {"compound", "amod", "nmod", "poss", "case"}


@dataclass(frozen=True, slots=True)
class Mention:
    """One name in one paragraph, as token indices into its Doc."""

    start: int
    end: int
    text: str  # the name without title or possessive
    label: str
    title: str  # words just before the name that are titles ("Sir", "President"), or ""
    roles: tuple[str, ...]  # role phrases written with the name
    subject: bool  # the name is a clause subject (salient for pronouns)
    place: bool  # the object of a place preposition ("in Washington"): a place, not a person
    speaks: bool  # the subject of a reporting verb: a person or an organisation, never a place


def _is_title(token) -> bool:
    return token.lower_ in HONORIFICS or token.lower_.rstrip(".") in HONORIFICS


def _is_role_word(token) -> bool:
    return token.lower_ in TITLES or token.lower_.rstrip(".") in TITLES


def _grow(doc, start: int, end: int) -> tuple[int, int]:
    """Extend a span over adjacent proper nouns and the particles between them."""
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ == "PROPN" and not _is_title(prev) and prev.text[:1].isupper() and prev.ent_type_ in ("", "PERSON", "ORG", "GPE"):
            start -= 1
        elif prev.lower_ in PARTICLES and prev.is_lower and start - 1 > 0 and doc[start - 2].pos_ == "PROPN":
            start -= 1
        else:
            break
    while end < len(doc):
        nxt = doc[end]
        if nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and not _is_title(nxt) and nxt.ent_type_ in ("", "PERSON", "ORG", "GPE"):
            end += 1
        elif nxt.lower_ in PARTICLES and nxt.is_lower and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
            end += 1
        else:
            break
    return start, end


def name_spans(doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name, NER splits repaired, possessive 's left out (cached on the Doc)."""
    cached = doc.user_data.get("storyfold_names")
    if cached is None:
        cached = doc.user_data["storyfold_names"] = _name_spans(doc)
    return cached


def _name_spans(doc) -> list[tuple[int, int, str]]:
    spans: list[list] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        while start < end and (_is_title(doc[start]) or doc[start].lower_ == "the") and end - start > 1:
            start += 1
        if end <= start:
            continue
        start, end = _grow(doc, start, end)
        if spans and start <= spans[-1][1]:
            last = spans[-1]
            last[1] = max(last[1], end)
            if _LABEL_PRIORITY.get(ent.label_, 0) > _LABEL_PRIORITY.get(last[2], 0):
                last[2] = ent.label_
        else:
            spans.append([start, end, ent.label_])
    return [(s, e, label) for s, e, label in spans]


def _title_before(doc, start: int) -> str:
    i = start
    while i > 0 and _is_title(doc[i - 1]) and doc[i - 1].text[:1].isupper():
        i -= 1
    return doc[i:start].text  # honorifics only: "President", "Sir"; "UK Prime Minister" is a role


_NAME_HONORIFICS = frozenset({"sir", "lord", "lady", "dame", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})


def _np_head(token) -> int:
    """The index of the token a pre-modifier chain ends on ("Ukraine ’s President" -> the name)."""
    steps = 0
    while token.dep_ in _ROLE_DEPS | {"det", "punct"} and token.head.i != token.i and steps < 8:
        token, steps = token.head, steps + 1
    return token.i


def _roles(doc, start: int, end: int) -> tuple[str, ...]:
    """Role phrases: modifiers before the name in its noun phrase, and an apposition after it."""
    head = doc[start:end].root
    roles: list[str] = []
    i = start - 1  # the words before the name that modify it: "UK defence secretary", "Italy's prime minister"
    while i >= 0 and doc[i].dep_ in _ROLE_DEPS | {"det", "punct"} and start <= _np_head(doc[i]) < end \
            and doc[i].pos_ != "CCONJ" and doc[i].text not in ",;:()":
        i -= 1
    words = [w for w in doc[i + 1:start]]
    while words and (words[0].tag_ == "DT" or words[0].is_punct):
        words = words[1:]
    while words and (_is_title(words[-1]) and words[-1].lower_ in _NAME_HONORIFICS or words[-1].is_punct):
        words = words[:-1]  # "Sir" belongs with the name, not the role
    if words and (any(w.is_lower for w in words) or any(_is_role_word(w) for w in words)):
        roles.append(doc[words[0].i:words[-1].i + 1].text)
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            words = [t for t in child.subtree if t.dep_ not in ("relcl", "punct") and t.i >= child.left_edge.i]
            # stop at a comma or a relative clause inside the apposition
            stop = next((t.i for t in child.subtree if t.text in ",;(" and t.i > child.i), child.right_edge.i + 1)
            text = doc[child.left_edge.i:stop].text
            if words and len(text.split()) <= 8:
                roles.append(text)
    return tuple(r for r in roles if r)


def paragraph_mentions(doc, cue_test=None) -> list[Mention]:
    """Every name in the Doc with its title, roles and grammatical role."""
    mentions = []
    for start, end, label in name_spans(doc):
        span = doc[start:end]
        text = clean_name(span.text, person=label == "PERSON")
        if not text or not any(c.isalpha() for c in text):
            continue
        root = span.root
        subject = root.dep_ in ("nsubj", "nsubjpass")
        speaks = root.dep_ == "nsubj" and cue_test is not None and cue_test(root.head)
        place = root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS
        mentions.append(Mention(start, end, text, label, _title_before(doc, start), _roles(doc, start, end),
                                subject, place, speaks))
    return mentions
