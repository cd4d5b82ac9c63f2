"""Name strings: strip titles and possessives, compare two forms of a name."""
from __future__ import annotations

import re

from rapidfuzz.distance import Indel

# Words written before a name that are not part of it. Lower-cased; multi-word titles are matched
# word by word from the left ("Prime Minister Sir Keir Starmer" -> "Keir Starmer").
TITLES = frozenset("""
sir lord lady dame dr dr. mr mr. mrs mrs. ms ms. miss mx prof prof. professor president
vice-president vp premier chancellor minister prime secretary king queen prince princess pope
sen sen. senator rep rep. representative gov gov. governor mayor judge justice general gen gen.
gov col col. colonel captain capt capt. lieutenant lt sergeant sgt officer ambassador chairman
chairwoman chair ceo director commissioner councillor councilman councilwoman speaker saint st
rev rev. reverend father sheikh emir crown baroness baron archbishop bishop cardinal rabbi imam
defence defense foreign home interior finance health deputy acting former late then-president
uk us u.s. eu un nato french british german ukrainian russian american italian polish chief
secretary-general leader congressman congresswoman state attorney mp mep
""".split())
# Titles that stand directly before a personal name ("Sir Keir Starmer", "President Zelensky"):
# kept out of the name span; the rest of TITLES only ever leads a role ("UK defence secretary").
HONORIFICS = frozenset("""
sir lord lady dame dr dr. mr mr. mrs mrs. ms ms. miss mx prof prof. professor president premier
chancellor minister prime king queen prince princess pope sen sen. senator rep rep. gov gov.
governor mayor judge justice general gen gen. col col. colonel captain capt capt. lieutenant lt
sergeant sgt ambassador saint st rev rev. reverend father sheikh emir baroness baron archbishop
bishop cardinal rabbi imam congressman congresswoman secretary chairman chairwoman
""".split())
MALE_TITLES = frozenset({"sir", "lord", "mr", "mr.", "king", "prince", "baron", "father"})
FEMALE_TITLES = frozenset({"lady", "dame", "mrs", "mrs.", "ms", "ms.", "miss", "queen", "princess", "baroness"})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Particles that are part of a surname ("von der Leyen", "de Gaulle").
PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "di", "del", "della", "la", "le", "bin", "al", "el", "ter", "dos"})


def strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip())


def clean_name(name: str, person: bool = True) -> str:
    """The name without possessive and leading 'the'; for a person also without leading titles."""
    words = [w for w in _SPACES.split(strip_possessive(name)) if w]
    while len(words) > 1 and (words[0].lower() == "the" or _POSSESSIVE.search(words[0])
                              or (person and words[0].lower() in TITLES)):
        words = words[1:]
    return " ".join(words)


def title_gender(name: str) -> str | None:
    """'m' or 'f' when a title in front of the name says so."""
    for word in _SPACES.split(name.strip().lower()):
        if word in MALE_TITLES:
            return "m"
        if word in FEMALE_TITLES:
            return "f"
        if word not in TITLES:
            break
    return None


def surname(name: str) -> str:
    """The last word with the particles in front of it ("von der Leyen")."""
    words = name.split()
    if not words:
        return ""
    start = len(words) - 1
    while start > 0 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def similar_spelling(a: str, b: str, threshold: float = 0.85) -> bool:
    """Two spellings of one word ("Zelensky", "Zelenskyy", "Zelenksy"); short words must be equal."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or a[0] != b[0]:
        return False
    return Indel.normalized_similarity(a, b) >= threshold
