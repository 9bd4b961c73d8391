"""The role of one agency name, from where it stands and the words around it.

Each rule looks at a bounded window on either side of the name (never the
whole text), so the cost per name is fixed whatever the input. Rules run in
the spec's precedence, source > dateline > photo > cited, and the first that
fires gives the role; an alias limited to some roles skips the rules of the
others, and a name glued to a script without spaces (`据美联社报道`) the rules
that need a space or a punctuation mark on that side. The patterns themselves
are in `shapes`. A name no rule claims is a bare mention ("NBC, Fox News,
Reuters and other foreign media"): no attribution.

A rule tries the window after the name first: an anchored match there fails at once,
where a search of the window before the name tries every position in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple, cast

from analytics.enrich.attribution import shapes
from analytics.enrich.attribution.cues import GLUED_CHAR, Cues
from analytics.enrich.attribution.matcher import Mention
from analytics.enrich.attribution.registry import ROLES, Alias

# Window sizes, in characters. A credit label, a dateline's place and date or a
# caption's closing bracket all fit in 100 characters in every corpus we have
# (the longest dateline prefix is `By MICHAEL LIEDTKE     SAN FRANCISCO (`, 40).
BEFORE_CHARS = 100
AFTER_CHARS = 60
# The dateline opens the body: after a leading caption at most (AG News
# `Children collect ... October 4. AP. BAGHDAD (AFP) -` starts at 116).
DATELINE_MAX_START = 300
# Trailing furniture after a closing credit (`-AP</b></font>`, `Reuter\n&#3;`,
# KCNA's `-0-`) is never longer than this.
TAIL_CHARS = 120
# How far after a Korean agency caption's opening its signature (dotted date, e-mail) may come: a
# caption is one to three sentences (the two in sci-news-sum-kr-50 reach it after 130 characters, the
# longest in naver_bear_news_2021 after 190).
CAPTION_CHARS = 400

# Confidence of each rule, hand-set by how explicit its evidence is: a label or
# a dateline is near-certain, a citation less so, a name alone between two
# sentences (`October 4. AP. BAGHDAD`) least. Every rule is at precision 1.0 on
# the dev gold set, so these rank the rules rather than measure them.
CONFIDENCE = {
    "source_line": 0.99,
    "author": 0.9,
    "source_label": 0.98,
    "copyright": 0.95,
    "responsibility": 0.95,
    "byline": 0.9,
    "closing_credit": 0.97,
    "title_tag": 0.97,
    "series_tag": 0.95,
    "dateline_lead": 0.97,
    "dateline_paren": 0.97,
    "dateline_comma": 0.95,
    "photo_label": 0.95,
    "photo_agency_form": 0.95,
    "photo_slash": 0.9,
    "photo_byline": 0.9,
    "caption_tail": 0.85,
    "lone_credit": 0.6,
    "cjk_source": 0.97,
    "cjk_dateline": 0.97,
    "cjk_photo": 0.95,
    "ko_caption": 0.9,
    "ko_caption_tail": 0.85,
    "headline_suffix": 0.9,
    "bracket_reference": 0.85,
    "cue_before": 0.9,
    "verb_after": 0.85,
    "chain": 0.8,
}
GAP_PENALTY = 0.03  # per word between a citation cue and the name


class Verdict(NamedTuple):
    """The role a rule gives a name, with the rule's confidence and its name."""

    role: str
    confidence: float
    rule: str


_NOT_YET = object()


