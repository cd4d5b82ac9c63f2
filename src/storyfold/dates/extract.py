"""Date mentions in one article, resolved against the article's own publication date.

Absolute dates ("2 March 2025", "March 2", "in 2022") and relative ones ("on Sunday", "last week",
"yesterday", "three days ago", "next month") are found by regex. Relative ones need the publication
date: without it they resolve to None (never to today's date). News is past-tense by default, so a
bare weekday ("on Friday") is the most recent such day on or before publication, unless the clause
speaks of the future ("will meet on Friday"), when it is the next one on or after publication.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import dateparser

MAX_TEXT = 2_000_000
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date mention; `span` is [start, end) into the text. date is None when it cannot be known."""

    article: str
    text: str
    span: tuple[int, int]
    date: str | None  # YYYY-MM-DD: the day, or the first day of the week / month / year
    granularity: str  # day | week | month | year
    relative: bool  # resolved against the publication date

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "text": self.text, "span": list(self.span),
                "date": self.date, "granularity": self.granularity}


MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
          "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
          "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
          "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "a couple of": 2, "several": None, "a few": None}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|lunchtime))?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<y>" + _YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\d-])")),
    ("dmy", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<mon>"
                       + _MONTH + r"),?\s+(?P<y>" + _YEAR + r")\b")),
    ("mdy", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAY
                       + r"),?\s+(?P<y>" + _YEAR + r")\b")),
    ("dm", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<mon>"
                      + _MONTH + r")\b(?!\s*\d)")),
    ("md", re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAY
                      + r")\b(?![,\s]*\d|:)")),
    ("my", re.compile(r"\b(?P<mon>" + _MONTH + r"),?\s+(?P<y>" + _YEAR + r")\b")),
    ("month", re.compile(r"\b(?P<pre>in|since|by|until|till|from|last|next|this|early|late|mid-?|"
                         r"during|through|of|end of|beginning of|start of)\s+(?P<mon>January|February|"
                         r"March|April|May|June|July|August|September|October|November|December)"
                         r"\b(?!\s*\d)", re.I)),
    ("year", re.compile(r"\b(?P<pre>in|since|by|until|till|from|of|during|through|before|after|early|"
                        r"late|mid-?|end of|summer of|spring of|autumn of|winter of|fall of)\s+(?P<y>"
                        + _YEAR + r")\b(?![\d,.]\d|\s?%|-\d)", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<pre>last|next|this|on|since|by|until|from|early|late)\s+)?"
                           r"(?P<wd>" + _WEEKDAY + r")(?!s\b|,?\s+(?:the\s+)?\d|,?\s+" + _MONTH + r")"
                           + _PART + r"\b")),
    ("deictic", re.compile(r"\b(?P<w>yesterday|today|tonight|tomorrow|last night|this morning|"
                           r"this afternoon|this evening)\b", re.I)),
    ("period", re.compile(r"\b(?P<pre>last|next|this|earlier this|later this|past)\s+(?P<unit>week|"
                          r"month|year|weekend)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve|a couple of)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
                       re.I)),
]
_FUTURE = re.compile(r"\b(?:will|shall|'ll|’ll|is due|are due|due to|to be held|expected to|set to|"
                     r"plans? to|planning to|scheduled|is to|are to|going to|upcoming|would|hopes? to|"
                     r"intends? to|next)\b", re.I)


