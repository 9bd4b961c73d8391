"""Host names and outlet names in canonical forms, and the raw values that name no outlet.

Pure functions of text; the public-suffix list is tldextract's bundled snapshot,
read from the installed package: nothing is fetched and nothing is cached on disk.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

import tldextract

from analytics.enrich.lookalikes import plain
from analytics.text.urls import url_host

# The bundled public-suffix snapshot only: no suffix list URL to fetch, no cache folder to write.
PUBLIC_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
HOST_CACHE_SIZE = 1 << 16  # distinct hosts remembered per process; a corpus has thousands
NAME_CACHE_SIZE = 1 << 12  # raw names remembered: one resolution folds its name several times
CACHED_NAME_CHARS = 256  # a longer raw value is not remembered: it is no name, and could be a whole text
HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")
MAX_HOST_CHARS = 253
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# `www.`, `www2.` start a host without making a sub-site (unless nothing but a suffix would be left)
WWW_PREFIX = re.compile(r"^(?:www\d*\.)+(?=[\w-]+\.)")
# labels of a sub-domain that are a site's mobile or accelerated edition, not a channel of it
EDITION_LABEL = re.compile(r"www\d*|m|mobile|amp|wap")
NAME_EDGES = " \t.,:;|/\\-–—·•*'\"()[]{}"  # stripped around a name: `KOMPAS.com -`, `(Reuters)`

# A raw value longer than this is not a name (the longest real ones: `Lembaga Kantor Berita Nasional Antara`).
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 80
# A capitalised value with this many lower-case words that are not joining words is a sentence
# read as a name (AG News: `Stocks finished mixed in post`), not a name written in lower case.
SENTENCE_LOWER_WORDS = 2
JOINING_WORDS = frozenset(
    "of the and for in on at to a an de di dan la le les el del der die das du des van von y e et da do dos".split()
)
# Why a raw value is not an outlet's name: few fixed reasons, so that they can be counted.
NO_LETTERS = "no letters or digits"
MARKUP_REASON = "markup"
TOO_LONG = "too long for a name"
SENTENCE_PUNCTUATION = "sentence punctuation"
SENTENCE = "a sentence"
MARKUP = re.compile(r"[<>]|\b(?:href|src)\s*=", re.IGNORECASE)
QUESTION_OR_CLAUSE = re.compile(r"[?;]")
SENTENCE_ENDS = ".!"


def unescape(text: str) -> str:
    """`text` with its HTML character references replaced, repeatedly (`&amp;lt;` is `<`)."""
    while True:
        plain = html.unescape(text)
        if plain == text:
            return text
        text = plain


def host_of(url: str | None) -> str | None:
    """The canonical host of a URL or of a bare host name: lower case, without port, trailing dot
    or leading `www.`; None when there is none or it is not a host name."""
    if not url or not url.strip():
        return None
    text = url.strip()
    if not SCHEME.match(text) and not text.startswith("//"):
        text = "//" + text  # a bare host, or a URL without its scheme
    try:
        host = url_host(text)
    except ValueError:  # a malformed IPv6 literal
        return None
    if not host:
        return None
    host = WWW_PREFIX.sub("", host.strip("."))
    return host if HOST.match(host) and len(host) <= MAX_HOST_CHARS else None


@functools.lru_cache(maxsize=HOST_CACHE_SIZE)
def registrable_domain(host: str) -> tuple[str, str] | None:
    """(`kompas.com`, `kompas`): the domain under the public suffix that `host` belongs to, and its
    name without the suffix; None for a host with no known suffix (`localhost`, an IP address)."""
    parts = PUBLIC_SUFFIXES.extract_str(host)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}", parts.domain


def channel_of(host: str, site: str) -> str | None:
    """The sub-site of `host` under `site` (`megapolitan` of megapolitan.kompas.com under kompas.com),
    without mobile-edition labels; None for the site itself."""
    if host == site or not host.endswith("." + site):
        return None
    labels = [label for label in host[: -len(site) - 1].split(".") if not EDITION_LABEL.fullmatch(label)]
    return ".".join(labels) or None


def fold_name(raw: str) -> str:
    """A raw name in the form aliases are compared in: HTML references replaced, Unicode compatibility
    forms, invisible characters removed and look-alike letters made Latin (`Reu\u200bters`, `Rеuters`
    with a Cyrillic е: see lookalikes.unmask), case folded, whitespace runs as one space."""
    return _fold_remembered(raw) if len(raw) <= CACHED_NAME_CHARS else _fold(raw)


def _fold(raw: str) -> str:
    text = plain(unicodedata.normalize("NFKC", unescape(raw)))
    # Case folding can make a look-alike (`A\u0345` folds to `a` and a Greek iota): unmask again.
    text = plain(unicodedata.normalize("NFKC", text.casefold()))
    return " ".join(text.split())


_fold_remembered = functools.lru_cache(maxsize=NAME_CACHE_SIZE)(_fold)


def host_in_name(folded: str) -> str | None:
    """The host a folded raw name is written as (`liputan6.com`, `megapolitan.kompas.com`), if it is
    one word that is a host name under a public suffix."""
    text = folded.strip(NAME_EDGES)
    if not text or " " in text or "." not in text:
        return None
    host = host_of(text)
    return host if host and registrable_domain(host) else None


def name_key(raw: str) -> str:
    """The normalised form of a raw name: folded, trimmed of surrounding punctuation, and a host
    name reduced to its site's name (`www.Okezone.com` and `news.okezone.com` are `okezone`)."""
    folded = fold_name(raw)
    host = host_in_name(folded)
    if host is not None:
        site = registrable_domain(host)
        return site[1].strip(NAME_EDGES) if site else host
    return folded.strip(NAME_EDGES)


def not_a_name(raw: str) -> str | None:
    """Why a raw outlet value is not an outlet's name (markup, a sentence, too long), or None. A host
    name (`Liputan6.com`, a URL) is a name."""
    if host_in_name(fold_name(raw)) is not None:
        return None
    text = " ".join(unescape(raw).split())
    if not any(c.isalnum() for c in text):
        return NO_LETTERS
    if MARKUP.search(text):
        return MARKUP_REASON
    words = text.split()
    if len(words) > MAX_NAME_WORDS or len(text) > MAX_NAME_CHARS:
        return TOO_LONG
    if QUESTION_OR_CLAUSE.search(text) or any(_ends_sentence(word) for word in words[:-1]):
        return SENTENCE_PUNCTUATION
    lower = [w for w in words if w.isalpha() and w.islower() and w not in JOINING_WORDS]
    if len(lower) >= SENTENCE_LOWER_WORDS and any(c.isupper() for c in text):
        return SENTENCE
    return None


def _ends_sentence(word: str) -> bool:
    """Whether a word inside a value ends a sentence: a lower-case word with a full stop or `!`
    (`sports editor. HOUSTON`), not an abbreviation (`U.S.`, `Inc.`) or a brand (`Yahoo!`)."""
    letters = word[:-1]
    return word[-1] in SENTENCE_ENDS and len(letters) > 1 and letters.isalpha() and letters.islower()
