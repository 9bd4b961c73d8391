"""The tables the date parser reads with: what it knows about how the corpora write dates.

Month names and abbreviations (Indonesian and English), day names, the labels and
outlet prefixes that may stand before a date, the zone abbreviations with their
offsets, the words of a relative time, and the compiled regular expressions built
from them: `DATE_FORMATS` (the layouts seen in the real corpora, matched in order),
strict `ISO_8601`, epoch milliseconds written as text, and the patterns that clean
a string and spot a time or zone the table does not know. Data only: no parsing here.
"""

from __future__ import annotations

import datetime as dt
import re

# Only the head of a string is scanned: real date strings are < 80 chars, and this
# bounds the regex work on huge or hostile input.
MAX_SCAN_CHARS = 200
# Raw date strings whose reading is kept per process (parse, numeric fields): a source repeats its
# values (date-only values, the same minute, copies of a record), and reading one costs tens of µs.
# Only strings up to MAX_SCAN_CHARS are kept (a huge value is read each time, never held).
PARSE_CACHE_SIZE = 1 << 14
EXCERPT_CHARS = 60
# Epoch numbers are milliseconds; below 1e11 (1973-03-03) they are far more likely
# seconds, above 1e14 (year 5138) microseconds. Both are refused, not guessed.
EPOCH_MS_RANGE = (10**11, 10**14)

MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "ags", "agt", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
MONTHS = {name: number for number, names in MONTH_NAMES.items() for name in names}
DAY_NAMES = (
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "jum'at",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
)
# Labels and outlet prefixes that may stand before the date (with day names and punctuation).
PREFIX_WORDS = (
    "diperbarui",
    "diperbaharui",
    "dipublikasikan",
    "diterbitkan",
    "terbit",
    "tayang",
    "jurnalis",
    "kompas.com",
    "published",
    "updated",
    "update",
    "posted",
    "on",
)

# Zone abbreviation -> (UTC offset in minutes, tz_label).
ZONE_OFFSETS: dict[str, tuple[int, str]] = {
    "WIB": (7 * 60, "WIB"),
    "WITA": (8 * 60, "WITA"),
    "WIT": (9 * 60, "WIT"),
    "UTC": (0, "UTC"),
    "GMT": (0, "UTC"),
    "Z": (0, "UTC"),
}
UTC = dt.UTC

# Words that make a string a relative time, which no tier may read: it counts from the
# moment the page was scraped, which the corpora do not record.
RELATIVE_TIME = re.compile(
    r"\b(?:yang lalu|lalu|kemarin|hari ini|barusan|baru saja|ago|yesterday|today|just now)\b", re.IGNORECASE
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_IANA_AREAS = "(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
_MONTH = rf"(?P<month>{_alternation(MONTHS)})\.?(?![a-z])"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?(?!\d)"
    r"(?: ?(?P<ampm>[ap])\.?m\b\.?)?"
)
_ZONE = (
    r"(?: ?(?P<zone>(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}"
    rf"|{_IANA_AREAS}/[a-z_]+(?:/[a-z_]+)?|{_alternation(ZONE_OFFSETS)})(?![a-z0-9]))?"
)
# Between date and time: spaces, commas, bars, dashes, 'at', 'pukul' (possessive: no backtracking).
_SEP = r"(?:[ ,|\-–—]|at\b|pukul\b)*+"
_CLOCK = rf"(?:{_SEP}{_TIME}{_ZONE})?"
_NUMERIC_SEP = r"(?P<sep>[/.\-])"  # between the numbers of a date, the same both times (as NUMERIC_DATE)

# name -> pattern, matched at the start of the cleaned string (after prefixes are skipped).
DATE_FORMATS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        # 12 Juli 2021, 12:02 WIB | 16 Juni 2025 |15:20 WIB | 04 November, 2015 | 07:28 WIB
        "dmy_text": rf"(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 26-FEB-1987 15:01:01.79 (Reuters-21578)
        "dmy_dash": rf"(?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 15:45, 23-Mar-2022 (CGTN)
        "hm_dmy_dash": rf"{_TIME}{_ZONE},? (?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}})(?!\d)",
        # Mar 24, 2022 06:46 PM (Global Times)
        "mdy_text": rf"{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 18/06/2025, 21:35 WIB (Kompas, detik pages), 18-06-2025, 18.06.2025: day first, a source's default order
        "dmy_numeric": rf"(?P<day>\d{{1,2}}){_NUMERIC_SEP}(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 7/31/2025 8:15 (a spreadsheet's US export), 02-24-2018 (a Malaysian crawl): only for a source whose
        # order is month first
        "mdy_numeric": rf"(?P<month>\d{{1,2}}){_NUMERIC_SEP}(?P<day>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 2022-03-07 17:49 that strict ISO refused (e.g. a WIB zone or trailing text)
        "ymd": rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)(?:T ?)?{_CLOCK}",
    }.items()
}
# The order a source writes numeric dates in: day, month, year ('18/06/2025'), month first
# ('7/31/2025'), or year first. Each names the table formats it reads numbers with; the
# others are skipped, so one value is never read in two orders.
DATE_ORDERS: dict[str, tuple[str, ...]] = {"dmy": ("dmy_numeric",), "mdy": ("mdy_numeric",), "ymd": ()}
DEFAULT_DATE_ORDER = "dmy"  # the order of every source before orders were decided, and of Indonesian
# A numeric date at the start of a value (after the labels and day names the parser skips;
# in brackets too: 'Selasa (18/6/2025) pukul 09.25 WIB'), whatever the separator: what decides
# and checks the order of a source. Only a year written last leaves day and month to the order.
NUMERIC_DATE = re.compile(r"\(?(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)")
# Numbers above this are a day, never a month: one settles a source's order.
MAX_MONTH = 12
# The order a source's numeric dates are read in when none of its values is over MAX_MONTH
# in the day's place, by manifest language; any other language reads DEFAULT_DATE_ORDER.
# Indonesian writes day first (Kompas, detik: '18/06/2025'). English too, as the English
# outlets of these corpora's regions do (Tempo English, Antara English, The Jakarta Post,
# Xinhua): a US month-first source is settled by its values, since a column of dates from
# more than the first twelve days of a month has a day over 12. Day first is also how every
# source was read before orders were decided, so no ingested date changes without a value
# that says so.
LANGUAGE_DATE_ORDER: dict[str, str] = {"id": "dmy", "en": "dmy"}

ISO_8601 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:(?: ?T ?| )(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?"
    r" ?(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
EPOCH_MS_TEXT = re.compile(r"\d{12,14}")

_PREFIX = re.compile(rf"(?:[\s\-–—|,:;.•·]|(?:{_alternation(PREFIX_WORDS + DAY_NAMES)})(?![a-z]))*+", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"\bpublished ?:", re.IGNORECASE)
_XLSX_ESCAPE = re.compile(r"_x[0-9a-f]{4}_", re.IGNORECASE)  # openpyxl's escape of control characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A digit after a date read without its time is a time the table does not know ('jam 10.00',
# 'at 10am'): refused, never dropped to midnight.
_TIME_AFTER_DATE = re.compile(r"\D*+\d")
_UNKNOWN_ZONE = re.compile(r" ?([A-Z]{2,4}T)(?![A-Za-z])")