class Spot:
    """One name in one section, with the windows the rules read (cut once: every rule reads them)."""

    __slots__ = ("section", "text", "mention", "own_site", "cues", "name", "before", "after", "ascii", "_cue_gap")

    def __init__(self, section: str, text: str, mention: Mention, own_site: bool, cues: Cues) -> None:
        self.section = section
        self.cues = cues  # the registry's citation cues
        self.text = text
        self.mention = mention
        self.own_site = own_site  # the article is on this agency's own site or outlet
        start, end = mention.start, mention.end
        self.name = text[start:end]
        # The window before the name; `\A` in a rule means the start of the text, so a
        # window cut from further in starts with a character no rule accepts there.
        self.before = ("\x00" if start > BEFORE_CHARS else "") + text[max(0, start - BEFORE_CHARS) : start]
        # The window after the name; likewise `\Z` means the end of the text.
        self.after = text[end : end + AFTER_CHARS] + ("\x00" if end + AFTER_CHARS < len(text) else "")
        # No CJK shape fits windows of ASCII only (most names: the CJK rules skip them at once).
        self.ascii = self.before.isascii() and self.after.isascii()
        if not self.ascii:  # full-width forms read as ASCII: `（新华社）`
            self.before = shapes.ascii_forms(self.before)
            self.after = shapes.ascii_forms(self.after)
        self._cue_gap: int | None | object = _NOT_YET

    @property
    def cue_gap(self) -> int | None:
        """Words between a citation cue and the name, None without a cue (worked out once, if asked)."""
        if self._cue_gap is _NOT_YET:
            strict = self.mention.alias is not None and self.mention.alias.strict
            self._cue_gap = self.cues.cue_before(self.text, self.mention.start, strict=strict)
        return cast(int | None, self._cue_gap)  # no longer _NOT_YET

    @property
    def alias(self) -> Alias:
        """The registry alias the name matched (spots are made of ALIAS mentions only, which carry one)."""
        return cast(Alias, self.mention.alias)

    @property
    def after_a_name(self) -> bool:
        """Preceded by a capitalised word inside a sentence: the tail of a person's name or an
        academic title (`Agung Wibowo AP mengatakan`), not an agency (`news agency MTI said`)."""
        words = shapes.NAME_TAIL.search(self.before)
        return words is not None and words["word"].lower() not in self.cues.agency_words

    @property
    def abbreviation(self) -> bool:
        """An acronym in brackets after the words it abbreviates: `Universitas Pendidikan
        Indonesia (UPI)`, `Associated Press (AP)pun` name the thing, they credit nothing."""
        name = self.name
        head = self.before.rstrip()
        if not (name.isalpha() and name.isupper() and head.endswith("(")):
            return False
        head = head[:-1]
        if not all(map(head.__contains__, name)):  # (each letter starts one of the words)
            return False
        words = [w for w in shapes.last_words(head, len(name) + 3) if w[0].isupper()]
        return "".join(w[0] for w in words[-len(name) :]) == name


Rule = Callable[[Spot], Verdict | None]


@functools.cache
def _verdict(role: str, rule: str) -> Verdict:
    """The verdict of a rule, made once: a verdict is immutable."""
    return Verdict(role, CONFIDENCE[rule], rule)


# --- source -------------------------------------------------------------------


def source_label(spot: Spot) -> Verdict | None:
    """`Sumber: Associated Press`, `Source: Reuters`, `Republikasumber : Antara`; not on the
    agency's own site, where it labels a chart or a clip (`Source: Bloomberg` on bloomberg.com)."""
    labelled = ":" in spot.before and shapes.SOURCE_LABEL.search(spot.before)  # (no label without its colon)
    return _verdict("source", "source_label") if labelled and not spot.own_site else None


def copyright_line(spot: Spot) -> Verdict | None:
    """`Copyright 2021 The Associated Press`, but not the agency's own site notice."""
    if spot.own_site or not shapes.COPYRIGHT.search(spot.before):
        return None
    return _verdict("source", "copyright")


def responsibility_notice(spot: Spot) -> Verdict | None:
    """`The AP is solely responsible for all content.`: the agency's notice closing its own story."""
    if shapes.RESPONSIBILITY_AFTER.match(spot.after) and shapes.RESPONSIBILITY_BEFORE.search(spot.before):
        return _verdict("source", "responsibility")
    return None


def byline(spot: Spot) -> Verdict | None:
    """`By Bloomberg News.`, `By The Associated Press.`, a live blog's entry `19:00 , Associated Press Incoming ...`"""
    ended = shapes.BYLINE_AFTER.match(spot.after)
    # (no byline without `by`: most windows need no search)
    if ended and "by" in spot.before.lower() and shapes.BYLINE_BEFORE.search(spot.before):
        return _verdict("source", "byline")
    if shapes.CREDIT_HEADING_AFTER.match(spot.after) and shapes.CREDIT_HEADING_BEFORE.search(spot.before):
        return _verdict("source", "byline")
    entry = shapes.ENTRY_TEXT_AFTER.match(spot.after) and spot.before.rstrip().endswith(",")
    if entry and shapes.ENTRY_TIME_BEFORE.search(spot.before):
        return _verdict("source", "byline")
    return None


