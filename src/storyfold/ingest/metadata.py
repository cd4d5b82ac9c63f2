"""Metadata normalisation shared by every reader: outlet from URL, dates to ISO 8601."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from email.utils import parsedate_to_datetime

from urllib.parse import urlsplit

from tld import get_fld

_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")


def outlet_from_url(url: str | None) -> str | None:
    """The URL's registered domain ("www.bbc.co.uk/news" -> "bbc.co.uk"), or None; never invented.

    Uses the public suffix list bundled in the `tld` package, so nothing is fetched at run time.
    """
    if not url:
        return None
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = (urlsplit(candidate).hostname or "").rstrip(".")
    except ValueError:  # e.g. an unbalanced "[" in the netloc
        return None
    labels = host.split(".")
    if len(labels) < 2 or not labels[-1].isalpha() or not all(_LABEL.match(label) for label in labels):
        return None  # no host, an IP address, localhost, or not a host name at all
    registered = get_fld(f"http://{host}/", fail_silently=True)
    # Hosts under a suffix the list does not know (reserved .example/.test, intranet names):
    # the last two labels are still what the URL says, not an invention.
    return registered or ".".join(labels[-2:])


def normalise_date(value: object) -> str | None:
    """An ISO 8601 string for any date form readers meet, or None when it is not a date.

    Keeps the precision given: "2025-03-02" stays a day; a timestamp keeps its time (in UTC when
    the input had a zone). Accepts ISO strings, RFC 2822 (HTTP/WARC dates) and epoch seconds.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    # Articles of one corpus share few distinct date strings, and ingest parses one per article:
    # short ones are remembered (a long one is no date, and is not kept).
    return _remembered_date_text(value) if len(value) <= 64 else _date_text(value)


def _date_text(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            datetime(int(year), int(month), int(day))
        except ValueError:
            return None
        if hour is None:
            return f"{year}-{month}-{day}"
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            return f"{year}-{month}-{day}"
        return _format_timestamp(parsed)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _format_timestamp(parsed)


_remembered_date_text = lru_cache(maxsize=4096)(_date_text)


def _format_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
