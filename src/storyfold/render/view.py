"""One story's briefing as a view: what the HTML and Markdown renderings both show.

Pure: a stories.json story (CONTRACT schema 1) and its articles in, plain dataclasses out. Every
field of the story is read defensively (missing keys, nulls, spans out of range, unknown article
ids): a renderer shows what is there and never raises on a document it did not build itself.
Citations become `Cite`s that point at one registered span of one article; the HTML marks those
spans in the article texts and links to them, the Markdown quotes them as footnotes.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..model import Article
from .marks import clip

TIP_CHARS = 600  # a hover tip longer than this stops being readable; the jump shows the rest
STATUSES = ("agreed", "disputed", "single")


def http_url(url: Any) -> str | None:
    """Only http(s) links: an input's url field could carry a javascript: or data: URL."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or any(c in url for c in '\x00\n\r\t "<>`'):
        return None
    return url


def collapse(text: Any) -> str:
    """Whitespace collapsed to single spaces (for one-line displays of multi-line text)."""
    return " ".join(str(text).split()) if text is not None else ""


def excerpt(text: str, limit: int) -> str:
    text = collapse(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut or text[:limit]) + "…"


def short_date(value: Any) -> str:
    """An ISO date or timestamp shortened to what a reader needs ("2025-03-02", "2025-03-02 10:15")."""
    if not isinstance(value, str) or not value:
        return ""
    return value[:16].replace("T", " ") if len(value) > 10 and value[10:11] in ("T", " ") else value[:10]


def format_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return collapse(value)
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def safe_name(story_id: Any) -> str:
    """A file name for a story id: a stray '/' or '..' in an id must not write outside OUT/stories."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", str(story_id)).lstrip(".")
    return name or "story"


def _ids(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(slots=True)
class ArticleRef:
    """An article as the briefing names it: a number for citations, a label, its metadata."""

    n: int  # 1-based, in the story's order; 0 for an id the renderer has no article for
    id: str
    label: str  # outlet, else url host, else input file name
    title: str  # the title, else the opening words of the text
    has_title: bool
    published: str
    url: str | None
    source: str
    copy_of: "ArticleRef | None" = None
    chars: int = 0
    removed: int = 0

    @property
    def anchor(self) -> str:
        return f"art{self.n}"

    @property
    def known(self) -> bool:
        return self.n > 0


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation: which article, and the span it points at (anchor None when it cannot resolve)."""

    article: ArticleRef
    anchor: str | None
    tip: str  # the cited text, one line
    kind: str  # "source" | "support" | ""
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class CitedSpan:
    html_id: str
    start: int
    end: int
    roles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Sentence:
    text: str
    cites: list[Cite]


@dataclass(slots=True)
class Position:
    text: str
    articles: list[ArticleRef]
    reports: int | None
    cites: list[Cite]

    @property
    def said(self) -> list[tuple[str, list[Cite]]]:
        """The position's sentences, each once, with the citations that carry that wording."""
        grouped: dict[str, list[Cite]] = {}
        for cite in self.cites:
            if cite.tip:
                grouped.setdefault(cite.tip, []).append(cite)
        return list(grouped.items())


@dataclass(slots=True)
class Dispute:
    about: str
    kind: str
    positions: list[Position]


@dataclass(slots=True)
class Figure:
    text: str
    value: str
    unit: str
    quantity: str
    reports: int | None
    articles: list[ArticleRef]
    conflicts: list[tuple[str, list[ArticleRef]]]


@dataclass(slots=True)
class Quote:
    speaker: str
    text: str
    variants: list[str]
    articles: list[ArticleRef]
    reports: int | None
    first_published: str


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    aliases: list[str]
    articles: list[ArticleRef]
    mentions: int | None


@dataclass(slots=True)
class Event:
    date: str
    granularity: str
    text: str
    articles: list[ArticleRef]
    cites: list[Cite]
    conflicts: list[tuple[str, list[ArticleRef]]]


@dataclass(slots=True)
class Claim:
    text: str
    status: str
    reports: int | None
    articles: list[ArticleRef]
    cites: list[Cite]


@dataclass(slots=True)
class Adds:
    article: ArticleRef
    items: list[Sentence]