def closing_credit(spot: Spot) -> Verdict | None:
    """The name closing the text: the `Reuter` sign-off, `(Reuters)`, `-AP`, a bare `ANTARA` line."""
    end = spot.mention.end
    if len(spot.text) - end >= TAIL_CHARS or not shapes.TAIL_JUNK.match(spot.text, end):
        return None
    if spot.abbreviation or spot.cue_gap is not None:  # `... Indonesia (UPI)`, `... told\nReuters.`
        return None
    return _verdict("source", "closing_credit") if shapes.CLOSING_BEFORE.match(spot.before) else None


def title_tag(spot: Spot) -> Verdict | None:
    """`No. 10 Ohio St. Tops No. 24 Arizona 78-45 (AP)`: the agency's tag closing the headline."""
    tagged = shapes.TITLE_TAG_AFTER.match(spot.after) and shapes.TITLE_TAG_BEFORE.search(spot.before)
    if tagged and not spot.abbreviation:
        return _verdict("source", "title_tag")
    return None


def series_tag(spot: Spot) -> Verdict | None:
    """The agency's own series label: `Xinhua Headlines: ...`, and on its own site also a dated bulletin
    (`AP top stories July 24`), `...: KCNA Commentary` and `KCNA Commentary on ...`. (On another site
    `...: Bloomberg Economics` attributes the story: cited.)"""
    own_series = spot.own_site and (
        shapes.SERIES_NAME_AFTER.match(spot.after) or shapes.SERIES_DATED_AFTER.match(spot.after)
    )
    at_start = (shapes.SERIES_PREFIX_AFTER.match(spot.after) or own_series) and shapes.TITLE_START_BEFORE.search(
        spot.before
    )
    at_end = spot.own_site and (
        shapes.SERIES_SUFFIX_AFTER.match(spot.after) and shapes.HEADLINE_SUFFIX_BEFORE.search(spot.before)
    )
    return _verdict("source", "series_tag") if at_start or at_end else None


def source_field(spot: Spot) -> Verdict | None:
    """A name in the source line (the input's own credit field): always a source credit."""
    return _verdict("source", "source_line")


def author_field(spot: Spot) -> Verdict | None:
    """A byline naming the agency (`Antara`, `Antara -detikNews`, `Reuters/AFP`, `The Associated Press`), or
    one of its bureaus (`Sachin BAGHEL / AFP India`; not after a name that is also a word or initials: `Mehr Tarar`)."""
    ended = shapes.AUTHOR_SEGMENT_AFTER.match(spot.after) or (
        not spot.alias.strict and shapes.AUTHOR_BUREAU_AFTER.match(spot.after)
    )
    if ended and shapes.AUTHOR_SEGMENT.search(spot.before):
        return _verdict("source", "author")
    return None


# --- dateline -----------------------------------------------------------------


def dateline_lead(spot: Spot) -> Verdict | None:
    """`AP - A company ...`, `Reuters - Alamosa ...` opening the body."""
    start = spot.mention.start
    if start > DATELINE_MAX_START or not shapes.HEAD_JUNK.match(spot.text[:start]):
        return None
    return _verdict("dateline", "dateline_lead") if shapes.DATELINE_LEAD_AFTER.match(spot.after) else None


def dateline_paren(spot: Spot) -> Verdict | None:
    """`SEOUL (Reuters) -`, `Pyongyang, October 3 (KCNA) --`, `ISTANBUL, ... (Antara/PRNewswire) --`."""
    if spot.mention.start > DATELINE_MAX_START:
        return None
    if shapes.DATELINE_COMMA_AFTER.match(spot.after) and shapes.DATELINE_COMMA_BEFORE.search(spot.before):
        return _verdict("dateline", "dateline_comma")
    dashed = shapes.DATELINE_PAREN_AFTER.match(spot.after)
    if not (dashed or spot.after.startswith(")")):
        return None
    before = shapes.DATELINE_PAREN_BEFORE.search(spot.before)
    if before is None or spot.abbreviation:
        return None
    # a bracket opening the body needs no dash after it: `(CBS/AP) A video posted ...`
    if dashed or before["first"] is not None:
        return _verdict("dateline", "dateline_paren")
    return None


# --- photo --------------------------------------------------------------------


def photo_label(spot: Spot) -> Verdict | None:
    """`Foto: AFP/LLUIS GENE`, `Foto: AFP via Getty Images/STR`, `... //Reuters`."""
    if shapes.PHOTO_LABEL_AFTER.match(spot.after) and shapes.PHOTO_LABEL_BEFORE.search(spot.before):
        return _verdict("photo", "photo_label")
    return None


