"""Cheap surface features of an article: content words, name-like phrases, numbers and places.

A tagger (spaCy) would find names better but runs at ~100 articles/s; story clustering must keep
up with >= 500/s, so names are read off the surface: a capitalised word that does not open a
sentence (or opens it ahead of more capitalised words) is name-like, a run of them is one name ("Tara Reid", "Promises Treatment Center"), and a
name right after "in", "at", "near" ... is a place. Numbers ("6.1", "2009", "33") tell apart two
events of the same kind (two earthquakes, two elections) as well as names do.

Each feature is a string with a one-letter kind prefix, so the kinds share one vocabulary:
  "w:quake"        a content word, lower case, plural "s" stripped
  "n:name words"   a name-like phrase of two or more words (its words also count as "e:")
  "e:reid"         one word of a name, lower case
  "p:staunton"     one word of a name that follows a place preposition
  "d:6.1"          a number (digits kept as written, separators dropped)
"""
from __future__ import annotations

import re
from collections import Counter

# A word: letters (any script) with inner apostrophes or hyphens; or a number with inner . , : /
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?")
# Where a sentence (or a headline line) starts: the text start, a blank line or end punctuation.
_SENTENCE_END_RE = re.compile(r"[.!?:\n]['\"`\u2019\u201d)\]]*\s*['\"`\u2018\u201c]*\s*$")
# Sentence split for headlines: end punctuation then space and a capital or a quote, or a newline.
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])['\"\u2019\u201d]?\s+(?=[\"'\u201c\u2018A-Z0-9])|\n+")

# Function words and news furniture: never content, never names (capitalised "The" mid-line is a
# headline's casing, not a name). Written for this module; short on purpose, IDF does the rest.
STOP_WORDS = frozenset("""
a about above after again against ago all almost also although always am among an and another any
are around as at away back be became because become been before being below between both but by
can cannot could did do does doing done down during each either else even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it
its itself just last least less like made make many may me might more most much must my myself near
neither never new next no nor not now of off often on once one only or other others our ours
ourselves out over own per perhaps rather really said same say says see seen several shall she
should since so some still such than that the their theirs them themselves then there these they
this those though through thus to told too toward towards under until up upon us very via was way
we well were what whatever when where whether which while who whom whose why will with within
without would yet you your yours yourself yourselves mr mrs ms dr according also just get got
go going gone know known take taken took told use used using want wants told think year years
day days week weeks month months time times today yesterday tomorrow monday tuesday wednesday
thursday friday saturday sunday people percent including include includes includes although
two three four five six seven eight nine ten first second third lot lots part told tell tells
s t don didn doesn isn wasn aren weren won wouldn couldn shouldn ve ll re d m
""".split())
# Capitalised words that are not names when they open a clause or a quote mid-sentence.
_NOT_NAMES = STOP_WORDS | frozenset("""
i'm i've i'd i'll it's that's there's he's she's we're they're don't can't won't
""".split())

_MAX_CHARS = 20_000  # an article's first ~3,500 words say what it is about; 1 MB texts stay cheap
_MAX_NAME_WORDS = 5  # a longer capitalised run is a headline in title case, not a name

# Upper-case letters that can open a name (Latin, Greek, Cyrillic); scripts without case have no
# name-like words and count as plain words.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f"
_CAPITALISED = rf"[{_UPPER}][^\W_]*(?:['\u2019\-][^\W\d_]+)*"
# A run of capitalised words separated by single spaces (or a hyphen): a name candidate.
_RUN_RE = re.compile(rf"(?<![\w'\u2019\-]){_CAPITALISED}(?:[ \-]{_CAPITALISED})*")
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:in|at|near|from|across|outside|inside|into|toward|towards|off)\s+(?:the\s+)?$", re.I)



