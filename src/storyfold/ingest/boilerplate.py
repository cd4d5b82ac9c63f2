"""Corpus-level boilerplate: lines only the corpus reveals as publisher furniture.

A line is boilerplate when it sits near the start or end of articles (a promo, a sign-off), is
short, and recurs in at least `boilerplate_min_articles` articles that are not copies of one
another. Copies of one story (wire copies, versions, excerpts) share many lines, and those are
content: two articles count as copies when they share whole paragraphs (a few, or a share of the
smaller one's lines: the overlap coefficient, so an excerpt is a copy of its full article).

Pure functions over small per-article profiles, so the store can persist profiles and decide
incrementally: `find_corpus_boilerplate` needs only the profiles that contain the candidate
lines in question. No all-pairs work: articles are grouped by candidate line (an inverted index),
and within a group only as many copy checks are made as it takes to find enough independent ones.
"""
from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..model import Article
from ..settings import Settings

# Two articles are copies of one story when they share at least COPY_SHARED lines, or this share
# of the smaller one's lines, not counting lines that are short edge lines in both (those may be
# the very boilerplate in question). Low on purpose: an edited version rewrites most paragraphs
# (seeds 000/001 keep 6 of 24 lines), while independent articles share no whole paragraph.
# Erring towards "copy" only ever keeps a line.
COPY_SHARED = 2
COPY_OVERLAP = 0.2
# A key's low byte holds the line's word count (capped), so candidate_keys can apply the word
# limit from the profile alone; the other 56 bits are the hash (collisions stay negligible).
_WORDS_BITS = 8
_WORDS_CAP = (1 << _WORDS_BITS) - 1
_HASH_MASK = ~_WORDS_CAP
_blake2b = hashlib.blake2b
_unpack_hashes = struct.unpack
# Whitespace that marks a line as needing its spacing collapsed: tab, CR, no-break space, VT, FF.
# (Double spaces alone are left: a search for them costs as much as hashing the line, and one
# publisher's template repeats its own spacing exactly.)
_COLLAPSE = (b"\t", b"\r", b"\xc2\xa0", b"\x0b", b"\x0c")
_COLLAPSE_BYTES = (b"\t", b"\r", b"\xa0", b"\x0b", b"\x0c")


@dataclass(frozen=True)
class LineProfile:
    """What corpus-level cleaning needs of one article: the keys of its non-empty lines, in order."""

    article_id: str
    keys: tuple[int, ...]
    n_lines: int  # non-empty lines (= len(keys)); kept explicit for the store's schema


def normalise_line(line: str) -> str:
    """The form lines are compared in (see _normalise); for tests and for users inspecting keys."""
    return _normalise(line.encode("utf-8", "surrogatepass").lower()).decode("utf-8", "surrogatepass")


def _normalise(data: bytes) -> bytes:
    """One line's UTF-8, already ASCII-lowercased: stripped, and whitespace runs made one space.

    Case and spacing do not make a promo line different. Works on bytes because profiling runs
    on every article at ingest: lowercasing, stripping and the whitespace test are then plain
    byte scans. Only a line with a tab, CR or no-break space is split into words and re-joined.
    """
    data = data.strip()
    if any(mark in data for mark in _COLLAPSE):
        data = " ".join(data.decode("utf-8", "surrogatepass").split()).encode("utf-8", "surrogatepass")
    return data


def _key(norm: bytes) -> int:
    # Signed, so a key fits SQLite's INTEGER (the store persists profiles).
    digest = _blake2b(norm, digest_size=8).digest()
    return (int.from_bytes(digest, "big", signed=True) & ~_WORDS_CAP) | min(norm.count(b" ") + 1, _WORDS_CAP)


def line_key(line: str) -> int:
    """Signed 64-bit key of a line: 56 bits of blake2b of the normalised line, its word count in the low byte."""
    return _key(_normalise(line.encode("utf-8", "surrogatepass").lower()))


def key_words(key: int) -> int:
    """The word count a key carries (capped at 255)."""
    return key & _WORDS_CAP


