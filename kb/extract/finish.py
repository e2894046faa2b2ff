"""Candidates -> Event records: participants with their roles and offices on the event's day, evidence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kb.extract.actor_index import Index
from kb.extract.actors import Mention
from kb.extract.agreements import agreement_name
from kb.extract.events import Candidate
from kb.gazetteer import Person
from kb.records import Event, Evidence, Participant

# The first party of a call is not necessarily the caller ("Kim and Putin held phone talks"): both are
# participants until the text says who placed the call.
ROLES = {"phone_call": ("participant", "participant"), "visit": ("visitor", "host"),
         "signing": ("signatory", "signatory"), "ratification": ("ratifier", "participant"),
         "meeting": ("participant", "participant")}


def _not_yet_in_office(person: Person, day: date | None) -> bool:
    starts = [office.start for office in person.offices]
    return day is not None and bool(starts) and all(start is not None and start > day for start in starts)


def _participant(m: Mention, role: str, day: date | None, index: Index) -> Participant:
    g = index.gazetteer
    if m.kind == "person" and m.key in g.people:
        person = g.people[m.key or ""]
        office = person.office_on(day)
        if office is None and _not_yet_in_office(person, day) and person.country in g.countries:
            # "the two countries signed in 2000" resolved to today's leader: before taking office
            # a person spoke for no state, so the event's party is the country.
            return _participant(replace(m, kind="country", key=person.country), role, day, index)
        # The head of an organisation speaks for it, not for the state of his or her nationality
        # (SCHEMA.md: the Commission president and the NATO secretary general have no country code).
        speaks_for = person.country if office is None else (None if office.country in g.organizations
                                                              else office.country)
        return Participant(person.name, "person", speaks_for, person.id, person.wikidata,
                           office.title if office else None, role)
    if m.kind == "person":
        return Participant(m.name, "person", m.country, None, None, m.title, role)
    if m.kind == "country":
        country = g.countries[m.key or ""]
        return Participant(country.name, "country", country.iso3, country.iso3, country.wikidata, None, role)
    org = g.organizations[m.key or ""]
    return Participant(org.name, "organization", org.country, org.id, org.wikidata, None, role)


def participants(candidate: Candidate, index: Index) -> list[Participant]:
    day = candidate.date.earliest if candidate.date else None
    first, other = ROLES[candidate.type]
    out = []
    for i, m in enumerate(candidate.parties):
        role = first if i == 0 or (candidate.type == "ratification" and m.country == candidate.parties[0].country) \
            else other
        out.append(_participant(m, role, day, index))
    return out


def refresh_office_refs(parties: list[Mention], day: date | None, index: Index) -> list[Mention]:
    """"The Russian president" names whoever held the office on the event's day."""
    out = []
    for m in parties:
        if m.via == "office" and m.role and m.country and day is not None:
            holders = index.gazetteer.holders(m.country, m.role, day)
            if len(holders) == 1 and holders[0].id != m.key:
                m = replace(m, key=holders[0].id, name=holders[0].name)
        out.append(m)
    return out


def finish(c: Candidate, article_id: str, article_text: str, index: Index) -> Event:
    """Give an undated event the report's date or the date last mentioned, then make the record."""
    if c.date is None and (c.report_date or c.carried):
        c.date = c.report_date or c.carried
        c.notes.append(f"date {c.date.value if c.date else ''} taken from "
                       + ("the report's date" if c.report_date else "the last date mentioned before"))
    c.parties = refresh_office_refs(c.parties, c.date.earliest if c.date else None, index)
    s = c.sentence
    evidence = Evidence(s.text, s.start, s.end, s.block, c.trigger.text,
                        article_text[max(0, s.start - 32):s.start], article_text[s.end:s.end + 32])
    agreement = agreement_name(s.text) if c.type in ("signing", "ratification") else None
    return Event(c.type, c.status, participants(c, index), evidence, article_id,  # type: ignore[arg-type]
                 c.date, c.place, c.notes, agreement)