def _stem(word: str) -> str:
    """Plural and possessive folding only: "quakes" = "quake", "police's" = "police"."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        return word[:-1]
    return word


_STEMS: dict[str, str] = {}  # memo of _stem over lower-case words: most words recur


def _stem_cached(word: str) -> str:
    stem = _STEMS.get(word)
    if stem is None:
        if len(_STEMS) > 200_000:  # bounded: a stream of junk tokens must not grow it for ever
            _STEMS.clear()
        stem = _STEMS[word] = _stem(word)
    return stem


_KEYS: dict[str, str] = {}  # memo: token as written -> its plain feature ("" when none)


def _token_key(token: str) -> str:
    """The feature of a token read on its own: a number, a content word, or "" (stop word,
    capitalised word: the name pass decides those)."""
    first = token[0]
    if first.isdigit():
        key = "d:" + token.replace(",", "").rstrip("stndrh")  # "33rd" is 33
    elif first.isupper():
        key = ""
    else:
        lower = token.lower()
        key = "w:" + _stem_cached(lower) if lower not in STOP_WORDS and len(lower) > 1 else ""
    if len(_KEYS) > 500_000:  # bounded: a stream of junk tokens must not grow it for ever
        _KEYS.clear()
    _KEYS[token] = key
    return key


def features(text: str) -> Counter[str]:
    """Counts of the features of `text` (see module docstring); empty text gives no features."""
    return features_with_lead(text, 0)[0]


def features_with_lead(text: str, lead_end: int) -> tuple[Counter[str], Counter[str]]:
    """The features of `text`, and of its first `lead_end` characters, in one pass (a feature
    counts in the lead when it starts there; `lead_end` should fall between words)."""
    counts: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    if not text:
        return counts, lead
    text = text[:_MAX_CHARS]
    lead_end = min(max(lead_end, 0), len(text))
    # Plain words and numbers: one C-level pass per part (findall + Counter), then one step per
    # distinct token.
    keys = _KEYS
    for part, targets in ((text[:lead_end], (counts, lead)), (text[lead_end:], (counts,))):
        for token, count in Counter(_TOKEN_RE.findall(part)).items():
            key = keys.get(token)
            if key is None:
                key = _token_key(token)
            if key:
                for target in targets:
                    target[key] += count
    # Capitalised words: names unless they open a sentence (then a word, or a name seen elsewhere).
    openers: list[tuple[str, bool]] = []
    for match in _RUN_RE.finditer(text):
        words = match.group().replace("-", " ").lower().split()
        start = match.start()
        targets = (counts, lead) if start < lead_end else (counts,)
        at_start = start == 0 or _SENTENCE_END_RE.search(text, max(0, start - 6), start)
        # A lone capitalised word opening a sentence is any word ("Police said"); in a longer
        # run ("Tara Reid said") it is the name's first word unless it is a function word.
        if at_start and (len(words) == 1 or words[0] in _NOT_NAMES):
            opener = words.pop(0)
            if opener not in STOP_WORDS and len(opener) > 1:
                stem = _stem_cached(opener)
                for target in targets:
                    target["w:" + stem] += 1
                openers.append((stem, start < lead_end))
        while words and (words[0] in _NOT_NAMES or len(words[0]) < 2):
            words.pop(0)
        if not words:
            continue
        place = bool(_PLACE_BEFORE_RE.search(text, max(0, start - 16), start))
        for word in words:
            if word in _NOT_NAMES or len(word) < 2:
                continue
            stem = _stem_cached(word)
            for target in targets:
                target["e:" + stem] += 1
                if place:
                    target["p:" + stem] += 1
        if 2 <= len(words) <= _MAX_NAME_WORDS:
            for target in targets:
                target["n:" + " ".join(words)] += 1
    # A name that opens a sentence ("Reid said ...") looks like any capitalised word there: it is
    # a name when the same word is name-like elsewhere in the text.
    for stem, in_lead in openers:
        if "e:" + stem in counts and counts.get("w:" + stem):
            counts["w:" + stem] -= 1
            counts["e:" + stem] += 1
            if in_lead and lead.get("w:" + stem):
                lead["w:" + stem] -= 1
                lead["e:" + stem] += 1
    return +counts, +lead


def article_counts(text: str, title: str | None, lead_chars: int, lead_repeats: int) -> Counter[str]:
    """The features an article is clustered on: its text's, its title's again (a headline says
    what matters) and its lead's `lead_repeats` more times (the lead names the event: who,
    where, when). The lead is the first `lead_chars` characters, cut between words."""
    lead_end = 0
    if lead_repeats and lead_chars and text:
        lead_end = min(lead_chars, len(text))
        if len(text) > lead_chars and " " in text[:lead_chars]:
            lead_end = text.rfind(" ", 0, lead_chars)  # no half words
    counts, lead_counts = features_with_lead(text, lead_end)
    if title:
        counts.update(features(title))
    for _ in range(lead_repeats if lead_end else 0):
        counts.update(lead_counts)
    return counts


def article_counts_of(job: tuple[str, str | None, int, int]) -> Counter[str]:
    """article_counts of one (text, title, lead_chars, lead_repeats): what a worker process runs."""
    return article_counts(*job)


def headline(title: str | None, text: str, max_words: int = 14) -> str:
    """A short readable headline: the title when there is one, else the text's first sentence."""
    source = (title or "").strip()
    if not source:
        for sentence in _SENTENCE_SPLIT_RE.split((text or "")[:3000]):
            if len(_TOKEN_RE.findall(sentence)) >= 4:  # skip a dateline or a lone name
                source = sentence.strip()
                break
        else:
            source = (text or "")[:300].strip()
    words = " ".join(source.split()).split(" ")
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:-") + "\u2026"
    return " ".join(words)