def photo_agency_form(spot: Spot) -> Verdict | None:
    """`AP Photo/Name`, `ANTARA FOTO/Name`, `(Xinhua Photo)`, even inside body text."""
    return _verdict("photo", "photo_agency_form") if shapes.PHOTO_AGENCY_FORM.match(spot.after) else None


def photo_slash(spot: Spot) -> Verdict | None:
    """`REUTERS/Name`, `ANTARA/Name`: the wire's capitals and a photographer.
    Mixed case (`a Reuters/Ipsos poll`) is a slash credit only in a caption."""
    if not shapes.SLASH_CREDIT.match(spot.after):
        return None
    if spot.section == "captions" or spot.name.isupper():
        return _verdict("photo", "photo_slash")
    # a caption kept inline in a page dump: `Atrium by Lighthouse (Antara/Tangkapan layar)`
    if spot.before.rstrip().endswith("(") and shapes.BRACKETED_SLASH_CREDIT.match(spot.after):
        return _verdict("photo", "photo_slash")
    return None


def photo_byline(spot: Spot) -> Verdict | None:
    """`Toby Melville/Reuters`, `(Name / Bloomberg via Getty Images)`, `Name/Boston Herald via AP`,
    `... | AP Photo`: the agency closing a photographer's or a caption's credit."""
    if not shapes.CREDIT_END_AFTER.match(spot.after):
        return None
    if shapes.PHOTOGRAPHER_BEFORE.search(spot.before) or shapes.BAR_BEFORE.search(spot.before):
        return _verdict("photo", "photo_byline")
    return None


def caption_tail(spot: Spot) -> Verdict | None:
    """A caption closed by the credit: `... sidang. (ANTARA/Hafidz)`, `... (AP)`; or `released by KCNA`."""
    if shapes.CAPTION_CUE.search(spot.before):
        return _verdict("photo", "caption_tail")
    closing = shapes.CAPTION_TAIL_AFTER.match(spot.after) and shapes.CAPTION_TAIL_BEFORE.search(spot.before)
    if closing and not spot.abbreviation:
        return _verdict("photo", "caption_tail")
    return None


def lone_credit(spot: Spot) -> Verdict | None:
    """The name as a sentence of its own inside the body (`... October 4. AP. BAGHDAD (AFP) -`):
    the credit of the caption before it. (At the very end it is a closing credit, found first.)"""
    if shapes.LONE_AFTER.match(spot.after) and shapes.LONE_BEFORE.search(spot.before) and spot.cue_gap is None:
        return _verdict("photo", "lone_credit")
    return None


# --- Chinese, Korean, Japanese (the shapes of each role in one table per role: see `shapes`)


def cjk_source(spot: Spot) -> Verdict | None:
    """`【新华社微特稿】`, `（新华社专特稿）`, `（据新华社电）` after the text; `연합뉴스 (끝)`."""
    if spot.ascii or not shapes.CJK_SOURCES.fit(spot.before, spot.after):
        return None
    return _verdict("source", "cjk_source")


def cjk_dateline(spot: Spot) -> Verdict | None:
    """`新华社首尔1月26日电`, `【新华社纽约4月18日专电】`, `(서울=연합뉴스)`, `【ワシントン共同】` opening the body;
    `…(용인=연합뉴스) 권준우 김솔 기자 =` after a subtitle. Not a caption of the same form (`ko_caption`)."""
    if spot.ascii or spot.mention.start > DATELINE_MAX_START:
        return None
    if not shapes.CJK_DATELINES.fit(spot.before, spot.after) or _ko_caption_signed(spot):
        return None
    return _verdict("dateline", "cjk_dateline")


def cjk_photo(spot: Spot) -> Verdict | None:
    """`新华社发（X摄）`, `新华社记者X摄`, `美联社图片`, `新华社/路透`, `[AP=연합뉴스]`, `(사진=연합뉴스)`."""
    if spot.ascii or not shapes.CJK_PHOTOS.fit(spot.before, spot.after):
        return None
    return _verdict("photo", "cjk_photo")


