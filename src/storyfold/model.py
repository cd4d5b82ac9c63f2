"""The records that flow through storyfold: inputs become RawArticle, then Article or Rejection."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input item that could not become an article, with the reason (never dropped silently)."""

    source: str  # the input's path as given ("-" for stdin); "path#member" inside archives
    code: str  # a key of errors.REJECTION_CODES
    reason: str  # one sentence a user can act on
    line: int | None = None  # 1-based line (JSONL) or record number (WARC) inside the source

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "code": self.code, "reason": self.reason}

    def one_line(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"rejected {where}: [{self.code}] {self.reason}"


@dataclass(slots=True)
class RawArticle:
    """What a reader found in one input item, before cleaning."""

    source: str
    text: str  # decoded main text (for HTML: the extractor's output); never empty
    fmt: str  # "text" | "html" | "json" | "warc"
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601: "YYYY-MM-DD" or a full timestamp
    outlet: str | None = None
    language: str | None = None
    author: str | None = None
    line: int | None = None  # position inside the source (JSONL line, WARC record)
    input_id: str | None = None  # an id the input itself carried (JSON "id")
    removed: list[str] = field(default_factory=list)  # what the reader already stripped


@dataclass(slots=True)
class Article:
    """A cleaned article. Every span any command prints is [start, end) into `text`."""

    id: str
    source: str
    text: str
    fmt: str = "text"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    author: str | None = None
    line: int | None = None
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The `storyfold extract` record (CONTRACT.md)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "removed": list(self.removed),
        }


def article_id(raw: RawArticle) -> str:
    """A stable id from where the article came from and its text as read.

    Derived from the URL when known (so the same page read from two crawls is one article), else
    from the file's name and position, plus the uncleaned text: cleaning rules may improve
    without changing ids. blake2b, never Python's salted hash().
    """
    if raw.url:
        origin = raw.url
    else:
        name = raw.source.replace("\\", "/").rsplit("/", 1)[-1]
        origin = f"{name}#{raw.line}" if raw.line is not None else name
    digest = hashlib.blake2b(digest_size=8)
    digest.update(origin.encode("utf-8", "surrogatepass"))
    digest.update(b"\x1f")
    digest.update(raw.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
