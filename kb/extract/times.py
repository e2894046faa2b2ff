"""Time expressions in a sentence, resolved against the publication date.

Every date keeps the precision the text supports: "in June" is a month, never June 1st. Forms whose
reading depends on tense ("on Friday", "in June", "Nov. 9") carry both the past and the future
reading; the event that uses the date picks one by its status. Phrase lists live in kb/data/dates.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kb.extract.calendar import (
    as_guessed,
    day_readings,
    day_value,
    month_readings,
    month_value,
    period,
    safe_day,
    season_readings,
    shift,
    span_value,
    stretch_ahead,
    weekday_readings,
    widen,
    year_value,
)
from kb.extract.patterns import gate_text, may_match, word_gate
from kb.extract.time_tables import Tables, load_tables, patterns
from kb.records import TimeValue

# "the Land Boundary Agreement of 1974": a year in a document's name dates no event of the sentence
IN_A_NAME = re.compile(r"\b(?:Agreement|Treaty|Accords?|Declaration|Protocol|Charter|Convention|Act)\s+of\s+$")
SINCE = re.compile(r"\b(?:since|until|till)\s+$", re.IGNORECASE)
# What date arithmetic raises past year 1 or 9999 ("99999 years later", a report dated 9999-12-31):
# such a phrase gives no date.
BEYOND_CALENDAR = (ValueError, OverflowError)


@dataclass(frozen=True)
class TimeMention:
    """A time expression at `start:end` of its sentence."""

    start: int
    end: int
    text: str
    past: TimeValue | None  # the reading for an event that happened
    future: TimeValue | None  # the reading for a planned event (same as past when tense does not matter)
    report: bool = False  # the date of the report ("state media said Tuesday"), not of an event
    note: str = ""
    bound: bool = False  # a limit, not a date of the event ("since January")
    forward: bool = False  # "a day after <event>": dates the event that follows it
    weak: bool = False  # a clock time ("at 11 a.m."): the report's day, used only when no other date is near

    def value(self, planned: bool) -> TimeValue | None:
        return self.future if planned else self.past


@dataclass
class _Found:
    start: int
    end: int
    past: TimeValue | None = None
    future: TimeValue | None = None
    ref_days: int | None = None  # days from the last date mentioned
    ref_months: int = 0
    ref_in_sentence_only: bool = False
    fallback_days: int | None = None  # days from the anchor when there is no such date
    absolute: bool = False  # needs no anchor ("June 19, 2024")
    weak: bool = False  # a clock time
    slack: int = 0  # "six weeks later": a count of weeks gives about that day, no day of its own
    stamp: bool = False  # a live blog's entry time: the day of the report
    note: str = ""


class TimeFinder:
    """Finds and resolves the time expressions of sentences; build once, reuse for every article."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or load_tables()
        self.patterns = patterns(self.tables)
        p = self.patterns  # every time expression holds one of these words ("june", "week", "20"...)
        self.gate = word_gate([*p.full, p.month, p.year, p.weekday, p.phrase, p.offset, p.season, p.stretch, p.clock,
                               p.named_day])

    def find(self, text: str, anchor: date | None, ref: TimeValue | None = None,
             report: date | None = None) -> list[TimeMention]:
        """Mentions in text order. `ref` is the last date mentioned before this sentence, `report` the day
        the article last said its news was reported ("Trump said Friday"), for "hours after <event>"."""
        found = self._scan(text, anchor)
        mentions: list[TimeMention] = []
        sentence_ref: TimeValue | None = None
        for item in found:
            mention = self._finish(text, item, report or anchor, sentence_ref or ref, sentence_ref)
            if mention is None:
                continue
            mentions.append(mention)
            if not mention.report and not mention.bound and mention.past is not None:
                sentence_ref = mention.past
        return mentions

    def _scan(self, text: str, anchor: date | None) -> list[_Found]:
        if not may_match(self.gate, gate_text(text)) and not self.patterns.timestamp.match(text):
            return []  # most sentences name no date at all
        taken: list[tuple[int, int]] = []
        found: list[_Found] = []
        for scan in (self._full, self._offsets, self._stretches, self._seasons, self._months, self._phrases,
                     self._years, self._weekdays, self._clocks, self._named_days):
            for item in scan(text, anchor):
                if not any(item.start < end and start < item.end for start, end in taken):
                    taken.append((item.start, item.end))
                    found.append(item)
        return sorted(found, key=lambda f: f.start)

    def _finish(self, text: str, item: _Found, anchor: date | None, ref: TimeValue | None,
                sentence_ref: TimeValue | None) -> TimeMention | None:
        if item.ref_days is not None:
            # "spoke the previous day, KCNA reported": the report's day before; "The day before, ..." opening a
            # sentence: the day before the last date mentioned
            opening = not text[:item.start].strip(" \"'“‘")
            base = sentence_ref if item.ref_in_sentence_only and not opening else (sentence_ref or ref)
            try:
                if base is not None:
                    item.past = item.future = widen(shift(base, item.ref_days, item.ref_months), item.slack)
                    item.note = f"'{text[item.start:item.end]}' relative to {base.value}"
                elif item.fallback_days is not None and anchor is not None:
                    item.past = item.future = day_value(anchor + timedelta(days=item.fallback_days))
                    item.note = f"'{text[item.start:item.end]}' relative to report of {anchor.isoformat()}"
            except BEYOND_CALENDAR:  # "99999 years later": no date
                return None
        if item.past is None and item.future is None:
            return None
        before = text[:item.start]
        report = item.stamp or bool(self.patterns.report_before.search(before) or self.patterns.dateline.match(before))
        note = item.note or self._note(text[item.start:item.end], item, anchor)
        phrase = text[item.start:item.end]
        return TimeMention(item.start, item.end, phrase, item.past, item.future or item.past, report, note,
                           bound=bool(SINCE.search(before) or IN_A_NAME.search(before)),
                           forward=item.ref_days is not None and phrase.lower().endswith(("after", "before")),
                           weak=item.weak)

    @staticmethod
    def _note(phrase: str, item: _Found, anchor: date | None) -> str:
        if anchor is None or item.absolute:
            return f"'{phrase}'"
        return f"'{phrase}' relative to report of {anchor.isoformat()}"

    # -- one scanner per form; each yields candidates, earlier scanners win overlaps --

    def _full(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in (m for p in self.patterns.full for m in p.finditer(text)):
            month = self.tables.months[m["mon"]]
            day = int(m["day"]) if m["day"] else self.tables.ordinals[m["ord"].lower()]
            if m["year"]:
                exact = safe_day(int(m["year"]), month, day)
                past = future = exact
            elif anchor is None:
                continue
            elif m["rel"]:
                past = future = safe_day(anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"]], month, day)
            else:
                past, future = day_readings(month, day, anchor)  # None beyond the calendar
            if past is not None and future is not None:
                guessed = not m["year"] and not m["rel"]  # "June 19": the year is the reader's guess
                out.append(_Found(m.start(), m.end(), as_guessed(day_value(past), guessed),
                                  as_guessed(day_value(future), guessed), absolute=bool(m["year"])))
        return out

    def _months(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in self.patterns.month.finditer(text):
            month = self.tables.months[m["mon"]]
            start = m.start("mon") if m["prep"] in (None, "in", "In", "since", "Since", "from", "during",
                                                     "until", "by", "of", "before", "after") else m.start()
            end = m.end() if m["year"] or m["rel"] else m.end("mon")  # not the sentence's full stop
            if m["year"]:
                out.append(_Found(start, end, month_value(int(m["year"]), month), absolute=True))
            elif m["prep"] is None or anchor is None:
                continue  # a bare "May" is too often the verb
            elif m["rel"]:
                try:
                    value = month_value(anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"]], month)
                except BEYOND_CALENDAR:  # "next year" after a report dated 9999
                    continue
                out.append(_Found(start, end, value, value))
            else:
                try:
                    past, future = month_readings(month, anchor, m["prep"])
                except BEYOND_CALENDAR:
                    continue
                guessed = m["prep"] not in ("last", "next")  # "in June": which June is a guess
                out.append(_Found(start, end, as_guessed(past, guessed), as_guessed(future, guessed)))
        return out

    def _years(self, text: str, anchor: date | None) -> list[_Found]:
        return [_Found(m.start("year"), m.end(), year_value(int(m["year"])), absolute=True)
                for m in self.patterns.year.finditer(text)]

    def _weekdays(self, text: str, anchor: date | None) -> list[_Found]:
        if anchor is None:
            return []
        out = []
        for m in self.patterns.weekday.finditer(text):
            try:
                past, future = weekday_readings(self.tables.weekdays[m["wd"]], anchor, m["rel"] or "")
            except BEYOND_CALENDAR:  # the week before 0001-01-01
                continue
            out.append(_Found(m.start(), m.end(), day_value(past), day_value(future)))
        return out

    def _phrases(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in self.patterns.phrase.finditer(text):
            try:
                out.extend(self._phrase(m.group().lower(), m.start(), m.end(), anchor))
            except BEYOND_CALENDAR:  # "tomorrow" after 9999-12-31
                continue
        return out

    def _phrase(self, phrase: str, start: int, end: int, anchor: date | None) -> list[_Found]:
        t = self.tables
        if phrase in t.context_days:
            return [_Found(start, end, ref_days=t.context_days[phrase])]
        if phrase in t.report_or_context_days:
            days = t.report_or_context_days[phrase]
            return [_Found(start, end, ref_days=days, ref_in_sentence_only=True, fallback_days=days)]
        if anchor is None:
            return []
        if phrase in t.relative_days:
            return [_Found(start, end, day_value(anchor + timedelta(days=t.relative_days[phrase])))]
        unit, offset = t.periods[phrase]
        return [_Found(start, end, period(unit, offset, anchor))]

    def _named_days(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in self.patterns.named_day.finditer(text):
            month, day = self.tables.named_days[m.group().removesuffix(m["year"] or "").strip()]
            if m["year"]:
                past = future = safe_day(int(m["year"]), month, day)
            elif anchor is None:
                continue
            else:
                past, future = day_readings(month, day, anchor)
            if past is not None and future is not None:
                out.append(_Found(m.start(), m.end(), day_value(past), day_value(future), absolute=bool(m["year"])))
        return out

    def _clocks(self, text: str, anchor: date | None) -> list[_Found]:
        """Clock times are the report's day: a live blog's entry times, and "set for 1:15 p.m."."""
        if anchor is None:
            return []
        today = day_value(anchor)
        out = [_Found(m.start(), m.end(), today, today, weak=True) for m in self.patterns.clock.finditer(text)]
        if stamp := self.patterns.timestamp.match(text):
            out.append(_Found(stamp.start(), stamp.end(), today, today, stamp=True))
        return out

    def _seasons(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in self.patterns.season.finditer(text):
            months = self.tables.seasons[(m["season"] or m["bare"]).lower()]
            year = m["year"] or m["year2"]
            if year:
                value = year_value(int(year))
                out.append(_Found(m.start(), m.end(), value, value, absolute=True))
            elif anchor is not None:
                past, future = season_readings(months, anchor, m["rel"].lower())
                if past is not None and future is not None:
                    out.append(_Found(m.start(), m.end(), past, future))
        return out

    def _stretches(self, text: str, anchor: date | None) -> list[_Found]:
        if anchor is None:
            return []
        out = []
        for m in self.patterns.stretch.finditer(text):
            try:
                value = self._stretch(m, anchor)
            except BEYOND_CALENDAR:
                continue
            out.append(_Found(m.start(), m.end(), value, value))
        return out

    def _stretch(self, m: re.Match[str], anchor: date) -> TimeValue:
        if m["unit"] is None:
            return stretch_ahead(anchor, self.tables.stretches[m.group().lower()])
        count = [int(n) if n.isdigit() else self.tables.numbers[n.lower()] for n in (m["n"], m["m"]) if n]
        days = {"day": 1, "week": 7, "month": 30}[m["unit"].lower()]
        if m["within"].lower() == "within" or len(count) > 1:
            return stretch_ahead(anchor, max(count) * days)
        if days == 1:
            return day_value(anchor + timedelta(days=count[0]))
        around = anchor + timedelta(days=count[0] * days)  # "in three weeks": about then, no day
        slack = timedelta(days=3 if days == 7 else 10)
        return span_value(around - slack, around + slack)

    def _offsets(self, text: str, anchor: date | None) -> list[_Found]:
        out = []
        for m in self.patterns.offset.finditer(text):
            n = int(m["n"]) if m["n"].isdigit() else self.tables.numbers[m["n"].lower()]
            sign = 1 if m["dir"].lower() in ("later", "before") else -1
            if m["that"]:
                sign = 1 if m["dir"].lower() == "after" else -1
            unit = m["unit"].lower()
            days = {"day": n, "week": 7 * n}.get(unit, 0) * sign
            months = {"month": n, "year": 12 * n}.get(unit, 0) * sign
            slack = 3 if unit == "week" else 0
            out.append(_Found(m.start(), m.end(), ref_days=days, ref_months=months, slack=slack))
        return out


@lru_cache(maxsize=1)
def default_finder() -> TimeFinder:
    return TimeFinder()
