"""Merging the reports of one occurrence within an article into one event.

Two candidates are one occurrence when type (visit = meeting), status and parties' countries agree,
no country is represented by different people, and their dates can overlap. The merged event keeps
the most precise date and the people named by either report.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kb.extract.events import Candidate
from kb.extract.parties import dedupe, drop_redundant_countries, party_key
from kb.records import TimeValue

PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
COARSE = {"visit": "meeting"}
REPORT_WINDOW_DAYS = 7  # "state media reported Wednesday": the event is taken to lie in the week before



def _dates_compatible(a: TimeValue | None, b: TimeValue | None) -> bool:
    return a is None or b is None or (a.earliest <= b.latest and b.earliest <= a.latest)


def _window(c: Candidate) -> TimeValue | None:
    """The days an event may fall on: its date, else the week up to the report that mentions it."""
    if c.date is not None or c.report_date is None:
        return c.date
    earliest = c.report_date.earliest
    return replace(c.report_date, earliest=earliest - timedelta(days=min(REPORT_WINDOW_DAYS, earliest.toordinal() - 1)))


def _persons_by_country(c: Candidate) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in c.parties:
        if p.kind == "person":
            out.setdefault(party_key(p), set()).add(p.name)
    return out


def _plan_came_true(a: Candidate, b: Candidate) -> bool:
    """Live coverage: "is set for 1:15 p.m." then "are now meeting" on the same day is one event."""
    dates = [c.date or c.report_date for c in (a, b)]
    return all(d is not None and d.precision == "day" for d in dates) and dates[0] == dates[1]


def same_occurrence(a: Candidate, b: Candidate) -> bool:
    if COARSE.get(a.type, a.type) != COARSE.get(b.type, b.type):
        return False
    if a.status != b.status and not _plan_came_true(a, b):
        return False
    if {party_key(p) for p in a.parties} != {party_key(p) for p in b.parties}:
        return False
    people_a, people_b = _persons_by_country(a), _persons_by_country(b)
    if any(people_a[k].isdisjoint(people_b[k]) for k in people_a.keys() & people_b.keys()):
        return False  # Lavrov-Choe and Lavrov-Kim on one day are two meetings
    return _dates_compatible(_window(a), _window(b))


def _better(a: Candidate, b: Candidate) -> bool:
    """Is `b` the better report: a more precise date, or as precise and in the body rather than a caption?"""
    rank_a = PRECISION_RANK[a.date.precision] if a.date else 0
    rank_b = PRECISION_RANK[b.date.precision] if b.date else 0
    if rank_a != rank_b:
        return rank_b > rank_a
    return a.sentence.block == "caption" and b.sentence.block == "body"


def _absorb(kept: Candidate, other: Candidate) -> Candidate:
    best, rest = (other, kept) if _better(kept, other) else (kept, other)
    merged = replace(best, parties=dedupe(best.parties + [p for p in rest.parties if p.kind == "person"]),
                     place=best.place or rest.place, report_date=best.report_date or rest.report_date,
                     carried=kept.carried or other.carried, notes=best.notes + rest.notes)
    if "occurred" in (kept.status, other.status):
        merged.status = "occurred"  # a plan reported as done later in the same text
    if "visit" in (kept.type, other.type):
        merged.type = "visit"  # the trip and the host's talks are one event
    if any(p.kind == "person" for p in merged.parties) and merged.type != "ratification":
        merged.parties = drop_redundant_countries(merged.parties)
    return merged


def _family(event_type: str) -> str:
    """"The talks" may refer back to phone talks as well as to a meeting or a visit."""
    return "encounter" if event_type in ("phone_call", "meeting", "visit") else event_type


def merge(candidates: list[Candidate]) -> list[Candidate]:
    merged: list[Candidate] = []
    for c in candidates:
        for i, kept in enumerate(merged):
            if same_occurrence(kept, c):
                merged[i] = _absorb(kept, c)
                break
        else:
            if not (c.anaphoric and any(_family(k.type) == _family(c.type) for k in merged)):
                merged.append(c)  # "Pyongyang publicised the call to ...": comment on an event already reported
    return merged
