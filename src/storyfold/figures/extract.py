"""Figures in one article's text: money, counts, percentages, durations and measures.

A regex finds every number as written (digits or words, with a scale word and an optional range);
rules on the words around it decide what it is. Numbers that are years, dates, times, ordinals,
ages, parts of names ("F-35", "G7", "No 10") or list numbering are not figures and are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storyfold.figures.numbers import (
    DIGITS, FRACTION_WORDS, SCALE, WORD_NUMBER, parse_digits, parse_words, scale_factor,
)

MAX_TEXT = 2_000_000  # longer texts are read up to here: a figure past 2 MB of one article is noise


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure mention. `span` is [start, end) into the article's text."""

    article: str
    text: str
    span: tuple[int, int]
    value: float
    unit: str  # ISO currency code, "%", "day", a measure ("km") or the counted noun's head
    quantity: str  # what it measures, from its sentence ("" when nothing says)
    qualifier: str | None = None  # "more than", "at least", "up to", "about", "between" ...
    upper: float | None = None  # the top of a range ("20 to 30 people"); value is its bottom
    kind: str = "count"  # money | percent | duration | measure | count
    sentence: str = field(default="", repr=False, compare=False)  # its sentence, for the ledger

    def to_dict(self) -> dict[str, Any]:
        """The `storyfold figures` record (CONTRACT), plus qualifier and a range's upper end."""
        return {"article": self.article, "text": self.text, "span": list(self.span),
                "value": self.value, "unit": self.unit, "quantity": self.quantity,
                "qualifier": self.qualifier, "upper": self.upper}


# -- currencies ---------------------------------------------------------------------------------
CURRENCY_PREFIXES = {
    "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD",
    "s$": "SGD", "r$": "BRL", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB",
    "₴": "UAH", "₩": "KRW", "chf": "CHF",
}
ISO_CODES = ("USD", "GBP", "EUR", "JPY", "CHF", "CNY", "RMB", "INR", "AUD", "CAD", "RUB", "UAH",
             "NZD", "HKD", "SEK", "NOK", "DKK", "PLN", "ZAR", "BRL", "MXN", "TRY", "SGD", "KRW")
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH",
    "francs": "CHF", "swiss francs": "CHF",
}
_CUR_PREFIX = (r"(?:US\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|R\$|\$|£|€|¥|₹|₽|₴|₩|(?:"
               + "|".join(ISO_CODES + ("CHF",)) + r")(?=\s?\d))")
_CUR_SUFFIX = re.compile(
    r"\s?(?:(?P<code>" + "|".join(ISO_CODES) + r")\b|(?P<word>us dollars|pounds sterling|swiss francs|"
    + "|".join(sorted((w for w in CURRENCY_WORDS if " " not in w), key=len, reverse=True)) + r")\b)",
    re.I)

# -- the number itself ----------------------------------------------------------------------------
_NUMBER = re.compile(
    r"(?P<cur>" + _CUR_PREFIX + r")?\s?"
    r"(?P<num>" + DIGITS + r"|(?<![\w-])" + WORD_NUMBER + r"(?![a-z]))"
    r"(?:\s?(?P<scale>" + SCALE + r")(?![\w]))?",
    re.I)
_RANGE_TAIL = re.compile(
    r"\s?(?P<sep>-|–|—|to)\s?(?P<cur>" + _CUR_PREFIX + r")?\s?(?P<num>" + DIGITS + r")"
    r"(?:\s?(?P<scale>" + SCALE + r")(?![\w]))?", re.I)
_BETWEEN_TAIL = re.compile(
    r"\s(?:and)\s(?P<cur>" + _CUR_PREFIX + r")?\s?(?P<num>" + DIGITS + r"|" + WORD_NUMBER + r")"
    r"(?:\s?(?P<scale>" + SCALE + r")(?![\w]))?", re.I)

# -- what follows the number ----------------------------------------------------------------------
_PERCENT = re.compile(r"\s?(?:%|per ?cent\b|pc\b|percentage[- ]points?\b|points?\b|-point\b)", re.I)
_FRACTION = re.compile(r"[- ](?P<word>" + "|".join(FRACTION_WORDS) + r")\b", re.I)
DURATION_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
                 "fortnight": 14.0, "month": 30.0, "year": 365.0, "decade": 3650.0}
