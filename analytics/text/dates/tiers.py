"""The dateparser-free tiers: native values, strict ISO 8601, epoch milliseconds, the table.

It knows what a result is (`ParsedDate`, `UnparsedDate`, a hit with its precision, a
soft refusal the dateparser tier may still overturn), how a raw value is checked for
missing, cleaned and stripped of its prefix, how each tier reads it, and how a
match becomes a result: the stated zone or else the caller's default zone, UTC
instant plus local wall time, and the reason when the string cannot be read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import numbers
import re
import zoneinfo
from collections.abc import Callable
from typing import NamedTuple

from analytics.errors import UserError
from analytics.text.dates.tables import (
    _CONTROL,
    _PREFIX,
    _PUBLISHED_LABEL,
    _TIME_AFTER_DATE,
    _UNKNOWN_ZONE,
    _XLSX_ESCAPE,
    DATE_FORMATS,
    DATE_ORDERS,
    EPOCH_MS_RANGE,
    EPOCH_MS_TEXT,
    EXCERPT_CHARS,
    ISO_8601,
    MAX_SCAN_CHARS,
    MONTHS,
    UTC,
    ZONE_OFFSETS,
)

# Precision of a parsed value, for pick_published: the finer of two agreeing values wins.
DAY, MINUTE, SECOND, FRACTION = range(4)


@dataclasses.dataclass(frozen=True)
class ParsedDate:
    """A date that was read: the UTC instant, the local wall time, the zone's label and how it was read."""

    published_at: dt.datetime  # timezone-aware, UTC
    published_local: dt.datetime  # naive wall-clock time in the article's own zone
    tz_label: str  # 'WIB', 'WITA', 'WIT', 'UTC', '+05:30', or an IANA name (stated, or the default)
    method: str  # 'iso', 'epoch_ms', 'datetime', 'format:<name>', 'dateparser'


@dataclasses.dataclass(frozen=True)
class UnparsedDate:
    """A value that holds no readable date, with the reason."""

    reason: str


Result = ParsedDate | UnparsedDate


class _Hit(NamedTuple):
    """A parsed value with its precision (DAY .. FRACTION)."""

    date: ParsedDate
    precision: int


@dataclasses.dataclass(frozen=True)
class _Soft:
    """The table read a date but not the text around it (a time or zone it does not
    know): unparseable unless the dateparser tier reads the whole string."""

    reason: str


_Outcome = _Hit | UnparsedDate | _Soft


def _hit(result: Result, precision: int) -> _Hit | UnparsedDate:
    return _Hit(result, precision) if isinstance(result, ParsedDate) else result


def _is_missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, (numbers.Number, dt.date)):
        return bool(raw != raw)  # NaN, pandas NaT
    return type(raw).__name__ == "NAType"  # pandas.NA, without importing pandas


def _default_zone(default_tz: str | None) -> dt.tzinfo | None:
    if default_tz is None:
        return None
    try:
        return zoneinfo.ZoneInfo(default_tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"unknown default_tz {default_tz!r}") from exc


def _normalise(raw: str) -> str:
    text = raw[:MAX_SCAN_CHARS]
    text = _CONTROL.sub(" ", _XLSX_ESCAPE.sub(" ", text)).replace("’", "'")
    return " ".join(text.split())  # also folds NBSP and other Unicode spaces


def _skip_prefix(text: str) -> str:
    label = _PUBLISHED_LABEL.search(text)
    if label:  # 'Published: ... Updated: ...' or the reverse: the Published value counts
        text = text[label.start() :]
    prefix = _PREFIX.match(text)  # always matches: every part of the pattern is optional
    return text[prefix.end() :] if prefix else text


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…")


def _from_datetime(value: dt.datetime, zone: dt.tzinfo | None, default_tz: str | None) -> _Hit | UnparsedDate:
    value = dt.datetime.combine(value.date(), value.timetz())  # plain datetime, also from pandas
    precision = FRACTION if value.microsecond else SECOND
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        return _hit(_local_result(value.replace(tzinfo=None), None, zone, default_tz, "datetime"), precision)
    label = getattr(value.tzinfo, "key", None) or _offset_label(offset)
    return _Hit(ParsedDate(value.astimezone(UTC), value.replace(tzinfo=None), label, "datetime"), precision)


def _from_epoch_ms(value: float) -> _Hit | UnparsedDate:
    # Compared, not converted: an int too long for a float (JSON allows one of 4,300 digits) is out
    # of range like NaN and infinity are, where math.isfinite raised OverflowError.
    if not EPOCH_MS_RANGE[0] <= value < EPOCH_MS_RANGE[1]:
        return UnparsedDate(f"number {value!r} is not epoch milliseconds between 1973 and 5138")
    instant = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(milliseconds=int(value))
    precision = FRACTION if int(value) % 1000 else SECOND
    return _Hit(ParsedDate(instant, instant.replace(tzinfo=None), "UTC", "epoch_ms"), precision)


def _parse_iso(text: str, zone: dt.tzinfo | None, default_tz: str | None, order: str) -> _Outcome | None:
    match = ISO_8601.fullmatch(text)
    return _build(match, "iso", zone, default_tz, text) if match else None


def _parse_epoch_text(text: str, zone: dt.tzinfo | None, default_tz: str | None, order: str) -> _Outcome | None:
    return _from_epoch_ms(int(text)) if EPOCH_MS_TEXT.fullmatch(text) else None


