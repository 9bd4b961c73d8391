"""Which agencies an article credits, in which role, with the evidence.

    registry = load_registry()
    rows = detect(article, registry)        # one Attribution per (agency, role)
    wire_copy, primary = summarize(rows)

Per section (title, author, captions, body, source line): one matcher pass
finds the names (an alias that counts only in its own language, `共同`, is no
name in an article without that language's script: Chinese `共同` is "joint"),
furniture and links are set aside, `roles.classify` gives
each name its role, and names chained to a credited one (`KCNA via Reuters`,
`dilansir Reuters dari KCNA`) share its role. Then two article-wide checks:
an agency whose namesake the article names (`Reuters Holdings`) is the
newsmaker, not a source, so its citations drop; so do citations of an acronym
the article uses for something else: a person's initials (`AP (25)`) or
another body it spells out (`Masyarakat Transportasi Indonesia (MTI)`,
`Polisi Federal Australia atau AFP`).

Most articles name no agency: for them the matcher pass is all the work. The
rest is done only around the names found (see `furniture`, `roles`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from analytics.enrich.attribution import roles, shapes
from analytics.enrich.attribution.cues import writes_lang_script
from analytics.enrich.attribution.furniture import MARKS, Furniture, has_url_marks, in_link
from analytics.enrich.attribution.matcher import ALIAS, NAMESAKE, Matcher, Mention, build_matcher
from analytics.enrich.attribution.registry import ROLES, Alias, Registry
from analytics.enrich.attribution.roles import Spot, Verdict
from analytics.enrich.lookalikes import Unmasked, unmask
from analytics.text.urls import url_host

SECTIONS = ("title", "author", "captions", "body", "source_line")
CAPTION_SEPARATOR = "\n"  # captions are scanned as one text, one caption a line
EVIDENCE_CHARS = 60  # context kept on each side of the name
WIRE_ROLES = frozenset({"source", "dateline"})
# Between two names, the words that make them one chain of credit; at most
# this many characters (`dilansir Reuters dari kantor berita resmi KCNA`).
CHAIN_MAX_CHARS = 40
CHAIN = re.compile(
    r"\s*(?:\(\s*[A-Z]{2,8}\s*\)\s*)?"  # the first one's acronym: `Saudi Press Agency (SPA) dan Reuters`
    r"(?:(?P<comma>[,&/])"
    r"|(?i:and|dan|serta|via|from|dari|melalui|through|citing|quoting|mengutip|yang\s+mengutip))\s*"
    r"(?:(?i:the|kantor|berita|news|agency|state|media|official|resmi|pemerintah)\s*){0,3}"
)
PERSON_INITIALS_AFTER = re.compile(r"\s*\(\d{1,3}(?:\s*(?i:th|thn|tahun))?\)")
SPELLED_OUT_BEFORE = re.compile(r"(?:\(\s*|\s(?i:atau|or|alias|aka)\s+)\Z")
# An agency's namesake in a copyright line (`©2026 Bloomberg L.P.` closing a republished story) is
# the agency crediting its own story: taken as a name that can only be the source.
COPYRIGHT_HOLDER = Alias("(copyright holder)", roles=("source",))
MAX_COMPILED = 8  # registries kept compiled (a process normally uses one or two)


@dataclasses.dataclass(frozen=True)
class Attribution:
    """One agency credited in one role by one article: where it is first named, the evidence and how sure."""

    agency: str
    role: str
    section: str  # 'title' | 'author' | 'captions' | 'body' | 'source_line'
    start: int  # offsets of the first mention within that section's text
    end: int
    evidence: str  # the mention with EVIDENCE_CHARS of context on each side
    confidence: float  # the best of its mentions
    mentions: int  # how many mentions of this (agency, role) the article has


def detect(article: Any, registry: Registry) -> list[Attribution]:
    """The attributions of one article (an `analytics.schema.Article` or anything with
    title/body/captions/source_line/author attributes), in order of first appearance."""
    matcher = _compiled(registry)
    sections = _sections(article)
    scanned = []
    originals: dict[str, tuple[str, Unmasked]] = {}  # section -> its text and the way back, where it was unmasked
    for section, text in sections:
        scan = _scan(matcher, text)
        if scan.mentions:
            scanned.append((section, scan.text, scan.mentions, scan.marks))
            if scan.unmasked is not None:
                originals[section] = (text, scan.unmasked)
    if not scanned:
        return []
    own: frozenset[str] | None = None
    credited: list[tuple[Spot, Verdict]] = []
    spots_by_section: list[list[tuple[Spot, Verdict | None]]] = []
    namesakes: set[str] = set()
    written: dict[str | None, bool] = {}  # language -> whether the article writes its script (asked once, if need be)
    for section, text, mentions, marks in scanned:
        names = []
        for mention in mentions:
            if mention.kind == ALIAS:
                alias = mention.alias
                if alias is not None and alias.only_in_lang and not _in_language(alias.lang, sections, written):
                    continue  # `共同` in Chinese: the word "joint", not Kyodo
                names.append(mention)
            elif mention.kind == NAMESAKE:
                if shapes.COPYRIGHT.search(text, max(0, mention.start - roles.BEFORE_CHARS), mention.start):
                    names.append(mention._replace(kind=ALIAS, alias=COPYRIGHT_HOLDER))
                else:
                    namesakes.add(mention.agency)
        if not names:
            continue
        if own is None:  # (at the first name: most articles have none)
            own = _own_agencies(article, matcher, registry)
        spots = _spots(section, text, names, own, marks, registry)
        spots_by_section.append(spots)
        credited += [(spot, verdict) for spot, verdict in _chain(spots) if verdict is not None]
    # Only citations drop out, so only the names cited are checked for another meaning.
    cited = {spot.name for spot, verdict in credited if verdict.role == "cited"}
    if cited:
        other_meanings = {
            s.name
            for spots in spots_by_section
            for s, _ in spots
            if s.name in cited and _means_something_else(s, spots)
        }
        credited = [
            (spot, verdict)
            for spot, verdict in credited
            if verdict.role != "cited" or (spot.mention.agency not in namesakes and spot.name not in other_meanings)
        ]
    return _rows(credited, originals)


def summarize(attributions: Iterable[Attribution]) -> tuple[bool, str | None]:
    """(wire_copy, primary_agency): wire copy has a source or dateline credit; the primary
    agency holds the strongest role (source > dateline > photo > cited), then the most
    mentions, then comes first."""
    rows = list(attributions)
    if not rows:
        return False, None
    wire_copy = any(r.role in WIRE_ROLES for r in rows)
    best = min(enumerate(rows), key=lambda item: (ROLES.index(item[1].role), -item[1].mentions, item[0]))
    return wire_copy, best[1].agency


class _Scan(NamedTuple):
    """A text as the detector reads it, and the names and marks the matcher found in it."""

    text: str  # invisible characters removed, look-alike letters made Latin (see lookalikes.unmask)
    mentions: list[Mention]
    marks: int
    unmasked: Unmasked | None  # the way back to the original text; None: it is the original text


def _scan(matcher: Matcher, text: str) -> _Scan:
    unmasked = unmask(text)
    if unmasked is None:
        return _Scan(text, *matcher.scan(text), None)
    return _Scan(unmasked.text, *matcher.scan(unmasked.text, unmasked.breaks), unmasked)


def _sections(article: Any) -> list[tuple[str, str]]:
    sections = []
    for section in SECTIONS:
        value = getattr(article, section, None)
        if value and section == "captions":
            value = CAPTION_SEPARATOR.join(c for c in value if c)
        if value:
            sections.append((section, value))
    return sections


def _in_language(lang: str | None, sections: list[tuple[str, str]], written: dict[str | None, bool]) -> bool:
    """Whether the article is in the language, told by the script that language alone writes in any
    of its sections (`written`: what is known so far, per language). (An alias only_in_lang has a
    language: the registry checks it.)"""
    known = written.get(lang)
    if known is None:
        known = written[lang] = lang is not None and any(writes_lang_script(text, lang) for _, text in sections)
    return known


def _spots(
    section: str, text: str, mentions: list[Mention], own: frozenset[str], marks: int, registry: Registry
) -> list[tuple[Spot, Verdict | None]]:
    furniture = Furniture(text, marks)
    url_marks = has_url_marks(text) if len(mentions) > 1 else True  # (for a lone name, its neighbourhood only)
    spots = []
    for mention in mentions:
        if mention.start in furniture or in_link(text, mention.start, mention.end, url_marks=url_marks):
            continue
        spot = Spot(section, text, mention, mention.agency in own, registry.cues)
        spots.append((spot, roles.classify(spot)))
    return spots


def _chain(spots: list[tuple[Spot, Verdict | None]]) -> list[tuple[Spot, Verdict | None]]:
    """Names joined by `via`, `dari`, `and`, a comma ... share the role of the one credited."""
    if len(spots) < 2:
        return spots
    result = list(spots)
    for order in (range(1, len(result)), range(len(result) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            (spot, verdict), (other, known) = result[i], result[j]
            if verdict is not None or known is None or known.role not in spot.alias.roles:
                continue
            first, second = (other, spot) if j < i else (spot, other)
            between = spot.text[first.mention.end : second.mention.start]
            link = CHAIN.fullmatch(between) if len(between) <= CHAIN_MAX_CHARS else None
            if link and not (link["comma"] and spot.alias.strict):
                result[i] = (spot, Verdict(known.role, roles.CONFIDENCE["chain"], "chain"))
    return result


def _means_something_else(spot: Spot, spots: list[tuple[Spot, Verdict | None]]) -> bool:
    """An acronym that names a person (`AP (25)`) or spells out another body just before
    it (`Masyarakat Transportasi Indonesia (MTI)`; initials in any order, for Indonesian
    `Polisi Federal Australia atau AFP`). Spelling out the agency itself
    (`Associated Press (AP)`) is not something else."""
    name = spot.name
    if not (len(name) >= 2 and name.isalpha() and name.isupper()):
        return False
    if PERSON_INITIALS_AFTER.match(spot.after):
        return True
    before = spot.before
    marker = SPELLED_OUT_BEFORE.search(before)
    if marker is None:
        return False
    head = before[: marker.start()].rstrip()
    words = [w for w in shapes.last_words(head, len(name) + 3) if w[0].isupper()][-len(name) :]
    if sorted(w[0] for w in words) != sorted(name):
        return False
    head_end = spot.mention.start - len(before) + len(head)
    return not any(o.mention.agency == spot.mention.agency and o.mention.end == head_end for o, _ in spots)


def _rows(credited: list[tuple[Spot, Verdict]], originals: dict[str, tuple[str, Unmasked]]) -> list[Attribution]:
    """One row per (agency, role): its first spot, its best confidence, its number of mentions; its
    offsets and evidence in the section's original text (`originals`: those read unmasked)."""
    found: dict[tuple[str, str], tuple[Spot, float, int]] = {}
    for spot, verdict in credited:
        key = (spot.mention.agency, verdict.role)
        confidence = round(verdict.confidence, 3)
        seen = found.get(key)
        found[key] = (spot, confidence, 1) if seen is None else (seen[0], max(seen[1], confidence), seen[2] + 1)
    return [
        Attribution(agency, role, spot.section, *_span(spot, originals), confidence, mentions)
        for (agency, role), (spot, confidence, mentions) in found.items()
    ]


