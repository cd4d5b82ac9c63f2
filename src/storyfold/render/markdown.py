"""One story's briefing as Markdown: the HTML page's sections, citations as footnotes quoting the source.

Article text is untrusted here too: every piece of it is backslash-escaped so that a renderer shows
it as text (no raw HTML, no links, no emphasis it did not mean), and links are http(s) only.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..model import Article
from .view import ArticleRef, Cite, StoryView, build_view, collapse

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# markup inside a line (emphasis, links, raw HTML, entities, code, tables, strikethrough).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def md_text(text: Any) -> str:
    """Untrusted text as one line of inert Markdown."""
    return _SPECIAL.sub(r"\\\1", collapse(text))


def unescape_md(text: str) -> str:
    """The inverse of md_text (for tests and for tools reading the Markdown back)."""
    return re.sub(r"\\([\\`*_\[\]<>|&~])", r"\1", text)


def _plural(count: int | None, word: str) -> str:
    count = count or 0
    return f"{count:,} {word if count == 1 else word + 's'}"


class _Notes:
    """Footnotes, one per cited span, numbered in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.lines: list[str] = []

    def ref(self, cite: Cite) -> str:
        key = cite.anchor or f"missing-{cite.article.id}-{len(self.lines)}"
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            where = f"#{cite.article.n} {md_text(cite.article.label)}" if cite.article.known else \
                f"unknown article {md_text(cite.article.id)}"
            if cite.anchor:
                note = f"{where}, characters {cite.start}–{cite.end}: “{md_text(cite.tip)}”"
            else:
                note = f"{where}: the cited span could not be found in the article"
            self.lines.append(f"[^{self.numbers[key]}]: {note}")
        return f"[^{self.numbers[key]}]"

    def refs(self, cites: list[Cite]) -> str:
        return "".join(self.ref(c) for c in cites)


def _arts(refs: list[ArticleRef]) -> str:
    return ", ".join(f"#{a.n}" if a.known else f"?{md_text(a.id)}" for a in refs)


def _where(reports: int | None, refs: list[ArticleRef]) -> str:
    parts = [_plural(reports, "report")] if reports is not None else []
    if refs:
        parts.append(f"({_arts(refs)})")
    return " ".join(parts)


def _cell(text: str) -> str:
    return text.replace("\n", " ") or " "


def _header(v: StoryView) -> list[str]:
    published = v.first_published or "date unknown"
    if v.last_published and v.last_published != v.first_published:
        published += f" – {v.last_published}"
    outlets = _plural(len(v.outlets), "outlet") + (f" ({md_text(', '.join(v.outlets))})" if v.outlets else "")
    reports = f"{v.reports} independent report{'' if v.reports == 1 else 's'}" if v.reports is not None else \
        "independent reports unknown"
    return [f"# {md_text(v.title)}", "",
            f"*Published {published} · {_plural(v.article_count, 'article')} · {outlets} · {reports}*", ""]


def _summary(v: StoryView, notes: _Notes) -> list[str]:
    lines = ["## Summary", ""]
    if not v.summary:
        return lines + ["*No summary: no sentence of these articles could be cited.*", ""]
    lines += [f"{i}. {md_text(s.text)}{notes.refs(s.cites)}" for i, s in enumerate(v.summary, 1)]
    return lines + [""]


def _disputes(v: StoryView, notes: _Notes) -> list[str]:
    lines = ["## Disputes", ""]
    if not v.disputes:
        return lines + ["*The sources do not contradict each other on anything found.*", ""]
    for d in v.disputes:
        lines += [f"### {md_text(d.about)}", ""]
        for p in d.positions:
            lines.append(f"- **{md_text(p.text)}** — {_where(p.reports, p.articles)}"
                         + notes.refs([c for c in p.cites if not c.tip]))
            lines += [f"  - “{md_text(sentence)}”{notes.refs(where)}" for sentence, where in p.said]
        lines.append("")
    return lines


def _figures(v: StoryView) -> list[str]:
    lines = ["## Figures", ""]
    if not v.figures:
        return lines + ["*No figures found.*", ""]
    lines += ["| Figure | Of | Value | Reports | Articles |", "|---|---|---:|---:|---|"]
    for f in v.figures:
        of = md_text(f.quantity)
        for value, where in f.conflicts:
            of += f" **⚠ conflicts: {md_text(value)} {md_text(f.unit)} in {_arts(where)}**"
        lines.append(f"| **{_cell(md_text(f.text))}** | {_cell(of)} | {md_text(f.value)} {md_text(f.unit)} | "
                     f"{'' if f.reports is None else f.reports} | {_cell(_arts(f.articles))} |")
    return lines + [""]