def parse_published(published: str | None) -> dt.date | None:
    """The publication day from an ISO string ("2025-03-02" or a timestamp); None if not a date."""
    if not published or not isinstance(published, str):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse_absolute(phrase: str) -> dt.date | None:
    """A full day-month-year phrase read by dateparser (ordinals, abbreviations, 'of')."""
    parsed = dateparser.parse(phrase, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                        "RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    return parsed.date() if parsed else None


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _nearest_year(month: int, day: int, base: dt.date, future: bool) -> dt.date | None:
    """'March 2' in an article of base: news reports the past, so the latest such day up to a week
    after publication, unless the clause speaks of the future or the next one is far nearer
    (4x: "the alert expires on February 28", written on 28 January)."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    earlier = [c for c in candidates if (c - base).days <= 7]
    later = [c for c in candidates if (c - base).days > 7]
    past = max(earlier) if earlier else None
    upcoming = min(later) if later else None
    if past is None or (upcoming is not None and
                        (future or 4 * (upcoming - base).days < (base - past).days)):
        return upcoming
    return past


def _clause_before(text: str, start: int) -> str:
    floor = max(0, start - 120)
    left = max(text.rfind(". ", floor, start), text.rfind("\n", floor, start), floor)
    return text[left:start]


def _future(text: str, start: int, end: int) -> bool:
    """Whether the clause around a date speaks of what is still to come."""
    before = _clause_before(text, start)
    if _FUTURE.search(before[-70:]):
        # reported speech in the past ("said on Friday it would") stays past
        return not re.search(r"\b(?:said|told|announced|added|declared)\s*$", before)
    sentence_start = before.strip() == "" or re.search(r"(?:^|[.\n])\s*(?:On\s+|By\s+)?$", before)
    if sentence_start:
        after = text[end:end + 60]
        return bool(re.match(r"[^.]{0,40}\b(?:will|shall|is due|are due|is expected|are expected)\b", after))
    return False


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve(kind: str, match: re.Match[str], text: str, base: dt.date | None
             ) -> tuple[dt.date | None, str, bool] | None:
    groups = match.groupdict()
    if kind == "iso":
        try:
            return dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"])), "day", False
        except ValueError:
            return None
    if kind in ("dmy", "mdy"):
        day = int(re.match(r"\d+", groups["d"]).group())
        try:
            return dt.date(int(groups["y"]), _month_number(groups["mon"]), day), "day", False
        except ValueError:
            return _parse_absolute(match.group()), "day", False
    if kind in ("dm", "md"):
        if groups["mon"] == "May" and kind == "md" and not re.match(r"\d", groups["d"]):
            return None
        day = int(re.match(r"\d+", groups["d"]).group())
        if base is None:
            return None, "day", True
        resolved = _nearest_year(_month_number(groups["mon"]), day, base,
                                 bool(_FUTURE.search(_clause_before(text, match.start())[-70:])))
        return (resolved, "day", True) if resolved else None
    if kind == "my":
        return dt.date(int(groups["y"]), _month_number(groups["mon"]), 1), "month", False
    if kind == "month":
        if groups["mon"] == "May" and groups["pre"].lower() not in ("in", "since", "until", "early",
                                                                    "late", "mid", "mid-", "last",
                                                                    "next", "this", "of"):
            return None
        if not groups["mon"][0].isupper():
            return None
        if base is None:
            return None, "month", True
        month = _month_number(groups["mon"])
        pre = groups["pre"].lower()
        year = base.year
        if pre == "next" or (pre != "last" and _future(text, match.start(), match.end())):
            if month < base.month:
                year += 1
        elif month > base.month:
            year -= 1  # "in March", said in January, is last March
        return dt.date(year, month, 1), "month", True
    if kind == "year":
        return dt.date(int(groups["y"]), 1, 1), "year", False
    if kind == "weekday":
        if base is None:
            return None, "day", True
        weekday = WEEKDAYS[groups["wd"].lower()]
        pre = (groups["pre"] or "").lower()
        back = (base.weekday() - weekday) % 7
        ahead = (weekday - base.weekday()) % 7
        if pre == "last":
            return base - dt.timedelta(days=back or 7), "day", True
        if pre == "next":
            return base + dt.timedelta(days=ahead or 7), "day", True
        if pre == "this" or _future(text, match.start(), match.end()):
            if pre != "this" or _future(text, match.start(), match.end()):
                return base + dt.timedelta(days=ahead), "day", True
        return base - dt.timedelta(days=back), "day", True
    if kind == "deictic":
        if base is None:
            return None, "day", True
        word = groups["w"].lower()
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return base + dt.timedelta(days=shift), "day", True
    if kind == "period":
        unit = groups["unit"].lower()
        pre = groups["pre"].lower()
        if pre == "past":
            return None  # "the past week" is a span up to now, not a date
        if base is None:
            return None, ("week" if unit.startswith("week") else unit), True
        step = -1 if pre == "last" else 1 if pre == "next" else 0
        if unit == "week":
            return _week_start(base) + dt.timedelta(days=7 * step), "week", True
        if unit == "weekend":
            saturday = base - dt.timedelta(days=(base.weekday() - 5) % 7)
            if step == 1 or (step == 0 and base.weekday() < 5):
                saturday = base + dt.timedelta(days=(5 - base.weekday()) % 7 or 7)
            return saturday, "day", True
        if unit == "month":
            return _add_months(dt.date(base.year, base.month, 1), step), "month", True
        return dt.date(base.year + step, 1, 1), "year", True
    if kind == "ago":
        count = NUMBER_WORDS.get(groups["n"].lower()) if not groups["n"].isdigit() else int(groups["n"])
        if count is None:
            return None
        unit = groups["unit"].lower().rstrip("s")
        if base is None:
            return None, unit, True
        if unit == "day":
            return base - dt.timedelta(days=count), "day", True
        if unit == "week":
            return _week_start(base - dt.timedelta(days=7 * count)), "week", True
        if unit == "month":
            return _add_months(dt.date(base.year, base.month, 1), -count), "month", True
        return dt.date(base.year - count, 1, 1), "year", True
    return None


def extract_dates(article_id: str, text: str, published: str | None) -> list[DateMention]:
    """Every date mention in `text` in text order, resolved against `published` (ISO or None).

    Overlapping matches keep the most specific, earliest-listed pattern ("2 March 2025" over
    "March 2025"). Never raises on odd input.
    """
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT]
    base = parse_published(published)
    found: list[tuple[int, int, int, DateMention]] = []
    for order, (kind, pattern) in enumerate(PATTERNS):
        for match in pattern.finditer(text):
            resolved = _resolve(kind, match, text, base)
            if resolved is None:
                continue
            day, granularity, relative = resolved
            start, end = match.span()
            if kind in ("month", "year", "weekday") and match.groupdict().get("pre") and \
                    match.group("pre").lower() in ("on",):
                start = match.start("wd")
            found.append((start, -(end - start), order, DateMention(
                article=article_id, text=text[start:end], span=(start, end),
                date=day.isoformat() if day else None, granularity=granularity, relative=relative)))
    found.sort(key=lambda item: (item[0], item[1], item[2]))
    mentions: list[DateMention] = []
    taken_until = -1
    for start, _, _, mention in found:
        if start < taken_until:
            continue
        mentions.append(mention)
        taken_until = mention.span[1]
    return mentions
