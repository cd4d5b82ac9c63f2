"""Line rules for the publisher furniture an extractor leaves in the main text.

Photo credits and captions, newsletter promos, wire trailers ("Reporting by …; Editing by …"),
share and read-more lines. Precision comes first: every rule matches a whole line by its shape
(a label at its start, a credit at its end, a word limit), never a phrase inside a sentence, so
"He signed up to the plan" stays. Removed lines are kept verbatim in `Article.removed`.

Speed matters (plain-text ingest runs at >= 20 MB/s, so cleaning a 5 kB article gets a few tens
of microseconds): each rule names the first words or the literal needles a matching line must
have. One regex collects every line's first word, a few literal searches find the needles, and
only the lines they point at are tested, each against only the rules that could match it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import check_code
from ..model import Article, RawArticle, Rejection, article_id
from ..settings import Settings

# Bullets and brackets that may precede a label ("- Read more", "[Related: …]"), but no quote
# marks: a line opening with a quotation is someone speaking, which is content.
_LEAD = r"[\s\-–—•*>|\[(]*"
# One word of a credit or a list of names ("Justin Tallis", "EPA-EFE", "Dow Jones & Company,
# Inc."): capitalised, or a particle names and credits use. Case-sensitive inside /i rules.
_NAME_WORD = (r"(?-i:[A-Z0-9À-ÖØ-Þ][\w'’.&+-]*|"
              r"via|for|and|of|the|de|da|del|der|di|du|la|le|van|von|y|bin|al|el|[&+-])")
_CREDIT = rf"(?-i:[A-Z0-9À-ÖØ-Þ])[\w'’.&+-]*(?:[\s/,;|]+{_NAME_WORD}){{0,14}}[\s.,;)|]*"
_AGENCY = (r"(?-i:Getty Images|AFP|AP|AP Photo|Reuters|EPA|EPA-EFE|PA|PA Wire|PA Media|PA Images|Pool|"
           r"Shutterstock|Alamy|Alamy Stock Photo|Bloomberg|Xinhua|Anadolu|Anadolu Agency|NurPhoto|SOPA Images|"
           r"LightRocket|WireImage|FilmMagic|Redux|Zuma|ZUMA Wire|ZUMA Press|Rex|REX|Rex Features|Sipa|Sipa USA|"
           r"Corbis|Polaris|AAP|UPI|EFE|dpa|DPA|ANSA|TASS|Sputnik|Kyodo|Yonhap|Eyevine|Camera Press|Avalon|"
           r"Abaca|BACKGRID|Splash News|MEGA|Handout|Guardian|The Guardian|Observer|The Observer|AFP/Getty Images)")
_SOCIAL = (r"(?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon|snapchat|"
           r"whatsapp|telegram|x)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
# Atomic groups (Python >= 3.11) keep these alternations from backtracking exponentially.
_DATEISH = rf"(?>[\s\d:,./|-]|{_MONTH}\b|{_WEEKDAY}\b|[ap]\.?m\.?|at\b|on\b|(?-i:[A-Z]{{2,4}})\b)+"
_IMPERATIVE = r"(?:sign(?:ing)?[ -]?up|subscribe|get|unlock|join|try|don'?t miss|never miss)"


@dataclass(frozen=True, slots=True)
class _Rule:
    """One line shape: a regex on the stripped line, a word limit, and how lines are found for it."""

    name: str
    pattern: re.Pattern[str]
    max_words: int
    starts: frozenset[str]  # lowercased first words a matching line can open with
    needles: tuple[str, ...]  # literals a matching line contains (for shapes not tied to the start)
    tail_only: bool  # trailers: only among the last _TAIL non-empty lines
    check: Callable[[str], bool] | None
    # A cheap test every matching line passes (never rejects a match): spares the regex a search
    # along the whole line when the needle that flagged it is common.
    precheck: Callable[[str], bool] | None


def _rule(name: str, pattern: str, max_words: int, *, starts: str = "", needles: tuple[str, ...] = (),
          tail_only: bool = False, check: Callable[[str], bool] | None = None,
          precheck: Callable[[str], bool] | None = None) -> _Rule:
    return _Rule(name, re.compile(pattern, re.IGNORECASE), max_words, frozenset(starts.split()), needles,
                 tail_only, check, precheck)


_CREDIT_VERBS = {"by", "and", "in", "from", "with", "additional", "reporting", "writing", "editing", "edited",
                 "compiled", "research", "graphics", "production", "de", "da", "del", "der", "di", "du", "la",
                 "le", "van", "von", "bin", "al", "el", "y", "for", "the", "of", "also", "fact-checking"}
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def _names_only(line: str) -> bool:
    """A wire credit names people ("Reporting by Rodrigo Campos; Editing by Nick Zieminski").

    Another lowercase word means a sentence ("Reporting by the BBC found …"), which must stay.
    """
    return all(not w[0].islower() or w.lower() in _CREDIT_VERBS for w in _WORDS.findall(line))


def _literals(alternation: str) -> tuple[str, ...]:
    """The words of a plain "(?-i:A|B|C)" alternation."""
    return tuple(alternation.removeprefix("(?-i:").removesuffix(")").split("|"))


_TRAILING_LABELS = ("Photograph", "Photographs", "Photo", "Photos", "Picture", "Pictures", "Image", "Images",
                    "Illustration", "Composite", "Credit", "Photo credit")
_AGENCY_NAMES = _literals(_AGENCY) + ("Getty Images", "Shutterstock")


# A label, then only spacing (\s is what str.rstrip strips), then a colon: a part of the line
# before one of its colons that ends with a label once stripped. One search, no split.
_LABEL_COLON = re.compile(rf"(?:{'|'.join(map(re.escape, _TRAILING_LABELS))})\s*:")


def _label_before_colon(line: str) -> bool:
    """credit_trailing needs a label, then only spacing, then a colon (most lines with ':' have none)."""
    return _LABEL_COLON.search(line) is not None


def _ends_with_agency(line: str) -> bool:
    """credit_agency ends with an agency name and then only spacing, ')', '|' or '.'."""
    core = line
    while (shorter := core.rstrip().rstrip(").|")) != core:
        core = shorter
    return core.endswith(_AGENCY_NAMES)


_TAIL = 8
_RULES: tuple[_Rule, ...] = (
    # Photo credits and captions.
    _rule("credit_end", rf"(?:©|ⓒ)[\s©ⓒ:]*{_CREDIT}$", 70, needles=("©", "ⓒ")),
    _rule("credit_label", rf"^{_LEAD}(?:photo(?:graph)?s?|pictures?|pics?|images?|illustrations?|graphics?|video|"
          r"footage|credits?|photo credits?|image credits?|image source|source|fotos?)\s*:\s*\S.*$", 20,
          starts="photo photos photograph photographs picture pictures pic pics image images illustration "
                 "illustrations graphic graphics video footage credit credits source foto fotos"),
    _rule("credit_trailing", rf"(?-i:{'|'.join(_TRAILING_LABELS)})\s*:\s*{_CREDIT}$", 70,
          needles=(":",), precheck=_label_before_colon),
    _rule("credit_paren", r"\((?:photo(?:graph)?|image|picture|pic|credit|illustration|video|foto)s?\b"
          r"[^()]{0,160}\)[\s|.]*$", 70,
          needles=(r"\((?i:photo|image|picture|pic|credit|illustration|video|foto)",)),
    _rule("credit_agency", rf"(?:(?:\bvia|/)\s*{_AGENCY}(?:\s*/\s*{_AGENCY})*|(?-i:Getty Images|Shutterstock))"
          r"[\s)|.]*$", 70, needles=(r"/\s*[A-Z]", "Getty"), precheck=_ends_with_agency),
    # Newsletter and subscription promos.
    _rule("promo_unlock", rf"^{_LEAD}unlock the\b.{{0,80}}\bnewsletters?\b.*$", 25, starts="unlock"),
    # The object must be a publisher's offer ("our", a newsletter, "for free"): "Sign up for a Hulu
    # account for $11.99" in a how-to is content.
    _rule("promo_signup", rf"^{_LEAD}(?:sign(?:ing)?[ -]?up|subscribe|join (?:our|us))\b.*\b(?:newsletters?|"
          rf"inbox|e-?mail alerts|alerts|our|{_SOCIAL}|podcasts?|here|for free|digest)\b.*$", 40,
          starts="sign signing signup subscribe join"),
    _rule("promo_newsletter", rf"(?:^{_LEAD}|[.!?:]\s+){_IMPERATIVE}\b.*?\b(?:newsletters?|inbox)\b", 45,
          starts="sign signing signup subscribe get unlock join try don never", needles=("wsletter",)),
    _rule("promo_feedback", rf"^{_LEAD}(?:thanks?(?: you)? for (?:signing up|subscribing|your subscription)|"
          r"you(?:'re| are) (?:now )?subscribed|there was an error processing your subscription|"
          r"keep an eye on your inbox)\b.*$", 20, starts="thanks thank you there keep"),
    _rule("promo_click", rf"(?:^{_LEAD}|[.!?:]\s+)click(?:ing)? here\b|\bby clicking here\W*$", 40,
          starts="click clicking get", needles=("k here",)),
    _rule("promo_follow", rf"(?:^{_LEAD}|[.!?]\s+)follow\s(?:\S+\s+){{0,8}}?on\s+{_SOCIAL}\b", 60,
          starts="follow", needles=("Follow",)),
    _rule("promo_contact", rf"^{_LEAD}(?:write to|e-?mail|contact|reach)\b.{{0,100}}(?:@\w|twitter\.com).*$", 30,
          starts="write email e contact reach"),
    # Trailers: additional reporting, wire credits.
    _rule("trailer_additional", rf"^{_LEAD}(?:with )?additional reporting (?:by|from)\b.*$", 40,
          starts="with additional"),
    _rule("trailer_wire", rf"^{_LEAD}(?:reporting|writing|editing|edited|compiled|research|graphics|production)"
          r"(?: and (?:writing|editing|reporting))? by\s+(?-i:[A-Z]).*$", 50,
          starts="reporting writing editing edited compiled research graphics production", check=_names_only),
    _rule("trailer_contributed", r"\bcontributed (?:reporting|to (?:this|the) (?:report|story|article))\b"
          r"(?:\s+(?:from|in)\s+[^.!?]{1,60})?[\s.)]*$", 40, needles=("buted",), tail_only=True),
    _rule("copyright", rf"^{_LEAD}(?:copyright\s*)?(?:©|ⓒ|\(c\)\s*(?:19|20)\d\d\b)|"
          rf"^{_LEAD}copyright\b.{{0,60}}\b(?:19|20)\d\d\b", 25, starts="copyright c", needles=("©", "ⓒ")),
    _rule("rights_reserved", r"\ball rights reserved\W*$", 25, starts="all"),
    # Share, read-more and page furniture.
    _rule("furniture_ad", rf"^{_LEAD}(?:advertisement|advertising|sponsored(?: content| post)?|paid content|"
          r"(?:story|article) continues below(?: (?:this )?advertisement)?|continue reading(?: the main story| below)?|"
          r"scroll down for video|skip advert(?:isement)?|ad)[\s\W_]*$", 6,
          starts="advertisement advertising sponsored paid story article continue scroll skip ad"),
    _rule("furniture_share", rf"^{_LEAD}(?>(?:share|tweet|e-?mail|print|save|pin|copy link|comments?|facebook|"
          r"twitter|whatsapp|linkedin|pinterest|reddit|messenger|order reprints|reprints|permalink)(?: this)?"
          r"(?: (?:article|story|page|post|link|on|via|with|a friend|your friends|it))*[\s\W_]*){1,8}$", 12,
          starts="share tweet email e print save pin copy comment comments facebook twitter whatsapp linkedin "
                 "pinterest reddit messenger order reprints permalink"),
    _rule("furniture_like", rf"^{_LEAD}like this (?:story|article|post)\?.*$", 15, starts="like"),
    _rule("furniture_more", rf"^{_LEAD}(?:read more|read also|also read|read next|see more|see also|more|related|"
          r"related (?:articles?|stories|posts?|coverage|content|reading|links?|topics?)|"
          r"recommended(?: reading| for you)?|"
          r"more on this(?: story| topic)?|more from [\w .’'-]{1,40}|don'?t miss|must read|watch|listen|"
          r"you (?:may|might) also (?:like|be interested in)|most read(?: in [\w ]{1,30})?|"
          r"most popular|popular on [\w .]{1,40}|trending(?: now)?|explore further|further reading|top stories|"
          r"in other news|full story|read the full (?:story|article)(?: (?:at|on|in) [\w .’'&-]{1,40}?)?)\s*(?:[:|…>»]|\.\.\.|$).*$", 30,
          starts="read also see more related recommended don must watch listen you most popular trending explore "
                 "further top in full"),
    _rule("furniture_stamp", rf"^{_LEAD}(?:updated|last updated|published|first published|posted|last modified|"
          rf"modified)(?: on| at)?\s*:?\s*{_DATEISH}$", 14, starts="updated last published first posted modified"),
    _rule("furniture_readtime", rf"^{_LEAD}(?:(?:estimated )?reading time|read time|tempo de leitura|lesezeit|"
          rf"temps de lecture)\s*:?.{{0,30}}$|^{_LEAD}\d+\s*(?:min|mins|minutes?)\.? read\W*$", 8,
          starts="estimated reading read tempo lesezeit temps min mins minute minutes"),
    _rule("furniture_tags", rf"^{_LEAD}(?:filed under|tags?|tagged(?: with)?|topics?|categories|category|keywords)"
          r"\s*(?:[:|].*)?$", 25, starts="filed tag tags tagged topic topics categories category keywords"),
)

def _is_regex(needle: str) -> bool:
    return any(mark in needle for mark in ("\\", "(?", "[", "|"))


# Candidate rules travel as bit masks (bit i = _RULES[i]): cheaper than sets of rule objects.
_BY_START: dict[str, int] = {}
_BY_NEEDLE: dict[str, int] = {}
for _bit, _r in enumerate(_RULES):
    for _w in _r.starts:
        _BY_START[_w] = _BY_START.get(_w, 0) | 1 << _bit
    for _n in _r.needles:
        _BY_NEEDLE[_n] = _BY_NEEDLE.get(_n, 0) | 1 << _bit
_TAIL_MASK = sum(1 << bit for bit, rule in enumerate(_RULES) if rule.tail_only)
# A needle is a literal, or a regex when it holds regex syntax (a credit's "(Photo", "/Agency",
# each opening with a literal the regex engine scans for): a bare "(" or "/" made many lines
# candidates. A compiled one-literal regex is faster than str.find for multi-character needles
# in non-ASCII text; single characters use str.find (memchr).
_NEEDLE_SEARCH = {n: (None if len(n) == 1 else re.compile(n if _is_regex(n) else re.escape(n)))
                  for n in _BY_NEEDLE}
# A text with non-ASCII characters (most: curly quotes, dashes) is a wide str, which the regex
# engine scans about half as fast as bytes, where it can jump with memchr to a literal's first
# byte. So such a text's needles are first looked for in its UTF-8 bytes, with a pattern that
# finds every line the str search would: an ASCII literal is the same bytes in UTF-8, and in the
# looser bytes forms of the regex needles any non-ASCII byte may stand for a non-ASCII character
# that \s or a case-insensitive letter could match. Only a needle found there is searched in the
# str, for its lines' offsets. (Single characters: str.find is as fast as any pre-test.)
_BYTES_SUPERSETS = {
    r"\((?i:photo|image|picture|pic|credit|illustration|video|foto)": rb"\((?:[pPiIcCvVfF]|[\x80-\xff])",
    r"/\s*[A-Z]": rb"/[\s\x1c-\x1f\x80-\xff]*[A-Z]",
}


def _bytes_prefilter(needle: str) -> re.Pattern[bytes] | None:
    if len(needle) == 1:
        return None
    if not _is_regex(needle):
        return re.compile(re.escape(needle).encode("ascii")) if needle.isascii() else None
    superset = _BYTES_SUPERSETS.get(needle)
    return re.compile(superset) if superset is not None else None


_NEEDLES = tuple((needle, mask, _NEEDLE_SEARCH[needle], _bytes_prefilter(needle))
                 for needle, mask in _BY_NEEDLE.items())


def _trie(words: set[str]) -> str:
    """An alternation factored by prefix: the regex engine then branches once per letter."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        return body + ("?" if optional else "")

    return emit(tree)


