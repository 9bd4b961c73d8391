"""Page-level metadata: what the page says about itself, apart from the article block.

Knows the <meta> tags (name, property, itemprop, http-equiv; the first value
wins), the canonical link, the <html lang>, JSON-LD objects (nested lists and
`@graph` included), and how to read from them the declared language, the hidden
keywords, the names the site calls itself (for spotting its own copyright
notice) and the title candidates with the site name cut off either end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from analytics.ingest.readers.html.rules import (
    HOST_LABELS_IGNORED,
    KEYWORDS_META,
    LANGUAGE_META,
    MIN_HEADLINE_CHARS,
    MIN_OWN_NAME_CHARS,
    OUTLET_META,
    SITE_PREFIX_RE,
    TITLE_SEPARATORS_RE,
    URL_META,
)
from analytics.ingest.readers.html.tree import Element, norm, unique


def page_meta(doc: Element) -> dict[str, str]:
    """Metadata by lower-case key: every <meta> name/property/itemprop (first value wins),
    `canonical`, `html:lang`, and `ld:*` values from JSON-LD."""
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        value = norm(el.get("content"))
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if el.get(attr) and value:
                meta.setdefault(el.get(attr).lower(), value)
    for el in doc.xpath("//time[@itemprop='datePublished'][@datetime]"):
        meta.setdefault("datepublished", norm(el.get("datetime")))
    canonical = [norm(href) for href in doc.xpath("//link[@rel='canonical']/@href") if norm(href)]
    if canonical:
        meta["canonical"] = canonical[0]
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        meta["html:lang"] = lang
    for obj in _json_ld_objects(doc):
        for source, key in (
            ("datePublished", "ld:published"),
            ("articleSection", "ld:section"),
            ("keywords", "ld:keywords"),
            ("author", "ld:author"),
            ("editor", "ld:editor"),
        ):
            value = _ld_text(obj.get(source))
            if value:
                meta.setdefault(key, value)
    return meta


def _json_ld_objects(doc: Element) -> Iterator[dict[str, Any]]:
    for script in doc.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [graph] if graph else [])
                yield item


def _ld_text(value: Any) -> str:
    """A JSON-LD value as text: a person's name, lists joined by ', '."""
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        return ", ".join(p for p in map(_ld_text, value) if p)
    return norm(str(value)) if value is not None else ""


def first_meta(meta: dict[str, str], keys: Iterable[str]) -> str | None:
    """The first non-empty value among these meta keys, or None."""
    return next((meta[k] for k in keys if meta.get(k)), None)


def language(meta: dict[str, str]) -> str | None:
    """The primary subtag of the declared language ("In-Id" -> "in", "id_ID" -> "id")."""
    value = first_meta(meta, LANGUAGE_META)
    if not value:
        return None
    return re.split(r"[-_\s]", value.strip())[0].lower() or None


def keywords(meta: dict[str, str]) -> list[str]:
    """The page's declared meta keywords, comma-separated, each once."""
    raw = first_meta(meta, KEYWORDS_META) or ""
    return unique(k for k in map(norm, raw.split(",")) if k)


def own_names(meta: dict[str, str], page: dict[str, Any]) -> set[str]:
    """Lower-case names the site calls itself: first word of its name, labels of its host name."""
    names = set()
    outlet = first_meta(meta, OUTLET_META) or page.get("sitename") or ""
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    if words and not outlet.startswith("http"):
        names.add(words[0])
    url = first_meta(meta, URL_META) or page.get("url") or ""
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
    names.update(label for label in host.split(".") if label not in HOST_LABELS_IGNORED)
    return {name for name in names if len(name) >= MIN_OWN_NAME_CHARS}


def title_candidates(meta: dict[str, str], page: dict[str, Any]) -> list[str]:
    """Every title the page declares, each also with a site name cut off its ends."""
    raw = [meta.get("og:title"), meta.get("twitter:title"), meta.get("title"), page.get("title")]
    candidates: list[str] = []
    for value in filter(None, map(norm, raw)):
        candidates.append(value)
        # Site names ride on either end: "Title | Site", "Site: Title", "Title - Section - Site".
        parts = TITLE_SEPARATORS_RE.split(value)
        if len(parts) > 1:
            candidates.append(max(parts, key=len))
        prefixed = SITE_PREFIX_RE.match(value)
        if prefixed:
            candidates.append(prefixed.group(1))
    return [c for c in unique(candidates) if len(c) >= MIN_HEADLINE_CHARS]


def clean_title(candidates: list[str]) -> str | None:
    # With the site name cut off, the shortest candidate is the headline.
    """The headline among the title candidates (the shortest), or None without any."""
    return min(candidates, key=len) if candidates else None