_DURATION = re.compile(
    r"[\s-](?P<unit>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?)\b"
    r"(?!-old|\s+old\b|\s+ago\b|\s+earlier\b|\s+of\s+age\b|'s\s+time\b(?=x)|[- ]olds?\b)",
    re.I)
MEASURES = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mile", "mile": "mile", "mph": "mph", "km/h": "km/h", "kg": "kg", "kilograms": "kg",
    "tonnes": "tonne", "tons": "tonne", "tonne": "tonne", "ton": "tonne", "metres": "m",
    "meters": "m", "feet": "ft", "ft": "ft", "acres": "acre", "hectares": "hectare",
    "barrels": "barrel", "gallons": "gallon", "litres": "litre", "liters": "litre", "mw": "MW",
    "gw": "GW", "square miles": "sq mile", "sq km": "km2", "square kilometres": "km2",
    "acre": "acre", "hectare": "hectare", "barrel": "barrel", "gallon": "gallon", "tonne": "tonne",
    "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "foot": "ft", "mile": "mile",
}
_MEASURE = re.compile(
    r"[\s-]?(?P<unit>square miles|square kilometres|sq km|km/h|"
    + "|".join(sorted((m for m in MEASURES if " " not in m and "/" not in m), key=len, reverse=True))
    + r")\b(?!-old)", re.I)
_SHARE = re.compile(r"\s(?:in|out of)\s(?P<whole>10|ten|100|a hundred|five|four|three|20|twenty|"
                    r"1,000|a thousand)\b(?![,.]\d|\s*(?:%|per|years?|days?|months?|weeks?|states?)\b)", re.I)
_HYPHEN_COUNT = re.compile(r"-(?P<noun>[a-z]{3,})\b(?!-)(?=\s+[a-z])")
# hyphenated words after a number that are ranks, manners or ages, not counted things
HYPHEN_NOT_COUNTED = frozenset({"star", "time", "times", "way", "fold", "year", "old", "on", "one",
                                "off", "up", "down", "plus", "something", "odd", "and", "or",
                                "run", "goal", "nil", "all", "page"})
_PART_OF = re.compile(r"\s+of\s+(?:the|his|her|their|its|our|those|these|[A-Z][\w.]*(?:['’]s)?)"
                      r"(?=\s)(?:\s+(?:\d[\d,]*|" + WORD_NUMBER + r"))?", re.I)
_WORD = re.compile(r"[\s]+(?P<w>[A-Za-z][A-Za-z'’-]*)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec")

# Words that end a counted noun phrase: function words, auxiliaries, common adverbs.
STOP_WORDS = frozenset("""
a an the this that these those and or but nor of in on at to for from by with without into onto
over under about above below after before during since until against among between through per
via than as is are was were be been being am have has had having do does did will would shall
should can could may might must not no so too very also still just only even ever yet now then
here there who whom whose which what when where why how it its he she they them their his her
we us our you your i me my mine if while because though although whether each every all both
either neither some any more most less least many much few several such other another own same
said says say told according
""".split())
# Modifiers allowed inside a counted noun phrase though they are function-like.
NP_MODIFIERS = frozenset({"more", "other", "additional", "extra", "new", "further", "fewer", "less"})
IRREGULAR_PLURALS = {"people": "people", "children": "child", "men": "man", "women": "woman",
                     "police": "police", "personnel": "personnel", "staff": "staff",
                     "cattle": "cattle", "feet": "foot", "teeth": "tooth", "mice": "mouse",
                     "sheep": "sheep", "fish": "fish", "aircraft": "aircraft",
                     "troops": "troop", "data": "data", "media": "media", "crew": "crew",
                     "livestock": "livestock", "deer": "deer", "militia": "militia"}
NOT_PLURAL = frozenset({"news", "series", "species", "this", "was", "has", "is", "does", "us",
                        "always", "sometimes", "perhaps", "across", "towards", "afterwards",
                        "its", "his", "hers", "ours", "yours", "theirs", "thus", "less",
                        "unless", "whereas", "besides", "plus", "minus", "chaos", "status",
                        "bonus", "virus", "campus", "census", "consensus", "basis", "crisis",
                        "analysis", "thesis", "emphasis", "process", "access", "business",
                        "congress", "progress", "press", "success", "loss", "address"})