# A line's first word, when it is one a rule starts with (as written, Capitalised or UPPER).
_START_VARIANTS = {v: mask for w, mask in _BY_START.items() for v in (w, w.capitalize(), w.upper())}
_START_WORDS = _trie(set(_START_VARIANTS))
_FIRST_WORD = re.compile(rf"[ \t\-–—•*>|\[(\d]*({_START_WORDS})(?![^\W\d_])")
_LINE_FIRST_WORD = re.compile(rf"\n[ \t\-–—•*>|\[(\d]*({_START_WORDS})(?![^\W\d_])")
_WORD = re.compile(r"\S+")


def _match(line: str, mask: int, lines_after: int) -> str | None:
    """The first rule (in table order) in `mask` that the line matches within its word limit and place."""
    stripped = line.strip()
    words = -1
    while mask:
        low = mask & -mask  # lowest set bit first: table order
        mask ^= low
        rule = _RULES[low.bit_length() - 1]
        if ((rule.tail_only and lines_after >= _TAIL) or (rule.precheck is not None and not rule.precheck(stripped))
                or not rule.pattern.search(stripped)):
            continue
        if words < 0:
            words = len(_WORD.findall(stripped))
        if words <= rule.max_words and (rule.check is None or rule.check(stripped)):
            return rule.name
    return None