@dataclass(slots=True)
class StoryView:
    id: str
    title: str
    first_published: str
    last_published: str
    articles: list[ArticleRef]  # the story's articles, numbered; unknown ids last with n = 0
    article_count: int  # the story's `articles` (some may be absent from what the renderer was given)
    outlets: list[str]
    reports: int | None
    summary: list[Sentence]
    disputes: list[Dispute]
    figures: list[Figure]
    quotes: list[Quote]
    entities: list[Entity]
    timeline: list[Event]
    claims: dict[str, list[Claim]]  # by status: agreed, disputed, single
    adds: list[Adds]
    spans: dict[str, list[CitedSpan]]  # article id -> spans to mark in its text
    texts: dict[str, str]  # article id -> text, for the articles the renderer has

    @property
    def known_articles(self) -> list[ArticleRef]:
        return [a for a in self.articles if a.known]


def _label(article: Article) -> str:
    if article.outlet:
        return collapse(article.outlet)
    url = http_url(article.url)
    if url:
        host = url.split("/", 3)[2].split("@")[-1].split(":")[0]
        return host.removeprefix("www.")
    name = PurePath(str(article.source).split("#", 1)[-1]).name
    return name or str(article.source) or article.id


class _Builder:
    """Numbers the articles and registers every cited span once (same article and span, one anchor)."""

    def __init__(self, story: Mapping[str, Any], articles_by_id: Mapping[str, Article],
                 copy_of: Mapping[str, str | None]) -> None:
        self.articles_by_id = articles_by_id
        self.refs: dict[str, ArticleRef] = {}
        self.spans: dict[str, dict[tuple[int, int], CitedSpan]] = {}
        order = [a for a in dict.fromkeys(_ids(story.get("articles"))) if a in articles_by_id]
        for article_id in order:
            self._new_ref(article_id)
        for article_id in order:
            origin = copy_of.get(article_id)
            if origin and origin != article_id and origin in articles_by_id:
                self.refs[article_id].copy_of = self.ref(origin)

    def _new_ref(self, article_id: str) -> ArticleRef:
        article = self.articles_by_id.get(article_id)
        if article is None:
            ref = ArticleRef(0, article_id, f"unknown article {article_id}", "", False, "", None, "")
        else:
            ref = ArticleRef(len([r for r in self.refs.values() if r.known]) + 1, article_id, _label(article),
                             collapse(article.title) if article.title else excerpt(article.text, 90),
                             bool(article.title), short_date(article.published), http_url(article.url),
                             str(article.source), None, len(article.text), len(article.removed or []))
        self.refs[article_id] = ref
        return ref

    def ref(self, article_id: Any) -> ArticleRef:
        article_id = str(article_id)
        return self.refs.get(article_id) or self._new_ref(article_id)

    def refs_of(self, ids: Any) -> list[ArticleRef]:
        return [self.ref(a) for a in dict.fromkeys(_ids(ids))]

    def cite(self, article_id: Any, span: Any, role: str, kind: str = "") -> Cite:
        ref = self.ref(article_id)
        article = self.articles_by_id.get(ref.id)
        pair = _list(span)
        if article is None or len(pair) != 2 or not all(_int(x) is not None for x in pair):
            return Cite(ref, None, "", kind)
        start, end = clip(pair[0], pair[1], len(article.text))
        if end <= start:
            return Cite(ref, None, "", kind)
        spans = self.spans.setdefault(ref.id, {})
        cited = spans.get((start, end))
        if cited is None:
            cited = spans[(start, end)] = CitedSpan(f"c{ref.n}-{start}-{end}", start, end)
        cited.roles.add(role)
        return Cite(ref, cited.html_id, excerpt(article.text[start:end], TIP_CHARS), kind, start, end)

    def cites(self, citations: Any, role: str) -> list[Cite]:
        return [self.cite(c.get("article"), c.get("span"), role, str(c.get("kind") or ""))
                for c in _dicts(citations)]

    def find(self, article_id: str, sentence: str, role: str) -> list[Cite]:
        """A citation for a sentence given only as text (`adds`): its first exact occurrence."""
        article = self.articles_by_id.get(article_id)
        start = article.text.find(sentence) if article is not None and sentence else -1
        return [self.cite(article_id, [start, start + len(sentence)], role)] if start >= 0 else []


