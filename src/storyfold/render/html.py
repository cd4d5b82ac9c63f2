"""Self-contained HTML (no network, no external fonts or scripts); article text is untrusted, so escaped.

    render_story_html(story, articles_by_id) -> str       one story's briefing page
    render_briefing_index(document, articles) -> str      OUT/index.html: stories, rejections, leftovers
    render_index(articles, rejections) -> str             the older per-input listing (`show --format html`)
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..model import Article, Rejection
from .marks import Mark, mark_spans
from .view import (ArticleRef, StoryView, build_view, collapse, excerpt, format_number, http_url, safe_name,
                   short_date)

_ENV = Environment(loader=PackageLoader("storyfold", "render/templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)


def _http_url(url: str | None) -> str | None:
    """Only http(s) links: an input's url field could carry a javascript: URL."""
    return http_url(url)


def _plural(count: int | None, word: str, plural: str | None = None) -> str:
    count = count or 0
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


_ENV.filters["http_url"] = _http_url
_ENV.filters["plural"] = _plural
_ENV.filters["num"] = format_number


def group_by_input(articles: list[Article]) -> "OrderedDict[str, list[Article]]":
    """Articles per input file (a JSONL or WARC file holds many), in the order they were read."""
    groups: OrderedDict[str, list[Article]] = OrderedDict()
    for article in articles:
        groups.setdefault(article.source, []).append(article)
    return groups


def render_index(articles: list[Article], rejections: list[Rejection]) -> str:
    outlets = sorted({a.outlet for a in articles if a.outlet})
    return _ENV.get_template("index.html.j2").render(
        groups=group_by_input(articles), articles=articles, rejections=rejections, outlets=outlets)


def _mark_classes(roles: set[str]) -> str:
    """Summary spans stand out most, then disputed positions; every other cited span is underlined."""
    if "summary" in roles:
        return "sum"
    if "dispute" in roles:
        return "disp"
    return "ref"


def _marked_texts(view: StoryView) -> dict[str, Markup]:
    return {ref.id: mark_spans(view.texts[ref.id],
                               [Mark(s.html_id, s.start, s.end, _mark_classes(s.roles))
                                for s in view.spans.get(ref.id, [])])
            for ref in view.known_articles}


def render_story_html(story: Mapping[str, Any], articles_by_id: Mapping[str, Article], *,
                      copy_of: Mapping[str, str | None] | None = None, index_href: str | None = None) -> str:
    """One story's briefing as a self-contained page.

    `copy_of` (article id -> origin id) lets the sources say which articles copy which;
    `index_href` adds a link back to the index (write_briefing passes "../index.html").
    """
    view = build_view(story, articles_by_id, copy_of)
    return _ENV.get_template("story.html.j2").render(
        v=view, texts=_marked_texts(view), index_href=index_href,
        claim_total=sum(len(c) for c in view.claims.values()))


def _article_entry(entry: Mapping[str, Any], article: Article | None) -> dict[str, Any]:
    """One row of the 'not in any story' list: the document's fields, the article's title fallback."""
    title = collapse(entry.get("title"))
    if not title and article is not None:
        title = excerpt(article.text, 90)
    return {"id": str(entry.get("id", "")), "title": title or "(untitled)",
            "outlet": collapse(entry.get("outlet")), "published": short_date(entry.get("published")),
            "url": http_url(entry.get("url")), "source": collapse(entry.get("source")),
            "copy_of": entry.get("copy_of")}


def story_href(story_id: Any) -> str:
    """Where OUT/index.html links a story (the file write_briefing writes)."""
    return "stories/" + quote(safe_name(story_id)) + ".html"


def render_briefing_index(document: Mapping[str, Any], articles: Sequence[Article]) -> str:
    """OUT/index.html: one row per story, then the rejected inputs and the articles in no story."""
    by_id = {a.id: a for a in articles}
    stories = [s for s in document.get("stories") or [] if isinstance(s, Mapping)]
    in_story = {str(a) for s in stories for a in (s.get("articles") or [])}
    entries = [e for e in document.get("articles") or [] if isinstance(e, Mapping)]
    if not entries:  # a document without its article list: fall back to the articles given
        entries = [{"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
                    "published": a.published, "story": None, "copy_of": None} for a in articles]
    loose = [_article_entry(e, by_id.get(str(e.get("id")))) for e in entries if str(e.get("id")) not in in_story]
    rows = [{"href": story_href(s.get("id")), "title": collapse(s.get("title")) or "(untitled story)",
             "first": short_date(s.get("first_published")), "last": short_date(s.get("last_published")),
             "articles": len(s.get("articles") or []), "outlets": [collapse(o) for o in s.get("outlets") or []],
             "reports": s.get("reports"), "lead": _lead(s)} for s in stories]
    rejections = [r for r in document.get("rejections") or [] if isinstance(r, Mapping)]
    outlets = sorted({collapse(e.get("outlet")) for e in entries if e.get("outlet")})
    return _ENV.get_template("briefing_index.html.j2").render(
        stories=rows, loose=loose, rejections=rejections, article_count=len(entries), outlet_count=len(outlets))


def _lead(story: Mapping[str, Any]) -> str:
    """The story's first summary sentence, as a one-line teaser on the index."""
    summary = story.get("summary") or []
    first = summary[0] if summary and isinstance(summary[0], Mapping) else {}
    return excerpt(first.get("text") or "", 240)


__all__ = ["ArticleRef", "group_by_input", "render_briefing_index", "render_index", "render_story_html",
           "story_href"]
