r"""Every textual shape of a credit, in one place (like trafilatura's xpaths.py).

Each pattern reads a bounded window before or after an agency name (see
`roles.Spot`): `..._BEFORE` patterns are searched at the end of the window
before the name (they end in `\Z`), `..._AFTER` patterns are matched at the
start of the window after it. A window cut out of a longer text carries a
`\x00` at the cut, so `\A` and `\Z` mean the start and end of the section.
Every repetition is bounded: no pattern can backtrack catastrophically.
"""

from __future__ import annotations

import re

# --- words around a name

# a capitalised word right before the name, inside a sentence
NAME_TAIL = re.compile(r"[^\s.!?:;\"“]\s+(?P<word>[A-Z][\w'’-]*)\s+\Z")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
# what may follow a closing credit (`-AP</b></font>`, `Reuter\n&#3;`, `REUTER^M`, KCNA `-0-`)
TAIL_JUNK = re.compile(r"(?:\s|&#3;|\x03|\^M|-0-|&lt;/?\w[^&<>]{0,80}?&gt;|</?\w[^<>]{0,80}>|[.)\]])*\Z")
# what may precede a dateline opening the body (`<p></p><p> WASHINGTON (Reuters) -`)
HEAD_JUNK = re.compile(r"(?:\s|&lt;/?\w[^&<>]{0,80}?&gt;|</?\w[^<>]{0,80}>)*\Z")

# --- source

# `Sumber: Associated Press`, `Source: AFP, Reuters`, `Republikasumber : Antara`
SOURCE_LABEL = re.compile(
    r"(?:\b(?i:source|sumber\s+berita|sumber\s+artikel)|(?i:sumber))\s*:\s*"
    r"(?:[^\n:]{0,60}?(?:,|&|\band\b|\bdan\b)\s*)?\Z"
)
# `Copyright 2021 The Associated Press`, `COPYRIGHT © ANTARA`. (The lookahead holds the first
# letters of the notices: most positions fail there at once.)
COPYRIGHT = re.compile(r"(?i:(?=[ch©(])(?:copyright|hak\s+cipta|©|\(c\)))\s*(?:©|\(c\))?\s*(?:\d{4}\s*)?(?i:the\s+)?\Z")
# `By Bloomberg News.`, `By The Associated Press.`
BYLINE_BEFORE = re.compile(r"(?:\A|\n|[.!?]\s)\s*(?i:by)\s+(?i:the\s+)?\Z")
BYLINE_AFTER = re.compile(r"\s*(?:\.|\n|\Z)")
# `The Associated Press By Rachel Konrad` heading the body
CREDIT_HEADING_BEFORE = re.compile(r"(?:\A|\n)\s*(?i:the\s+)?\Z")
CREDIT_HEADING_AFTER = re.compile(r"\s+(?:By|BY)\s")
# the name closing the text: `\n Reuter`, `(Reuters)`, `&gt;-AP`, a bare `ANTARA` line. (Matched,
# not searched: the greedy `.*` tries the end of the window first, where a sign-off has its
# line break; `search` would try every position before it.)
CLOSING_BEFORE = re.compile(r"(?s:.*)(?:(?:\A|\n|[.!?\"”)]\s|>|&gt;)\s*(?:[-–—]{1,2}\s*)?|[-–—]{1,2}\s*|\(\s*)\Z")
# --- dateline

# `AP - ...`, `Canadian Press - ...`, `Reuters Athens Aug 23: ...`
DATELINE_LEAD_AFTER = re.compile(r"(?:,?\s+[A-Z][\w.]*(?:,?\s+[\w.]+){0,4})?\s*(?:[-–—]{1,2}|:)\s")
# `SEOUL (Reuters) -`, `Pyongyang, October 3 (KCNA) --`, `(CBS/AP) A video ...`
DATELINE_PAREN_BEFORE = re.compile(
    r"(?:(?:\A|\n|[.!?]\s+|\s{2,}|&gt;\s*|>\s*)[A-Z][^()\n]{0,70}?\s|(?P<first>\A))\(\s*(?:[^()\n/]{1,25}[/-]\s*)?\Z"
)
# Reuters-21578 `TAUPO, New Zealand, March 23, Reuter - Debt ...`
DATELINE_COMMA_BEFORE = re.compile(r"(?:\A|\n)\s*[A-Z][^()\n]{0,60},\s*\Z")
DATELINE_COMMA_AFTER = re.compile(r"\s*[-–—]{1,2}\s")
DATELINE_PAREN_AFTER = re.compile(r"\s*(?:/[^()\n]{1,30})?\)\s*(?:[-–—]{1,2}|:)")
# --- photo