def _mask_for_line(line: str) -> int:
    """The rules one line is tested against: those of its first word and of the needles it contains."""
    mask = 0
    first = _FIRST_WORD.match(line.lstrip())
    if first:
        mask |= _BY_START[first.group(1).lower()]
    for needle, needle_mask in _BY_NEEDLE.items():
        search = _NEEDLE_SEARCH[needle]
        if (needle in line) if search is None else search.search(line) is not None:
            mask |= needle_mask
    return mask


def line_rule(line: str, lines_after: int = 0) -> str | None:
    """The name of the rule a single line matches, or None (what the unit tests pin, rule by rule).

    `lines_after` counts the non-empty lines after it: trailer rules apply only near the end.
    """
    if not line.strip():
        return None
    return _match(line, _mask_for_line(line), lines_after)


def _candidates(text: str) -> dict[int, int]:
    """Line start offset -> mask of the rules that could match that line (first words, then needles)."""
    found = {match.start() + 1: _START_VARIANTS[match.group(1)] for match in _LINE_FIRST_WORD.finditer(text)}
    first = _FIRST_WORD.match(text)
    if first:
        found[0] = _START_VARIANTS[first.group(1)]
    data = None if text.isascii() else text.encode("utf-8", "surrogatepass")
    for needle, mask, search, prefilter in _NEEDLES:
        if data is not None and prefilter is not None and prefilter.search(data) is None:
            continue  # not in the bytes, so not in the text
        pos = text.find(needle) if search is None else _first(search, text, 0)
        while pos >= 0:
            start = text.rfind("\n", 0, pos) + 1
            found[start] = found.get(start, 0) | mask
            end = text.find("\n", pos)
            if end < 0:
                break
            pos = text.find(needle, end) if search is None else _first(search, text, end)
    return found