def _quotes(v: StoryView) -> list[str]:
    lines = ["## Quotes", ""]
    if not v.quotes:
        return lines + ["*No quotes found.*", ""]
    for q in v.quotes:
        first = f", first {q.first_published}" if q.first_published else ""
        lines += [f"> “{md_text(q.text)}”", ">",
                  f"> — **{md_text(q.speaker) or 'unattributed'}**{first} · {_where(q.reports, q.articles)}"]
        lines += [">", *[f"> - also worded: “{md_text(w)}”" for w in q.variants]] if q.variants else []
        lines.append("")
    return lines


def _people(v: StoryView) -> list[str]:
    lines = ["## People and organisations", ""]
    if not v.entities:
        return lines + ["*No people or organisations found.*", ""]
    for e in v.entities:
        parts = [f"- **{md_text(e.name)}**" + (f" ({md_text(e.type)})" if e.type else "")]
        if e.aliases:
            parts.append("also: " + md_text(", ".join(e.aliases)))
        if e.mentions is not None:
            parts.append(_plural(e.mentions, "mention"))
        if e.articles:
            parts.append(_arts(e.articles))
        lines.append(" · ".join(parts))
    return lines + [""]


def _timeline(v: StoryView, notes: _Notes) -> list[str]:
    lines = ["## Timeline", ""]
    if not v.timeline:
        return lines + ["*No dated events found.*", ""]
    for t in v.timeline:
        line = f"- **{md_text(t.date) or 'undated'}** — {md_text(t.text)}{notes.refs(t.cites)}"
        if t.articles:
            line += f" ({_arts(t.articles)})"
        for date, where in t.conflicts:
            line += f" **⚠ told as {md_text(date)} in {_arts(where)}**"
        lines.append(line)
    return lines + [""]


def _claims(v: StoryView) -> list[str]:
    agreed, disputed, single = v.claims["agreed"], v.claims["disputed"], v.claims["single"]
    lines = ["## Claims", "", f"{len(agreed)} agreed · {len(disputed)} disputed · {len(single)} single-source", ""]
    for title, items in (("Agreed by two or more independent reports", agreed), ("Disputed", disputed),
                         ("Single-source: said by one report only", single)):
        if items:
            lines += [f"### {title}", ""]
            lines += [f"- {md_text(c.text)} — {_where(c.reports, c.articles)}" for c in items]
            lines.append("")
    return lines


def _adds(v: StoryView) -> list[str]:
    lines = ["## What each article adds", ""]
    if not v.adds:
        return lines + ["*No article says anything the others do not.*", ""]
    for a in v.adds:
        lines += [f"### #{a.article.n} {md_text(a.article.label)}" if a.article.known else
                  f"### unknown article {md_text(a.article.id)}", ""]
        lines += [f"- {md_text(s.text)}" for s in a.items]
        lines.append("")
    return lines


def _sources(v: StoryView) -> list[str]:
    lines = ["## Sources", "", "| # | Outlet | Published | Title | Copy of |", "|---:|---|---|---|---|"]
    for a in v.known_articles:
        title = md_text(a.title)
        if a.url:
            title = f"[{title}](<{a.url}>)"
        copy = f"#{a.copy_of.n} (one report with it)" if a.copy_of else ""
        lines.append(f"| {a.n} | {_cell(md_text(a.label))} | {a.published or '—'} | {_cell(title)} | {copy or ' '} |")
    return lines + [""]


def render_story_markdown(story: Mapping[str, Any], articles_by_id: Mapping[str, Article], *,
                          copy_of: Mapping[str, str | None] | None = None) -> str:
    """One story's briefing as Markdown; `copy_of` (article id -> origin) fills the sources' copy column."""
    v = build_view(story, articles_by_id, copy_of)
    notes = _Notes()
    lines = [*_header(v), *_summary(v, notes), *_disputes(v, notes), *_figures(v), *_quotes(v), *_people(v),
             *_timeline(v, notes), *_claims(v), *_adds(v), *_sources(v)]
    if notes.lines:
        lines += ["---", "", *notes.lines, ""]
    return "\n".join(lines)
