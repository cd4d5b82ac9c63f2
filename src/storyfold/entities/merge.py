"""Mentions of one story -> entities: name variants merged, label voted, roles attached.

Variants merge when one name is the other's surname or given name ("Starmer", "Keir Starmer"),
when they are two spellings of it ("Zelensky", "Zelenskyy", "Zelenksy"), or differ only by a title
or a possessive. A short form that fits several full names ("Trump" with Donald and Melania) goes
to the most mentioned one only when it has clearly more mentions; otherwise it stays apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .names import similar_spelling, surname

# Labels an entity can end with: people and organisations, and places (the small model files
# many surnames under GPE, so places take part in the vote and are reported too).
ENTITY_LABELS = ("PERSON", "ORG", "GPE")
# A short form joins the most mentioned of several fitting full names when it has at least this
# many times the mentions of the runner-up.
_DOMINANCE = 3.0


@dataclass(frozen=True, slots=True)
class NameMention:
    """One mention of a name in a story, as the entity grouping needs it."""

    article: str
    name: str  # without title or possessive
    label: str
    title: str = ""  # "President", "Sir", or ""
    roles: tuple[str, ...] = ()
    speaks: bool = False
    place: bool = False  # seen as the object of a place preposition


@dataclass(slots=True)
class Entity:
    """A person, organisation or place of a story with every form its name took."""

    name: str  # canonical: the fullest form
    type: str  # PERSON | ORG | GPE
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    mentions: int = 0
    roles: list[str] = field(default_factory=list)  # most frequent first

    def to_dict(self) -> dict[str, Any]:
        """The `entities` item of stories.json (plus roles)."""
        return {"name": self.name, "type": self.type, "aliases": list(self.aliases),
                "articles": list(self.articles), "mentions": self.mentions, "roles": list(self.roles)}


def _key(name: str) -> str:
    return name.replace("’", "'").replace(".", "").casefold()


@dataclass(slots=True)
class _Group:
    forms: Counter = field(default_factory=Counter)  # name form -> mentions
    full: list[str] = field(default_factory=list)  # the longest form's words (key form)
    members: list[NameMention] = field(default_factory=list)

    def size(self) -> int:
        return sum(self.forms.values())


def _fits(short: list[str], full: list[str], personal: bool) -> bool:
    """Is `short` a surname, a given name or another spelling of the name `full`?"""
    if short == full:
        return True
    if len(short) >= len(full):
        return len(short) == len(full) and all(similar_spelling(a, b) for a, b in zip(short, full))
    tail = full[-len(short):]
    if tail == short or (all(similar_spelling(a, b) for a, b in zip(short, tail))):
        return True
    if personal and len(short) == 1 and len(full) >= 2:  # a given name alone ("Keir")
        return short[0] == full[0] and len(full) == 2
    sur = surname(" ".join(full)).split()
    return len(short) == len(sur) and all(similar_spelling(a, b) for a, b in zip(short, sur))


def group_mentions(mentions: list[NameMention]) -> list[Entity]:
    """Entities from a story's name mentions, most mentioned first."""
    by_form: dict[str, list[NameMention]] = {}
    for mention in mentions:
        if mention.label in ENTITY_LABELS or mention.speaks:
            by_form.setdefault(_key(mention.name), []).append(mention)
    # full names first; then one-word forms join a full name, through any form it already has
    # ("Zelenksy" reaches "Volodymyr Zelenskyy" through "Zelensky"), over a few passes; what
    # joins nothing becomes an entity of its own
    order = sorted(by_form, key=lambda k: (-len(k.split()), -len(by_form[k]), k))
    groups: list[_Group] = []
    pending = []
    for key in order:
        if len(key.split()) > 1 or not _join(key, by_form[key], groups, allow_new=False):
            if len(key.split()) > 1:
                _join(key, by_form[key], groups, allow_new=True)
            else:
                pending.append(key)
    for _ in range(3):
        still = [key for key in pending if not _join(key, by_form[key], groups, allow_new=False)]
        if len(still) == len(pending):
            break
        pending = still
    for key in pending:
        _join(key, by_form[key], groups, allow_new=True)
    entities = [_entity(g) for g in groups]
    entities.sort(key=lambda e: (-e.mentions, e.name))
    return entities


def _join(key: str, members: list[NameMention], groups: list[_Group], allow_new: bool) -> bool:
    """Add a name form's mentions to the group it fits (or a new group when allowed)."""
    words = key.split()
    labels = Counter(m.label for m in members)
    personal = labels["PERSON"] > 0 or any(m.title for m in members) or any(m.speaks for m in members)
    # a name only ever labelled a place and seen used as one stays a place ("flew to Washington"
    # is not George Washington); a surname the model calls a place ("… and Rutte") may merge
    placeish = labels["GPE"] + labels["LOC"] == len(members) and not personal and any(m.place for m in members)
    exact = [g for g in groups if any(_key(form) == key for form in g.forms)]
    fitting = [g for g in groups if not placeish and any(_fits(words, _key(form).split(), personal)
                                                         for form in g.forms)]
    target = None
    if exact:
        target = exact[0]
    elif len(fitting) == 1:
        target = fitting[0]
    elif fitting:
        fitting.sort(key=lambda g: -g.size())
        if fitting[0].size() >= _DOMINANCE * fitting[1].size():
            target = fitting[0]
    if target is None:
        if not allow_new:
            return False
        target = _Group(full=words)
        groups.append(target)
    target.members.extend(members)
    for m in members:
        target.forms[m.name] += 1
    return True


def _entity(group: _Group) -> Entity:
    longest = max(len(f.split()) for f in group.forms)
    name = sorted((f for f in group.forms if len(f.split()) == longest),
                  key=lambda f: (-group.forms[f], -len(f), f))[0]
    votes: Counter = Counter()
    for m in group.members:
        weight = 2 if len(m.name.split()) > 1 else 1
        votes[m.label if m.label in ENTITY_LABELS else "ORG"] += weight
        if m.title:
            votes["PERSON"] += 3  # "President Zelensky", "Sir Keir": a person, whatever NER said
    kind = sorted(votes, key=lambda label: (-votes[label], ENTITY_LABELS.index(label)))[0]
    aliases = set(group.forms)
    aliases.update(f"{m.title} {m.name}" for m in group.members if m.title)
    roles = Counter(r for m in group.members for r in m.roles)
    return Entity(name=name, type=kind, aliases=sorted(aliases, key=lambda a: (-len(a), a)),
                  articles=sorted({m.article for m in group.members}), mentions=len(group.members),
                  roles=[r for r, _ in sorted(roles.items(), key=lambda item: (-item[1], item[0]))])
