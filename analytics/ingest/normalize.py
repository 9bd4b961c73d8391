"""From a mapped record to an Article: text cleaning, dates, outlet, sections, identity, text fingerprint."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
from typing import Any

import lxml.etree
import lxml.html

from analytics.enrich import tags
from analytics.ingest import outlets
from analytics.ingest.manifest import SourceSpec
from analytics.schema import LIST_COLUMNS, TEXT_FIELDS, Article, short_hash
from analytics.text import cleaning, dates, events, fingerprint

HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,500}>")
LIST_SPLIT = re.compile(r"\s*[,;|]\s*")
PARAGRAPH_JOIN = "\n\n"
SPLIT_LISTS = frozenset({"tags", "places"})  # a single string holds several: `a, b; c`
# A record's date candidates, in order of trust (see dates.pick_published).
DATE_CANDIDATES = ("published_raw", "published_visible")


class NoContent(ValueError):
    """A record with neither title nor body."""


def to_article(fields: dict[str, Any], *, source_ref: str, spec: SourceSpec, ingested_at: dt.datetime) -> Article:
    """Build the article for one mapped record, or raise NoContent."""
    value_maps = spec.value_maps()
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = _text(fields.get(name))
        values[name] = value_maps.get(name, {}).get(text, text) if text is not None else None
    for name in LIST_COLUMNS:
        values[name] = _list(fields.get(name), split=name in SPLIT_LISTS)
    # Scraped bodies kept as HTML carry the site's tag links (detik: /tag/<slug>).
    links = [label for fragment in _html_fragments(fields.get("body")) for label in tags.tag_links(fragment)]
    values["tags"] = list(dict.fromkeys(values["tags"] + links))

    values["body"] = cleaning.clean_body(values["body"]) if values["body"] else None
    values["title"] = " ".join(values["title"].split()) if values["title"] else None
    if not values["title"] and not values["body"]:
        raise NoContent("no title and no body")

    languages = (spec.language,) if spec.language else None
    raw_date, parsed = dates.pick_published(
        [fields.get(name) for name in DATE_CANDIDATES],
        default_tz=spec.timezone,
        languages=languages,
        order=spec.date_order,
        date_format=spec.date_format,
    )
    values["published_raw"] = None if raw_date in (None, "") else str(raw_date).strip()
    if isinstance(parsed, dates.ParsedDate):
        values.update(
            published_at=parsed.published_at,
            published_local=parsed.published_local,
            tz_label=parsed.tz_label,
            published_method=parsed.method,
        )
        event = events.event_date(values["body"], parsed.published_local, language=spec.language or values["language"])
        values.update(event_date=event, event_lag_days=events.lag_days(event, parsed.published_local))
    values["published_issue"] = dates.date_issue(parsed, now=ingested_at)
    values["outlet"] = (
        spec.outlet
        or values["outlet"]
        or outlets.outlet_from_dateline(values["body"])
        or outlets.outlet_from_url(values["url"])
    )
    values["language"] = spec.language or values["language"]
    values["sections"] = list(dict.fromkeys(([values["section"]] if values["section"] else []) + values["sections"]))
    values["section"] = values["section"] or next(iter(values["sections"]), None)
    folded_body = fingerprint.fold(values["body"] or "")
    return Article(
        article_id=article_id(values),
        source_ref=source_ref,
        content_hash=short_hash(fingerprint.fold(values["title"] or ""), folded_body),
        text_fingerprint=fingerprint.text_fingerprint(values["body"], folded=folded_body),
        ingested_at=ingested_at,
        **{k: v for k, v in values.items() if k not in ("article_id", "source_ref", "content_hash", "ingested_at")},
    )


def article_id(values: dict[str, Any]) -> str:
    """Stable identity: the URL where there is one, else outlet, title, date and text."""
    url = canonical_url(values.get("url"))
    if url:
        return short_hash("url", url)
    return short_hash(
        "text", values.get("outlet"), values.get("title"), values.get("published_raw"), values.get("body")
    )


def canonical_url(url: str | None) -> str | None:
    """The URL as an article's identity: lower-cased host (no scheme, user or port), path without its
    trailing slash, query kept, fragment dropped; None for a blank one."""
    if not url or not url.strip():
        return None
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    return urllib.parse.urlunsplit(("", host, parts.path.rstrip("/"), parts.query, "")).lstrip("/") or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):  # an object stands for its name (NewsAPI's source, schema.org's author and publisher)
        value = value.get("name") or json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        value = PARAGRAPH_JOIN.join(t for t in (_text(v) for v in value) if t)
    text = str(value)
    if HTML_TAG.search(text):
        text = _html_to_text(text)
    text = text.strip()
    return text or None


def _html_fragments(value: Any) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else [value]
    return [v for v in items if isinstance(v, str) and HTML_TAG.search(v)]


def _html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (scraped paragraphs often keep their links and emphasis)."""
    try:
        return lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        return html.unescape(HTML_TAG.sub("", fragment))


def _list(value: Any, *, split: bool) -> list[str]:
    """A list field; a single string is one item, or several when `split` (tags: `a, b; c`)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = LIST_SPLIT.split(str(value)) if split else [value]
    return [t for t in (_text(v) for v in items) if t]
