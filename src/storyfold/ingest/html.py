"""HTML page -> RawArticle (main text and metadata by trafilatura). Placeholder: being finished."""
from __future__ import annotations

from ..model import RawArticle, Rejection
from ..settings import Settings


def read_html(data: bytes | str, source: str, settings: Settings, *, url: str | None = None,
              published: str | None = None, line: int | None = None) -> RawArticle | Rejection:
    """Main text and metadata of one HTML page; `url`/`published` are fallbacks (e.g. from WARC)."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url, include_comments=settings.include_comments,
                                      with_metadata=True, as_dict=True)
    if not doc or not (doc.get("text") or "").strip():
        return Rejection(source, "no_article", "no article text could be found in the page", line)
    return RawArticle(source=source, text=doc["text"], fmt="html", title=doc.get("title"),
                      url=doc.get("url") or url, published=doc.get("date") or published,
                      outlet=doc.get("sitename"), language=doc.get("language"),
                      author=doc.get("author"), line=line)