def build_view(story: Mapping[str, Any], articles_by_id: Mapping[str, Article],
               copy_of: Mapping[str, str | None] | None = None) -> StoryView:
    """The view of one story; `copy_of` (article id -> origin id) lets sources say what copies what."""
    b = _Builder(story, articles_by_id, copy_of or {})
    summary = [Sentence(collapse(s.get("text")), b.cites(s.get("citations"), "summary")
                        + b.cites(s.get("supported_by"), "summary"))
               for s in _dicts(story.get("summary"))]
    disputes = [Dispute(collapse(d.get("about")) or "different accounts", str(d.get("kind") or ""),
                        [Position(collapse(p.get("text")), b.refs_of(p.get("articles")), _int(p.get("reports")),
                                  b.cites(p.get("citations"), "dispute"))
                         for p in _dicts(d.get("positions"))])
                for d in _dicts(story.get("disputes"))]
    figures = [Figure(collapse(f.get("text")), format_number(f.get("value")), collapse(f.get("unit")),
                      collapse(f.get("quantity")), _int(f.get("reports")), b.refs_of(f.get("articles")),
                      [(format_number(c.get("value")), b.refs_of(c.get("articles")))
                       for c in _dicts(f.get("conflicts"))])
               for f in _dicts(story.get("figures"))]
    quotes = [Quote(collapse(q.get("speaker")), collapse(q.get("text")),
                    [collapse(v) for v in _list(q.get("variants")) if collapse(v) != collapse(q.get("text"))],
                    b.refs_of(q.get("articles")), _int(q.get("reports")), short_date(q.get("first_published")))
              for q in _dicts(story.get("quotes"))]
    entities = [Entity(collapse(e.get("name")), collapse(e.get("type")),
                       [collapse(a) for a in _list(e.get("aliases")) if collapse(a) != collapse(e.get("name"))],
                       b.refs_of(e.get("articles")), _int(e.get("mentions")))
                for e in _dicts(story.get("entities"))]
    timeline = [Event(collapse(t.get("date")), collapse(t.get("granularity")), collapse(t.get("text")),
                      b.refs_of(t.get("articles")), b.cites(t.get("citations"), "timeline"),
                      [(collapse(c.get("date") or c.get("value")), b.refs_of(c.get("articles")))
                       for c in _dicts(t.get("conflicts"))])
                for t in _dicts(story.get("timeline"))]
    claims: dict[str, list[Claim]] = {status: [] for status in STATUSES}
    for c in _dicts(story.get("claims")):
        status = c.get("status") if c.get("status") in STATUSES else "single"
        claims[status].append(Claim(collapse(c.get("text")), status, _int(c.get("reports")),
                                    b.refs_of(c.get("articles")), b.cites(c.get("citations"), "claim")))
    adds_field = story.get("adds") if isinstance(story.get("adds"), dict) else {}
    adds = [Adds(b.ref(article_id), [Sentence(collapse(s), b.find(str(article_id), str(s), "adds"))
                                     for s in _list(items) if collapse(s)])
            for article_id, items in adds_field.items()]
    adds = [a for a in adds if a.items]
    adds.sort(key=lambda a: (not a.article.known, a.article.n))
    articles = sorted(b.refs.values(), key=lambda r: (not r.known, r.n))
    outlets = [collapse(o) for o in _list(story.get("outlets")) if collapse(o)]
    return StoryView(
        id=str(story.get("id", "")), title=collapse(story.get("title")) or "(untitled story)",
        first_published=short_date(story.get("first_published")),
        last_published=short_date(story.get("last_published")),
        articles=articles, article_count=len(dict.fromkeys(_ids(story.get("articles")))), outlets=outlets, reports=_int(story.get("reports")),
        summary=summary, disputes=disputes, figures=figures, quotes=quotes, entities=entities,
        timeline=timeline, claims=claims, adds=adds,
        spans={a: sorted(s.values(), key=lambda c: (c.start, -c.end)) for a, s in b.spans.items()},
        texts={r.id: articles_by_id[r.id].text for r in articles if r.known})
