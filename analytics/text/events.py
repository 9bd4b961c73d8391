"""Event dates: the day the body gives for the event it reports, and the publication lag.

News text dates its event relative to the publication: `pada hari Minggu 11 Juli
2021`, `kata dia, Sabtu (19/6/2021)`, `Senin (16/6)`, `on Monday`, `on March 3`,
`kemarin`. `event_date` takes the first such mention in the body's first
paragraphs and resolves it against the local publication date:

* an explicit date is that date; without a year, the year that puts it nearest
  the publication (`on March 3` in a Reuters story of 5 March 1987 is 1987-03-03);
* a weekday alone is the most recent such weekday on or before the publication
  day (before it for `last Saturday`, `Selasa lalu`); `kemarin` / `yesterday`
  the day before; `hari ini` / `today` the day itself.

Mentions that are not the event's date are passed over: dates more than
`MAX_FUTURE_DAYS` after the publication day (announcements) or more than
`MAX_AGE_DAYS` before it (background, birthdays), schedules and ranges
(`Senin-Jumat`, `6-11 Juli`, `setiap Senin`, `next Monday`, `Senin depan`),
the day a cited source was read (`dikutip dari Antara, Rabu (7/7/2021)`), and
the dateline that opens wire copy (`DALLAS, March 12 -`, `Pyongyang, September
5 (KCNA) --`), which is the filing date, not the event's. When that dateline is
within a day of the publication date, weekdays and `today`/`yesterday` count
from it: it is the local day where the story was written (`PEKING, March 26 -`
on a Reuters DATE of 25 March, New York time).

Every scan is bounded (`EVENT_SCAN_CHARS`, `EVENT_SCAN_PARAGRAPHS`,
`CONTEXT_CHARS`) and the patterns have no nested repetition, so hostile bodies
cost at most a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple, cast

from analytics.text.dates import MONTH_NAMES

# Only the head of the body is read: the event is dated in the lead, and this bounds the work.
EVENT_SCAN_CHARS = 2000
EVENT_SCAN_PARAGRAPHS = 4
# Characters before and after a mention read to judge its context (citation, range, qualifier).
CONTEXT_CHARS = 60
# A mention more than this many days after the publication day is a plan, not the event.
MAX_FUTURE_DAYS = 1
# A mention more than this many days before the publication day is background, not the event.
MAX_AGE_DAYS = 366

WEEKDAYS: dict[str, dict[str, int]] = {
    "id": {
        "Senin": 0,
        "Selasa": 1,
        "Rabu": 2,
        "Kamis": 3,
        "Jumat": 4,
        "Jum'at": 4,
        "Jum’at": 4,
        "Sabtu": 5,
        "Minggu": 6,
        "Ahad": 6,
    },
    "en": {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6},
}
# Words for the publication day (0) and the day before (1).
RELATIVE_DAYS: dict[str, dict[str, int]] = {
    "id": {"hari ini": 0, "kemarin": 1},
    "en": {"today": 0, "yesterday": 1},
}
TIMES_OF_DAY = {
    "id": ("pagi", "siang", "sore", "petang", "malam", "dini hari", "tengah malam"),
    "en": ("morning", "afternoon", "evening", "night"),
}
# Capitalised month names and abbreviations, Indonesian and English (body text capitalises them).
MONTHS = {name.capitalize(): number for number, names in MONTH_NAMES.items() for name in names}

# Context that makes a mention something other than the event's date.
# Before it, in the same clause: the source was read/quoted that day.
# (No word end: text from markup often glues the source on, 'MengutipCointelegraph, Minggu'.)
_CITATION = re.compile(
    r"\b(?:dikutip|mengutip|dilansir|melansir|diakses|diberitakan|dilaporkan|quoted|cited|accessed|retrieved)",
    re.IGNORECASE,
)
# Just before a weekday or date: every/next/until..., a period's end or start (`quarter ended
# Jan 31`, `since February 28`, `effective November 15`), a range's dash, or a named day (Black Friday).
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:setiap|tiap|hingga|sampai|s\.?d\.?|sejak|per|berakhir|berlaku|every|each|next|until|till|through|by"
    r"|coming|ended|ending|ends|end|since|effective|as\sat|as\sof|dated|to|from|Black|Cyber|Super)\s?"
    r"|\w[-–]|\d\s?[-–—]\s?)$",
    re.IGNORECASE,
)
# The most a _QUALIFIER_BEFORE match spans, with the line break `$` may stand before: it is
# searched for in that much of the context only (the same answer, without trying every position).
QUALIFIER_REACH = 12
# The most a range_before match spans (`Wednesday through `), with the line break `$` may stand
# before: it too is searched for in that much of the context only.
RANGE_REACH = 20
# Just after a weekday: next/coming, or a range to another day.
_QUALIFIER_AFTER = re.compile(
    r"^(?:'s\b)?\s?(?:depan|mendatang|besok|nanti|[-–—]|s\.?d\.?|sampai|hingga|through|thru|to\s[A-Z])",
)
# Just before a weekday alone: it is ahead ('to be released on Friday', 'akan digelar pada Jumat'),
# and a weekday alone is read as past.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|would|shall|scheduled|due|expected|plans?|akan|dijadwalkan|direncanakan|rencananya)\b[^.!?;:\n]{0,25}$",
    re.IGNORECASE,
)
# 'last Saturday', 'Selasa lalu', 'Senin kemarin': the weekday before the publication day, never that day.
_LAST_BEFORE = re.compile(r"\blast\s$", re.IGNORECASE)
_LAST_AFTER = re.compile(r"\s(?:lalu|kemarin)\b")
# Just after an explicit date: the start of a range or a period named by its date (`the March 9 week`).
_RANGE_AFTER = re.compile(r"\s?(?:[-–—]\s?\d|s\.?d\.?\s|sampai\s|hingga\s|to\s\d|through\s|week\b|period\b|quarter\b)")
# 'Minggu' is also 'week': as Sunday it needs `hari`/`pada`/a comma before it, or a date or time
# of day after it, and never `Minggu lalu/ini/depan/ke-...` (last/this/next week).
_MINGGU_BEFORE = re.compile(r"(?:\b(?:hari|pada)\s|,\s?)$", re.IGNORECASE)
_MINGGU_WEEK = re.compile(r"^\s(?:lalu|ini|depan|ke|kemarin|pertama|kedua|ketiga|keempat|terakhir|sebelumnya)\b")
_CLAUSE_END = re.compile(r"[.!?;:\n\"“”]")
# 'Baca juga: <headline>' and similar lines link other stories; their dates are not this event's.
_TEASER_LINE = re.compile(
    r"^\s*(?:baca juga|baca pula|simak juga|lihat juga|read also|read more|see also)\b", re.IGNORECASE
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class _Patterns(NamedTuple):
    mention: re.Pattern[str]
    dateline: re.Pattern[str]
    range_before: re.Pattern[str]  # the end of a range of days: 'Senin - ' before 'Jumat'
    weekdays: dict[str, int]
    relative: dict[str, int]


@functools.lru_cache(maxsize=8)
def _patterns(languages: tuple[str, ...]) -> _Patterns:
    """The mention and dateline patterns for a set of languages, with their day words.

    Group names carry a prefix per branch: `w` a date after a weekday, `r` after
    `kemarin`/`yesterday`..., `x` a date on its own, `l` the dateline's.
    """
    weekdays = {k: v for lang in languages for k, v in WEEKDAYS[lang].items()}
    relative = {k: v for lang in languages for k, v in RELATIVE_DAYS[lang].items()}
    times = _alternation(t for lang in languages for t in TIMES_OF_DAY[lang])
    month = _alternation(MONTHS)

    def numeric(p: str, year: str = "?") -> str:  # (19/6/2021); (19/6) unless year=""
        return rf"\(\s?(?P<{p}d>\d{{1,2}})/(?P<{p}m>\d{{1,2}})(?:/(?P<{p}y>\d{{4}}|\d{{2}})){year}\s?\)"

    def dmy(p: str) -> str:  # 11 Juli 2021, 3 March
        return rf"(?P<{p}D>\d{{1,2}})\s(?P<{p}M>{month})\.?(?![a-z])(?:,?\s(?P<{p}Y>\d{{4}})(?!\d))?"

    def mdy(p: str) -> str:  # March 3, Sept. 9, 2004
        return rf"(?P<{p}M2>{month})\.?\s(?P<{p}D2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s(?P<{p}Y2>\d{{4}})(?!\d))?"

    # Every branch starts with the first letter of a day word or month, a `(` or a digit:
    # checking that first skips most positions (the same matches, a scan 2.4 times faster).
    # The branches that start a word share one look-behind, so that a candidate letter or
    # digit inside a word is passed over by one test.
    firsts = "".join(sorted({w[0] for w in weekdays} | {w[0] for w in relative} | {m[0] for m in MONTHS}))
    mention = re.compile(
        rf"""(?=[{re.escape(firsts)}(]|\d)(?:
        {numeric("x", year="")}
        | (?<!\w)(?:
            (?<!['’])(?P<day>{_alternation(weekdays)})(?!\w)(?:'s)?(?:\s(?P<tod>{times}))?
                (?:,?\s?(?:{numeric("w")}|{dmy("w")}|{mdy("w")}))?
            | (?P<rel>{_alternation(relative)})(?!\w)(?:\s(?:{times}))?(?:,?\s?{numeric("r")})?
            | (?<![/.,])(?:{dmy("x")})
            | (?:{mdy("x")})
        ))""",
        re.VERBOSE,
    )
    # 'DALLAS, March 12 -', 'LOVELAND, Colo., March 27 -', 'Pyongyang, September 5 (KCNA) --'
    dateline = re.compile(rf"\s*[A-Z][^\n]{{0,59}}?[,.]?\s(?:{dmy('l')}|{mdy('l')})\s?(?:\([^()\n]{{1,30}}\)\s?)?[-–—]")
    range_before = re.compile(rf"(?:{_alternation(weekdays)})\s?(?:[-–—]|s\.?d\.?|sampai|hingga|to|through|thru)\s?$")
    return _Patterns(mention, dateline, range_before, weekdays, relative)


def event_date(
    body: str | None, published_local: dt.datetime | dt.date | None, *, language: str | None
) -> dt.date | None:
    """The date of the event the body reports, resolved against the local publication date.

    `language` is the article's language ('id', 'en'; None reads both); other
    languages give None, as does a body or publication date that is missing
    (without the publication date neither relative mentions nor the window
    that tells an event from background can be resolved).
    """
    found = _first_mention(body, published_local, language)
    return found[0] if found else None


def _first_mention(
    body: str | None, published_local: dt.datetime | dt.date | None, language: str | None
) -> tuple[dt.date, re.Match[str], str] | None:
    """The resolved date, the mention and the scanned text (for event_date and its tests)."""
    if not body or published_local is None:
        return None
    languages = tuple(WEEKDAYS) if language is None else (language.lower().split("-")[0],)
    if languages[0] not in WEEKDAYS:
        return None
    published = published_local.date() if isinstance(published_local, dt.datetime) else published_local
    patterns = _patterns(languages)
    head = _lead(body)
    opening = patterns.dateline.match(head)
    reference = published
    if opening:
        filed = _explicit(opening.groupdict(), "l", published)
        if filed is not None and abs((filed - published).days) <= MAX_FUTURE_DAYS:
            # the day where the story was filed ('PEKING, March 26 -' of a DATE of March 25 in New York)
            reference = filed
    for match in patterns.mention.finditer(head, opening.end() if opening else 0):
        found = _resolve(match, head, published, reference, patterns)
        if found is not None:
            return found, match, head
    return None


def lag_days(event: dt.date | None, published_local: dt.datetime | dt.date | None) -> int | None:
    """Days from the event to the local publication day (1 = published the day after)."""
    if event is None or published_local is None:
        return None
    published = published_local.date() if isinstance(published_local, dt.datetime) else published_local
    return (published - event).days


def _lead(body: str) -> str:
    """The first EVENT_SCAN_PARAGRAPHS paragraphs of the body's first EVENT_SCAN_CHARS, teaser lines left out."""
    kept = []
    for line in body[:EVENT_SCAN_CHARS].split("\n"):
        if line.strip() and not _TEASER_LINE.match(line):
            kept.append(line)
            if len(kept) == EVENT_SCAN_PARAGRAPHS:
                break
    return "\n".join(kept)


def _resolve(
    match: re.Match[str], text: str, published: dt.date, reference: dt.date, patterns: _Patterns
) -> dt.date | None:
    """The date a mention names, counting from `reference`, or None when its context or
    the window around the publication day rules it out."""
    before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
    qualifier = _QUALIFIER_BEFORE.search(before, max(0, len(before) - QUALIFIER_REACH))
    if qualifier or _CITATION.search(_CLAUSE_END.split(before)[-1]):
        return None
    if patterns.range_before.search(before, max(0, len(before) - RANGE_REACH)):
        return None
    g = match.groupdict()
    prefix = next((p for p in "wrx" if g.get(f"{p}d") or g.get(f"{p}D") or g.get(f"{p}D2")), None)
    if prefix is not None:
        if _RANGE_AFTER.match(text, match.end(), match.end() + CONTEXT_CHARS):
            return None
        day = _explicit(g, prefix, reference)
    elif g["day"]:
        after = text[match.end() : match.end() + CONTEXT_CHARS]
        if _QUALIFIER_AFTER.match(after) or _FUTURE_BEFORE.search(before):
            return None
        if g["day"] == "Minggu" and (_MINGGU_WEEK.match(after) or not (g["tod"] or _MINGGU_BEFORE.search(before))):
            return None
        back = (reference.weekday() - patterns.weekdays[g["day"]]) % 7
        if back == 0 and (_LAST_BEFORE.search(before) or _LAST_AFTER.match(after)):
            back = 7
        day = reference - dt.timedelta(days=back)
    else:
        day = reference - dt.timedelta(days=patterns.relative[g["rel"]])
    return day if day is not None and _in_window(day, published) else None


def _explicit(g: dict[str, str | None], prefix: str, published: dt.date) -> dt.date | None:
    """The explicit date of a match's `prefix` groups (numeric or with a month name); None if impossible."""
    # A branch's month group matches whenever its day group does (only the year is optional).
    day = g.get(f"{prefix}d")
    if day:
        return _date(g[f"{prefix}y"], int(cast(str, g[f"{prefix}m"])), int(day), published)
    for day_group, month_group, year_group in (("D", "M", "Y"), ("D2", "M2", "Y2")):
        day = g.get(f"{prefix}{day_group}")
        if day:
            month = MONTHS[cast(str, g[f"{prefix}{month_group}"])]
            return _date(g[f"{prefix}{year_group}"], month, int(day), published)
    return None


def _date(year: str | None, month: int, day: int, published: dt.date) -> dt.date | None:
    """The date, with a two-digit year in this century; without a year, the nearest the publication."""
    try:
        if year is not None:
            return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        options = []
        for candidate in (published.year - 1, published.year, published.year + 1):
            try:
                options.append(dt.date(candidate, month, day))
            except ValueError:  # 29 February
                continue
        return min(options, key=lambda d: abs((d - published).days)) if options else None
    except ValueError:
        return None


def _in_window(day: dt.date, published: dt.date) -> bool:
    return -MAX_AGE_DAYS <= (day - published).days <= MAX_FUTURE_DAYS