QUALIFIERS = ("more than", "fewer than", "less than", "at least", "at most", "up to", "as many as",
              "as much as", "as few as", "as little as", "as small as", "as large as",
              "as high as", "as low as", "as big as", "in excess of", "upwards of", "close to",
              "just over", "just under", "well over", "nearly", "almost", "about", "around",
              "roughly", "approximately", "an estimated", "estimated", "some", "over", "under",
              "above", "below", "between", "only", "just")
_QUALIFIER = re.compile(r"(?:^|[^\w])(?P<q>" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
                        + r")\s+$", re.I)
# "in 2022", "since 1991", "the 1990s": a year after these words is a date, not a count.
YEAR_PREFIX = re.compile(r"(?:\b(?:in|since|by|from|until|till|to|of|year|the|early|late|mid|"
                         r"spring|summer|autumn|winter|fall|before|after|during|and|or|through|"
                         r"between|[A-Z][a-z]+|\d{1,2},?)\s*|[-–(/])$", re.I)
_NAME_PREFIX = re.compile(r"(?:[A-Za-z]-|\bNo\.?\s|\bNumber\s|#|\bSection\s|\bArticle\s|\bPage\s|"
                          r"\bChapter\s|\bRoom\s|\bRoute\s|\bFlight\s|\bProposition\s|\bProp\.?\s|"
                          r"\bResolution\s|\bBill\s|\bH\.R\.\s?|\bS\.\s?|\bvs?\.?\s|\bversion\s|"
                          r"\bAmendment\s|\bLevel\s|\bPhase\s|\bCategory\s|\bGrade\s|\bStage\s|"
                          r"\bTitle\s|\bPart\s|\bItem\s|\bFigure\s|\bTable\s|\bStep\s|\bGate\s)$")


# Verbs that link a figure to what it measures ("spending rises to 2.5%"): skipped, never kept.
CONTEXT_VERBS = frozenset("""
worth cost costs costing totalling totaling total totals totalled valued rise rises rose risen
rising fall falls fell fallen falling grow grows grew grown increase increases increased cut cuts
reach reaches reached hit hits raise raises raised reduce reduces reduced climb climbs climbed
jump jumps jumped drop drops dropped decline declines declined give gives gave given provide
provides provided spend spends spent pay pays paid receive receives received get gets got boost
boosts boosted add adds added set sets estimated stood stands stand remain remains remained
send sends sent pledge pledges pledged announce announces announced total
""".split())
# Verbs ending in -s that follow a bare number ("30,000 feels like"): never the counted noun.
S_VERBS = frozenset("""
feels seems looks means remains says makes takes gives goes comes shows suggests appears sounds
gets puts keeps runs brings holds stands needs wants becomes leaves includes involves requires
represents marks equals exceeds amounts helps works lets tells adds
""".split())


SENTENCE_REACH = 400  # a figure's sentence is looked for this far either side (run-on text stays linear)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    floor = max(0, start - SENTENCE_REACH)
    left = max(text.rfind(". ", floor, start), text.rfind("\n", floor, start),
               text.rfind("? ", floor, start), text.rfind("! ", floor, start))
    left = floor if left < 0 else left + 1
    ceiling = min(len(text), end + SENTENCE_REACH)
    right_candidates = [i for i in (text.find(". ", end, ceiling), text.find("\n", end, ceiling),
                                    text.find("? ", end, ceiling), text.find("! ", end, ceiling)) if i >= 0]
    right = min(right_candidates) if right_candidates else ceiling
    return left, right


def singular(word: str) -> str:
    """A crude lemma for plural nouns: enough to see that 'soldier' and 'soldiers' count the same."""
    lower = word.lower().strip("'’")
    if lower in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


def _looks_plural(word: str) -> bool:
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return True
    return (len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s"))
            and lower not in NOT_PLURAL and lower not in STOP_WORDS and lower not in S_VERBS)