def ko_caption(spot: Spot) -> Verdict | None:
    """A Korean agency's photo caption: `(광양=연합뉴스) 지난 13일 … 2021.5.14 [광양시 제공] photo@yna.co.kr`,
    `[용인=뉴시스]박종대 기자 = … 2021.7.8. pjd@newsis.com`; further in also `(서울=연합뉴스) 윤동진 기자 = … 2016.11.3`."""
    if spot.ascii or not shapes.KO_CAPTION.fit(spot.before, spot.after):
        return None
    if _ko_caption_signed(spot):
        return _verdict("photo", "ko_caption")
    end = spot.mention.end
    dated = shapes.KO_CAPTION_BYLINE.match(spot.after) and shapes.KO_CAPTION_DATE.search(
        spot.text, end, _caption_end(spot)
    )
    return _verdict("photo", "ko_caption") if dated else None


def _ko_caption_signed(spot: Spot) -> bool:
    """Whether a Korean agency's form (`(광양=연합뉴스)`) opens a caption: its signature follows it."""
    if not shapes.KO_CAPTION.pairs[0][0].search(spot.before):
        return False
    return shapes.KO_CAPTION_SIGNATURE.search(spot.text, spot.mention.end, _caption_end(spot)) is not None


def _caption_end(spot: Spot) -> int:
    """How far a caption opened at the name may run: CAPTION_CHARS, or up to the agency's next form."""
    end = spot.mention.end
    limit = min(len(spot.text), end + CAPTION_CHARS)
    following = spot.text.find(spot.name, end, limit)
    return limit if following < 0 else following


def ko_caption_tail(spot: Spot) -> Verdict | None:
    """A caption ended by a Korean name: `… 살펴보고 있다./연합뉴스`, `… 돌아다니고 있다. 뉴시스`,
    `… 반달가슴곰 사진. 연합뉴스지난 6일`. (Bare, not a name that is also a common word: `연합` is "union",
    `… 밝혔다. 연합군은`.)"""
    if spot.ascii or not shapes.HANGUL.search(spot.name):
        return None
    if shapes.KO_CREDIT_SLASH.search(spot.before):
        return _verdict("photo", "ko_caption_tail")
    if spot.alias.strict or not shapes.KO_CAPTION_TAIL.fit(spot.before, spot.after):
        return None
    return _verdict("photo", "ko_caption_tail")


# --- cited --------------------------------------------------------------------


def headline_suffix(spot: Spot) -> Verdict | None:
    """CGTN style `DPRK detects COVID BA.2 Omicron subvariant: KCNA` = according to KCNA;
    also `... -- Yonhap`, `...: RIA/AP`, `...: PAP news agency`, `...: Bloomberg Economics`
    and the prefix form `Reuters: U.S. politicians to form ...`."""
    ends = shapes.HEADLINE_SUFFIX_AFTER.match(spot.after) or shapes.SERIES_SUFFIX_AFTER.match(spot.after)
    if ends and shapes.HEADLINE_SUFFIX_BEFORE.search(spot.before):
        return _verdict("cited", "headline_suffix")
    if shapes.HEADLINE_PREFIX_AFTER.match(spot.after) and shapes.TITLE_START_BEFORE.search(spot.before):
        return _verdict("cited", "headline_suffix")
    return None


def bracket_reference(spot: Spot) -> Verdict | None:
    """A reference in brackets, the agency and a date: `(Bernama, 9 Disember 2009)`."""
    if shapes.REFERENCE_AFTER.match(spot.after) and shapes.REFERENCE_BEFORE.search(spot.before):
        return _verdict("cited", "bracket_reference")
    return None


def citation(spot: Spot) -> Verdict | None:
    """A citation cue before the name or a reporting verb after it."""
    gap = spot.cue_gap
    if gap is not None:
        return Verdict("cited", CONFIDENCE["cue_before"] - GAP_PENALTY * gap, "cue_before")
    if spot.cues.verb_after(spot.text, spot.mention.end) and not (spot.alias.strict and spot.after_a_name):
        return _verdict("cited", "verb_after")
    partner = shapes.PARTNER_AFTER.match(spot.after)  # `a Reuters/Ipsos poll`: the verb after the partner
    if partner and spot.cues.verb_after(spot.text, spot.mention.end + partner.end()):
        return _verdict("cited", "verb_after")
    if shapes.CONTACT_REPLY_AFTER.match(spot.after) and not (spot.alias.strict and spot.after_a_name):
        return _verdict("cited", "verb_after")  # `AFP reached out to Yadav who said`: his answer, given to AFP
    return None