# `Foto: AFP/LLUIS GENE`, `Foto: AFP via Getty Images/STR`, `... //Reuters`
PHOTO_LABEL_BEFORE = re.compile(
    r"(?:(?i:foto|photo|photograph|gambar|image|kredit|credit)\s*:\s*(?:(?i:dok|doc)\.?\s*)?|//\s*)\Z"
)
PHOTO_LABEL_AFTER = re.compile(r"\s*(?:\Z|\n|[/)\],;|]|(?i:via|foto|photo)\b|[-–—]\s)")
# `AP Photo/Name`, `ANTARA FOTO/Name`, `(Xinhua Photo)`
PHOTO_AGENCY_FORM = re.compile(r"\s*(?:PHOTO|FOTO|Photo|Foto)\s*(?:/|\))")
# `REUTERS/Name`, `ANTARA/Name`; in brackets also `(Antara/Tangkapan layar)`
SLASH_CREDIT = re.compile(r"\s*/\s*[A-Z]")
BRACKETED_SLASH_CREDIT = re.compile(r"\s*/[^()\n]{1,40}\)\s*(?:\n|\Z|[A-Z\"“])")
# A caption closed by its credit, possibly a chain: `... undated photo. KCNA via REUTERS`
CAPTION_TAIL_BEFORE = re.compile(r"(?:\A|\n|[(\-–—/|:,.]|\s[A-Z][\w.]*/|\s(?i:via))\s*\Z")
CAPTION_TAIL_AFTER = re.compile(r"(?:\s+(?i:via)\s+[^\n]{1,40}?)?\s*[).\]]*\s*(?:\n|\Z)")
# `photo released by KCNA`, `courtesy of AFP` (in captions)
CAPTION_CUE = re.compile(
    r"(?i:(?:released|provided|distributed|handed\s+out|supplied)\s+by(?:\s+the)?|courtesy(?:\s+of)?)\s+\Z"
)
# the name as a sentence of its own: `... Iraq, October 4. AP. BAGHDAD (AFP) -`
LONE_BEFORE = re.compile(r"(?:\A|\n[^\S\n]*\n|[.!?]\s)\s*\Z")
LONE_AFTER = re.compile(r"\.?\s*(?:\Z|\n[^\S\n]*\n)|\.\s")
# --- headlines. In brackets the agency tags the story (`... (AP)`); after a colon or a
# dash another outlet attributes it (`...: KCNA`, `... -- Yonhap`, `Reuters: ...`).
TITLE_TAG_BEFORE = re.compile(r"\(\s*\Z")
TITLE_TAG_AFTER = re.compile(r"\s*\)\s*\Z")
TITLE_START_BEFORE = re.compile(r"\A\s*(?:\([^()\n]{0,30}\)\s*)?\Z")  # `(HKSAR 25) Xinhua Commentary: ...`
SERIES_PREFIX_AFTER = re.compile(r"\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s*:")
SERIES_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+\b")
SERIES_SUFFIX_AFTER = re.compile(r"\s+[A-Z][a-z]+\s*\Z")
HEADLINE_PREFIX_AFTER = re.compile(r"\s*:\s")
HEADLINE_SUFFIX_BEFORE = re.compile(r"(?::|\s[-–—]{1,2})\s*(?:[\w-]{1,12}\s*/\s*){0,2}\Z")  # `...: RIA/AP`
HEADLINE_SUFFIX_AFTER = re.compile(
    r"(?:\s*/\s*[\w-]{1,12}){0,2}(?:\s+(?i:news\s+agency|agency|source|sources|report|reports))?\s*\Z"
)
# --- author field: the name as one item of the byline (`Antara -detikNews`, `Reuters/AFP`)
AUTHOR_SEGMENT = re.compile(r"(?:\A|[,;/&(-]|\s(?:and|dan)\s)\s*\Z")
AUTHOR_SEGMENT_AFTER = re.compile(r"\s*(?:\Z|[,;/&)-]|\s(?:and|dan)\s)")


def last_words(text: str, count: int) -> list[str]:
    """`WORD.findall(text)[-count:]`, read from the end of the text: a word never holds
    whitespace, so the last `count` runs of other characters end with the last words (the
    whole text is read only when they hold fewer than `count`)."""
    runs = text.rsplit(None, count)
    words = WORD.findall(" ".join(runs[-count:]))
    if len(words) < count and len(runs) > count:
        words = WORD.findall(text)
    return words[-count:]
