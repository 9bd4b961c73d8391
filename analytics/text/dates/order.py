"""A source's date order: decided once from all its values, then applied to every one of them.

A numeric date ('7/31/2025 8:15', '18/06/2025', '04.11.2025') leaves day and month to
the reader, and a source writes all of its dates one way. So the order is decided per
source from every value it has (`OrderTally`, filled by a first pass over the raw date
values): a value whose first number is over MAX_MONTH settles day first, one whose second
number is over it settles month first; when no value settles it, the source's language
decides (LANGUAGE_DATE_ORDER). A source with values of both kinds contradicts itself: the
kind with more values wins (a tie goes to the language), and the decision says so, so the
summary can report it; the values of the other kind are then refused, never swapped to fit.
A manifest may state the order (`date_order`) or the whole layout (`date_format`, a
strptime format such as '%m/%d/%Y %H:%M'), and then nothing is decided.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re

from analytics.text.dates.tables import (
    DATE_ORDERS,
    DEFAULT_DATE_ORDER,
    LANGUAGE_DATE_ORDER,
    MAX_MONTH,
    MAX_SCAN_CHARS,
    NUMERIC_DATE,
    PARSE_CACHE_SIZE,
)
from analytics.text.dates.tiers import _normalise, _skip_prefix

# How an order was chosen, as the ingest summary says it.
BASES = {
    "date_format": "the manifest's date_format",
    "date_order": "the manifest's date_order",
    "values": "the values",
    "language": "the language (the values do not decide)",
}
# strptime directives of each part of a date, for `date_format`.
_DAY = re.compile(r"%-?[dj]")
_MONTH = re.compile(r"%-?[mbB]")
_YEAR = re.compile(r"%-?[yYG]")
# A moment every layout can write and read back: checks a `date_format` before ingest.
_SAMPLE = dt.datetime(2001, 12, 31, 23, 59, 58, 123456)


def numeric_fields(raw: object) -> tuple[int, int] | None:
    """The first and second number of a numeric date with its year last at the start of a
    value (after the labels and day names the parser skips), or None."""
    if not isinstance(raw, str):
        return None
    return _numeric_fields_remembered(raw) if len(raw) <= MAX_SCAN_CHARS else _numeric_fields(raw)


def _numeric_fields(raw: str) -> tuple[int, int] | None:
    match = NUMERIC_DATE.match(_skip_prefix(_normalise(raw)))
    return (int(match.group("first")), int(match.group("second"))) if match else None


_numeric_fields_remembered = functools.lru_cache(maxsize=PARSE_CACHE_SIZE)(_numeric_fields)


def contradicts(raw: object, order: str) -> bool:
    """Whether a value's numeric date cannot be read in `order`: a number over MAX_MONTH
    in the month's place, or, for a year-first order, a year written last."""
    fields = numeric_fields(raw)
    if fields is None:
        return False
    first, second = fields
    return order == "ymd" or (order == "dmy" and second > MAX_MONTH) or (order == "mdy" and first > MAX_MONTH)


@dataclasses.dataclass
class OrderTally:
    """What a source's raw date values say of its order: how many settle day first, how many
    month first, how many leave it open, and the first value of each settling kind."""

    day_first: int = 0
    month_first: int = 0
    undecided: int = 0
    examples: dict[str, str] = dataclasses.field(default_factory=dict)  # 'dmy' | 'mdy' -> a value

    def add(self, raw: object) -> None:
        """Count one raw date value (values without a numeric date count for nothing)."""
        fields = numeric_fields(raw)
        if fields is None:
            return
        first, second = fields
        if first > MAX_MONTH and second <= MAX_MONTH:
            self.day_first += 1
            self.examples.setdefault("dmy", str(raw).strip())
        elif second > MAX_MONTH and first <= MAX_MONTH:
            self.month_first += 1
            self.examples.setdefault("mdy", str(raw).strip())
        elif first <= MAX_MONTH:
            self.undecided += 1

    def merge(self, other: OrderTally) -> None:
        """Add another tally (of a later file) to this one."""
        self.day_first += other.day_first
        self.month_first += other.month_first
        self.undecided += other.undecided
        for order, value in other.examples.items():
            self.examples.setdefault(order, value)


@dataclasses.dataclass(frozen=True)
class OrderDecision:
    """The order a source's numeric dates are read in, how it was chosen (a key of BASES)
    and the counts it was chosen from."""

    order: str
    basis: str
    day_first: int = 0
    month_first: int = 0
    examples: tuple[tuple[str, str], ...] = ()  # (order, first value that settles it), when contradicted

    @property
    def contradicted(self) -> bool:
        """Whether the source has values that settle both orders."""
        return bool(self.day_first and self.month_first)

    def describe(self) -> str:
        """One line for the ingest summary: the order, why, and what contradicts it."""
        text = f"numeric dates read {self.order}, decided by {BASES[self.basis]}"
        if self.basis == "values" or self.contradicted:
            text += f" ({self.day_first:,} day-first, {self.month_first:,} month-first values)"
        if self.contradicted:
            shown = "; ".join(f"{order} {value!r}" for order, value in self.examples)
            text += f"; the source contradicts itself ({shown}): values against {self.order} are unparseable"
        return text


def decide_order(
    tally: OrderTally, *, language: str | None, date_order: str | None = None, date_format: str | None = None
) -> OrderDecision:
    """A source's order: the manifest's `date_format` or `date_order` when given, else the
    values' (`tally`), else the language's."""
    if date_format:
        return OrderDecision(format_order(date_format), "date_format", tally.day_first, tally.month_first)
    if date_order:
        return OrderDecision(date_order, "date_order", tally.day_first, tally.month_first)
    fallback = LANGUAGE_DATE_ORDER.get(language or "", DEFAULT_DATE_ORDER)
    if tally.day_first == tally.month_first:  # no value decides, or as many each way
        order, basis = fallback, "language"
    else:
        order, basis = ("dmy" if tally.day_first > tally.month_first else "mdy"), "values"
    examples = tuple(sorted(tally.examples.items())) if tally.day_first and tally.month_first else ()
    return OrderDecision(order, basis, tally.day_first, tally.month_first, examples)


def format_order(date_format: str) -> str:
    """The order of a strptime format's day, month and year ('%m/%d/%Y %H:%M' -> 'mdy').
    Raises ValueError for a format that lacks one of them or cannot read what it writes."""
    found = {part: pattern.search(date_format) for part, pattern in (("d", _DAY), ("m", _MONTH), ("y", _YEAR))}
    missing = [name for part, name in (("d", "day"), ("m", "month"), ("y", "year")) if found[part] is None]
    if missing:
        raise ValueError(f"date_format {date_format!r} has no {' and no '.join(missing)} (e.g. %d, %m, %Y)")
    try:
        dt.datetime.strptime(_SAMPLE.strftime(date_format), date_format)
    except ValueError as err:
        raise ValueError(f"date_format {date_format!r} cannot read back what it writes: {err}") from None
    order = "".join(sorted(found, key=lambda part: found[part].start()))  # type: ignore[union-attr]
    if order not in DATE_ORDERS:
        raise ValueError(f"date_format {date_format!r} writes {order}, not one of {', '.join(DATE_ORDERS)}")
    return order
