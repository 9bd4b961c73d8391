"""Tags of an article, of four kinds kept apart so nobody mistakes one for another:

- `tag`      an editor's tag: tag fields, detik `/tag/<slug>` links, Reuters-21578 TOPICS
- `place`    a place the editor tagged (Reuters-21578 PLACES)
- `section`  every category or section the outlet listed it under (KCNA topics, detik channels)
- `keyword`  a machine keyword (analytics.enrich.keywords), only for articles without editor tags

Each row keeps a normalised key (`tag`), shared by every spelling of one tag
(`korea-utara`, `korea_utara`, `Korea Utara`, `#Korea Utara`), and a readable `label`
as found, or the canonical name from the user's alias file:

    [aliases]
    "Korea Utara" = ["Korut", "North Korea", "DPRK"]

Aliases apply to tags, places and keywords, not to sections (an outlet's section
names are its own vocabulary).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import pathlib
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from analytics.enrich import keywords
from analytics.errors import UserError
from analytics.tomllines import TomlLines, read_toml

TAG_KINDS = ("tag", "place", "section", "keyword")  # editor tag, place, category/section name, machine keyword
KEYWORD_COUNT = keywords.KEYWORD_COUNT
ALIAS_TABLE = "aliases"
ALIAS_TOP_KEYS = frozenset({ALIAS_TABLE})

# Characters that separate words in a tag: anything but letters, digits and the few
# symbols that are part of names (`C++`, `C#`, `AT&T`); `_` and `-` are separators too.
_SEPARATORS = re.compile(r"(?:[^\w+#&]|_)+")
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_SPACES = re.compile(r"\s+")
# Surrounding junk a label drops: space and punctuation (`Sandiaga Uno. `), and a leading `#` (`#Tag`).
_LABEL_EDGES = " \t\r\n\f\v\u00a0.,;:!?\"'“”‘’«»()[]{}<>|/\\*-–—_"

# Tag links: <a href=".../tag/<slug>">, also /tags/, /topic/, /topik/ (Indonesian outlets).
_ANCHOR_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_TAG_PATH = re.compile(r"/(?:tags?|topics?|topik)/", re.IGNORECASE)
_SLUG_SEPARATORS = re.compile(r"[-_\s]+")


class TagAliasError(UserError):
    """An alias file that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class TagRow:
    """One tag of one article, with its kind, its normalised key and the label shown for it."""

    kind: str  # one of TAG_KINDS
    tag: str  # the normalised key: all spellings of one tag share it
    label: str  # a readable form, as found (the alias file's canonical name when one applies)


@functools.lru_cache(maxsize=1 << 16)
def normalise_tag(text: str) -> str:
    """The key of a tag: case-folded, diacritics dropped (`Café` = `Cafe`), apostrophes
    dropped (`Ma'ruf` = `Maruf`), slug and label alike (`korea-utara`, `korea_utara`,
    `Korea  Utara` -> `korea utara`), surrounding punctuation and `#` removed. "" when
    nothing is left."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.casefold())
    text = _SEPARATORS.sub(" ", text).strip()
    return text.lstrip("#+& ").rstrip("& ")


def tag_label(text: str) -> str:
    """A tag as found, tidied for display: inner whitespace collapsed, surrounding punctuation and `#` dropped."""
    return _SPACES.sub(" ", text).strip(_LABEL_EDGES).lstrip("#").strip(_LABEL_EDGES)


def slug_label(slug: str) -> str:
    """A URL slug turned into words: `larangan-mudik-2021` -> `larangan mudik 2021`,
    `Rizal%20Ramli` -> `Rizal Ramli`."""
    return tag_label(_SLUG_SEPARATORS.sub(" ", urllib.parse.unquote(slug)))


@dataclasses.dataclass(frozen=True)
class TagAliases:
    """Synonyms -> canonical label, from a user's alias file (empty without one)."""

    path: pathlib.Path | None = None
    # normalised spelling (synonym or canonical) -> (canonical key, canonical label)
    canonical: Mapping[str, tuple[str, str]] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def resolve(self, text: str) -> tuple[str, str]:
        """(tag, label) of `text`: the canonical tag when an alias applies, else its own key and label."""
        key = normalise_tag(text)
        return self.canonical.get(key) or (key, tag_label(text))

    def __len__(self) -> int:
        return len(self.canonical)


def load_aliases(path: pathlib.Path | None) -> TagAliases:
    """Read and validate an alias file; None gives no aliases."""
    if path is None:
        return TagAliases()
    path = pathlib.Path(path)
    data, lines = read_toml(path, what="tag alias file", error=TagAliasError)
    for key in data.keys() - ALIAS_TOP_KEYS:
        raise TagAliasError(
            f"{lines.where((key,)) if isinstance(data[key], dict) else lines.where(key=key)}: "
            f'unknown key \'{key}\' (expected: a [{ALIAS_TABLE}] table of "Canonical" = ["synonym", ...])'
        )
    table = data.get(ALIAS_TABLE, {})
    if not isinstance(table, dict):
        raise TagAliasError(f"{lines.where(key=ALIAS_TABLE)}: '{ALIAS_TABLE}' must be a table: [{ALIAS_TABLE}]")
    return TagAliases(path, MappingProxyType(_alias_map(table, lines)))


