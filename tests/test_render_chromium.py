"""The seeds' briefing opened from disk in headless Chromium: what a reader's browser actually builds.

Needs Debian's `chromium` at /usr/bin/chromium (`.ci/install-chromium` installs it); skipped with a
visible reason when absent, except under CI=true where it must run.
"""
from __future__ import annotations

import os
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import shared_path

from storyfold.render import write_briefing

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is absent: install Debian's chromium (.ci/install-chromium) for the DOM test"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: the browser test must run)")
    pytest.skip(message)


def chromium(tmp: Path, url: str, *extra: str) -> str:
    profile = tmp / "profile"
    done = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.elements: list[tuple[str, dict, tuple[str, ...]]] = []  # tag, attrs, enclosing section ids
        self.section_text: dict[str, str] = {}
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs, self._sections()))
        if tag not in {"meta", "br", "link", "img", "input", "hr"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)
        for section in self._sections():
            self.section_text[section] = self.section_text.get(section, "") + data

    def _sections(self) -> tuple[str, ...]:
        return tuple(a.get("id", "") for t, a in self.stack if t == "section")

    def find(self, tag: str, cls: str | None = None, section: str | None = None) -> list[dict]:
        return [a for t, a, s in self.elements if t == tag and (cls is None or cls in (a.get("class") or "").split())
                and (section is None or section in s)]


def parse(dom: str) -> _Dom:
    parser = _Dom()
    parser.feed(dom)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    need_chromium()
    import storyfold.api
    import storyfold.briefing
    import storyfold.copies
    from storyfold.copies import CopyDoc

    articles = list(storyfold.api.extract([shared_path("seeds")]))
    copy_of = storyfold.copies.find_copies([CopyDoc(a.id, a.text, a.published) for a in articles]).copy_of
    story = storyfold.briefing.build_story("seeds", "Europe's plan for a ceasefire in Ukraine", articles, copy_of)
    document = {"schema": 1, "articles": [
        {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
         "published": a.published, "story": "seeds", "copy_of": copy_of.get(a.id)} for a in articles],
        "rejections": [], "stories": [story]}
    out = tmp_path_factory.mktemp("briefing")
    write_briefing(out, document, articles)
    return out, story, articles


def test_render_chromium_story_dom(rendered, tmp_path):
    out, story, _ = rendered
    page = out / "stories" / "seeds.html"
    dom = parse(chromium(tmp_path, page.as_uri(), "--dump-dom"))
    sections = {a.get("id") for a in dom.find("section")}
    assert {"summary", "disputes", "figures", "quotes", "people", "timeline", "claims", "adds", "sources",
            "articles"} <= sections
    assert len(dom.find("li", "sentence", "summary")) == len(story["summary"]) >= 3
    summary_cites = dom.find("a", "cite", "summary")
    assert len(summary_cites) == sum(len(s["citations"]) + len(s.get("supported_by", [])) for s in story["summary"])
    ids = {a["id"] for _, a, _ in dom.elements if "id" in a}
    assert all(a["href"][1:] in ids for a in dom.find("a") if a.get("href", "").startswith("#"))
    assert len(dom.find("div", "dispute", "disputes")) == len(story["disputes"]) >= 1
    for dispute in story["disputes"]:
        for position in dispute["positions"]:
            assert " ".join(position["text"].split()) in " ".join(dom.section_text["disputes"].split())
    assert len(dom.find("article", "text", "articles")) == len(story["articles"])
    # nothing is fetched: no src, no stylesheet links, no url() or @import in the inline style
    assert not [a for _, a, _ in dom.elements if "src" in a]
    assert not dom.find("link") and not dom.find("iframe") and not dom.find("img")
    assert not any("url(" in s or "@import" in s for s in dom.styles)
    assert all(not (a.get("href") or "").startswith(("http:", "https:")) or a.get("rel")
               for a in dom.find("a")), "outgoing links only as plain navigation"


def test_render_chromium_jump_highlights_every_piece_of_the_span(rendered, tmp_path):
    out, story, articles = rendered
    page = out / "stories" / "seeds.html"
    first = parse((page).read_text(encoding="utf-8")).find("a", "cite", "summary")[0]["href"]
    dom = parse(chromium(tmp_path, page.as_uri() + first, "--dump-dom"))
    hits = dom.find("mark", "hit")
    assert hits and all(a.get("data-span") == first[1:] for a in hits)


def test_render_chromium_index_and_screenshot(rendered, tmp_path):
    out, story, _ = rendered
    dom = parse(chromium(tmp_path, (out / "index.html").as_uri(), "--dump-dom"))
    links = [a["href"] for a in dom.find("a") if a.get("href", "").startswith("stories/")]
    assert links == ["stories/seeds.html"] and story["title"] in dom.section_text["stories"]
    shot = tmp_path / "story.png"
    chromium(tmp_path, (out / "stories" / "seeds.html").as_uri(), f"--screenshot={shot}", "--window-size=1280,2000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000) and len(data) > 50_000, "a rendered page, not a blank one"
