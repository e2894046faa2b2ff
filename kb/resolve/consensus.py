"""One merged event from the reports grouped as telling of it.

The consensus date is the most precise date supported by the most reports: a report supports a
date when its own span contains it ("June 2024" supports "19 June 2024", not the other way round).
Reports whose date the consensus falls outside are kept as conflicting claims, with their sources.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

from kb.extract.agreements import agreement_key, same_agreement
from kb.records import TimeValue
from kb.resolve.cluster import PRECISION_RANK, Group, Party, Report

TYPE_PREFERENCE = ("meeting", "visit")  # a tie between the two reads as the broader "meeting"


@dataclass(frozen=True)
class MergedEvent:
    key: str  # stable: a hash of the first report's IRI
    block: str
    type: str
    status: str
    date: TimeValue | None
    place: str | None
    place_name: str | None
    parties: tuple[Party, ...]
    reports: tuple[Report, ...]  # earliest-published first
    conflicting: tuple[Report, ...]  # reports whose date disagrees with the consensus
    agreement: str | None = None  # the agreement's name, for a signing or ratification

    @property
    def articles(self) -> list[str]:
        return sorted({r.article for r in self.reports})


def merge_group(group: Group) -> MergedEvent:
    reports = tuple(sorted(group.reports, key=lambda r: r.order))
    counted = [r for r in reports if r.date is not None and r.iri not in group.redated]
    when = consensus_date(counted)
    place, place_name = consensus_place(reports)
    return MergedEvent(
        key=hashlib.sha1(reports[0].iri.encode("utf-8")).hexdigest()[:16],
        block=reports[0].block,
        type=consensus_type(reports),
        status="occurred" if any(r.status == "occurred" for r in reports) else "planned",
        date=when, place=place, place_name=place_name,
        parties=consensus_parties(reports),
        reports=reports,
        conflicting=tuple(r for r in counted if when is not None and r.date is not None
                          and not (r.date.earliest <= when.earliest and when.latest <= r.date.latest)),
        agreement=consensus_agreement(reports),
    )


def consensus_date(reports: list[Report]) -> TimeValue | None:
    claims = {r.date for r in reports if r.date is not None}

    def support(when: TimeValue) -> int:
        return sum(1 for r in reports if r.date and r.date.earliest <= when.earliest and when.latest <= r.date.latest)

    # Most support, then most precise, then the earliest (a multi-day event is dated by its first day).
    return min(claims, key=lambda w: (-support(w), -PRECISION_RANK[w.precision], w.earliest, w.value),
               default=None)


def consensus_type(reports: tuple[Report, ...]) -> str:
    counts = Counter(r.type for r in reports)

    def rank(kind: str) -> tuple[int, int, str]:
        preference = TYPE_PREFERENCE.index(kind) if kind in TYPE_PREFERENCE else len(TYPE_PREFERENCE)
        return -counts[kind], preference, kind

    return min(counts, key=rank)


def consensus_place(reports: tuple[Report, ...]) -> tuple[str | None, str | None]:
    counts = Counter(r.place for r in reports if r.place)
    if not counts:
        return None, None
    first_seen = {r.place: i for i, r in reversed(list(enumerate(reports)))}
    place = min(counts, key=lambda p: (-counts[p], first_seen[p]))
    return place, next(r.place_name for r in reports if r.place == place)


def consensus_parties(reports: tuple[Report, ...]) -> tuple[Party, ...]:
    """Everyone any report names; a country stands for itself only when no report names its people."""
    by_actor: dict[str, list[Party]] = {}
    for report in reports:
        for party in report.parties:
            by_actor.setdefault(party.actor, []).append(party)
    people_of = {p[0].country for p in by_actor.values() if p[0].kind == "person"}
    chosen = []
    for actor, mentions in by_actor.items():
        first = mentions[0]
        if first.kind == "country" and actor in people_of:
            continue  # "Russia" beside "Vladimir Putin": the person says more
        roles = Counter(m.role for m in mentions)
        role = min(roles, key=lambda r: (-roles[r], r))
        chosen.append(Party(actor, first.name, first.kind, first.country, role, first.office))
    return tuple(sorted(chosen, key=lambda p: (p.country or "", p.name)))


def consensus_agreement(reports: tuple[Report, ...]) -> str | None:
    """The most specific name any report gives the agreement (most distinctive words, then shortest)."""
    names = [r.agreement for r in reports if r.agreement]
    return min(names, key=lambda n: (-len(agreement_key(n)), len(n), n), default=None)


def ratified_signing(event: MergedEvent, signings: list[MergedEvent]) -> MergedEvent | None:
    """The signing whose agreement a ratification is of: the latest earlier signing by the same parties
    whose agreement it names (or the only one, when it names none)."""
    if event.type != "ratification":
        return None
    key = agreement_key(event.agreement)
    earlier = [s for s in signings if s.date is None or event.date is None or s.date.earliest <= event.date.latest]
    named = [s for s in earlier if key and same_agreement(key, agreement_key(s.agreement))]
    candidates = named or (earlier if len(earlier) == 1 else [])
    return max(candidates, key=lambda s: (s.date.earliest if s.date else date.min, s.key), default=None)