# Rules per section, in precedence order.
RULES: dict[str, tuple[Rule, ...]] = {
    "title": (title_tag, series_tag, headline_suffix, citation),
    "author": (author_field,),
    "source_line": (source_field,),
    "captions": (
        source_label,
        photo_label,
        photo_agency_form,
        photo_slash,
        photo_byline,
        cjk_photo,
        caption_tail,
        citation,
    ),
    "body": (
        source_label,
        copyright_line,
        responsibility_notice,
        byline,
        closing_credit,
        cjk_source,
        dateline_lead,
        dateline_paren,
        cjk_dateline,
        ko_caption,
        photo_label,
        photo_agency_form,
        photo_slash,
        photo_byline,
        cjk_photo,
        ko_caption_tail,
        lone_credit,
        bracket_reference,
        citation,
    ),
}


# The role each rule gives: an alias limited to some roles skips the rules of the others (a rule not
# listed here is never skipped; a test checks each rule's verdicts against its role).
RULE_ROLES: dict[Rule, str] = {
    **dict.fromkeys(
        (
            title_tag,
            series_tag,
            source_field,
            author_field,
            source_label,
            copyright_line,
            responsibility_notice,
            byline,
            closing_credit,
            cjk_source,
        ),
        "source",
    ),
    **dict.fromkeys((dateline_lead, dateline_paren, cjk_dateline), "dateline"),
    **dict.fromkeys(
        (
            photo_label,
            photo_agency_form,
            photo_slash,
            photo_byline,
            caption_tail,
            lone_credit,
            cjk_photo,
            ko_caption,
            ko_caption_tail,
        ),
        "photo",
    ),
    **dict.fromkeys((headline_suffix, bracket_reference, citation), "cited"),
}


# The rules whose shapes all need the name set apart from the text on one side: right after it a space,
# a punctuation mark, a line end, a Latin letter or the end of the text (`AP - `, `(Reuters) -`, `AP Photo/`,
# `REUTERS/Name`, `... (AP)` closing a caption), right before it a space, a punctuation mark or the start
# (`Copyright 2021 `, `Foto: `, `By `, `(`); the Korean caption forms likewise (`(광양=연합뉴스)`, `… 모습.
# 연합뉴스`). A name glued on that side to a character of a script written without spaces (`据美联社报道`,
# `各方共同利益`) can take none of them: `classify` skips them (most names in Chinese text ran them all to
# fail, a twentieth of the detector's time there). The Chinese and Japanese forms (`据新华社电`,
# `新华社记者X摄`) and the citation cues read glued text: never skipped.
NEED_BREAK_AFTER: frozenset[Rule] = frozenset(
    {
        responsibility_notice,
        byline,
        closing_credit,
        dateline_lead,
        dateline_paren,
        photo_label,
        photo_agency_form,
        photo_slash,
        photo_byline,
        lone_credit,
        bracket_reference,
        ko_caption,
    }
)
NEED_BREAK_BEFORE: frozenset[Rule] = frozenset(
    {
        source_label,
        copyright_line,
        responsibility_notice,
        byline,
        closing_credit,
        dateline_lead,
        dateline_paren,
        photo_label,
        photo_byline,
        caption_tail,
        lone_credit,
        bracket_reference,
        ko_caption,
        ko_caption_tail,
    }
)


def classify(spot: Spot) -> Verdict | None:
    """The verdict of the first rule of the name's section that fires with a role its alias allows; None if none."""
    allowed = spot.mention.alias.roles if spot.mention.alias is not None else ()
    # (windows of ASCII only, most names, hold no glued character: no need to look; an empty window none)
    glued_before = not spot.ascii and GLUED_CHAR.match(spot.before, len(spot.before) - 1) is not None
    glued_after = not spot.ascii and GLUED_CHAR.match(spot.after) is not None
    if allowed == ROLES and not (glued_before or glued_after):
        rules = RULES.get(spot.section, ())
    else:
        rules = _rules(spot.section, allowed, glued_before, glued_after)
    for rule in rules:
        verdict = rule(spot)
        if verdict is not None and verdict.role in allowed:
            return verdict
    return None


@functools.cache
def _rules(section: str, allowed: tuple[str, ...], glued_before: bool, glued_after: bool) -> tuple[Rule, ...]:
    """The rules of a section that may give one of the roles allowed (most aliases allow every role) to a
    name glued (or not) to the text before and after it."""
    return tuple(
        rule
        for rule in RULES.get(section, ())
        if (rule not in RULE_ROLES or RULE_ROLES[rule] in allowed)
        and not (glued_before and rule in NEED_BREAK_BEFORE)
        and not (glued_after and rule in NEED_BREAK_AFTER)
    )
