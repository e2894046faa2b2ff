"""Values from requests made safe for SPARQL: IRIs are validated, literals escaped, dates checked.

Nothing a user typed is pasted into a query except through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kb.store import Term

IRI_CHARS = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
VALUES_LINE = re.compile(r"VALUES (\?\w+) \{[^}\n]*\}")


class Unsafe(ValueError):
    """A request value that cannot go into a query."""


def iri(value: str) -> str:
    """`<value>` for an http(s) IRI without characters that could end the IRI; else Unsafe."""
    if not IRI_CHARS.match(value):
        raise Unsafe(f"not an http(s) IRI: {value!r}")
    return f"<{value}>"


def literal(text: str) -> str:
    """A double-quoted SPARQL string holding `text` exactly (backslashes and quotes escaped)."""
    return '"' + "".join(LITERAL_ESCAPES.get(ch, ch) for ch in text) + '"'


def term(value: Term) -> str:
    """A result term written back into a query."""
    if value.kind == "iri":
        return iri(value.value)
    if value.datatype:
        return f"{literal(value.value)}^^{iri(value.datatype)}"
    return literal(value.value)


def with_values(sparql: str, variable: str, iris: Iterable[str]) -> str:
    """A named query with its `VALUES ?variable { ... }` line holding `iris` instead."""
    replacement = f"VALUES ?{variable} {{ {' '.join(iri(value) for value in iris)} }}"
    found = False

    def swap(match: re.Match[str]) -> str:
        nonlocal found
        if match.group(1) != "?" + variable:
            return match.group(0)
        found = True
        return replacement

    result = VALUES_LINE.sub(swap, sparql)
    if not found:
        raise ValueError(f"the query has no VALUES ?{variable} line")
    return result


def date_bound(value: str, end: bool) -> str:
    """'2024' / '2024-06' / '2024-06-19' as the first (or last) day it covers, ISO; else Unsafe."""
    match = DATE.match(value.strip())
    if not match:
        raise Unsafe(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}"
    if month:
        if not 1 <= int(month) <= 12:
            raise Unsafe(f"no month {month}")
        return f"{year}-{month}-{last_day(int(year), int(month)):02d}" if end else f"{year}-{month}-01"
    return f"{year}-12-31" if end else f"{year}-01-01"


def last_day(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]
