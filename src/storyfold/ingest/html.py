"""HTML page -> RawArticle: main text by trafilatura, metadata from the page, encoding from the bytes.

trafilatura finds the main text (comments excluded unless settings.include_comments; its
fallback, jusText, cleans with lxml_html_clean). Metadata is read from the page's own markup
(meta tags, JSON-LD, <title>, <link rel=canonical>, htmldate), using trafilatura's metadata
functions one by one: its all-in-one extract_metadata also searches the whole DOM for authors,
categories and tags, which costs a third of the extraction time and gives nothing we print.
"""
from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from typing import TYPE_CHECKING

from lxml.etree import LxmlError

from ..errors import check_code
from ..model import RawArticle, Rejection
from ..settings import Settings
from .metadata import normalise_date, outlet_from_url

if TYPE_CHECKING:  # trafilatura takes ~0.3 s to import: only pages that need it pay for it
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

# The encoding a page declares, as a browser's prescan finds it (<meta charset>, http-equiv, or an
# XML declaration) within its first bytes.
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})|"""
                       rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_PRESCAN_BYTES = 8192
# WHATWG encoding labels that mean another codec than Python's namesake: browsers read "latin-1"
# pages as windows-1252, and a meta tag found by an ASCII prescan cannot really mean UTF-16.
_WHATWG = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
           "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
           "latin5": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874", "gb2312": "gb18030",
           "gbk": "gb18030", "x-gbk": "gb18030", "x-sjis": "shift_jis", "utf-16": "utf-8",
           "utf-16le": "utf-8", "utf-16be": "utf-8", "x-user-defined": "cp1252"}
# Encodings whose bytes are 7-bit and so also valid UTF-8: the declaration has to win.
_SEVEN_BIT = ("iso2022", "hz", "utf_7")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
# What trafilatura, htmldate and lxml raise on pages they cannot handle: the page becomes a
# rejection (or loses its metadata), never an exception out of a batch.
_EXTRACTOR_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, LxmlError)
_TITLE_SEPARATORS = re.compile(r"\s+[|·•–—:-]+\s+|\s*::\s*")


def decode_html(data: bytes) -> str:
    """Bytes -> text: BOM, then valid UTF-8, then the page's declared charset, then detection.

    UTF-8 is tried before the declaration because pages declaring latin-1 are often UTF-8 in
    truth, while real latin-1 text with accents is almost never valid UTF-8.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _declared_codec(data[:_PRESCAN_BYTES])
    if declared and declared.startswith(_SEVEN_BIT):
        decoded = _try_decode(data, declared)
        if decoded is not None:
            return decoded
    decoded = _try_decode(data, "utf-8")
    if decoded is not None:
        return decoded
    if declared:
        decoded = _try_decode(data, declared)
        if decoded is not None:
            return decoded
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


def _declared_codec(head: bytes) -> str | None:
    """The Python codec name for the charset the page declares, or None if absent or unknown."""
    match = _DECLARED.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip().lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def read_html(data: bytes | str, source: str, settings: Settings, *, url: str | None = None,
              published: str | None = None, line: int | None = None) -> RawArticle | Rejection:
    """Main text and metadata of one HTML page; `url`/`published` are fallbacks (e.g. from WARC)."""
    import trafilatura
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    if len(data) > settings.max_input_bytes:
        return Rejection(source, check_code("too_large"),
                         f"the page is {len(data):,} bytes, above max_input_bytes={settings.max_input_bytes:,}",
                         line)
    html = decode_html(data) if isinstance(data, bytes) else data
    if not html.strip():
        return Rejection(source, check_code("empty"), "the page is empty", line)
    try:
        tree = load_html(html)
        doc = None if tree is None else trafilatura.bare_extraction(
            tree, url=url, include_comments=settings.include_comments, with_metadata=False)
    except _EXTRACTOR_ERRORS as err:
        return Rejection(source, check_code("no_article"),
                         f"the HTML extractor failed on this page ({type(err).__name__}: {err})", line)
    text = (doc.text if doc is not None else None) or ""
    if tree is None or len(text.strip()) < settings.min_text_chars:
        return Rejection(source, check_code("no_article"),
                         "no article text could be found in the page (not HTML, or only navigation)", line)
    try:
        meta = _page_metadata(tree, url)
    except _EXTRACTOR_ERRORS:
        meta = Document()  # the text stands; the fields stay empty and the fallbacks below apply
    title = meta.title or None
    text, removed = _drop_title_line(text, title)
    page_url = meta.url or url
    return RawArticle(source=source, text=text, fmt="html", title=title, url=page_url,
                      published=normalise_date(meta.date) or normalise_date(published),
                      outlet=_outlet(meta.sitename, page_url), language=_language(tree),
                      author=meta.author or None, line=line, removed=removed)


def _page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, author, canonical URL, site name and date from the page's markup (no DOM-wide searches)."""
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a one-word "author" in meta tags is a handle or the site, not a person
    try:
        meta = extract_meta_json(tree, meta)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        pass  # malformed JSON-LD: the meta tags read above stand
    if not meta.title:
        meta.title = extract_title(tree)
    meta.url = _page_url(tree, meta.url, url)
    meta.date = find_date(tree, extensive_search=False, original_date=True, url=meta.url,
                          max_date=date.today().isoformat())
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    meta.clean_and_trim()
    return meta


def _page_url(tree: HtmlElement, og_url: str | None, given: str | None) -> str | None:
    """The page's canonical URL (<link rel=canonical>, resolved), else og:url, else the URL it came from.

    Not <base href>: that is often the site's root, which would give every page one URL.
    """
    for link in tree.iterfind('.//head//link[@href]'):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = _absolute(link.get("href", ""), given or og_url)
            if canonical:
                return canonical
    return _absolute(og_url or "", given) or given


def _absolute(href: str, base: str | None) -> str | None:
    """An absolute http(s) URL for href (resolved against base when relative), or None."""
    href = href.strip()
    if not href:
        return None
    resolved = urljoin(base, href) if base else ("https:" + href if href.startswith("//") else href)
    parts = urlsplit(resolved)
    return resolved if parts.scheme in ("http", "https") and parts.netloc else None


def _drop_title_line(text: str, title: str | None) -> tuple[str, list[str]]:
    """Remove a first line that repeats the headline: the title is metadata, not body text.

    Matches the whole title or one of its parts ("Headline | Site"); kept when it is all there is.
    """
    if not title:
        return text, []
    first, newline, rest = text.partition("\n")
    if not newline or not rest.strip():
        return text, []
    wanted = _squash(first)
    if wanted and (wanted == _squash(title) or wanted in {_squash(p) for p in _TITLE_SEPARATORS.split(title)}):
        return rest, [first]
    return text, []


def _squash(value: str) -> str:
    return " ".join(value.casefold().split())


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site's own name when it looks like one, else the URL's registered domain; never invented."""
    name = (sitename or "").strip().lstrip("@")  # "@BarronsOnline": a Twitter handle given as the site
    if name and ("://" in name or (" " not in name and "." in name)):
        return outlet_from_url(name) or outlet_from_url(url)
    if name and len(name) <= 60 and len(name.split()) <= 6 and "|" not in name \
            and not name.lower().startswith(("copyright", "©")):
        return name
    return outlet_from_url(url)


def _language(tree: HtmlElement) -> str | None:
    """The page's declared language ("en-GB" -> "en"): <html lang>, Content-Language, or og:locale."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iterfind(".//head/meta[@content]"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        match = _LANGUAGE.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None
