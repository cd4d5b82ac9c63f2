"""Texts that are not news: what a scraper keeps when the page held no report.

A crawl of news links brings back archive notices ("Starting in 1996, Alexa Internet has been
donating their crawl data..."), social-media widgets ("Tweet with a location"), video-player and
sign-in messages. They are short, the same text under many different stories, and made of a few
notice words; clustered like reports they pile up into one false story, or pull the story they
join towards nothing. Such a text stands alone: its own story, never a candidate for others.

The rule is general, not fitted to one corpus: a short text (under `_MAX_WORDS` words) in which
web-notice phrases are dense, or that is mostly links. A real report that mentions Twitter or a
login once is long enough, or has too few such phrases, to pass.
"""
from __future__ import annotations

import re

_MAX_WORDS = 150  # a report of a story is longer; a notice or widget text is shorter
_NOTICE_RE = re.compile(
    r"\b(?:javascript|cookies?|browser|wayback machine|internet archive|archive-it|crawl(?:ed|s)?"
    r"|tweets?|twitter|sign (?:up|in)|log ?in|subscribe|newsletter|mailing list|not available"
    r"|enable|privacy policy|terms of (?:service|use)|page not found|404|access denied"
    r"|click (?:here|below)|rented|transcript|all rights reserved)\b", re.IGNORECASE)
_LINK_RE = re.compile(r"https?://|www\.")


def is_not_news(text: str) -> bool:
    """True for a short text made of web notices or links rather than a report."""
    if not text:
        return False
    words = len(text[:3_000].split())
    if words == 0 or words >= _MAX_WORDS:
        return False
    notices = len(_NOTICE_RE.findall(text[:3_000]))
    links = len(_LINK_RE.findall(text[:3_000]))
    # One notice phrase in 40 words, at least two: "Tweet with a location ... Twitter stores".
    return notices >= max(2, words / 40) or links * 4 >= words
