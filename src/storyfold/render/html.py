"""Self-contained HTML (no network, no external fonts or scripts); article text is untrusted, so escaped."""
from __future__ import annotations

from collections import OrderedDict

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import Article, Rejection

_ENV = Environment(loader=PackageLoader("storyfold", "render/templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)


def _http_url(url: str | None) -> str | None:
    """Only http(s) links: an input's url field could carry a javascript: URL."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


_ENV.filters["http_url"] = _http_url


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
