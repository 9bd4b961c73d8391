"""Naming the outlet of an article when the input does not say it."""

from __future__ import annotations

import re

from analytics.text.urls import url_host

# Words that make a dateline prefix an outlet's name rather than a place:
# `SRAGEN UPDATE -`, `JAKARTA, KOMPAS.com -`, `SERAMBINEWS.COM -`.
OUTLET_WORDS = re.compile(
    r"\.(?:com|co|id|net|org|news|tv)\b|\b(?:update|news|post|times|online|daily|pos|ekspres|tribun\w*|radar)\b",
    re.IGNORECASE,
)
DATELINE_PREFIX = re.compile(r"^\s*(?P<prefix>[^\n()]{2,60}?)\s*[-–—]{1,2}")
MAX_PREFIX_WORDS = 5


def outlet_from_dateline(body: str | None) -> str | None:
    """The outlet named by the dateline opening a body, if it names one."""
    match = DATELINE_PREFIX.match(body or "")
    if not match:
        return None
    for part in match["prefix"].split(","):
        part = part.strip(" :")
        if part and len(part.split()) <= MAX_PREFIX_WORDS and OUTLET_WORDS.search(part):
            return part.title() if part.isupper() and "." not in part else part
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The host name of the URL without `www.`, as the outlet of an article that names none."""
    host = url_host(url or "") or ""
    return host.removeprefix("www.") or None
