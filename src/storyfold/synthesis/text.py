"""What alignment reads from a sentence: content-word stems, figures, names and enumerations.

Deliberately light (regexes and a small suffix stripper): it runs on every sentence of a story
and must stay fast without a language model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

STOPWORDS = frozenset("""
a about above after again against all almost also although am among amongst an and another any
are around as at be became because become been before being below between both but by can could
did do does doing done down during each either else even ever every few for from further had has
have having he her here hers herself him himself his how however i if in into is it its itself
just least less like made make many may me might more most much must my myself neither no nor not
now of off often on once one only or other others otherwise our ours ourselves out over own per
perhaps quite rather really said same say says see seen several shall she should since so some
still such than that the their theirs them themselves then there these they this those though
through thus to too toward towards under until up upon us very via was we were what whatever when
where whether which while who whom whose why will with within without would yet you your yours
yourself yourselves told tells according added also mr mrs ms s t don didn doesn isn wasn aren
weren won wouldn couldn shouldn can't cannot ve ll re d m o y it's that's he's she's
""".split())

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}
_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
    "b": 1e9, "tn": 1e12, "trillion": 1e12,
}
_CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY"}
_FIGURE = re.compile(
    r"(?P<cur>[£$€¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>bn|billion|mn|million|tn|trillion|thousand|m|k|b)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    r"|(?<![\w-])(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|hundred|dozen)\b",
    re.IGNORECASE)
_NEXT_NOUN = re.compile(r"[\s\-]*(?:of\s+)?([A-Za-z][A-Za-z\-]*)")
# Country and bloc names written several ways in news copy, mapped to one key so "Britain and
# France" and "the UK and France" are the same list.
ALIASES = {
    "britain": "uk", "great britain": "uk", "united kingdom": "uk", "the uk": "uk", "u.k": "uk",
    "united states": "us", "the us": "us", "u.s": "us", "usa": "us", "america": "us",
    "the united states": "us", "european union": "eu", "the eu": "eu", "the netherlands":
    "netherlands", "holland": "netherlands",
}
_CAP = r"[A-Z][\w'’.\-]*"
_ITEM = rf"(?:the\s+)?{_CAP}(?:\s+(?:of\s+|de\s+|von\s+|der\s+)?{_CAP})*"
# "A, B and C", "A, B, and C", "A and B": two or more capitalised names joined by commas and a
# final and/or.
_ENUMERATION = re.compile(rf"(?<![\w'’])({_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+(?:and|or)\s+{_ITEM})")
_ENTITY = re.compile(rf"{_CAP}(?:\s+(?:of\s+|de\s+|von\s+|der\s+|al-)?{_CAP})*")


def stem(word: str) -> str:
    """A light suffix stripper: merges plurals and common verb forms ("troops" ~ "troop")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement, min_len in (("ies", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                         ("edly", "", 7), ("ed", "", 5), ("es", "", 5),
                                         ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                continue
            return word[: len(word) - len(suffix)] + replacement
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers kept as written, without thousands separators)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content (stopwords and single characters dropped)."""
    out = []
    for word in words(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        out.append(stem(word))
    return out


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written in a sentence, with what it counts."""

    text: str
    start: int  # offset inside the sentence
    end: int
    value: float
    unit: str  # "GBP", "%", or the stem of the counted noun ("troop"), "" when unknown

    @property
    def is_year(self) -> bool:
        return self.unit == "" and float(self.value).is_integer() and 1900 <= self.value <= 2100


def figures(sentence: str) -> list[Figure]:
    """Numbers with their unit: currency, percent, or the noun that follows ("30,000 troops")."""
    found: list[Figure] = []
    for match in _FIGURE.finditer(sentence):
        if match.group("word"):
            value = float(sum(_WORD_NUMBERS[w] for w in match.group("word").lower().split("-")))
            cur = pct = None
            mult = 1.0
        else:
            if match.start("num") > 0 and (sentence[match.start("num") - 1].isalpha()
                                           or sentence[match.start("num") - 1] in ".,"):
                continue  # part of a token such as "G7", "Covid-19" or "3.5.1"
            if re.match(r"(?:st|nd|rd|th)\b", sentence[match.end("num"):match.end("num") + 3], re.I):
                continue  # an ordinal ("the 20th film") counts nothing
            value = float(match.group("num").replace(",", ""))
            cur, pct = match.group("cur"), match.group("pct")
            mult = _MULTIPLIERS.get((match.group("mult") or "").lower(), 1.0)
        end = match.end()
        if cur:
            unit = _CURRENCIES[cur]
        elif pct:
            unit = "%"
        else:
            noun = _NEXT_NOUN.match(sentence, end)
            # The first part of a compound is the unit: "24-year-old" and "24-year old" are years.
            head = noun.group(1).lower().split("-")[0] if noun else ""
            unit = stem(head) if head and head not in STOPWORDS else ""
        if match.group("word") and (not unit or (match.group("word").lower() == "one"
                                                 and sentence[end:end + 1] != "-")):
            continue  # "one" is "at one point", "one of" far more often than a count ("one-month")
        found.append(Figure(match.group().strip(), match.start(), end, value * mult, unit))
    return found


def normalise_name(name: str) -> str:
    key = " ".join(name.lower().replace("’", "'").split()).rstrip(".")
    key = ALIASES.get(key, key)
    if key.startswith("the "):
        key = ALIASES.get(key[4:], key[4:])
    return key


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A list of names in a sentence ("Germany, Spain and Poland")."""

    text: str
    start: int
    end: int
    items: frozenset[str]  # normalised names


def enumerations(sentence: str) -> list[Enumeration]:
    """Lists of two or more capitalised names joined by commas and and/or."""
    found = []
    for match in _ENUMERATION.finditer(sentence):
        start, text = match.start(1), match.group(1)
        # A capitalised function word before the first name ("With Norway, ...", "But Germany
        # and ...") is not part of the list.
        lead = re.match(r"([A-Z][a-z]*)\s+(?=[A-Z])", text)
        while lead and lead.group(1).lower() in STOPWORDS:
            start += lead.end()
            text = text[lead.end():]
            lead = re.match(r"([A-Z][a-z]*)\s+(?=[A-Z])", text)
        parts = re.split(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", text)
        # "Portland, Ore., and Seattle": a short abbreviation qualifies the name before it.
        items = frozenset(normalise_name(p) for p in parts
                          if p.strip() and not re.fullmatch(r"[A-Z][a-z]{0,4}\.", p.strip()))
        if len(items) >= 2:
            found.append(Enumeration(text, start, match.end(1), items))
    return found


def entities(sentence: str) -> set[str]:
    """Capitalised names (the first word of the sentence only when it is not a stopword)."""
    names = set()
    for match in _ENTITY.finditer(sentence):
        name = match.group()
        if match.start() == 0 or sentence[:match.start()].rstrip().endswith(("“", '"', ":")):
            first, _, rest = name.partition(" ")
            if first.lower() in STOPWORDS:
                name = rest
        if name and name.lower() not in STOPWORDS:
            names.add(normalise_name(name))
    return names
