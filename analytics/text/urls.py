"""A URL's host name as urllib.parse.urlsplit reads it, remembered per site: the articles of a
site share the head of their URLs, and splitting every URL anew cost a few µs an article."""

from __future__ import annotations

import functools
import re
import urllib.parse

# A URL's head up to where its host ends, when it has the plain shape `scheme://host` followed by
# `/`, `?`, `#` or nothing: `urlsplit` reads the same host in the head as in the whole URL (it
# drops tabs and line breaks first, so the head holds none, and the host ends at the same place).
URL_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#\t\r\n]*(?=[/?#]|\Z)")
HEAD_CACHE_SIZE = 1 << 16  # distinct URL heads remembered per process; a corpus has thousands of sites


def url_host(url: str) -> str | None:
    """`urllib.parse.urlsplit(url).hostname` (lower case; None when the URL has none); raises
    ValueError where urlsplit does (a malformed IPv6 literal)."""
    head = URL_HEAD.match(url)
    return _host_of_head(head[0]) if head else urllib.parse.urlsplit(url).hostname


@functools.lru_cache(maxsize=HEAD_CACHE_SIZE)
def _host_of_head(head: str) -> str | None:
    return urllib.parse.urlsplit(head).hostname
