"""Reading a number as written: digits with separators, number words, fractions and scale words."""
from __future__ import annotations

import re

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# Fractions are shares: "two-thirds" of something is 66.7 %.
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                  "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}

_UNIT_WORD = "|".join(sorted((k for k in UNITS_WORDS if k != "zero"), key=len, reverse=True))
_TENS_WORD = "|".join(TENS_WORDS)
_SCALED = r"(?:[- ](?:dozen|hundred|thousand|million|billion|trillion))"
# A number in words: "twenty-five", "two million", "three hundred thousand"; "a"/"an" only with a
# scale word ("a dozen", "a million"), since a bare article is not a number.
WORD_NUMBER = (
    r"(?:(?:" + _TENS_WORD + r")(?:[- ](?:" + _UNIT_WORD + r"))?" + _SCALED + r"*"
    r"|(?:" + _UNIT_WORD + r")" + _SCALED + r"*"
    r"|(?:a|an)" + _SCALED + r"+"
    r"|(?:a[- ])?half[- ](?:a[- ])?dozen|dozen(?!s))"
)
# A number in digits: "5,000", "4.5", "1.6", "27,800.50", "1 000" is not taken (too ambiguous).
DIGITS = r"(?<![\w.,/:])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]*\d)|(?<![\w.,/:])\d+(?:\.\d+)?"
SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|mln|tn|trn|m|k|b)"

_word_token = re.compile(r"[a-z]+")


def parse_digits(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def parse_words(text: str) -> float | None:
    """'twenty-five' -> 25, 'a dozen' -> 12, 'two million' -> 2e6, 'three hundred thousand' -> 3e5."""
    tokens = _word_token.findall(text.lower())
    if not tokens:
        return None
    total, current, seen = 0.0, 0.0, False
    for token in tokens:
        if token in ("a", "an"):
            current = current or 1.0  # "a dozen" = 12, "half a dozen" = 6
            seen = True
        elif token in UNITS_WORDS:
            current += UNITS_WORDS[token]
            seen = True
        elif token in TENS_WORDS:
            current += TENS_WORDS[token]
            seen = True
        elif token == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif token == "half":
            current = 0.5
        elif token == "hundred":
            current = (current or 1.0) * 100
        elif token in ("thousand", "million", "billion", "trillion"):
            total += (current or 1.0) * SCALE_WORDS[token]
            current = 0.0
            seen = True
        elif token == "and":
            continue
        else:
            return None
    return total + current if seen else None


def scale_factor(word: str | None) -> float:
    if not word:
        return 1.0
    return SCALE_WORDS.get(word.lower(), 1.0)