def _title_case_around(text: str, pos: int) -> bool:
    before = re.findall(r"[A-Za-z][\w'’]*", text[max(0, pos - 40):pos])[-3:]
    return sum(1 for w in before if w[0].isupper()) >= 2


def _noun_phrase(text: str, pos: int, limit: int, want_plural: bool) -> tuple[str, str, int] | None:
    """The counted noun phrase right after `pos`: (phrase, head, end) or None.

    Takes up to four words that are not function words and ends the phrase at the last one that
    looks like a noun (plural when counting more than one). Capitalised words may only modify
    ("5,000 Ukrainian soldiers"): a capitalised last word is a name ("10 Downing Street").
    """
    words: list[tuple[str, int]] = []
    cursor = pos
    while len(words) < 4 and cursor < limit:
        match = _WORD.match(text, cursor)
        if not match or match.end() > limit:
            break
        word = match.group("w").rstrip("'’-")
        lower = word.lower()
        if lower in STOP_WORDS and not (lower in NP_MODIFIERS and not words):
            break
        if words and (lower.endswith("ed") or lower in CONTEXT_VERBS) and lower not in IRREGULAR_PLURALS:
            following = _WORD.match(text, match.end())
            if not (lower.endswith("ed") and following and _looks_plural(following.group("w"))
                    and following.group("w").islower()):
                break  # a verb ends the phrase: "£27.8bn national wealth fund opened"
        words.append((word, match.start("w") + len(word)))
        cursor = match.end()
        if text[cursor:cursor + 1] not in (" ", "\t", "-") or text[cursor:cursor + 2] == " -":
            break  # punctuation closes the phrase
    best = None
    for i, (word, end) in enumerate(words):
        if word[0].isupper() and word.lower() != word:
            # "10,000 Syrians", "two Democrats" count people; "These 2 Words" is a title-case headline
            next_capital = i + 1 < len(words) and words[i + 1][0][0].isupper()
            if not (want_plural and _looks_plural(word) and not next_capital
                    and not _title_case_around(text, pos)):
                continue
        if want_plural and not _looks_plural(word):
            continue
        if not want_plural and word.lower() in STOP_WORDS:
            continue
        best = i
        if not want_plural:
            continue  # a singular phrase runs to its last content word
        if i < len(words) - 1 and _looks_plural(words[i + 1][0]):
            continue
        break
    if best is None:
        return None
    head_word, end = words[best]
    start = _WORD.match(text, pos).start("w")
    return text[start:end], head_word, end


def _context_quantity(text: str, sent_start: int, start: int, end: int, sent_end: int,
                      after_phrase: str | None = None) -> str:
    """What a figure measures: the content words before it and its 'of/in/for X' after it."""
    before_words = re.findall(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]", text[sent_start:start])
    picked: list[str] = []
    for token in reversed(before_words):
        lower = token.lower()
        if not token[0].isalpha():
            if picked or token in ",;:()\"“”":
                break
            continue
        if lower in STOP_WORDS or lower in CONTEXT_VERBS:
            if picked:
                break
            continue
        if any(lower.startswith(q) for q in ("approximately", "roughly", "nearly", "almost")):
            continue
        picked.append(token)
        if len(picked) == 3:
            break
    before = " ".join(reversed(picked))
    after = after_phrase or ""
    if not after:
        match = re.match(r"\s+(?:of|in|for|on)\s+(?:the\s+|its\s+|their\s+|a\s+)?"
                         r"(?P<np>[A-Za-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2})", text[end:sent_end])
        if match:
            kept = []
            for word in match.group("np").split():
                if word.lower() in STOP_WORDS:
                    break
                kept.append(word)
            after = " ".join(kept)
    return " ".join(part for part in (before, after) if part).strip()


def _value(num: str, scale: str | None) -> float | None:
    base = parse_digits(num) if num[0].isdigit() else parse_words(num)
    if base is None:
        return None
    return base * scale_factor(scale)


