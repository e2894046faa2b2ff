"""From mentions to events: a trigger plus its parties, date and place, then one event per occurrence.

Per trigger, the parties are read from the trigger's clause (with the sentence's subject when the
clause has none), following SCHEMA.md: both sides of a call or meeting, the visitor and the host, the
signatories, and for a ratification the ratifying country (with its head of state when named) plus
the treaty partner. Reports of one occurrence within an article are merged by `merge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kb.extract.actor_index import Index
from kb.extract.actors import Context, Mention
from kb.extract.clauses import clause_bounds
from kb.extract.coordination import Share, distributed, is_occasion, is_purpose, shares_subject
from kb.extract.facts import SentenceFacts
from kb.extract.parties import choose_parties, choose_place
from kb.extract.sentences import Sentence
from kb.extract.times import TimeMention
from kb.extract.triggers import Trigger
from kb.records import Place, TimeValue


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
    pending: bool = False  # planned with no time set yet: kept only if a later mention dates it
    reference: bool = False  # no parties of its own ("The summit is set for Friday"): completes an earlier event


ENCOUNTERS = frozenset({"meeting", "visit", "phone_call"})
REMOTE = re.compile(r"\b(?:by|via|over)\s+(?:a\s+)?(?:video ?link|videoconference|video conference|video)\b|"
                    r"\b(?:virtual|online|videoconference)\s+(?:summit|meeting|talks)\b", re.IGNORECASE)


# ---- one sentence ------------------------------------------------------------------------------


def sentence_candidates(sentence: Sentence, facts: SentenceFacts, ctx: Context, index: Index,
                        anchor: date | None, ref: TimeValue | None) -> list[Candidate]:
    """The events of one sentence, and the mentions without parties that may date an earlier one; a
    trigger is live unless denied or speculative."""
    dated = {id(t): _dated(t, facts.own_time(t) or facts.default_time(t), anchor)
             for t in facts.triggers if t.live}
    live = [t for t in facts.triggers if id(t) in dated and dated[id(t)][0] != "speculative"]
    report = next((t.past for t in facts.times if t.report and not t.bound), None)
    out: list[Candidate] = []
    own = {id(t): choose_parties(t, facts.parties(t, live), facts, ctx, index) for t in live}  # before sharing
    previous: tuple[Trigger, list[Mention]] | None = None
    for trigger in live:
        parties = own[id(trigger)]
        if previous and (not parties and shares_subject(trigger, previous[0], facts)
                         or is_purpose(trigger, previous[0], facts)):
            parties = previous[1]  # "held talks ... and signed a package", "hosted A and B ... for a summit"
        if not parties and is_occasion(trigger, facts):
            parties = _nearest_parties(trigger, live, own)  # "signed ... after talks on Thursday"
        if not parties and trigger.type in ENCOUNTERS and (agent := facts.agent(trigger)) is not None:
            parties = _partners_of(agent, trigger, live, own)
        if parties:
            previous = (trigger, parties)
        _, hi = clause_bounds(facts.text, trigger.start, trigger.end)
        shares = distributed(trigger, parties, facts, hi) if len(parties) >= 3 else None
        for share in shares or [Share(parties, None)]:
            dated_here = dated[id(trigger)] if share.time is None else _dated(trigger, share.time, anchor)
            out.extend(_candidate(sentence, facts, trigger, share.parties, dated_here, report, ref))
    return out


def _nearest_parties(trigger: Trigger, live: list[Trigger], own: dict[int, list[Mention]]) -> list[Mention]:
    """The parties of the sentence's nearest other event that has two sides."""
    for other in sorted((t for t in live if t is not trigger), key=lambda t: abs(t.start - trigger.start)):
        if own[id(other)]:
            return own[id(other)]
    return []


def _kind(trigger: Trigger, text: str) -> str:
    """A meeting held by video link or online is a call (SCHEMA.md: any remote conversation)."""
    if trigger.type == "meeting":
        lo, hi = clause_bounds(text, trigger.start, trigger.end)
        if REMOTE.search(text, lo, hi):
            return "phone_call"
    return trigger.type


def _partners_of(agent: Mention, trigger: Trigger, live: list[Trigger], own: dict[int, list[Mention]]) -> list[Mention]:
    """"Xi, who arrived in Moscow and held talks with Putin that evening, began negotiations on Tuesday":
    a verb with a subject but no object has the partner the same subject has in the sentence's other
    event."""
    for other in (t for t in live if t is not trigger and t.type in ENCOUNTERS and t.status == trigger.status):
        if any(p is agent for p in own[id(other)]):
            return own[id(other)]
    return []


def _candidate(sentence: Sentence, facts: SentenceFacts, trigger: Trigger, parties: list[Mention],
               dated: tuple[str, TimeValue | None, str], report: TimeValue | None,
               ref: TimeValue | None) -> list[Candidate]:
    status, value, note = dated
    place = choose_place(facts.mentions, trigger, facts.text)
    pending = status == "pending"
    if not parties and (value is None or pending):
        return []
    kind = _kind(trigger, facts.text)
    return [Candidate(kind, "planned" if pending else status, parties, sentence, trigger, value, report, ref, place,
                      [note] if note else [], facts.is_anaphoric(trigger), pending=pending, reference=not parties)]


def _dated(trigger: Trigger, time: TimeMention | None, anchor: date | None) -> tuple[str, TimeValue | None, str]:
    status = trigger.status
    value = time.value(status == "planned") if time else None
    if value is not None and anchor is not None and status == "occurred" and value.earliest > anchor:
        status = "planned"  # "next month", "tomorrow": not yet happened at publication
    if status == "planned" and value is None:
        status = "pending"  # no time set yet ("his upcoming summit with Trump"): a later mention may date it
    return status, value, time.note if time else ""