def profile_article(article: Article) -> LineProfile:
    """The article's line keys; computed on the line-cleaned text, before corpus-level removal.

    line_key() of every non-empty line, computed in list comprehensions with the digests read
    back by one struct call (a third less time than line by line): profiling runs on every
    article at ingest, and hashing the lines is most of its cost.
    """
    data = article.text.encode("utf-8", "surrogatepass").lower()
    # A cheap superset test on the whole text (single bytes scan fast; 0xa0 also ends other
    # characters) spares the exact per-line test in the usual text.
    normalise = _normalise if any(mark in data for mark in _COLLAPSE_BYTES) else bytes.strip
    present = [line for line in map(normalise, data.split(b"\n")) if line]
    hashes = _unpack_hashes(f">{len(present)}q", b"".join([_blake2b(line, digest_size=8).digest() for line in present]))
    keys = tuple([(value & _HASH_MASK) | (words if (words := line.count(b" ") + 1) < _WORDS_CAP else _WORDS_CAP)
                  for value, line in zip(hashes, present)])
    return LineProfile(article.id, keys, len(keys))


def candidate_keys(profile: LineProfile, settings: Settings) -> set[int]:
    """Keys of the short lines within `boilerplate_edge_lines` of the article's start or end."""
    edge, keys = settings.boilerplate_edge_lines, profile.keys
    edges = keys[:edge] + keys[max(edge, len(keys) - edge):]
    limit = settings.boilerplate_max_words
    return {key for key in edges if key & _WORDS_CAP <= limit}  # key_words(key), inlined: hot in the corpus pass


def _are_copies(a: str, b: str, lines: dict[str, frozenset[int]], candidates: dict[str, set[int]],
                key: int) -> bool:
    """Whether articles a and b are copies of one story, judged on the lines they share besides `key`.

    A shared line that is a short edge line in both may be boilerplate, so it is weak evidence;
    any other shared line is a paragraph of the story. An article made mostly of short edge lines
    that the other also has (an excerpt: a lead and two paragraphs) is a copy too.
    """
    # Counted without building the sets minus `key`: the corpus pass makes this call for every
    # pair it judges. (`key` is normally in both articles, but is not assumed to be.)
    lines_a, lines_b = lines[a], lines[b]
    common = lines_a & lines_b
    shared = len(common) - (key in common)
    smaller = min(len(lines_a), len(lines_b)) - 1
    if smaller <= 0:
        return True  # one of them is nothing but this line: nothing tells them apart
    if not shared:
        return False
    both_weak = common & candidates[a] & candidates[b]
    weak = len(both_weak) - (key in both_weak)
    strong = shared - weak
    if strong >= COPY_SHARED or (strong and strong / smaller >= COPY_OVERLAP):
        return True
    return 2 * weak >= smaller


def find_corpus_boilerplate(profiles: Sequence[LineProfile], settings: Settings,
                            only: set[int] | None = None) -> dict[str, set[int]]:
    """Article id -> keys of its lines to remove. Deterministic (independent of profile order).

    `profiles` must include every profile containing the candidate lines to be decided (the
    store's profiles sharing a candidate key); other articles do not change the answer. With
    `only`, just those keys are decided (the store's corpus pass works a slice of keys at a time).
    """
    by_id = {p.article_id: p for p in sorted(profiles, key=lambda p: p.article_id)}
    candidates = {pid: candidate_keys(p, settings) for pid, p in by_id.items()}
    index: dict[int, list[str]] = {}
    for pid, keys in candidates.items():  # ids in sorted order, so each group is sorted too
        for key in (keys if only is None else keys & only):
            index.setdefault(key, []).append(pid)
    lines = _LazyLines(by_id)
    # Pair -> copies?, shared by every group: the answer does not depend on the group's key (see
    # _independent), and copies of one story meet again in the group of each line they share.
    judged: dict[tuple[str, str], bool] = {}
    found: dict[str, set[int]] = {}
    for key in sorted(index):
        group = index[key]
        if len(group) < settings.boilerplate_min_articles:
            continue
        if _independent(group, lines, candidates, key, settings.boilerplate_min_articles, judged):
            for pid in group:
                found.setdefault(pid, set()).add(key)
    return dict(sorted(found.items()))