def _parse_table(text: str, zone: dt.tzinfo | None, default_tz: str | None, order: str) -> _Outcome | None:
    for name, pattern in DATE_FORMATS.items():
        if name in _OTHER_ORDERS[order]:
            continue
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end() :]
        if match.group("hour") is None and _TIME_AFTER_DATE.match(rest):
            return _Soft(f"time not understood after the date in {_excerpt(text)}")
        unknown = None if match.group("zone") else _UNKNOWN_ZONE.match(rest)
        if unknown:
            return _Soft(f"unknown time zone {unknown.group(1)!r} in {_excerpt(text)}")
        return _build(match, f"format:{name}", zone, default_tz, text)
    return None


# The table's numeric formats that a source of each order skips: those of the other orders.
_OTHER_ORDERS = {
    order: frozenset(name for other, names in DATE_ORDERS.items() if other != order for name in names)
    for order in DATE_ORDERS
}


# The finest strptime directive a `date_format` has decides the precision of what it reads.
_FORMAT_PRECISION = (("%f", FRACTION), ("%S", SECOND), ("%M", MINUTE), ("%H", MINUTE), ("%I", MINUTE))


def _parse_strptime(
    text: str, date_format: str, zone: dt.tzinfo | None, default_tz: str | None
) -> _Hit | UnparsedDate | None:
    """A value read with the manifest's `date_format` (a strptime format), or None when it
    does not fit it (the other tiers then try it)."""
    try:
        value = dt.datetime.strptime(text, date_format)
    except ValueError:
        return None
    precision = next((p for directive, p in _FORMAT_PRECISION if directive in date_format), DAY)
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        return _hit(_local_result(value, None, zone, default_tz, "date_format"), precision)
    local = value.replace(tzinfo=None)
    return _Hit(ParsedDate(value.astimezone(UTC), local, _offset_label(offset), "date_format"), precision)


# Each tier returns a hit, an UnparsedDate (final: e.g. an impossible date), a _Soft
# refusal (final unless the dateparser tier reads the string), or None to pass the
# string on. The dateparser tier runs after these, only when the caller gives languages.
# Each reads numeric dates in the source's order (a key of DATE_ORDERS).
TEXT_TIERS: list[Callable[[str, dt.tzinfo | None, str | None, str], _Outcome | None]] = [
    _parse_iso,
    _parse_epoch_text,
    _parse_table,
]


def _diagnose(text: str, shown: str) -> UnparsedDate:
    for pattern in DATE_FORMATS.values():
        found = pattern.search(text)
        if found:
            return UnparsedDate(f"unrecognised text {text[: found.start()]!r} before the date in {_excerpt(shown)}")
    return UnparsedDate(f"no date in {_excerpt(shown)}")


def _build(
    match: re.Match[str], method: str, zone: dt.tzinfo | None, default_tz: str | None, text: str
) -> _Hit | UnparsedDate:
    g = match.groupdict()
    month = g["month"].rstrip(".")
    hour = int(g["hour"] or 0)
    if g.get("ampm"):
        if not 1 <= hour <= 12:
            return UnparsedDate(f"hour {hour} with AM/PM in {_excerpt(text)}")
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
    try:
        local = dt.datetime(
            int(g["year"]),
            int(month) if month.isdigit() else MONTHS[month.lower()],
            int(g["day"]),
            hour,
            int(g["minute"] or 0),
            int(g["second"] or 0),
            int((g["frac"] or "0")[:6].ljust(6, "0")),
        )
        stated = _stated_zone(g["zone"]) if g["zone"] else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as exc:
        return UnparsedDate(f"invalid date or zone in {_excerpt(text)}: {exc}")
    precision = (
        DAY if g["hour"] is None else MINUTE if g["second"] is None else SECOND if g["frac"] is None else FRACTION
    )
    return _hit(_local_result(local, stated, zone, default_tz, method), precision)


def _stated_zone(token: str) -> tuple[dt.tzinfo, str]:
    """The tzinfo and tz_label of a zone written in the string."""
    if token.upper() in ZONE_OFFSETS:
        minutes, label = ZONE_OFFSETS[token.upper()]
        return dt.timezone(dt.timedelta(minutes=minutes)), label
    if "/" in token:
        return zoneinfo.ZoneInfo(token), token
    signed = token.upper().removeprefix("UTC").removeprefix("GMT")  # '+07:00', '+0700', '+7'
    digits = signed[1:].replace(":", "")
    hour_digits, minute_digits = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    offset = (-1 if signed[0] == "-" else 1) * dt.timedelta(hours=int(hour_digits), minutes=int(minute_digits))
    return dt.timezone(offset), _offset_label(offset)  # timezone() refuses |offset| >= 24h


def _offset_label(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local_result(
    local: dt.datetime,
    stated: tuple[dt.tzinfo, str] | None,
    zone: dt.tzinfo | None,
    default_tz: str | None,
    method: str,
) -> Result:
    # zone is set exactly when default_tz names it (see _default_zone)
    tzinfo, label = stated or ((zone, default_tz) if zone and default_tz else (UTC, "UTC"))
    try:
        instant = local.replace(tzinfo=tzinfo).astimezone(UTC)
    except OverflowError:
        return UnparsedDate(f"date {local.isoformat()} is out of range in UTC")
    return ParsedDate(instant, local, label, method)