def _is_year_like(num: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", num)) and 1000 <= int(num) <= 2100


_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\.?\s$", re.I)
_MONTH_AFTER = re.compile(r",?\s(?:" + "|".join(_MONTHS) + r")\b", re.I)


def _skip_number(text: str, start: int, num_start: int, num_end: int, num: str) -> bool:
    """Numbers that are parts of names, dates, times, ordinals, scores or list markers."""
    before = text[max(0, start - 14):start]
    after = text[num_end:num_end + 12]
    if _NAME_PREFIX.search(before):
        return True
    if re.match(r"(?:st|nd|rd|th)\b|:\d|\.\d|[ap]\.?m\b|\s?[ap]\.?m\.?(?!\w)|\s?(?:GMT|BST|EST|ET|CET|UTC)\b|[A-Za-z]",
                after, re.I) and not re.match(r"(?:bn|mn|m|k|b|tn|km|kg|mph|ft|billion|million|"
                                              r"thousand|trillion|pc)\b", after, re.I):
        return True
    month_before = _MONTH_BEFORE.search(before)
    month_after = _MONTH_AFTER.match(after)
    if (month_before or month_after) and num[0].isdigit():
        return True
    line_start = text.rfind("\n", max(0, start - 8), start) + 1
    if (line_start > 0 or start < 8) and text[line_start:start].strip() == "" and re.match(r"[.)]\s", after):
        return True  # list numbering "1. " / "2) "
    if re.match(r"\s?-\s?\d+\b(?!\s?(?:%|per|bn|m\b|million|billion))", after) and num[0].isdigit() and \
            re.search(r"\b(?:won|lost|beat|score|draw|drew|defeat|victory|lead)\w*\s+\S*\s?$", before, re.I):
        return True  # a score "won 3-1"
    return False


def extract_figures(article_id: str, text: str) -> list[Figure]:
    """Every figure in `text`, in text order. Never raises on odd input; empty text gives []."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT]
    figures: list[Figure] = []
    taken_until = -1
    for match in _NUMBER.finditer(text):
        start = match.start()
        if start < taken_until:
            continue
        cur = match.group("cur")
        num = match.group("num")
        if cur is None and text[start:start + 1].isspace():
            start += 1
        figure = _read_figure(article_id, text, match, start, cur, num)
        if figure is not None:
            figures.append(figure)
            taken_until = figure.span[1]
    figures.extend(_halves(article_id, text, figures))
    figures.sort(key=lambda f: f.span)
    return figures


def _read_figure(article_id: str, text: str, match: re.Match[str], start: int, cur: str | None,
                 num: str) -> Figure | None:
    scale = match.group("scale")
    num_start, num_end = match.span("num")
    end = match.end()
    is_word = not num[0].isdigit()
    if _skip_number(text, start, num_start, num_end, num):
        return None
    if scale and scale.lower() == "m" and not cur and not _CUR_SUFFIX.match(text, end):
        # "5 m" without money around it is metres or a stray letter; re-read as a bare number
        scale, end = None, num_end
    if scale and scale.lower() == "b" and not cur:
        return None
    if is_word and scale and scale.lower() in ("bn", "m", "mn", "k", "b", "tn", "mln", "trn"):
        return None
    value = _value(num, scale)
    if value is None:
        return None
    upper = None
    qualifier = None
    before_text = text[max(0, start - 40):start]
    qualifier_match = _QUALIFIER.search(before_text)
    if qualifier_match:
        qualifier = re.sub(r"\s+", " ", qualifier_match.group("q").lower())
    # ranges: "20-30", "£1bn to £2bn", "between 20 and 30"
    tail = None
    if qualifier == "between":
        tail = _BETWEEN_TAIL.match(text, end)
    elif not is_word:
        tail = _RANGE_TAIL.match(text, end)
        if tail and ((_is_year_like(num) and not scale and not cur) or (tail.group("cur") and not cur)):
            tail = None  # "2014-2015" is a period; "in 2014 to $557 million" is no range
    if tail:
        top = _value(tail.group("num"), tail.group("scale") or scale)
        if top is not None and top <= value and _PERCENT.match(text, tail.end()):
            # "46 percent to 40" / "50 to 48 percent": a pair of shares, each a figure
            percent = _PERCENT.match(text, tail.end())
            unit = "percentage point" if "percentage" in percent.group().lower() else \
                "point" if "point" in percent.group().lower() else "%"
            sent_start, sent_end = _sentence_bounds(text, start, end)
            return Figure(article=article_id, text=text[start:end], span=(start, end), value=value,
                          unit=unit, quantity=_context_quantity(text, sent_start, start, end, sent_end),
                          qualifier=qualifier, kind="percent", sentence=text[sent_start:sent_end][:1000])
        if top is not None and top > value:
            if tail.group("scale") and not scale:
                value = _value(num, tail.group("scale")) or value
            upper = top
            cur = cur or tail.group("cur")
            end = tail.end()
            qualifier = qualifier or "between"
    sent_start, sent_end = _sentence_bounds(text, start, end)

    def make(kind: str, unit: str, val: float, stop: int, quantity: str) -> Figure:
        scaled_upper = upper
        if kind in ("duration",) and upper is not None:
            scaled_upper = upper * (val / value if value else 1.0)
        return Figure(article=article_id, text=text[start:stop], span=(start, stop), value=val,
                      unit=unit, quantity=quantity, qualifier=qualifier, upper=scaled_upper, kind=kind,
                      sentence=text[sent_start:sent_end][:1000])

    # money: a currency before or after
    suffix = _CUR_SUFFIX.match(text, end)
    if cur or (suffix and not is_word) or (suffix and scale is None and is_word and value >= 2):
        if cur:
            code = CURRENCY_PREFIXES.get(cur.lower().strip()) or cur.upper().strip()
            stop = end
        else:
            code = (suffix.group("code") or "").upper() or CURRENCY_WORDS[suffix.group("word").lower()]
            stop = suffix.end()
        if code == "RMB":
            code = "CNY"
        after = _noun_phrase(text, stop, sent_end, want_plural=False)
        phrase = after[0] if after and not re.match(r"\s+(?:a|per)\b", text[stop:stop + 6]) else None
        quantity = _context_quantity(text, sent_start, start, stop, sent_end, phrase)
        return make("money", code, value, stop, quantity)
    if _is_year_like(num) and not scale:
        # a year unless a plural noun is counted right after it and no date word stands before
        if YEAR_PREFIX.search(text[max(0, start - 12):start]) or text[start - 1:start] == "'":
            return None
    percent = _PERCENT.match(text, end)
    if percent:
        stop = percent.end()
        lowered = percent.group().lower()
        unit = "percentage point" if "percentage" in lowered else "point" if "point" in lowered else "%"
        if unit == "point" and (is_word and value < 2 or re.match(r"\s+(?:guard|of view|blank)\b",
                                                                   text[stop:stop + 12])):
            return None  # "one point", "point guard": not a score
        quantity = _context_quantity(text, sent_start, start, stop, sent_end)
        return make("percent", unit, value, stop, quantity)
    fraction = _FRACTION.match(text, num_end) if is_word and not scale else None
    if fraction and value < FRACTION_WORDS[fraction.group("word").lower()]:
        denominator = FRACTION_WORDS[fraction.group("word").lower()]
        if re.match(r"\s+of\b", text[fraction.end():fraction.end() + 4]) or "-" in fraction.group():
            share = round(100.0 * value / denominator, 2)
            stop = fraction.end()
            quantity = _context_quantity(text, sent_start, start, stop, sent_end)
            upper = None
            return make("percent", "%", share, stop, quantity)
        return None
    duration = _DURATION.match(text, end)
    if duration:
        unit_word = duration.group("unit").lower().rstrip("s")
        days = value * DURATION_DAYS[unit_word]
        stop = duration.end()
        offset = re.match(r"\s+(?:ago|earlier|before|later|from now|mark)\b", text[stop:stop + 12])
        lasting = re.search(r"\b(?:for|spent|lasted|lasting|served|over)\s+(?:\w+\s+)?$", text[max(0, start - 20):start])
        if offset and not (lasting and not offset.group().strip().startswith(("ago", "from", "mark"))):
            return None  # a relative date, read by storyfold.dates; "the 7 minute mark" is a position
        # "one-month truce": the noun after a hyphenated duration is what lasts
        after = _noun_phrase(text, stop, sent_end, want_plural=False) if "-" in duration.group() else None
        quantity = _context_quantity(text, sent_start, start, stop, sent_end,
                                     after[0] if after else None)
        return make("duration", "day", days, stop, quantity)
    measure = _MEASURE.match(text, end)
    if measure and not is_word or (measure and measure.group().startswith(" ")):
        unit = MEASURES.get(measure.group("unit").lower(), measure.group("unit").lower())
        stop = measure.end()
        quantity = _context_quantity(text, sent_start, start, stop, sent_end)
        return make("measure", unit, value, stop, quantity)
    # "four in 10 voters", "one in five": a share
    share = _SHARE.match(text, end)
    if share and not scale:
        whole = _value(share.group("whole"), None)
        if whole and value < whole:
            stop = share.end()
            quantity = _context_quantity(text, sent_start, start, stop, sent_end)
            return make("percent", "%", round(100.0 * value / whole, 2), stop, quantity)
    # "an 80-member council", "a three-judge panel": the hyphenated noun is what is counted
    hyphen = _HYPHEN_COUNT.match(text, end)
    if hyphen and not scale:
        noun = hyphen.group("noun").lower()
        if noun in HYPHEN_NOT_COUNTED or noun in STOP_WORDS:
            return None
        stop = hyphen.end()
        after = _noun_phrase(text, stop, sent_end, want_plural=False)
        quantity = f"{noun} {after[0]}".strip() if after else noun
        return make("count", MEASURES.get(noun, MEASURES.get(noun + "s", noun)), value, stop, quantity)
    # "58 of the 98 delegates", "22 of Clinton's emails": counted from a named whole
    part = _PART_OF.match(text, end)
    if part and not scale and value > 1:
        phrase = _noun_phrase(text, part.end(), sent_end, want_plural=True)
        if phrase:
            noun_phrase, head, _ = phrase
            if head.lower() not in ("times", "ones", "others") and singular(head) not in DURATION_DAYS:
                return make("count", singular(head), value, end, noun_phrase.lower())
    # counts: a noun phrase right after ("5,000 air defence missiles")
    if value == 1 and not scale:
        return None
    phrase = _noun_phrase(text, end, sent_end, want_plural=True)
    if phrase is None:
        return None
    noun_phrase, head, stop = phrase
    if head.lower() in ("times", "percent", "ones", "others", "odds", "evils") or \
            singular(head) in DURATION_DAYS:
        return None
    quantity = noun_phrase.lower()
    return make("count", singular(head), value, stop, quantity)


_HALF_DURATION = re.compile(r"(?<![\w-])(?:a|one)?[- ]?half[- ](?:an?[- ])?(?P<unit>hour|day|year|month|"
                            r"century|decade)\b", re.I)
_HALF = re.compile(r"(?<![\w-])(?<!first )(?<!second )(?<!latter )(?<!other )(?<!back )(?<!front )"
                   r"(?<!last )(?:(?P<a>a|one)[- ])?half of\b", re.I)


def _halves(article_id: str, text: str, found: list[Figure]) -> list[Figure]:
    """'half of the voters' is a share of 50 %."""
    spans = [f.span for f in found]
    out = []
    for match in _HALF.finditer(text):
        start = match.start()
        stop = start + len(match.group().rsplit(" of", 1)[0])  # the share, without its "of"
        if any(s < stop and start < e for s, e in spans):
            continue
        sent_start, sent_end = _sentence_bounds(text, start, stop)
        quantity = _context_quantity(text, sent_start, start, stop, sent_end)
        out.append(Figure(article=article_id, text=text[start:stop], span=(start, stop), value=50.0,
                          unit="%", quantity=quantity, kind="percent",
                          sentence=text[sent_start:sent_end][:1000]))
    for match in _HALF_DURATION.finditer(text):
        start, stop = match.span()
        if text[start].isspace():
            start += 1
        if any(s < stop and start < e for s, e in spans):
            continue
        unit = match.group("unit").lower()
        days = {"century": 36500.0}.get(unit, DURATION_DAYS.get(unit, 1.0)) / 2
        sent_start, sent_end = _sentence_bounds(text, start, stop)
        quantity = _context_quantity(text, sent_start, start, stop, sent_end)
        out.append(Figure(article=article_id, text=text[start:stop], span=(start, stop), value=days,
                          unit="day", quantity=quantity, kind="duration",
                          sentence=text[sent_start:sent_end][:1000]))
    return out
