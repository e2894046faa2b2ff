"""Dates shown at their precision: '12 August 2025', 'June 2024', '2024' — never a month as the 1st."""

from __future__ import annotations

from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
TIME = "http://www.w3.org/2006/time#"
DATE_TYPES = {XSD + "date", XSD + "dateTime", XSD + "gYearMonth", XSD + "gYear"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PRECISION_OF_TYPE = {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day", XSD + "dateTime": "day"}
PRECISION_OF_UNIT = {TIME + "unitYear": "year", TIME + "unitMonth": "month", TIME + "unitDay": "day"}


@dataclass(frozen=True)
class ShownDate:
    """A date as a page shows it: `datetime` for <time datetime=...>, `label` for people."""

    datetime: str
    label: str
    precision: str


def precision_of(datatype: str | None, unit: str | None = None) -> str:
    """'day', 'month' or 'year', from ekb:datePrecision when given, else the literal's datatype."""
    if unit in PRECISION_OF_UNIT:
        return PRECISION_OF_UNIT[unit]
    return PRECISION_OF_TYPE.get(datatype or "", "day")


def show_date(value: str, precision: str) -> ShownDate:
    """'2025-08-12'/'day' -> 12 August 2025; '2024-06'/'month' -> June 2024; '2024'/'year' -> 2024."""
    parts = value.split("T")[0].lstrip("-").split("-")
    try:
        year = parts[0]
        if precision == "year" or len(parts) == 1:
            return ShownDate(year, year, "year")
        month = MONTHS[int(parts[1]) - 1]
        if precision == "month" or len(parts) == 2:
            return ShownDate(f"{year}-{parts[1]}", f"{month} {year}", "month")
        return ShownDate(f"{year}-{parts[1]}-{parts[2][:2]}", f"{int(parts[2][:2])} {month} {year}", "day")
    except (ValueError, IndexError):
        return ShownDate(value, value, precision)


def date_label(value: str, datatype: str | None) -> str:
    """A date literal's label at the precision its datatype states."""
    return show_date(value, precision_of(datatype)).label


def month_label(year_month: str) -> str:
    """'2024-06' -> 'June 2024'."""
    return show_date(year_month, "month").label
