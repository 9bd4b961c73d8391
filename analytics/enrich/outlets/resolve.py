"""Which outlet published an article: its canonical id from the URL, else from the raw outlet name.

Order (issue 13, "Outlets as data"):
1. the URL's host, walked up to its registrable domain, against the registry's hosts (`host`);
2. the raw name against the registry: its aliases and display names (case and whitespace do not
   matter), a raw name written as a host (`Liputan6.com`, `megapolitan.kompas.com`), and the
   normalised forms of the registry's ids, names, aliases and hosts (`Okezone`) (`alias`);
3. a raw value that is not an outlet's name (markup, a sentence, a `[not_outlet]` name) names none;
   any other raw name is an outlet the registry does not know, with its normalised form as id
   (`normalised`), and so is the site of a URL the registry does not know;
4. else none (`none`), with the reason.
Sub-sites (`megapolitan.kompas.com`) roll up to their outlet and stay available as `channel`.
"""

from __future__ import annotations

import dataclasses
import functools

from analytics.enrich.outlets.names import (
    CACHED_NAME_CHARS,
    channel_of,
    fold_name,
    host_in_name,
    host_of,
    name_key,
    not_a_name,
    registrable_domain,
)
from analytics.enrich.outlets.registry import OutletRegistry

NO_OUTLET_METHOD = "none"  # the method of an article without an outlet
METHODS = ("host", "alias", "normalised", NO_OUTLET_METHOD)
# Why an article has no outlet, besides the reasons of names.not_a_name: few fixed texts, to be counted.
NO_NAME = "no outlet name"
NO_NAME_NO_SITE = "no outlet name, and a URL that names no site"
LISTED = "listed as not an outlet"
RESOLVE_CACHE_SIZE = 1 << 16  # distinct (host, raw name) pairs remembered per process


@dataclasses.dataclass(frozen=True)
class OutletMatch:
    """The outlet of one article, how it was found, and (for none) why there is none.

    An outlet the registry does not know (method `normalised`) has its normalised id as its
    name and no kind."""

    outlet_id: str | None
    outlet_name: str | None
    outlet_kind: str | None
    agency: str | None  # the agency id of an agency's own feed, else None
    channel: str | None  # the sub-site: `megapolitan` for megapolitan.kompas.com; None for www or the bare host
    method: str  # one of METHODS
    reason: str | None = None  # why there is no outlet (method `none`)


def resolve_outlet(registry: OutletRegistry, *, url: str | None, raw_name: str | None) -> OutletMatch:
    """The outlet of an article with this URL and raw outlet name (either may be None). The answer
    for each (URL host, raw name) is remembered, but for raw values too long to be names."""
    host = host_of(url)
    if raw_name is not None and len(raw_name) > CACHED_NAME_CHARS:
        return _resolve(registry, host, raw_name)
    return _resolve_remembered(registry, host, raw_name)


def _resolve(registry: OutletRegistry, host: str | None, raw_name: str | None) -> OutletMatch:
    known = registry.outlet_at(host) if host is not None else None
    if known is not None:
        return _match(registry, *known, "host")
    reason: str | None = NO_NAME if host is None else NO_NAME_NO_SITE
    if raw_name is not None and raw_name.strip():
        known = registry.outlet_named(raw_name)
        if known is not None:
            return _match(registry, *known, "alias")
        reason = LISTED if fold_name(raw_name) in registry.not_outlets else not_a_name(raw_name)
        if reason is None:
            return _unknown_name(registry, raw_name)
    site = registrable_domain(host) if host is not None else None
    if host is not None and site is not None:
        return _unknown_host(registry, host, site[0])
    return OutletMatch(None, None, None, None, None, NO_OUTLET_METHOD, reason)


_resolve_remembered = functools.lru_cache(maxsize=RESOLVE_CACHE_SIZE)(_resolve)


def _unknown_name(registry: OutletRegistry, raw_name: str) -> OutletMatch:
    """An outlet the registry does not know, named by the normalised raw name (a host's site name)."""
    host = host_in_name(fold_name(raw_name))
    site = registrable_domain(host) if host is not None else None
    if host is not None and site is not None:
        return _unknown_host(registry, host, site[0])
    key = name_key(raw_name)
    return OutletMatch(key, key, None, None, None, "normalised")


def _unknown_host(registry: OutletRegistry, host: str, domain: str) -> OutletMatch:
    """An outlet the registry does not know, at `host` of the registrable `domain`: named by the domain
    without its public suffix, or by the whole domain where that name is a registry outlet's name
    (an unknown cnn.co.jp is not `cnn`)."""
    name = name_key(domain)
    outlet_id = domain if name in registry.by_key else name
    return OutletMatch(outlet_id, outlet_id, None, None, channel_of(host, domain), "normalised")


def _match(registry: OutletRegistry, outlet_id: str, channel: str | None, method: str) -> OutletMatch:
    outlet = registry.outlet(outlet_id)
    return OutletMatch(outlet.id, outlet.name, outlet.kind, outlet.agency, channel, method)
