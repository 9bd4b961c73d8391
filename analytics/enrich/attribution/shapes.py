r"""Every textual shape of a credit, in one place (like trafilatura's xpaths.py).

Each pattern reads a bounded window before or after an agency name (see
`roles.Spot`): `..._BEFORE` patterns are searched at the end of the window
before the name (they end in `\Z`), `..._AFTER` patterns are matched at the
start of the window after it. A window cut out of a longer text carries a
`\x00` at the cut, so `\A` and `\Z` mean the start and end of the section.
Every repetition is bounded: no pattern can backtrack catastrophically.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from re import _parser as sre_parser  # type: ignore[attr-defined]  # (the standard library's reading of a pattern)
from typing import Any

# --- words around a name

# a capitalised word right before the name, inside a sentence
NAME_TAIL = re.compile(r"[^\s.!?:;\"“]\s+(?P<word>[A-Z][\w'’-]*)\s+\Z")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
# what may follow a closing credit (`-AP</b></font>`, `Reuter\n&#3;`, `REUTER^M`, KCNA `-0-`)
TAIL_JUNK = re.compile(r"(?:\s|&#3;|\x03|\^M|-0-|&lt;/?\w[^&<>]{0,80}?&gt;|</?\w[^<>]{0,80}>|[.)\]）】])*\Z")
# what may precede a dateline opening the body (`<p></p><p> WASHINGTON (Reuters) -`)
HEAD_JUNK = re.compile(r"(?:\s|&lt;/?\w[^&<>]{0,80}?&gt;|</?\w[^<>]{0,80}>)*\Z")

# --- source

# `Sumber: Associated Press`, `Source: AFP, Reuters`, `Republikasumber : Antara`, Korean `자료 제공: 연합뉴스`
SOURCE_LABEL = re.compile(
    r"(?:\b(?i:source|sumber\s+berita|sumber\s+artikel)|(?i:sumber)|자료\s*제공)\s*:\s*"
    r"(?:[^\n:]{0,60}?(?:,|&|\band\b|\bdan\b)\s*)?\Z"
)
# A bracketed reference closing a sentence: `(Bernama, 9 Disember 2009)`, `(Reuters, March 3, 2019)`.
REFERENCE_BEFORE = re.compile(r"\(\s*\Z")
REFERENCE_AFTER = re.compile(r"\s*,\s*(?:\d{1,2}\s+[^\W\d_]{3,12}\.?|[^\W\d_]{3,12}\.?\s+\d{1,2},?)\s+\d{4}\s*\)")
# `Copyright 2021 The Associated Press`, `COPYRIGHT © ANTARA`. (The lookahead holds the first
# letters of the notices: most positions fail there at once.)
COPYRIGHT = re.compile(r"(?i:(?=[ch©(])(?:copyright|hak\s+cipta|©|\(c\)))\s*(?:©|\(c\))?\s*(?:\d{4}\s*)?(?i:the\s+)?\Z")
# AP's closing of a story made with outside funding: `... receives support from X. The AP is solely responsible
# for all content.`
RESPONSIBILITY_BEFORE = re.compile(r"(?:\A|[.!?\"”]\s|\n)\s*(?:The\s+)?\Z")
RESPONSIBILITY_AFTER = re.compile(r"\s+is\s+solely\s+responsible\s+for\s+(?:all|this|the|its)\s+content\b")
# `By Bloomberg News.`, `By The Associated Press.`
BYLINE_BEFORE = re.compile(r"(?:\A|\n|[.!?]\s)\s*(?i:by)\s+(?i:the\s+)?\Z")
BYLINE_AFTER = re.compile(r"\s*(?:\.|\n|\Z)")
# A live blog's entry headed by its time and author, as pages render them (`Sunday 5 January 2025 19:00 ,
# Associated Press Incoming first lady ...`, The Independent): the agency's copy, credited entry by entry
ENTRY_TIME_BEFORE = re.compile(r"(?:\A|\s)\d{1,2}:\d{2}\s+,\s*\Z")
ENTRY_TEXT_AFTER = re.compile(r"\s+[A-Z\"“‘]")
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
# the place opens a line, a sentence, or follows a preamble's closing bracket: `(Corrects paragraph 7 ...) HAVANA (`
DATELINE_PAREN_BEFORE = re.compile(
    r"(?:(?:\A|\n|[.!?]\s+|\)\s+|\s{2,}|&gt;\s*|>\s*)[A-Z][^()\n]{0,70}?\s|(?P<first>\A))\(\s*(?:[^()\n/]{1,25}[/-]\s*)?\Z"
)
# Reuters-21578 `TAUPO, New Zealand, March 23, Reuter - Debt ...`
DATELINE_COMMA_BEFORE = re.compile(r"(?:\A|\n)\s*[A-Z][^()\n]{0,60},\s*\Z")
DATELINE_COMMA_AFTER = re.compile(r"\s*[-–—]{1,2}\s")
# (old AP copy dashes with an underscore: `LINCOLN, Neb. (AP) _ To many`)
DATELINE_PAREN_AFTER = re.compile(r"\s*(?:/[^()\n]{1,30})?\)\s*(?:[-–—]{1,2}|:|_(?=\s))")
# --- photo

# `Foto: AFP/LLUIS GENE`, `Foto: AFP via Getty Images/STR`, `... //Reuters`
PHOTO_LABEL_BEFORE = re.compile(
    r"(?:(?i:foto|photo|photograph|gambar|image|kredit|credit)\s*:\s*(?:(?i:dok|doc)\.?\s*)?|//\s*"
    r"|[-–—]\s*(?i:foto|photo|gambar)\s+)\Z"  # a caption's `... hari ini. - Foto Bernama` (Sinar Harian)
)
PHOTO_LABEL_AFTER = re.compile(r"\s*(?:\Z|\n|[/)\],;|]|(?i:via|foto|photo)\b|[-–—]\s)")
# `AP Photo/Name`, `ANTARA FOTO/Name`, `(Xinhua Photo)`
PHOTO_AGENCY_FORM = re.compile(r"\s*(?:PHOTO|FOTO|Photo|Foto)\s*(?:/|\))")
# `REUTERS/Name`, `ANTARA/Name`; in brackets also `(Antara/Tangkapan layar)`
SLASH_CREDIT = re.compile(r"\s*/\s*[A-Z]")
# A photographer's credit with the agency after the slash, the caption's last words: `Toby Melville/Reuters`,
# `(Name / Bloomberg via Getty Images)`, `Photographer: Name/Bloomberg`, `Name/dpa/picture alliance via Getty Images`,
# and a member paper's picture the agency distributed: `Name/Boston Herald via AP`. A person's name has two words
# or more: one word before the slash is another credit of a chain (`Sumber: AP/Xinhua/KCNA`)
PHOTOGRAPHER_BEFORE = re.compile(
    r"(?:\A|[\s(|:])(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*\s*/\s*(?:[A-Z][^/\n()|]{0,50}?\s+via\s+)?\Z"
)
# A caption's credit after a bar: `... Trump tweets. | AP Photo`
BAR_BEFORE = re.compile(r"(?:\A|\s)\|\s*\Z")
# What may close such a credit: `Photo`/`Images`, more credits after a slash, `via Getty Images`, then the
# caption's end (a bracket, a line end) or the next sentence's capital (captions glued into scraped text)
CREDIT_END_AFTER = re.compile(
    r"(?:\s*(?:Photos?|Images|Pictures|PHOTO|FOTO))?(?:\s*/\s*[^\n()/]{1,40}?)?(?:\s+via\s+Getty\s+Images)?"
    r"\s*(?:[)\]]|\n|\Z|\x00|\s+(?=[A-Z\"“]))"
)
# A co-sponsor joined to the name, before the poll or survey they ran together: `Reuters/Ipsos poll`, `AP-NORC poll`,
# `the AP-NORC Center for Public Affairs Research found`
PARTNER_AFTER = re.compile(r"(?:[/-][A-Z][\w&.]*){1,2}(?:\s+Center(?:\s+for(?:\s+[A-Z][\w&]*){1,4})?)?(?=\s)")
# Someone the agency reached who answered it (fact-check wording): `AFP reached out to Yadav who said his picture`
CONTACT_REPLY_AFTER = re.compile(
    r"\s+(?:reached\s+out\s+to|contacted|spoke\s+(?:to|with)|interviewed)(?:\s+[\w.'’-]+){1,4}?,?"
    r"\s+who\s+(?:said|says|told|confirmed|explained)\b"
)
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
# a dated bulletin, the name and a date its whole headline: `AP top stories July 24`
SERIES_DATED_AFTER = re.compile(
    r"(?:\s+[A-Za-z]+){1,3}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2}"
    r"(?:\s+[A-Z])?\s*\Z"
)
SERIES_SUFFIX_AFTER = re.compile(r"\s+[A-Z][a-z]+\s*\Z")
HEADLINE_PREFIX_AFTER = re.compile(r"\s*:(?:\s|(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]))")  # also `朝中社：`
HEADLINE_SUFFIX_BEFORE = re.compile(r"(?::|\s[-–—]{1,2})\s*(?:[\w-]{1,12}\s*/\s*){0,2}\Z")  # `...: RIA/AP`
HEADLINE_SUFFIX_AFTER = re.compile(
    r"(?:\s*/\s*[\w-]{1,12}){0,2}(?:\s+(?i:news\s+agency|agency|source|sources|report|reports))?\s*\Z"
)
# --- author field: the name as one item of the byline (`Antara -detikNews`, `Reuters/AFP`, `The Associated Press`)
AUTHOR_SEGMENT = re.compile(r"(?:\A|[,;/&(-]|\s(?:and|dan)\s)\s*(?i:the\s+)?\Z")
AUTHOR_SEGMENT_AFTER = re.compile(r"\s*(?:\Z|[,;/&)-]|\s(?:and|dan)\s)")
# the agency's bureau after its name, the last words of the item: `Sachin BAGHEL / AFP India`, `AFP Hong Kong`
AUTHOR_BUREAU_AFTER = re.compile(r"(?:\s+[A-Z][a-z]+){1,2}\s*(?:\Z|[,;/&)])")


# --- Chinese, Korean, Japanese. The windows hold full-width forms as ASCII (`（新华社）` reads
# `(新华社)`, `１２月` reads `12月`: see FULL_WIDTH); each shape is a (before, after) pair.
FULL_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
FULL_WIDTH_FORM = re.compile("[\uff01-\uff5e\u3000]")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"  # kana, CJK ideographs, Hangul
_PLACE = r"[^\W\d_]{1,12}?"  # a city, glued to the name: `首尔`, `ワシントン`
_ZH_DATE = r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_ZH_WIRE = r"电(?![视讯台])"  # `…电`, `…专电`, not 电视 (television)
_KO_PHOTO = r"(?:(?:자료\s*)?사진\s*)"  # `[연합뉴스 자료사진]`
# A Korean byline after a dateline's bracket: `(용인=연합뉴스) 권준우 김솔 류수현 기자 =`, `[용인=뉴시스]박종대 기자 =`
_KO_BYLINE = r"\s*[)\]]\s*(?:[가-힣]{2,4}\s+){0,3}[가-힣]{2,4}\s*(?:기자|특파원)\s*="
CJKPair = tuple[re.Pattern[str], re.Pattern[str]]


def needed_chars(pattern: re.Pattern[str]) -> str:
    """Characters that every match of the pattern holds: its literal characters outside any
    alternative, optional part, lookaround or part that ignores case."""
    if pattern.flags & re.IGNORECASE:
        return ""
    return "".join(dict.fromkeys(_literals(sre_parser.parse(pattern.pattern, pattern.flags))))


_REPEATS = (sre_parser.MAX_REPEAT, sre_parser.MIN_REPEAT, sre_parser.POSSESSIVE_REPEAT)


def _literals(items: Any) -> Iterator[str]:  # (a parsed pattern: (op, value) pairs)
    for op, value in items:
        if op is sre_parser.LITERAL:
            yield chr(value)
        elif op is sre_parser.SUBPATTERN and not value[1] & re.IGNORECASE:  # (group, add flags, del flags, items)
            yield from _literals(value[3])
        elif op in _REPEATS and value[0] >= 1:  # (min, max, items)
            yield from _literals(value[2])


@dataclasses.dataclass(frozen=True)
class CJKShapes:
    r"""The shapes of one kind of credit as (before, after) pairs: the windows around a name fit one
    when its after pattern matches at the start of the window after the name and its before pattern
    is found at the end of the window before it (`fit`). This runs for most names of a text that is
    not ASCII, so the pairs are tried the quick way: the after patterns first, all in one match (most
    windows fit none of them), and a before pattern is searched only in a window that holds its
    `needed_chars` (a search tries every position of the window: `[CJK]\s*/\s*\Z` finds a CJK
    character at nearly all)."""

    pairs: tuple[CJKPair, ...]
    tries: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]  # (before, after, needed_chars of before)
    after_free: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]  # the tries whose after pattern is empty
    any_after: re.Pattern[str]  # matches where one of the other after patterns does

    @classmethod
    def of(cls, pairs: tuple[tuple[str, str], ...]) -> CJKShapes:
        """The shapes of (before, after) pattern pairs."""
        compiled = tuple((re.compile(before), re.compile(after)) for before, after in pairs)
        tries = tuple((before, after, needed_chars(before)) for before, after in compiled)
        others = [after.pattern for _, after in compiled if after.pattern]
        return cls(
            compiled,
            tries,
            tuple(t for t in tries if not t[1].pattern),
            re.compile("|".join(f"(?:{p})" for p in others)) if others else re.compile(r"(?!)"),
        )

    def fit(self, before: str, after: str) -> bool:
        """Whether the windows around a name fit one of the pairs. (A loop, not `any` over a generator.)"""
        for before_shape, after_shape, needed in self.tries if self.any_after.match(after) else self.after_free:
            if after_shape.match(after) and all(map(before.__contains__, needed)) and before_shape.search(before):
                return True
        return False


# Opening the body: `新华社首尔1月26日电`, `【新华社纽约4月18日专电】`, `据新华社电`, `据韩联社首尔9月17日电`;
# `(서울=연합뉴스)`, `(워싱턴 AFP=연합뉴스)`; `【ワシントン共同】`, `【北京時事】`. With its reporters' byline the
# Korean form may also follow a subtitle or a caption glued before it (`…벌금형 처벌(용인=연합뉴스) 권준우 김솔
# 류수현 기자 =`), in round or square brackets (`[용인=뉴시스] 박종대 기자 =`).
CJK_DATELINES = CJKShapes.of(
    (
        (r"\A\s*(?:【\s*)?(?:据\s*)?\Z", rf"{_PLACE}{_ZH_DATE}\s*(?:专|特)?{_ZH_WIRE}|\s*{_ZH_WIRE}"),
        (r"\A\s*\(\s*[^\W\d_]{1,12}(?:\s+[^\s=()]{1,15})?\s*=\s*\Z", r"\s*\)"),
        (r"\A\s*\(\s*[^\W\d_]{1,12}\s+\Z", r"\s*=\s*[^\s()]{1,12}\s*\)"),
        (r"\A\s*【\s*[^\W\d_]{1,12}\Z", r"\s*】"),
        (r"[(\[]\s*[^\W\d_]{1,12}(?:\s+[^\s=()\[\]]{1,15})?\s*=\s*\Z", _KO_BYLINE),
        (r"[(\[]\s*[^\W\d_]{1,12}\s+\Z", rf"\s*=\s*[^\s()\[\]]{{1,12}}{_KO_BYLINE}"),
    )
)
# Credits of the whole text: `【新华社微特稿】`, `（新华社专特稿）`, `（据新华社电）`, `（据新华社供本报特稿）` after
# the text (not opening it: that is the dateline); `연합뉴스 (끝)`, a `연합뉴스 제공` line.
CJK_SOURCES = CJKShapes.of(
    (
        (r"\S\s*[(【]\s*(?:据\s*)?\Z", rf"\s*(?:[^\W\d_]{{0,4}}特稿|{_ZH_WIRE})"),
        (r"(?:\A|\n)\s*\Z", r"\s*(?:제공\s*)?\(끝\)|\s*제공\s*(?:\n|\Z)"),
    )
)
# A Korean agency's photo caption: the dateline's form (`(서울=연합뉴스)`, `[용인=뉴시스]`), with or without
# the photographer's name, and the caption's signature closing it: its dotted date and an e-mail, maybe
# a handout or photo note between (`… 하고 있다. 2016.11.3 mon@yna.co.kr`, `… 2021.7.8 [용인시 제공. 재판매 및
# DB 금지] hedgehog@yna.co.kr`, `… 2021.7.6. (사진=독자 제공) *재판매 및 DB 금지`), or a photo note and the
# resale notice (`… 갯벌(사진= 서천군청 제공) *재판매 및 DB 금지`). Further in, where no dateline stands, a
# dotted date after the photographer's name is enough (`(서울=연합뉴스) 윤동진 기자 = 3일 … 2016.11.3`).
KO_CAPTION = CJKShapes.of(((r"[(\[]\s*[^\W\d_]{1,12}(?:\s+[^\s=()\[\]]{1,15})?\s*=\s*\Z", r"\s*[)\]]"),))
KO_CAPTION_BYLINE = re.compile(r"\s*[)\]]\s*[^\W\d_]{2,5}\s*기자\s*=")
KO_CAPTION_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d\.\d{1,2}\.\d{1,2}(?!\d)")
_KO_PHOTO_NOTE = r"\(\s*사진\s*=[^()\n]{1,30}\)\s*"  # `(사진=독자 제공)`
KO_CAPTION_SIGNATURE = re.compile(
    rf"(?:(?<!\d)(?:19|20)\d\d\.\d{{1,2}}\.\d{{1,2}}(?!\d)\.?\s*|{_KO_PHOTO_NOTE})"
    rf"(?:\[[^\[\]\n]{{1,40}}\]\s*|{_KO_PHOTO_NOTE})?"
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\*\s*재판매)"
)
# Photo credits: `新华社发（X摄）`, `（新华社发）`, `新华社记者X摄`, `美联社图片`, `新华社/路透` (both names);
# `[AP=연합뉴스]` (both names), `(사진=연합뉴스)`, `[연합뉴스 자료사진]`; after a caption `… 곰 모습.[연합]`,
# `사진 국립공원생물종보전원 제공=연합뉴스`, `(사진=국립공원생물종보전원 제공, 연합뉴스)`.
CJK_PHOTOS = CJKShapes.of(
    (
        (
            r"",
            r"\s*(?:发\s*(?:[()。]|\n|\Z)|记者\s*[^\W\d_]{1,4}(?:\s{1,3}[^\W\d_]{1,4}){0,2}\s*摄|图片"
            rf"|/\s*[{_CJK}])",
        ),
        (rf"[{_CJK}]\s*/\s*\Z", r""),
        (
            r"\[\s*[^\s=\[\]]{1,12}(?:\s+[^\s=\[\]]{1,12}){0,2}\s*=\s*\Z",
            rf"\s*{_KO_PHOTO}?\]",
        ),  # `[UNIST 제공=연합뉴스]`
        (r"\[\s*\Z", rf"\s*(?:=\s*[^\s\]]{{1,12}}\s*{_KO_PHOTO}?|{_KO_PHOTO})\]"),
        (rf"[{_CJK}][.!?]\s*\[\s*\Z", r"\s*\]"),
        (r"제공\s*=\s*\Z", r""),
        (r"\(\s*사진\s*=\s*(?:[^()\n,=]{1,30},\s*)?\Z", r"\s*\)"),
    )
)
# A Korean name closing a caption after a slash (`… 살펴보고 있다./연합뉴스`, `반달가슴곰 KM-53/연합뉴스`), or bare
# (`… 반달가슴곰 사진. 연합뉴스`), which Naver glues to the next paragraph (`사진. 연합뉴스지난 6일`): after the bare
# name a paragraph's spaces, a line's end, or Hangul that is not a particle or suffix of the name itself
# (`연합뉴스에 따르면`, `연합뉴스측은`, `뉴시스통신사`), nor Latin (`연합뉴스TV`).
HANGUL = re.compile("[가-힣]")
KO_CREDIT_SLASH = re.compile(r"/\s*\Z")
KO_CAPTION_TAIL = CJKShapes.of(
    ((r"(?:[.!?]|\n)\s*\Z", r"\s{2,}|\s*(?:\n|\Z)|(?=[가-힣])(?![은는이가을를에의와과도로만측나께통])"),)
)


def ascii_forms(text: str) -> str:
    """The text with its full-width forms as ASCII (`（１２月）` -> `(12月)`; a substitution of the
    few there are is twice as fast as `str.translate` over every character, and the full-width
    comma, four in five of them in Chinese text, is replaced before it calls back for each)."""
    return FULL_WIDTH_FORM.sub(_ascii_form, text.replace("\uff0c", ","))


def _ascii_form(match: re.Match[str]) -> str:
    return FULL_WIDTH[match[0]]


def last_words(text: str, count: int) -> list[str]:
    """`WORD.findall(text)[-count:]`, read from the end of the text: a word never holds
    whitespace, so the last `count` runs of other characters end with the last words (the
    whole text is read only when they hold fewer than `count`)."""
    runs = text.rsplit(None, count)
    words = WORD.findall(" ".join(runs[-count:]))
    if len(words) < count and len(runs) > count:
        words = WORD.findall(text)
    return words[-count:]