def _alias_map(table: dict[str, Any], lines: TomlLines) -> dict[str, tuple[str, str]]:
    where = functools.partial(lines.where, (ALIAS_TABLE,))

    def line(key: str, value: str | None = None) -> str:  # another place in the same file
        number = lines.line((ALIAS_TABLE,), key, value)
        return f"line {number}" if number else "elsewhere in the file"

    owner: dict[str, str] = {}  # normalised canonical -> canonical as written
    for name in table:
        key = normalise_tag(name)
        if not key:
            raise TagAliasError(f"{where(name)}: canonical name '{name}' has no letters or digits")
        if key in owner:
            raise TagAliasError(
                f"{where(name)}: '{name}' is the same tag as '{owner[key]}' ({line(owner[key])}); merge the two lists"
            )
        owner[key] = name
    mapping: dict[str, tuple[str, str]] = {}
    listed_under: dict[str, tuple[str, str]] = {}  # normalised synonym -> (canonical, synonym as written)
    for name, synonyms in table.items():
        target = (normalise_tag(name), tag_label(name))
        mapping[target[0]] = target
        if isinstance(synonyms, str):
            synonyms = [synonyms]
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            raise TagAliasError(
                f'{where(name)}: the synonyms of \'{name}\' must be a list of strings, like ["Korut", "DPRK"]'
            )
        for synonym in synonyms:
            key = normalise_tag(synonym)
            if not key:
                raise TagAliasError(f"{where(name, synonym)}: synonym '{synonym}' of '{name}' has no letters or digits")
            if key == target[0]:
                continue  # a spelling of the canonical name itself
            if key in owner:
                raise TagAliasError(
                    f"{where(name, synonym)}: '{synonym}' (a synonym of '{name}') is itself a canonical name "
                    f"({line(owner[key])}); list its synonyms under one name"
                )
            if key in listed_under and listed_under[key][0] != name:
                first, written = listed_under[key]
                raise TagAliasError(
                    f"{where(name, synonym)}: '{synonym}' is listed under both '{first}' "
                    f"({line(first, written)}) and '{name}'"
                )
            listed_under[key] = (name, synonym)
            mapping[key] = target
    return mapping


def tag_slugs(fragment: str) -> list[str]:
    """Slugs of the tag links in an HTML fragment, as written, one per link in document order.

    A link is `<a href="...">` whose URL path holds `/tag/`, `/tags/`, `/topic/` or `/topik/`;
    the slug is the last path segment after the last such marker that is not a bare number
    (antara `/tag/78/letusan-barujari`, tempo `/topik/masalah/3234/Forest-Fire`,
    a pasted `.../tag/arab-saudhttps://www.detik.com/tag/arab-saudii`). Query and fragment
    are ignored (`/tag/bali/?_ga=...`)."""
    if "<a" not in fragment and "<A" not in fragment:
        return []
    slugs = []
    for match in _ANCHOR_HREF.finditer(fragment):
        href = html.unescape(match[1] if match[1] is not None else match[2] if match[2] is not None else match[3])
        markers = list(_TAG_PATH.finditer(href))
        if not markers:
            continue
        path = re.split(r"[?#]", href[markers[-1].end() :], maxsplit=1)[0]
        segments = [s for s in path.split("/") if s.strip() and not s.strip().isdigit()]
        if segments:
            slugs.append(segments[-1])
    return slugs


def tag_links(fragment: str) -> list[str]:
    """Labels of the tag links in an HTML fragment, one per link in document order: the slug
    turned into words (`larangan-mudik-2021` -> `larangan mudik 2021`), not the link text,
    which is often a phrase of the sentence (a link to /tag/virus-corona may read
    `wabah yang melanda kota itu`)."""
    return [label for label in (slug_label(s) for s in tag_slugs(fragment)) if label]


def tags_of(article: Any, *, aliases: TagAliases, keyword_count: int = KEYWORD_COUNT) -> list[TagRow]:
    """The tag rows of one article, deduplicated by (kind, tag), in order: editor tags
    (`article.tags`), places (`article.places`, where the article has them), the sections
    (`article.section`, then every other one in `article.sections`, where the article has them),
    and, only when there is no editor tag, up to `keyword_count` machine keywords."""
    rows: list[TagRow] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, tag: str, label: str) -> None:
        if tag and (kind, tag) not in seen:
            seen.add((kind, tag))
            rows.append(TagRow(kind, tag, label or tag))

    for text in _texts(article.tags):
        add("tag", *aliases.resolve(text))
    has_tags = bool(rows)
    for text in _texts(getattr(article, "places", None)):
        add("place", *aliases.resolve(text))
    for text in _texts([article.section, *(getattr(article, "sections", None) or ())]):
        add("section", normalise_tag(text), tag_label(text))
    if not has_tags and keyword_count > 0:
        for text in keywords.extract(article.title, article.body, article.language, top=keyword_count):
            add("keyword", *aliases.resolve(text))
    return rows


def _texts(values: Iterable[Any] | None) -> Iterable[str]:
    for value in values or ():
        if isinstance(value, str) and value.strip():
            yield value