def _span(spot: Spot, originals: dict[str, tuple[str, Unmasked]]) -> tuple[int, int, str]:
    """The offsets of the spot's name in its section's original text, and the evidence cut from it."""
    start, end = spot.mention.start, spot.mention.end
    if spot.section not in originals:
        return start, end, _evidence(spot.text, start, end)
    text, unmasked = originals[spot.section]
    start, end = unmasked.start(start), unmasked.end(end)
    return start, end, _evidence(text, start, end)


def _evidence(text: str, start: int, end: int) -> str:
    """The window around the name at `start`:`end`, its whitespace runs made one space."""
    window = text[max(0, start - EVIDENCE_CHARS) : end + EVIDENCE_CHARS]
    if window.isprintable() and "  " not in window:
        return window.strip(" ")  # (no whitespace but single spaces: nothing else to fold)
    return " ".join(window.split())


def _own_agencies(article: Any, matcher: Matcher, registry: Registry) -> frozenset[str]:
    """Agencies whose own site or outlet the article is on (their copyright notice is branding)."""
    outlet = getattr(article, "outlet", None) or ""
    url = getattr(article, "url", None)
    host = (url_host(url) or "") if url else ""
    cache = _OWN_CACHE.get(id(matcher))
    if cache is None or cache[0] is not matcher:
        if len(_OWN_CACHE) >= MAX_COMPILED:
            _OWN_CACHE.pop(next(iter(_OWN_CACHE)))
        cache = _OWN_CACHE[id(matcher)] = (matcher, {})
    known = cache[1]
    own = known.get((outlet, host))
    if own is None:
        if len(known) >= OWN_CACHE_SIZE:
            known.clear()
        own = known[(outlet, host)] = _own(outlet, host, matcher, registry)
    return own


def _own(outlet: str, host: str, matcher: Matcher, registry: Registry) -> frozenset[str]:
    own = {m.agency for m in _scan(matcher, outlet).mentions if m.kind == ALIAS}
    for agency in registry.agencies:
        if any(host == d or host.endswith("." + d) for d in agency.domains):
            own.add(agency.id)
    return frozenset(own)


# (outlet, host) -> own agencies, per matcher: a corpus has few outlets and hosts, and
# every article asked the same question of them (a tenth of the detector's time).
OWN_CACHE_SIZE = 10_000
_OWN_CACHE: dict[int, tuple[Matcher, dict[tuple[str, str], frozenset[str]]]] = {}


_COMPILED: dict[int, tuple[Registry, Matcher]] = {}


def _compiled(registry: Registry) -> Matcher:
    """The matcher of a registry, built once (the registry is immutable)."""
    cached = _COMPILED.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    if len(_COMPILED) >= MAX_COMPILED:
        _COMPILED.pop(next(iter(_COMPILED)))
    matcher = build_matcher(registry, marks=MARKS)
    _COMPILED[id(registry)] = (registry, matcher)
    return matcher
