"""Marking cited spans in article text: exact spans, overlaps, escaping, nothing lost."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.render.marks import Mark, mark_spans


class _Pieces(HTMLParser):
    """Text per data-span (pieces concatenated), anchors, and the whole text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.by_span: dict[str, str] = {}
        self.ids: list[str] = []
        self.text = ""
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self.stack.append(attrs.get("data-span"))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        self.text += data
        for span in {s for s in self.stack if s}:
            self.by_span[span] = self.by_span.get(span, "") + data


def parse(markup: str) -> _Pieces:
    parser = _Pieces()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], "every opened element is closed"
    return parser


def test_render_marks_nested_and_crossing_spans_keep_their_exact_text():
    text = "Alpha beta gamma delta epsilon zeta."
    marks = [Mark("outer", 0, 30), Mark("inner", 6, 16), Mark("cross", 11, 36), Mark("same", 6, 16)]
    dom = parse(str(mark_spans(text, marks)))
    assert dom.text == text
    for mark in marks:
        assert dom.by_span[mark.html_id] == text[mark.start:mark.end]
    # one anchor per span, however many pieces a crossing span is split into
    assert sorted(dom.ids) == sorted(m.html_id for m in marks)


def test_render_marks_escape_markup_inside_and_outside_spans():
    text = 'x <script>alert("1")</script> & <img src=x onerror=alert(2)> y'
    start = text.index("<script>")
    dom = parse(str(mark_spans(text, [Mark("s", start, start + 20)])))
    assert dom.text == text
    assert dom.tags <= {"mark", "span"}, "article text never becomes elements"
    assert dom.by_span["s"] == text[start:start + 20]


def test_render_marks_bad_offsets_are_clipped_not_raised():
    text = "short text"
    dom = parse(str(mark_spans(text, [Mark("neg", -5, 3), Mark("far", 6, 999), Mark("empty", 4, 4),
                                      Mark("inverted", 8, 2)])))
    assert dom.text == text
    assert dom.by_span == {"neg": "sho", "far": "text"}


def test_render_marks_newlines_stay_in_the_text():
    text = "First paragraph.\n\nSecond one.\nThird."
    dom = parse(str(mark_spans(text, [Mark("a", 6, 25)])))
    assert dom.text == text and dom.by_span["a"] == text[6:25]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n")), min_size=0, max_size=60),
       spans=st.lists(st.tuples(st.integers(-3, 65), st.integers(-3, 65)), max_size=8))
def test_render_marks_any_spans_lose_no_text_and_mark_exactly(text, spans):
    marks = [Mark(f"m{i}", s, e) for i, (s, e) in enumerate(spans)]
    dom = parse(str(mark_spans(text, marks)))
    assert dom.text == text
    for mark in marks:
        start, end = max(0, min(mark.start, len(text))), mark.end
        end = max(start, min(end, len(text)))
        if end > start:
            assert dom.by_span[mark.html_id] == text[start:end]
        else:
            assert mark.html_id not in dom.by_span
