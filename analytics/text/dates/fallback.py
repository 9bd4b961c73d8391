"""The last tier: a restricted `dateparser`, run only when the caller names the source's languages.

It knows the settings that keep dateparser to absolute dates with day, month and
year written (no relative phrases, no language detection, day-first numbers, no
dependence on the machine's zone), which strings it may see at all, the cache of
one `DateDataParser` per language set (a bad language code fails on first use),
and how dateparser's answer becomes a result: local in the default zone when the
string states none, else the instant with the wall time and label of the stated zone.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from analytics.errors import UserError
from analytics.text.dates.tables import DEFAULT_DATE_ORDER, UTC, ZONE_OFFSETS
from analytics.text.dates.tiers import (
    DAY,
    FRACTION,
    MINUTE,
    SECOND,
    ParsedDate,
    Result,
    UnparsedDate,
    _Hit,
    _hit,
    _local_result,
    _offset_label,
)

# The dateparser tier sees only strings with a digit and at most this many characters
# (after prefixes are skipped): real date strings are < 80 chars, and dateparser does
# far more work per character than the table.
DATEPARSER_MAX_CHARS = 80
# Settings of the dateparser tier. Only the absolute-time parser runs: no 'relative-time'
# ('2 hours ago', '20 detik yang lalu': the scrape time they count from is unknown),
# no 'timestamp' (a bare number is not a date here; epoch milliseconds have their own
# tier), no 'no-spaces-time' ('20250612' is as likely an id). Day, month and year must
# all be written: a missing one would be filled in from the day the code runs.
# Numeric dates are read in the source's order (day first unless told), as in the table,
# and never swapped to fit.
# TIMEZONE='UTC' keeps the machine's own zone out of the result (dateparser's default,
# 'local', asks the operating system and fails on an odd TZ); RETURN_AS_TIMEZONE_AWARE
# is left at dateparser's default, under which a result is aware exactly when the
# string states a zone, so a zone-less result is read in the caller's `default_tz`
# by `_local_result`, like every other tier.
DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "past",
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "STRICT_DATE_ORDER": "all",
    "TIMEZONE": "UTC",
}


def _language_set(languages: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """The caller's languages as a tuple (a bare string is one code); None or empty skips
    the dateparser tier. Checked before anything else: a bad code is the caller's error."""
    if languages is None:
        return None
    codes = (languages,) if isinstance(languages, str) else tuple(languages)
    if not codes:
        return None
    _dateparser_for(codes, DEFAULT_DATE_ORDER)
    return codes


@functools.lru_cache(maxsize=32)
def _dateparser_for(languages: tuple[str, ...], order: str = DEFAULT_DATE_ORDER) -> Any:
    """One reused DateDataParser per language set and date order (building one per call
    costs far more than a parse). Raises UserError for a language dateparser does not know."""
    from dateparser.date import DateDataParser  # imported here: only this tier pays for it

    if not all(isinstance(code, str) for code in languages):
        raise UserError(f"languages must be language codes, not {languages!r}")
    # dateparser checks the codes and loads their data on the first parse: do it here, once,
    # so a bad code fails loudly and no article pays for the loading.
    try:
        settings = {**DATEPARSER_SETTINGS, "DATE_ORDER": order.upper()}
        parser = DateDataParser(languages=list(languages), settings=settings)
        parser.get_date_data("1 1 2000")
    except ValueError as err:  # dateparser's "Unknown language(s): ..."
        raise UserError(str(err)) from None
    return parser


def _parse_dateparser(
    text: str, zone: dt.tzinfo | None, default_tz: str | None, languages: tuple[str, ...], order: str
) -> _Hit | UnparsedDate | None:
    if len(text) > DATEPARSER_MAX_CHARS or not any(c.isdigit() for c in text):
        return None
    try:
        data = _dateparser_for(languages, order).get_date_data(text)
    except (ValueError, OverflowError, LookupError):  # dateparser's own refusals of odd input
        return None
    value = data.date_obj
    if value is None:
        return None
    parts = getattr(data, "parts", None) or ()  # what the string gave, not filled in (dateparser >= 1.5)
    if parts and "time" not in parts:
        precision = DAY
    else:
        precision = FRACTION if value.microsecond else SECOND if value.second else MINUTE
    if value.tzinfo is None:
        return _hit(_local_result(value, None, zone, default_tz, "dateparser"), precision)
    return _hit(_stated_result(value.astimezone(UTC), text), precision)


def _stated_result(instant: dt.datetime, text: str) -> Result:
    """The dateparser tier's result for a string that states a zone: dateparser gives the
    instant (in UTC, see DATEPARSER_SETTINGS); its zone token gives the wall time and label."""
    from dateparser.timezone_parser import pop_tz_offset_from_string

    _, stated = pop_tz_offset_from_string(text)
    offset = stated.utcoffset(None) if stated is not None else None
    if offset is None:
        return ParsedDate(instant, instant.replace(tzinfo=None), "UTC", "dateparser")
    name = stated.tzname(None) or ""
    if name.upper() in ZONE_OFFSETS:
        label = ZONE_OFFSETS[name.upper()][1]
    else:
        label = name if name.isalpha() else _offset_label(offset)
    return ParsedDate(instant, (instant + offset).replace(tzinfo=None), label, "dateparser")
