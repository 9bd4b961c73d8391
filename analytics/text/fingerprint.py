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
    case-folded with its white space runs made one space, `" ".join(body.casefold().split())`,
    where the caller has it already (it serves an ASCII body: another one is changed first)."""
    if not body:
        return None
    if not body.isascii():
        folded = None
        body = body.replace("\xa0", " ")  # the one compatibility form common in scrapes: NFKC is rarely needed then
        if not unicodedata.is_normalized("NFKC", body):
            body = unicodedata.normalize("NFKC", body)
        for form, plain in TYPOGRAPHY.items():  # str.replace, a C loop, beats str.translate's dict lookups
            body = body.replace(form, plain)
    if folded is None:
        folded = " ".join(body.casefold().split())
    text = folded.removesuffix(END_MARK).replace(" ", "")
    return text if len(text) >= MIN_STORY_CHARS else None


def text_fingerprint(body: str | None, *, folded: str | None = None) -> str | None:
    """A hash of the body's story text (story_text, `folded` as it takes it), or None when it has none."""
    text = story_text(body, folded=folded)
    return short_hash(FINGERPRINT_SALT, text) if text is not None else None
