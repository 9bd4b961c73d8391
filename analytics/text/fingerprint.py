"""A story's text fingerprint: what two copies of one story have in common however they were scraped.

Read off the KCNA archive (kcna_stiles_archive), where one story is listed under up to
five sections, each listing a page of its own, and its copies differ only in furniture:

- white space: line and paragraph breaks, tabs, non-breaking spaces (`\\xa0`, in 91 of its
  texts), and spaces lost where the site's HTML had spans (`ComradeKim Jong Un`) — all
  white space is dropped, so a lost space does not make another text;
- typography: compatibility forms (full-width digits, `１０月`), curly quotes and dashes
  (`’` beside `'` in copies of one KCNA story) are folded to their plain forms, letter case too;
- the end mark a wire closes a story with: KCNA's `-0-`.

The dateline (`Pyongyang, July 14 (KCNA) --`) is kept: it says where and when the story
was filed, so the same words filed on another day stay another story. Furniture *lines*
(related links, ads, page numbers) are gone before this: the body is cleaned at ingest
(analytics.text.cleaning.clean_body).

A text shorter than MIN_STORY_CHARS once normalised has no fingerprint: it is boilerplate
or a stub (`Halo, pembaca nawalaCek Fakta Tempo!`, 32 characters, is the
whole text of eleven different Tempo fact-check newsletters), not a text that identifies one story.
"""

from __future__ import annotations

import unicodedata

from analytics.schema import short_hash
from analytics.text.whitespace import collapse

# Calibrated on the shared corpora (normalised characters, within one outlet): the longest
# text shared by different stories is 32 characters (the Tempo newsletter greeting above;
# `TEMPO.CO,Jakarta-`, 17; `Kawan Pal.`, 9), the shortest text of one story repeated is 61
# (a Reuters-21578 rates table sent twice, `ZURICH INTERBANK RATES - APR 07 ...`).
MIN_STORY_CHARS = 48
# Typographic forms and their plain ones (NFKC keeps these apart).
TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}
# A wire's end mark closing the text (KCNA: `... of the country. -0-`).
END_MARK = "-0-"
FINGERPRINT_SALT = "story-text"  # keeps fingerprints apart from the other short_hash identities


def story_text(body: str | None, *, folded: str | None = None) -> str | None:
    """The body as copies of one story share it: furniture folded away (see the module's
    docstring); None when what is left is shorter than MIN_STORY_CHARS. `folded` is the body
    case-folded with its white space runs made one space, `fold(body)`, where the caller has it already."""
    if not body:
        return None
    if not body.isascii():
        body = body.replace("\xa0", " ")  # the one compatibility form common in scrapes: NFKC is rarely needed then
        if not unicodedata.is_normalized("NFKC", body):
            body, folded = unicodedata.normalize("NFKC", body), None
        if folded is None:
            folded = fold(body)
        # The typography is folded after the case: the same, as no character's case folding makes
        # a typographic form, they and their plain forms keep their case, and none is white space.
        for form, plain in TYPOGRAPHY.items():  # str.replace, a C loop, beats str.translate's dict lookups
            folded = folded.replace(form, plain)
    elif folded is None:
        folded = fold(body)
    text = folded.removesuffix(END_MARK).replace(" ", "")
    return text if len(text) >= MIN_STORY_CHARS else None


def fold(text: str) -> str:
    """The text case-folded, its white space runs made one space: `" ".join(text.casefold().split())`."""
    return collapse(text.lower() if text.isascii() else text.casefold())  # (lower is casefold on ASCII, faster)


def text_fingerprint(body: str | None, *, folded: str | None = None) -> str | None:
    """A hash of the body's story text (story_text, `folded` as it takes it), or None when it has none."""
    text = story_text(body, folded=folded)
    return short_hash(FINGERPRINT_SALT, text) if text is not None else None
