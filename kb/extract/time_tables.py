"""The date phrase tables (kb/data/dates.toml) and the patterns built from them, for kb.extract.times."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.extract.patterns import guarded, literal_trie

DATES_FILE = Path(__file__).resolve().parent.parent / "data" / "dates.toml"
REPORT_VERBS = r"(?:said|says|reported|reports|announced|stated|confirmed|showed|told reporters|added)"


@dataclass(frozen=True)
class Tables:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    prepositions: tuple[str, ...]
    day_parts: tuple[str, ...]
    relative_days: dict[str, int]
    report_or_context_days: dict[str, int]
    context_days: dict[str, int]
    periods: dict[str, tuple[str, int]]
    seasons: dict[str, tuple[int, int]]
    season_words: tuple[str, ...]
    stretches: dict[str, int]
    named_days: dict[str, tuple[int, int]]


def _ordinals(words: list[str]) -> dict[str, int]:
    """"first" .. "thirty-first" (a hyphen or a space between the parts, as transcripts write them)."""
    out = {word: i + 1 for i, word in enumerate(words)}
    out.update({word.replace("-", " "): n for word, n in out.items()})
    return out


def _spellings(groups: list[list[str]]) -> dict[str, int]:
    return {spelling: index + 1 for index, group in enumerate(groups) for spelling in group}


@lru_cache(maxsize=4)
def load_tables(path: Path = DATES_FILE) -> Tables:
    with path.open("rb") as fh:
        raw: dict[str, Any] = tomllib.load(fh)
    return Tables(
        months=_spellings(raw["months"]), weekdays=_spellings(raw["weekdays"]), numbers=raw["numbers"],
        ordinals=_ordinals(raw["ordinals"]),
        prepositions=tuple(raw["date_prepositions"]), day_parts=tuple(raw["day_parts"]),
        relative_days=raw["relative_days"], report_or_context_days=raw["report_or_context_days"],
        context_days=raw["context_days"], periods={k: (v[0], int(v[1])) for k, v in raw["periods"].items()},
        seasons={k: (int(v[0]), int(v[1])) for k, v in raw["seasons"]["months"].items()},
        season_words=tuple(raw["seasons"]["words"]), stretches=raw["stretches"],
        named_days={k: (int(v[0]), int(v[1])) for k, v in raw["named_days"].items()},
    )


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Patterns:
    full: tuple[re.Pattern[str], ...]
    month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    phrase: re.Pattern[str]
    offset: re.Pattern[str]
    report_before: re.Pattern[str]
    dateline: re.Pattern[str]
    season: re.Pattern[str]
    stretch: re.Pattern[str]
    clock: re.Pattern[str]
    timestamp: re.Pattern[str]
    named_day: re.Pattern[str]


def patterns(tables: Tables) -> Patterns:
    mon = rf"(?P<mon>{_alt(tables.months)})\.?"
    rel_year = r"(?:,?\s+(?P<rel>last|this|next) year)?"
    # "17 January", "the 17th of January", and as read aloud: "October the twenty-fifth"
    day = rf"(?:the\s+)?(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?|(?P<ord>{_alt(tables.ordinals)}))"
    year = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    tail = rf"{year}(?!\s*(?:-|\d)){rel_year}"
    full = (rf"\b{mon}\s+{day}\b{tail}", rf"\b{day}\s+(?:of\s+)?{mon}{tail}")
    preps = _alt(tables.prepositions)
    parts = _alt(tables.day_parts)
    numbers = _alt(tables.numbers)
    phrases = {**tables.relative_days, **tables.report_or_context_days, **tables.context_days, **tables.periods}
    # Scanning patterns get a first-character guard, and the long phrase list is a trie (kb.extract.patterns):
    # the same matches, a fraction of the tries per sentence.
    return Patterns(
        full=tuple(guarded(p) for p in full),
        month=guarded(rf"(?:\b(?P<prep>{preps})\s+(?:early\s+|late\s+|mid-)?)?\b{mon}"
                      rf"(?:\s+(?P<year>(?:19|20)\d\d)\b|\s+(?P<rel>last|this|next) year)?"),
        year=guarded(rf"\b(?:{preps})\s+(?P<year>(?:19|20)\d\d)\b(?!\s*-)"),
        weekday=guarded(rf"\b(?:(?P<rel>last|next|this past|this coming|this)\s+)?"
                        rf"(?P<wd>{_alt(tables.weekdays)})\b(?:'s)?(?:\s+(?:{parts})\b)?"),
        phrase=guarded(rf"\b(?:{literal_trie(phrases, fold_case=True)})\b", re.IGNORECASE),
        # "two days later", "a day after <event>"; "two days after that" counts from the last date like "later"
        offset=guarded(rf"\b(?P<n>\d+|{numbers})\s+(?P<unit>day|week|month|year)s?\s+"
                       r"(?P<dir>later|after|before|earlier)\b(?P<that>\s+(?:that|this|it)\b)?", re.IGNORECASE),
        report_before=re.compile(rf"\b{REPORT_VERBS}\s+(?:on\s+)?$"),
        named_day=guarded(rf"\b(?:{_alt(tables.named_days)})(?:\s+(?P<year>(?:19|20)\d\d)\b)?"),
        clock=guarded(r"\b(?:at|for|by|from|until|around|about|before|after)\s+(?:about\s+|around\s+)?"
                      r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|noon\b|midday\b)"),
        # a live blog's entry time opening the sentence ("13:18 ET - ", "09:05 -"): the entry's day
        timestamp=re.compile(r"^\s*\d{1,2}[:.]\d{2}(?:\s*(?:a\.m\.|p\.m\.|am|pm))?(?:\s+[A-Z]{2,4})?\s*[-–—:|]\s"),
        season=guarded(rf"\b(?:(?P<rel>{_alt(tables.season_words)})\s+)(?P<season>{_alt(tables.seasons)})\b"
                       rf"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b)?|\b(?P<bare>{_alt(tables.seasons)})\s+"
                       rf"(?:of\s+)?(?P<year2>(?:19|20)\d\d)\b", re.IGNORECASE),
        stretch=guarded(rf"\b(?:{_alt(tables.stretches)})\b|\b(?P<within>within|in)\s+(?:the\s+next\s+)?"
                        rf"(?P<n>\d+|{numbers})(?:\s+(?:to|or)\s+(?P<m>\d+|{numbers}))?\s+"
                        rf"(?P<unit>day|week|month)s?(?:'s?\s+time)?\b", re.IGNORECASE),
        dateline=re.compile(r"^\s*[A-Z][A-Z .'/-]+(?:,\s*[A-Za-z .]+)?,\s*$"),
    )
