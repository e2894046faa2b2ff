"""One sentence's mentions, dates and triggers, and which trigger each party and each date belongs to."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kb.extract.actors import Mention
from kb.extract.clauses import clause_bounds, gap, nearest
from kb.extract.parties import dedupe, is_party
from kb.extract.times import TimeMention
from kb.extract.triggers import Trigger

_T = TypeVar("_T")

WHERE = re.compile(r"where\b")
BEGUN = re.compile(r"\s+(?:that|which)\s+(?:had\s+)?(?:begun|began|begin|begins|started|opened)\b", re.IGNORECASE)
RELATIVE = re.compile(r"(?:who|which)\b")
TIME_CLAUSE = re.compile(r"\b(?P<distance>(?:days|weeks|months|years|hours|shortly|long|a day|a week)\s+)?"
                         r"(?P<word>before|after|until|till|since|ahead of|once)\b", re.IGNORECASE)
DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+$")
SINCE_WORD = re.compile(r"\bsince\b", re.IGNORECASE)
OPENING = re.compile(r"^\W*(?:[A-Z][\w ,.'/()-]*(?:\s+-+|\s+--)\s+)?(?:On|on|In|in|Last|Earlier|Later|By)?\s*$")
WITH_PHRASE = re.compile(r"^(?:\s+\S+){0,2}?\s+(?:with|between)\s+(?:(?:his|her|their|the)\s+)?(?:\S+\s+){0,4}?$")


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
        start = BEGUN.match(self.text, trigger.end)
        if start:  # "from talks that had begun on Wednesday evening": the talks' first day
            begun = next((t for t in self.times if start.end() <= t.start <= start.end() + 12 and not t.report), None)
            if begun is not None:
                return begun
        opening = self.opening_time()
        mine = [t for t in self.times if not t.report and not self.is_bound(t) and t is not opening
                and self._owner(t) is trigger]
        if any(not t.weak for t in mine):
            mine = [t for t in mine if not t.weak]  # "at 3 p.m. on Monday": the day is Monday
        return min(mine, key=lambda t: gap(trigger, t.start, t.end, self.text)) if mine else None

    def _owner(self, time: TimeMention) -> Trigger | None:
        return self._remember("owner", time, lambda: self._find_owner(time))

    def _claimants(self) -> list[Trigger]:
        """The triggers that may own a date or a party: not a gathering named as another event's setting."""
        return [t for t in self.triggers if t.status != "setting"]

    def _find_owner(self, time: TimeMention) -> Trigger | None:
        if time.forward:  # "a day after Kim met Putin": the date of the meeting that follows
            return next((t for t in self.triggers if t.start >= time.end), None)
        lo, hi = clause_bounds(self.text, time.start, time.end)
        if RELATIVE.match(self.text, lo) and not any(lo <= t.start < hi for t in self.triggers):
            return None  # "Merz, who took office in May, met Trump": the date of no event
        return nearest(self._claimants(), time.start, time.end, self.text)

    def default_time(self, trigger: Trigger) -> TimeMention | None:
        """For a trigger with no date of its own: the opening date, else a live neighbour's date."""
        opening = self.opening_time()
        if opening is not None:
            return opening
        # a plan does not take the date of what happened ("spoke on Monday and agreed to meet"), nor the reverse
        dated = [(t, self.own_time(t)) for t in self.triggers
                 if t is not trigger and t.live and t.status == trigger.status and not self._elsewhere(t, trigger)]
        # "a day after <event>" dates what follows it, so not "the talks came a day after ..."
        dated = [(t, d) for t, d in dated if d is not None and (not d.forward or d.end <= trigger.start)
                 and not self._time_apart(t, trigger)]
        return min(dated, key=lambda td: abs(td[0].start - trigger.start))[1] if dated else None

    def _time_apart(self, a: Trigger, b: Trigger) -> bool:
        """"The call on Tuesday came days before Putin meets Trump": a clause of time ("before", "after",
        "until", "since", "ahead of") between two triggers gives each its own time."""
        lo, hi = sorted((a.end, b.end))
        found = TIME_CLAUSE.search(self.text, lo, hi)
        if found is None:
            return False
        # "signed ... after talks on Tuesday": one day, unless a distance or a tense sets them apart
        return bool(found["distance"]) or found["word"].lower() in ("until", "till", "since", "ahead of") or \
            a.status != b.status

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
        return is_party(m) and not self.is_attributive(m)

    def parties(self, trigger: Trigger, live: list[Trigger]) -> list[Mention]:
        """The agent, then the parties bound to this trigger or nearest to it. A denied or speculative
        trigger keeps the objects nearest to it ("invited Li Qiang to visit"): they are no other event's."""
        agent = self.agent(trigger)
        out = [agent] if agent else []
        for m in self.mentions:
            if not self._party(m) or m is agent or self._in_later_clause(m, trigger):
                continue
            claimants = [t for t in self._claimants() if not (t.topic and m.start < t.start)]
            owner = self.bound(m) or nearest(claimants, m.start, m.end, self.text)
            if owner is not None and not owner.live and m.start < owner.start:
                owner = self.bound(m) or nearest(live, m.start, m.end, self.text)  # its subject is shared
            if owner is trigger:
                out.append(m)
        return dedupe(out)
