"""Calendar arithmetic for time expressions: values at a precision, and the readings of partial dates.

A value keeps the precision the text supports (`day_value`, `month_value`, `year_value`); a span of
days (a week, a weekend, "within two weeks") gets the tightest precision that covers it. A month, day
or weekday without a year has two readings, the latest one not after the anchor and the first one not
before it: the event's tense picks one.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from kb.records import TimeValue


def day_value(day: date) -> TimeValue:
    return TimeValue(day.isoformat(), "day", day, day)


def month_value(year: int, month: int) -> TimeValue:
    last = calendar.monthrange(year, month)[1]
    return TimeValue(f"{year:04d}-{month:02d}", "month", date(year, month, 1), date(year, month, last))


def year_value(year: int) -> TimeValue:
    return TimeValue(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))


def span_value(first: date, last: date) -> TimeValue:
    """The tightest stated precision that covers a span of days (a week, a weekend)."""
    if first == last:
        return day_value(first)
    if (first.year, first.month) == (last.year, last.month):
        value = month_value(first.year, first.month)
    else:
        value = year_value(first.year) if first.year == last.year else year_value(last.year)
    return replace(value, earliest=first, latest=last)


def as_guessed(value: TimeValue, guessed: bool) -> TimeValue:
    return replace(value, year_stated=False) if guessed else value


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift(value: TimeValue, days: int = 0, months: int = 0) -> TimeValue:
    """Move a date by whole days (keeping day precision) or months (at most month precision)."""
    if months:
        year, month = add_months(value.earliest.year, value.earliest.month, months)
        return year_value(year) if value.precision == "year" else month_value(year, month)
    if value.precision == "day":
        return day_value(value.earliest + timedelta(days=days))
    return value


def safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_readings(month: int, day: int, anchor: date) -> tuple[date | None, date | None]:
    """A month and day without a year: the latest one not after `anchor`, the first one not before."""
    this_year = safe_day(anchor.year, month, day)
    if this_year is None:
        return None, None
    past = this_year if this_year <= anchor else safe_day(anchor.year - 1, month, day)
    future = this_year if this_year >= anchor else safe_day(anchor.year + 1, month, day)
    return past, future


def month_readings(month: int, anchor: date, prep: str) -> tuple[TimeValue, TimeValue]:
    """A bare month: the most recent one not after the anchor's month, and the next one not before it."""
    strict = prep in ("last", "next")  # "last June" in June means a year ago
    back = anchor.year if month < anchor.month or (month == anchor.month and not strict) else anchor.year - 1
    ahead = anchor.year if month > anchor.month or (month == anchor.month and not strict) else anchor.year + 1
    past, future = month_value(back, month), month_value(ahead, month)
    return {"last": (past, past), "next": (future, future)}.get(prep, (past, future))


def weekday_readings(weekday: int, anchor: date, rel: str) -> tuple[date, date]:
    back = (anchor.weekday() - (weekday - 1)) % 7
    ahead = ((weekday - 1) - anchor.weekday()) % 7
    if rel in ("last", "this past") and back == 0:
        back = 7
    if rel in ("next", "this coming") and ahead == 0:
        ahead = 7
    past, future = anchor - timedelta(days=back), anchor + timedelta(days=ahead)
    if rel in ("next", "this coming"):
        past = future
    if rel in ("last", "this past"):
        future = past
    return past, future


def period(unit: str, offset: int, anchor: date) -> TimeValue:
    if unit == "year":
        return year_value(anchor.year + offset)
    if unit == "month":
        return month_value(*add_months(anchor.year, anchor.month, offset))
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        saturday = monday + timedelta(days=5)
        if offset < 0 and saturday + timedelta(days=7) < anchor:
            saturday += timedelta(days=7)  # "over the weekend" on a Monday means the one just gone
        return span_value(saturday, saturday + timedelta(days=1))
    return span_value(monday, monday + timedelta(days=6))


def season_readings(months: tuple[int, int], anchor: date, rel: str) -> tuple[TimeValue | None, TimeValue | None]:
    """A season without a year at year precision: the past and future readings ("last" and "next" fix one).
    A season that spans two years (winter) gives none."""
    first, last = months
    if last < first:
        return None, None
    began = anchor.month >= first  # this year's season has begun
    ended = anchor.month > last
    past_year = anchor.year if (ended if rel in ("last", "this past") else began) else anchor.year - 1
    future_year = anchor.year + 1 if (began if rel in ("next", "this coming", "the coming") else ended) else anchor.year
    if rel in ("this", "later this", "earlier this"):
        past_year = future_year = anchor.year
    past, future = year_value(past_year), year_value(future_year)
    if rel in ("last", "this past"):
        return past, past
    if rel in ("next", "this coming", "the coming"):
        return future, future
    return past, future


def stretch_ahead(anchor: date, days: int) -> TimeValue:
    """The days from the report to `days` after it, at the precision that covers them."""
    return span_value(anchor, anchor + timedelta(days=days))


def widen(value: TimeValue, days: int) -> TimeValue:
    """A day known only to within `days` either side, at the precision that covers the stretch."""
    if not days or value.precision != "day":
        return value
    return span_value(value.earliest - timedelta(days=days), value.earliest + timedelta(days=days))