def _first(search: re.Pattern[str], text: str, pos: int) -> int:
    match = search.search(text, pos)
    return match.start() if match else -1


def removable_lines(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the lines the rules remove, in order; `end` includes the line's newline."""
    spans: list[tuple[int, int]] = []
    for start, mask in sorted(_candidates(text).items()):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        if not line.strip():
            continue
        after = sum(1 for rest in text[end:].split("\n") if rest.strip()) if mask & _TAIL_MASK else 0
        if _match(line, mask, after) is not None:
            spans.append((start, min(end + 1, len(text))))
    return spans


def clean_article(raw: RawArticle, settings: Settings) -> Article | Rejection:
    """RawArticle -> Article without the rule-matched lines (kept verbatim in `removed`), or a Rejection.

    Whole lines go with their newline and every other character stays as it was, so a text with
    nothing to remove comes out identical. The id comes from the raw text: better rules later
    do not change ids.
    """
    text = raw.text
    removed = list(raw.removed)
    spans = removable_lines(text)
    if spans:
        kept: list[str] = []
        cursor = 0
        for start, end in spans:
            kept.append(text[cursor:start])
            removed.append(text[start:end].rstrip("\r\n"))
            cursor = end
        kept.append(text[cursor:])
        text = "".join(kept)
    # Without removals only a blank text is rejected: isspace() stops at the first letter, where
    # strip() would copy the whole text.
    left = len(text.strip()) if spans or not text or text.isspace() else 1
    if left == 0 or (spans and left < settings.min_text_chars):
        return Rejection(raw.source, check_code("empty_after_cleaning"),
                         f"nothing but boilerplate: {len(spans)} line(s) removed, {left} character(s) left",
                         raw.line)
    return Article(id=article_id(raw), source=raw.source, text=text, fmt=raw.fmt, title=raw.title, url=raw.url,
                   published=raw.published, outlet=raw.outlet, language=raw.language, author=raw.author,
                   line=raw.line, removed=removed)
