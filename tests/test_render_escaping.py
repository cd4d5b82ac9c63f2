"""Article fields are untrusted: hostile titles, texts, urls and ids render inert in HTML and Markdown."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from storyfold.model import Article
from storyfold.render import render_story_html, render_story_markdown, write_briefing
from storyfold.render.markdown import unescape_md

SCRIPT = "<script>alert(1)</script>"
EVIL_TEXT = (f"Officials met on Monday. {SCRIPT} was in the text. "
             "The minister said \"><svg onload=alert(5)> & more.\nA second paragraph <b>bold</b>.")


def evil_articles() -> list[Article]:
    return [
        Article(id="evil", source="in/<evil>.txt", text=EVIL_TEXT, title=SCRIPT, url="javascript:alert(2)",
                outlet="<img src=x onerror=alert(3)>", published="2025-01-01"),
        Article(id="good", source="in/good.txt", text="Officials met on Monday in the capital.",
                title="Officials meet", url="https://example.org/a?x=1&y=2", outlet="Example"),
        Article(id="lost", source="in/lost.txt", text="Nothing to do with it.", url=" JAVASCRIPT:alert(6)"),
    ]


def evil_story() -> dict:
    start = EVIL_TEXT.index(SCRIPT)
    said = EVIL_TEXT.index("The minister")
    said_end = EVIL_TEXT.index("\n")
    cite = {"article": "evil", "span": [start, start + len(SCRIPT)], "kind": "source"}
    return {
        "id": '../../x"><script>alert(7)</script>', "title": f"Story {SCRIPT}", "articles": ["evil", "good"],
        "outlets": ["<i>o</i>"], "reports": 2, "first_published": "2025-01-01", "last_published": None,
        "summary": [{"text": f"{SCRIPT} was in the text.", "citations": [
            cite, {"article": "evil", "span": [said, said_end], "kind": "support"},
            {"article": "good", "span": [0, 24], "kind": "support"}]}],
        "claims": [{"text": SCRIPT, "status": "single", "articles": ["evil"], "reports": 1, "citations": [cite]}],
        "figures": [{"text": "<u>5</u>", "value": 5, "unit": "<em>", "quantity": SCRIPT, "articles": ["evil"],
                     "reports": 1, "conflicts": [{"value": "<b>6</b>", "articles": ["good"]}]}],
        "quotes": [{"speaker": SCRIPT, "text": "\"><svg onload=alert(5)>", "variants": ["<b>x</b>"],
                    "articles": ["evil"], "reports": 1, "first_published": "2025-01-01"}],
        "entities": [{"name": SCRIPT, "type": "PERSON", "aliases": ["<b>a</b>"], "articles": ["evil"], "mentions": 2}],
        "timeline": [{"date": "2025-01-01", "text": SCRIPT, "articles": ["evil"], "citations": [cite],
                      "conflicts": [{"date": "<b>2025</b>", "articles": ["good"]}]}],
        "disputes": [{"about": SCRIPT, "positions": [{"text": "<b>A</b>", "articles": ["evil"], "citations": [cite]},
                                                     {"text": "B", "articles": ["good"], "citations": []}]}],
        "adds": {"evil": [EVIL_TEXT[said:said_end]], "<script>": [SCRIPT]},
    }


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(page: str) -> None:
    dom = elements(page)
    tags = {tag for tag, _ in dom.elements}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "link", "b", "i", "u", "em"}, tags
    scripts = [attrs for tag, attrs in dom.elements if tag == "script"]
    assert len(scripts) <= 1 and all("src" not in attrs for attrs in scripts), "only our own inline script"
    assert not any("alert" in s for s in dom.scripts)
    for tag, attrs in dom.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        assert not href or href.startswith(("#", "http://", "https://", "../index.html", "stories/")), href


def test_render_escaping_story_html_is_inert():
    by_id = {a.id: a for a in evil_articles()}
    page = render_story_html(evil_story(), by_id, index_href="../index.html")
    assert_inert(page)
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the hover text is the cited source text itself, escaped inside the attribute
    tips = [a.get("data-tip") for tag, a in elements(page).elements if tag == "a" and a.get("data-tip")]
    assert SCRIPT in tips
    # the https url is kept (escaped), the javascript: one dropped
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page


def test_render_escaping_markdown_is_inert():
    by_id = {a.id: a for a in evil_articles()}
    md = render_story_markdown(evil_story(), by_id)
    raw = [m.start() for m in re.finditer(r"(?<!\\)<", md) if not md.startswith("<https://", m.start())]
    assert raw == [], [md[i - 20:i + 20] for i in raw]  # every other "<" is backslash-escaped
    assert "javascript:" not in md.lower()
    assert "(<https://example.org/a?x=1&y=2>)" in md
    assert f"{SCRIPT} was in the text." in unescape_md(md)


def test_render_escaping_write_briefing_keeps_files_inside_out(tmp_path: Path):
    articles = evil_articles()
    story = evil_story()
    document = {"schema": 1, "articles": [
        {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
         "published": a.published, "story": None, "copy_of": None} for a in articles],
        "rejections": [{"source": "<script>x</script>", "line": None, "code": "<b>c</b>", "reason": SCRIPT}],
        "stories": [story]}
    out = tmp_path / "out"
    write_briefing(out, document, articles)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    pages = written - {"index.html", "stories.json"}
    assert len(written) == 4 and len(pages) == 2
    assert all(p.startswith("stories/") and "/" not in p[len("stories/"):] for p in pages)
    assert json.loads((out / "stories.json").read_text(encoding="utf-8")) == document
    index = (out / "index.html").read_text(encoding="utf-8")
    assert_inert(index)
    hrefs = [a["href"] for tag, a in elements(index).elements if tag == "a" and a.get("href", "").startswith("stories/")]
    assert hrefs and all((out / h).is_file() for h in hrefs)
    assert "Nothing to do with it." in index, "the article in no story is listed"
    for path in out.rglob("*.html"):
        assert_inert(path.read_text(encoding="utf-8"))
