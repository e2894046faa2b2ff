"""From mentions to events: a trigger plus its parties, date and place, then one event per occurrence.

Per trigger, the parties are read from the trigger's clause (with the sentence's subject when the
clause has none), following SCHEMA.md: both sides of a call or meeting, the visitor and the host, the
signatories, and for a ratification the ratifying country (with its head of state when named) plus
the treaty partner. Reports of one occurrence within an article are merged by `merge`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TypeVar

from kb.extract.actors import Context, Index, Mention
from kb.extract.agreements import agreement_name
from kb.extract.sentences import Sentence
from kb.extract.times import TimeMention
from kb.extract.triggers import Trigger
from kb.gazetteer import Person
from kb.records import Event, Evidence, Participant, Place, TimeValue

# Where one clause ends and another, which may have its own parties, begins.
CLAUSE = re.compile(r";|,\s+(?=(?:where|when|while|which|who|after|before|as|but|and|according|marking|hours|"
                    r"shortly|a day|\w+ days?|\w+ months?|three|two)\b)|\s+(?:but|when|where|while)\s+|"
                    r"\s+and\s+(?=(?:is|are|was|were|will|has|have|had|then|later)\b)|"
                    # "phoned Zelensky to brief him": a purpose clause of a verb that is no event has its own objects
                    r"\s+(?=to\s+(?!(?:the|a|an|his|her|their|its|this|that|be|meet|visit|sign|hold|talk|speak|phone|"
                    r"call|travel|attend)\b)[a-z]+\s)")


@dataclass
class Candidate:
    """An event as one sentence reports it, before the reports of one occurrence are merged."""

    type: str
    status: str
    parties: list[Mention]
    sentence: Sentence
    trigger: Trigger
    date: TimeValue | None = None
    report_date: TimeValue | None = None  # the date of the report, used when the text gives no other
    carried: TimeValue | None = None  # the last date the article mentioned, for an undated event
    place: Place | None = None
    notes: list[str] = field(default_factory=list)
    anaphoric: bool = False  # "the talks", undated and with no "with" phrase: refers back to an earlier report


_T = TypeVar("_T")


# ---- clauses, and which trigger a party or a date belongs to ----------------------------------


@lru_cache(maxsize=4096)  # asked again and again for the same sentence and span while choosing parties
def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = [m.end() for m in CLAUSE.finditer(text, 0, start)]
    right = CLAUSE.search(text, end)
    return (left[-1] if left else 0), (right.start() if right else len(text))


def _is_party(m: Mention) -> bool:
    return m.kind != "place" and not m.modifier and not m.reporter


def _key(m: Mention) -> str:
    return m.country or "name:" + m.name


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if all((o.kind, o.key or o.name) != (m.kind, m.key or m.name) for o in out):
            out.append(m)
    return out


def _gap(trigger: Trigger, start: int, end: int, text: str) -> int:
    """Distance from a trigger; what precedes it counts double (dates and objects tend to follow), and
    what lies in another clause counts much more."""
    gap = start - trigger.end if start >= trigger.end else 2 * (trigger.start - end)
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    return gap + (0 if lo <= start < hi else 1000)


def _nearest(triggers: list[Trigger], start: int, end: int, text: str) -> Trigger | None:
    return min(triggers, key=lambda t: _gap(t, start, end, text)) if triggers else None


@dataclass
class SentenceFacts:
    """One sentence's mentions, dates and triggers, and who belongs to which trigger."""

    text: str
    mentions: list[Mention]
    times: list[TimeMention]
    triggers: list[Trigger]
    # Answers already worked out, by question and the id of the mention, time or trigger (one of the
    # lists above, so alive as long as this): each is asked again and again while choosing parties and
    # dates, and asking afresh made a sentence with many triggers and dates cost their cube.
    _memo: dict[tuple[str, int], object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _remember(self, question: str, about: object, answer: Callable[[], _T]) -> _T:
        key = (question, id(about))
        if key not in self._memo:
            self._memo[key] = answer()
        return self._memo[key]  # type: ignore[return-value]

    def bound(self, m: Mention) -> Trigger | None:
        """The trigger whose "with"/"between" phrase names `m` ("talks with Trump" binds Trump)."""
        return self._remember("bound", m, lambda: self._bound(m))

    def _bound(self, m: Mention) -> Trigger | None:
        for t in self.triggers:
            between = self.text[t.end:m.start]
            if m.start >= t.end and WITH_PHRASE.match(between) and not any(
                    t.end <= o.start < m.start for o in self.triggers):
                return t
        return None

    def is_bound(self, time: TimeMention) -> bool:
        """A limit rather than a date: "since <time>", or "since <clause without an event> <time>"."""
        return self._remember("is_bound", time, lambda: self._is_bound(time))

    def _is_bound(self, time: TimeMention) -> bool:
        if time.bound:
            return True
        since = [m.end() for m in SINCE_WORD.finditer(self.text, 0, time.start)]
        return bool(since) and not any(since[-1] <= t.start < time.start for t in self.triggers)

    def opening_time(self) -> TimeMention | None:
        """A date that opens the sentence ("On June 4, ...") covers all of it."""
        return self._remember("opening", self, self._opening_time)

    def _opening_time(self) -> TimeMention | None:
        first = next((t for t in self.times if not t.report and not self.is_bound(t)), None)
        if first and OPENING.match(self.text[:first.start]) and self.text[first.end:first.end + 1] == ",":
            return first
        return None

    def own_time(self, trigger: Trigger) -> TimeMention | None:
        """The date closest to `trigger` among those no other trigger is closer to."""
        return self._remember("own", trigger, lambda: self._own_time(trigger))

    def _own_time(self, trigger: Trigger) -> TimeMention | None:
        opening = self.opening_time()
        mine = [t for t in self.times if not t.report and not self.is_bound(t) and t is not opening
                and self._owner(t) is trigger]
        return min(mine, key=lambda t: _gap(trigger, t.start, t.end, self.text)) if mine else None

    def _owner(self, time: TimeMention) -> Trigger | None:
        return self._remember("owner", time, lambda: self._find_owner(time))

    def _find_owner(self, time: TimeMention) -> Trigger | None:
        if time.forward:  # "a day after Kim met Putin": the date of the meeting that follows
            return next((t for t in self.triggers if t.start >= time.end), None)
        return _nearest(self.triggers, time.start, time.end, self.text)

    def default_time(self, trigger: Trigger) -> TimeMention | None:
        """For a trigger with no date of its own: the opening date, else a live neighbour's date."""
        opening = self.opening_time()
        if opening is not None:
            return opening
        dated = [(t, self.own_time(t)) for t in self.triggers
                 if t is not trigger and t.live and not self._elsewhere(t, trigger)]
        # "a day after <event>" dates what follows it, so not "the talks came a day after ..."
        dated = [(t, d) for t, d in dated if d is not None and (not d.forward or d.end <= trigger.start)]
        return min(dated, key=lambda td: abs(td[0].start - trigger.start))[1] if dated else None

    def _in_later_clause(self, m: Mention, trigger: Trigger) -> bool:
        """"Trump phoned Zelensky to brief him": a later clause without an event of its own names no party."""
        _, hi = clause_bounds(self.text, trigger.start, trigger.end)
        if m.start < hi:
            return False
        lo, end = clause_bounds(self.text, m.start, m.end)
        return not any(lo <= t.start < end for t in self.triggers)

    def is_anaphoric(self, trigger: Trigger) -> bool:
        """"Putin described the talks as constructive": a definite event noun with no date of its own and
        no "with"/"between" phrase names an event reported before, not a new one."""
        if not DEFINITE.search(self.text, 0, trigger.start) or self.own_time(trigger) is not None:
            return False
        return not any(self.bound(m) is trigger for m in self.mentions)

    def _elsewhere(self, other: Trigger, trigger: Trigger) -> bool:
        """Is `other` in a "where" clause of its own ("flew home after a stop in Tokyo, where he held talks
        on Saturday")? That clause's date is not the trigger's; a "when" clause shares its time."""
        lo, _ = clause_bounds(self.text, other.start, other.end)
        return lo != clause_bounds(self.text, trigger.start, trigger.end)[0] and WHERE.match(self.text, lo) is not None

    def is_attributive(self, m: Mention) -> bool:
        """An organisation naming a trigger's occasion ("the BRICS summit") is not a party to it."""
        return m.kind == "organization" and any(0 <= t.start - m.end <= 1 for t in self.triggers)

    def agent(self, trigger: Trigger) -> Mention | None:
        """The first free party of the trigger's clause before it, else the sentence's subject."""
        lo, _ = clause_bounds(self.text, trigger.start, trigger.end)
        free = [m for m in self.mentions if self._party(m) and not m.locative and self.bound(m) in (None, trigger)]
        in_clause = [m for m in free if lo <= m.start < trigger.start]
        if in_clause:
            return in_clause[0]
        return next((m for m in free if m.start < lo), None)

    def _party(self, m: Mention) -> bool:
        return _is_party(m) and not self.is_attributive(m)

    def parties(self, trigger: Trigger, live: list[Trigger]) -> list[Mention]:
        """The agent, then the parties bound to this trigger or nearest to it among the live ones."""
        agent = self.agent(trigger)
        out = [agent] if agent else []
        for m in self.mentions:
            if not self._party(m) or m is agent or self._in_later_clause(m, trigger):
                continue
            owner = self.bound(m) or _nearest(live, m.start, m.end, self.text)
            if owner is trigger:
                out.append(m)
        return _dedupe(out)


WHERE = re.compile(r"where\b")
DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+$")
SINCE_WORD = re.compile(r"\bsince\b", re.IGNORECASE)
OPENING = re.compile(r"^\W*(?:[A-Z][\w ,.'/()-]*(?:\s+-+|\s+--)\s+)?(?:On|on|In|in|Last|Earlier|Later|By)?\s*$")
WITH_PHRASE = re.compile(r"^(?:\s+\S+){0,2}?\s+(?:with|between)\s+(?:(?:his|her|their|the)\s+)?(?:\S+\s+){0,4}?$")


def _as_country(m: Mention, index: Index) -> Mention:
    """A legislature or government body stands for its country."""
    if m.kind == "organization" and m.country:
        name = index.gazetteer.countries[m.country].name
        return replace(m, kind="country", key=m.country, name=name, via="body")
    return m


def _drop_redundant_countries(parties: list[Mention]) -> list[Mention]:
    people = {p.country for p in parties if p.kind == "person"}
    return [p for p in parties if p.kind == "person" or p.country not in people]


def pair_parties(parties: list[Mention], index: Index) -> list[Mention]:
    """Both sides of a call, meeting or signing: people where named, else countries; settings dropped."""
    parties = [_as_country(p, index) for p in parties if not p.locative]
    persons = [p for p in parties if p.kind == "person"]
    if len({_key(p) for p in persons}) >= 2:
        return _dedupe(persons)
    return _dedupe(_drop_redundant_countries(parties))


def visit_parties(parties: list[Mention], mentions: list[Mention], trigger: Trigger, text: str,
                  index: Index) -> list[Mention]:
    """The visitor (the agent) and the host: a person met, else the country of the destination."""
    agents = [p for p in parties if not p.locative]
    if not agents or agents[0].kind == "country":
        return []  # a visitor is a person or a delegation; "the flight from Moscow touched down" is not a visit
    visitor = agents[0]
    hosts = [p for p in agents[1:] if _key(p) != _key(visitor)]
    if hosts:
        return [visitor, *_drop_redundant_countries(hosts)]
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    places = [m for m in mentions if m.locative and lo <= m.start < hi and m.country and m.country != visitor.country]
    if not places:
        return [visitor]
    country = index.gazetteer.countries[places[0].country or ""]
    host = Mention(places[0].start, places[0].end, places[0].text, "country", country.iso3, country.name,
                   country.iso3, "place")
    return [visitor, host]


def ratification_parties(parties: list[Mention], ctx: Context, index: Index) -> list[Mention]:
    """The ratifying country (and its head of state, when named) and the treaty partner."""
    parties = [_as_country(p, index) for p in parties if not p.locative]
    if not parties or not parties[0].country:
        return []
    ratifier = parties[0]
    side = [ratifier] if ratifier.kind == "country" else [_country_mention(ratifier.country or "", ratifier, index),
                                                         ratifier]
    partner = next((p for p in parties[1:] if p.country and p.country != ratifier.country), None)
    if partner is None:
        other = next((c for c in reversed(ctx.countries) if c != ratifier.country), None)
        if other is None:
            return []
        partner = _country_mention(other, ratifier, index)
    return [*side, _country_mention(partner.country or "", partner, index)]


def _country_mention(iso3: str, like: Mention, index: Index) -> Mention:
    country = index.gazetteer.countries[iso3]
    return Mention(like.start, like.end, like.text, "country", iso3, country.name, iso3, "context")


def choose_parties(trigger: Trigger, parties: list[Mention], facts: SentenceFacts, ctx: Context,
                   index: Index) -> list[Mention]:
    if trigger.type == "visit":
        chosen = visit_parties(parties, facts.mentions, trigger, facts.text, index)
    elif trigger.type == "ratification":
        chosen = ratification_parties(parties, ctx, index)
    else:
        chosen = pair_parties(parties, index)
    return chosen if len({_key(p) for p in chosen}) >= 2 else []


# ---- date and place ----------------------------------------------------------------------------


def choose_place(mentions: list[Mention], trigger: Trigger, text: str) -> Place | None:
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    spots = [m for m in mentions if m.locative and m.kind in ("place", "country") and lo <= m.start < hi]
    spots.sort(key=lambda m: (m.start < trigger.start, abs(m.start - trigger.end)))
    for m in spots:
        if m.kind == "place":
            return Place(m.name, m.country)
    return None


# ---- participants as records -------------------------------------------------------------------

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
        return Participant(person.name, "person", person.country, person.id, person.wikidata,
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


# ---- one sentence ------------------------------------------------------------------------------


def sentence_candidates(sentence: Sentence, facts: SentenceFacts, ctx: Context, index: Index,
                        anchor: date | None, ref: TimeValue | None) -> list[Candidate]:
    """The events of one sentence: a trigger is live unless speculative or a plan with no date."""
    dated = {id(t): _dated(t, facts.own_time(t) or facts.default_time(t), anchor)
             for t in facts.triggers if t.live}
    live = [t for t in facts.triggers if id(t) in dated and dated[id(t)][0] != "speculative"]
    report = next((t.past for t in facts.times if t.report and not t.bound), None)
    out = []
    for trigger in live:
        status, value, note = dated[id(trigger)]
        parties = choose_parties(trigger, facts.parties(trigger, live), facts, ctx, index)
        if parties:
            out.append(Candidate(trigger.type, status, parties, sentence, trigger, value, report, ref,
                                 choose_place(facts.mentions, trigger, facts.text), [note] if note else [],
                                 facts.is_anaphoric(trigger)))
    return out


def _dated(trigger: Trigger, time: TimeMention | None, anchor: date | None) -> tuple[str, TimeValue | None, str]:
    status = trigger.status
    value = time.value(status == "planned") if time else None
    if value is not None and anchor is not None and status == "occurred" and value.earliest > anchor:
        status = "planned"  # "next month", "tomorrow": not yet happened at publication
    if status == "planned" and value is None:
        status = "speculative"  # an intention with no time set ("agreed to meet at the earliest opportunity")
    return status, value, time.note if time else ""