class _LazyLines(dict):
    """Article id -> frozenset of its line keys, built on first use (a group's greedy search may
    stop before it reaches every member)."""

    def __init__(self, profiles: dict[str, LineProfile]) -> None:
        super().__init__()
        self._profiles = profiles

    def __missing__(self, article_id: str) -> frozenset[int]:
        keys = self[article_id] = frozenset(self._profiles[article_id].keys)
        return keys


def _independent(group: list[str], lines: dict[str, frozenset[int]], candidates: dict[str, set[int]],
                 key: int, needed: int, judged: dict[tuple[str, str], bool] | None = None) -> bool:
    """Whether `needed` articles of the group are pairwise not copies (greedy, stops once found).

    `judged` caches pair verdicts across groups. That is exact: both members of a group hold its
    key as a candidate (a short edge line) in both, so excluding it from their shared lines always
    takes one weak line away, whichever group's key it is.
    """
    chosen: list[str] = []
    for pid in group:
        for other in chosen:
            pair = (pid, other)
            copies = judged.get(pair) if judged is not None else None
            if copies is None:
                copies = _are_copies(pid, other, lines, candidates, key)
                if judged is not None:
                    judged[pair] = copies
            if copies:
                break
        else:
            chosen.append(pid)
            if len(chosen) >= needed:
                return True
    return False


def remove_lines(article: Article, keys: set[int]) -> Article:
    """The article without its lines whose key is in `keys`; removed lines appended to `removed`.

    A line longer than half the article's text is kept (then it is the article, not furniture),
    and so is everything if nothing would be left. Idempotent: a removed line is gone, so a
    second call with the same keys changes nothing.
    """
    removal = lines_removed(article.text, keys)
    if removal is None:
        return article
    cleaned, dropped = removal
    return replace(article, text=cleaned, removed=[*article.removed, *dropped])


def lines_removed(text: str, keys: set[int]) -> tuple[str, list[str]] | None:
    """remove_lines on a bare text: (the text left, the lines removed), or None when it stays.

    The corpus pass uses this directly on stored rows, without building an Article for each.
    """
    if not keys:
        return None
    half = len(text.strip()) / 2
    parts = text.split("\n")  # as profiles split; each but the last had a newline
    drop = [i for i, key in enumerate(_keys_among(text, keys)) if key in keys and len(parts[i].strip()) <= half]
    if not drop:
        return None
    dropped = set(drop)
    last = len(parts) - 1
    cleaned = "".join([part + "\n" if i < last else part for i, part in enumerate(parts) if i not in dropped])
    if not cleaned.strip():
        return None
    return cleaned, [parts[i].rstrip("\r") for i in drop]


def _keys_among(text: str, keys: set[int]) -> list[int | None]:
    """line_key() of each line of the text split on "\n", but only for a line whose word count is
    one that `keys` carry (the count is in a key's low byte); None for the others and for blanks.
    The corpus pass runs this on every article it cleans, and most lines are then never hashed."""
    counts = {key_words(key) for key in keys}
    data = text.encode("utf-8", "surrogatepass").lower()
    normalise = _normalise if any(mark in data for mark in _COLLAPSE_BYTES) else bytes.strip
    if _WORDS_CAP not in counts:  # then no capped count can match: skip the min() per line
        return [_key(line) if line and line.count(b" ") + 1 in counts else None
                for line in map(normalise, data.split(b"\n"))]
    return [_key(line) if line and min(line.count(b" ") + 1, _WORDS_CAP) in counts else None
            for line in map(normalise, data.split(b"\n"))]


def clean_corpus(articles: Iterable[Article], settings: Settings) -> list[Article]:
    """Every article without the corpus's boilerplate lines, in the order given."""
    articles = list(articles)
    decided = find_corpus_boilerplate([profile_article(a) for a in articles], settings)
    return [remove_lines(a, decided[a.id]) if a.id in decided else a for a in articles]
