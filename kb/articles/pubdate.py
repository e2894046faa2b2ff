"""Publication date of a page: a meta line above the story, then a dateline, then the seed header.

The date formats, month names and the "Updated" cue are data (`kb/data/pubdate.toml`); this module applies
them. Every date comes with its evidence: the text it was read from.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kb.articles.rules import NOISE, PROSE_END, PUB
from kb.records import Block

_MONTHS: dict[str, int] = {name: int(number) for name, number in PUB["months"].items()}
# Longest names first so "september" is not cut short at "sep"; case-insensitive only here, because a
# dateline's place is told by its capitals.
_MONTH = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_FULL_DATES = tuple(re.compile(p.replace("{month}", _MONTH), re.I) for p in PUB["patterns"]["full_date"])
_DATELINE = re.compile(PUB["patterns"]["dateline"].replace("{month}", _MONTH))
_UPDATED = re.compile(PUB["patterns"]["updated"], re.IGNORECASE)
_CLOSING_TIME = re.compile(PUB["patterns"]["closing_time"])
_SEGMENT_END = re.compile(r"\s\|\s|\s+(?=Updated\b)")
_MAX_WORDS_META = int(NOISE["shape"]["max_words_meta_date_line"])
# A dateline may sit this far in the future of the header (time zones, late uploads), never months.
_DATELINE_SLACK = timedelta(days=31)


def iso_date(value: str) -> date | None:
    """`YYYY-MM-DD` as a date, or None when it is not one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(text: str) -> list[tuple[int, int, date]]:
    """Every full date in `text` as (start, end, date), in order of position."""
    found = []
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            month = int(m["m"]) if m["m"].isdigit() else _MONTHS[m["m"].lower()]
            if day := _date(int(m["y"]), month, int(m["d"])):
                found.append((m.start(), m.end(), day))
    return sorted(found, key=lambda f: f[0])


def meta_date(text: str) -> tuple[date, str] | None:
    """A short meta line's publication date and the segment it is read from ("Posted : 2025-09-05 07:30")."""
    if len(text.split()) > _MAX_WORDS_META:
        return None
    if PROSE_END.search(text) and not _CLOSING_TIME.search(text):
        return None  # a short sentence that mentions a date is prose, not a meta line
    found = _dates(text)
    # The first date not introduced by "Updated": a page gives its publication time first.
    chosen = next((f for f in found if not _UPDATED.search(text[: f[0]])), found[0] if found else None)
    if chosen is None:
        return None
    # Evidence: the segment between "|" separators that holds the date, without a following "Updated ...".
    cut = max([0] + [m.end() for m in _SEGMENT_END.finditer(text) if m.end() <= chosen[0]])
    after = _SEGMENT_END.search(text, chosen[1])
    return chosen[2], text[cut : after.start() if after else len(text)].strip()


def _dateline(page: list[Block], ref: date | None) -> tuple[date, str] | None:
    """A story dateline ("MOSCOW, Aug 12 (Reuters) -"); a missing year is the one nearest `ref`, never
    months after it."""
    for block in [b for b in page if b.kind == "body"][:3]:
        if not (m := _DATELINE.match(block.text)):
            continue
        month, day = _MONTHS[m["m"].lower()], int(m["d"])
        if m["y"]:
            found = _date(int(m["y"]), month, day)
        elif ref is None:
            return None
        else:
            years = (_date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1))
            latest = ref + _DATELINE_SLACK if ref <= date.max - _DATELINE_SLACK else date.max  # a header of 9999
            near = [d for d in years if d and d <= latest]
            found = min(near, key=lambda d: abs(d - ref), default=None)
        if found:
            return found, m[0].strip()
    return None


def published(page: list[Block], header: date | None, header_ev: str | None
              ) -> tuple[date | None, str | None, date | None]:
    """(published, evidence, header_published): a meta line above the story, then a dateline, then the
    header; the header's date is kept apart when the page's own date disagrees with it."""
    found: tuple[date, str] | None = None
    for block in page:
        if block.kind == "body" or (block.kind == "noise" and (found := meta_date(block.text))):
            break
    if found is None:
        ref = header or next((d for b in page for _, _, d in _dates(b.text)), None)
        found = _dateline(page, ref)
    if found is None:
        return header, header_ev if header else None, None
    return found[0], found[1], header if header is not None and header != found[0] else None
