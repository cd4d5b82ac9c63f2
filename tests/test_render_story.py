"""The seeds' briefing rendered: citations resolve to exactly their spans, Markdown footnotes quote them."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import shared_path

from storyfold.render import render_story_html, render_story_markdown, write_briefing
from storyfold.render.markdown import unescape_md


@pytest.fixture(scope="module")
def seeds_briefing():
    import storyfold.api
    import storyfold.briefing
    import storyfold.copies
    from storyfold.copies import CopyDoc

    articles = list(storyfold.api.extract([shared_path("seeds")]))
    copy_of = storyfold.copies.find_copies([CopyDoc(a.id, a.text, a.published) for a in articles]).copy_of
    story = storyfold.briefing.build_story("s1", "Europe's plan for Ukraine", articles, copy_of)
    return story, articles, copy_of


class _Page(HTMLParser):
    """Ids, links, cited-span texts (pieces joined) and the summary's items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.links: list[dict] = []
        self.span_text: dict[str, str] = {}
        self.summary_items: list[list[dict]] = []  # per summary <li>: its citation links
        self.sections: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "section":
            self.sections.append(attrs.get("id", ""))
        if tag == "a":
            self.links.append(attrs)
            if self._inside("ol", "summary") and "cite" in attrs.get("class", "").split():
                self.summary_items[-1].append(attrs)
        if tag == "li" and self._inside("ol", "summary"):
            self.summary_items.append([])
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for span in {a.get("data-span") for _, a in self.stack if a.get("data-span")}:
            self.span_text[span] = self.span_text.get(span, "") + data

    def _inside(self, tag: str, cls: str) -> bool:
        return any(t == tag and cls in a.get("class", "").split() for t, a in self.stack)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def all_citations(story: dict) -> list[dict]:
    found = [c for s in story["summary"] for c in s["citations"]]
    found += [c for c in story["claims"] for c in c.get("citations", [])]
    found += [c for d in story["disputes"] for p in d["positions"] for c in p.get("citations", [])]
    found += [c for t in story["timeline"] for c in t.get("citations", [])]
    return found


def test_render_story_citations_jump_to_exactly_their_spans(seeds_briefing):
    story, articles, copy_of = seeds_briefing
    by_id = {a.id: a for a in articles}
    page = parse(render_story_html(story, by_id, copy_of=copy_of))
    internal = [link["href"][1:] for link in page.links if link.get("href", "").startswith("#")]
    assert internal and all(target in page.ids for target in internal), "every in-page link has its target"
    cites = [link for link in page.links if "cite" in link.get("class", "").split()]
    assert len(cites) >= len(all_citations(story))
    for link in cites:
        target = link["href"][1:]
        article_n, start, end = re.fullmatch(r"c(\d+)-(\d+)-(\d+)", target).groups()
        marked = page.span_text[target]
        tip = link["data-tip"]
        assert " ".join(marked.split()).startswith(tip.removesuffix("…")), "the hover shows the cited text"
        assert any(a.text[int(start):int(end)] == marked for a in articles)
    # and each of the document's citations is one of those, with its exact text
    for citation in all_citations(story):
        s, e = citation["span"]
        text = by_id[citation["article"]].text
        assert text[s:e] in page.span_text.values()


def test_render_story_summary_sentences_and_links(seeds_briefing):
    story, articles, copy_of = seeds_briefing
    page = parse(render_story_html(story, {a.id: a for a in articles}, copy_of=copy_of))
    assert len(page.summary_items) == len(story["summary"]) >= 3
    for item, sentence in zip(page.summary_items, story["summary"]):
        assert len(item) == len(sentence["citations"]) + len(sentence.get("supported_by", [])) >= 1
        by_id = {a.id: a for a in articles}
        for link, citation in zip(item, sentence["citations"]):
            s, e = citation["span"]
            assert page.span_text[link["href"][1:]] == by_id[citation["article"]].text[s:e]
    for section in ("summary", "disputes", "figures", "quotes", "people", "timeline", "claims", "adds",
                    "sources", "articles"):
        assert section in page.sections


def test_render_story_markdown_has_each_sentence_and_its_footnotes(seeds_briefing):
    story, articles, copy_of = seeds_briefing
    by_id = {a.id: a for a in articles}
    md = render_story_markdown(story, by_id, copy_of=copy_of)
    lines = md.splitlines()
    notes = {m.group(1): m.group(2) for m in (re.match(r"\[\^(\d+)\]: (.*)", line) for line in lines) if m}
    for sentence in story["summary"]:
        line = next(line for line in lines if re.match(r"\d+\. ", line) and
                    " ".join(sentence["text"].split()) in unescape_md(line))
        refs = re.findall(r"\[\^(\d+)\]", line)
        assert len(refs) == len(sentence["citations"]) + len(sentence.get("supported_by", []))
        for ref, citation in zip(refs, sentence["citations"]):
            s, e = citation["span"]
            quoted = " ".join(by_id[citation["article"]].text[s:e].split())
            assert f"characters {s}–{e}: “{quoted}”" in unescape_md(notes[ref])
    for heading in ("## Summary", "## Disputes", "## Figures", "## Quotes", "## People and organisations",
                    "## Timeline", "## Claims", "## What each article adds", "## Sources"):
        assert heading in lines
    copies = [a for a in articles if copy_of.get(a.id)]
    assert copies and md.count("(one report with it)") == len(copies), "sources say which article copies which"


def test_render_story_write_briefing_links_index_to_pages(seeds_briefing, tmp_path: Path):
    story, articles, copy_of = seeds_briefing
    document = {"schema": 1, "articles": [
        {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
         "published": a.published, "story": "s1", "copy_of": copy_of.get(a.id)} for a in articles],
        "rejections": [], "stories": [story]}
    write_briefing(tmp_path, document, articles)
    assert json.loads((tmp_path / "stories.json").read_text(encoding="utf-8")) == document
    index = parse((tmp_path / "index.html").read_text(encoding="utf-8"))
    story_links = [link["href"] for link in index.links if link.get("href", "").startswith("stories/")]
    assert story_links == ["stories/s1.html"]
    page = (tmp_path / "stories" / "s1.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page
    assert (tmp_path / "stories" / "s1.md").read_text(encoding="utf-8").startswith("# Europe")
