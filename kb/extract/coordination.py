"""Several events in one sentence, read from its coordination.

- Distributed objects: "received Macron on Monday and Starmer on Thursday", "spoke with Erdogan on
  Saturday and with Johnson on Monday": one agent, objects joined by "and", each with its own time, are
  one event per object at its own time; "met separately with Xi and Biden", "held separate calls with
  A, B and C" are one event per object at the shared time.
- Shared subject: "Lula and Xi held talks ... and signed a package of agreements": a verb after "and"
  with no parties of its own has the parties of the verb before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.extract.actors import Mention
from kb.extract.facts import SentenceFacts
from kb.extract.parties import party_key
from kb.extract.times import TimeMention
from kb.extract.triggers import DETERMINER, Trigger

SEPARATELY = re.compile(r"\b(?:separately|separate|individually|in turn|one after the other)\b", re.IGNORECASE)
AND = re.compile(r"(?:,\s*|\s+)and\s+(?:then\s+|later\s+|also\s+)?(?:with\s+)?$|,\s*(?:with\s+)?$")
# "and signed", "and later signed", ", and then flew": a verb phrase that continues the same subject
VERB_AFTER_AND = re.compile(r"(?:,\s*|\s+)and\s+(?:(?:then|later|also|subsequently|afterwards|jointly)\s+)?$")
OCCASION_NOUN = re.compile(r"talks|meeting|summit|consultations|discussions", re.IGNORECASE)
OCCASION_BEFORE = re.compile(r"\b(?:after|before|during|following|at|ahead of|on the eve of)\s+(?:their\s+|the\s+|"
                             r"his\s+|her\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
JOINING_AND = re.compile(r"\s+and\b")
PURPOSE_BEFORE = re.compile(r"\bfor\s+(?:a|an|the|his|her|their)?\s*(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True)
class Share:
    """One event of a distributed reading: the agent and one object, with that object's own time."""

    parties: list[Mention]
    time: TimeMention | None


def _objects(parties: list[Mention], agent: Mention | None) -> list[Mention]:
    return [p for p in parties if agent is None or party_key(p) != party_key(agent)]


def _joined(facts: SentenceFacts, objects: list[Mention]) -> bool:
    """Are the objects a list ("A, B and C", "A on Monday and B on Thursday")?"""
    return all(AND.search(facts.text, a.end, b.start) or _and_between(facts.text, a.end, b.start)
               for a, b in zip(objects, objects[1:], strict=False))


def _and_between(text: str, start: int, end: int) -> bool:
    between = text[start:end]
    return " and " in between and not any(ch in between for ch in ";.")


def _own_times(facts: SentenceFacts, objects: list[Mention], clause_end: int) -> list[TimeMention | None]:
    """The time in each object's stretch of text: from the "and" that joins it to the previous object (a
    time may come first: "and, the following day, Joe Biden") to the "and" that joins the next one."""
    joins = [_join_at(facts.text, a.end, b.start) for a, b in zip(objects, objects[1:], strict=False)]
    out: list[TimeMention | None] = []
    for i, m in enumerate(objects):
        start = joins[i - 1] if i else m.end
        end = joins[i] if i < len(joins) else clause_end
        out.append(next((t for t in facts.times if start <= t.start < end and not t.report), None))
    return out


def _join_at(text: str, start: int, end: int) -> int:
    """Where the word "and" (else the last comma) joining two objects lies between them."""
    ands = [m.start() for m in JOINING_AND.finditer(text, start, end)]
    if ands:
        return ands[-1]
    return max(text.rfind(",", start, end), start)


def distributed(trigger: Trigger, parties: list[Mention], facts: SentenceFacts,
                clause_end: int) -> list[Share] | None:
    """The events of a trigger with one agent and several joined objects, or None when it is one event."""
    agent = facts.agent(trigger)
    objects = sorted(_objects(parties, agent), key=lambda m: m.start)
    if agent is None or len(objects) < 2 or not _joined(facts, objects):
        return None
    if any(o.start < trigger.start for o in objects):
        return None  # "Macron and Starmer met Trump": a joint meeting, the objects are not listed after it
    if SEPARATELY.search(facts.text):
        return [Share([agent, o], None) for o in objects]
    times = _own_times(facts, objects, clause_end)
    if times[0] is None:  # "In early December, Kushner met MBS in NEOM and, the following day, Tamim in Doha"
        times[0] = facts.opening_time() or next((t for t in facts.times if t.end <= objects[0].start
                                                 and not t.report and not facts.is_bound(t)), None)
    if all(t is not None for t in times) and len({t.start for t in times if t}) == len(times):
        return [Share([agent, o], t) for o, t in zip(objects, times, strict=True)]
    return None


def shares_subject(trigger: Trigger, earlier: Trigger, facts: SentenceFacts) -> bool:
    """Does `trigger` continue the verb phrase of `earlier` with the same subject ("held talks ... and
    signed")? The "and" comes right before it, so no party of its own lies between; a noun ("and the
    summit") starts a new phrase."""
    if trigger.start <= earlier.end or ";" in facts.text[earlier.end:trigger.start]:
        return False
    return bool(VERB_AFTER_AND.search(facts.text, 0, trigger.start)) and not DETERMINER.search(
        facts.text, 0, trigger.start)


def is_occasion(trigger: Trigger, facts: SentenceFacts) -> bool:
    """"After talks in the Kremlin", "during their meeting": talks named as the occasion of the sentence's
    other event, between the same parties."""
    return bool(OCCASION_NOUN.fullmatch(trigger.text) and OCCASION_BEFORE.search(facts.text, 0, trigger.start))


def is_purpose(trigger: Trigger, earlier: Trigger, facts: SentenceFacts) -> bool:
    """"Hosted Putin and Zelensky ... for a Normandy-format summit": an encounter named as the purpose of the
    one before it, with no "with" phrase of its own, is that encounter."""
    return (trigger.type in ("meeting", "visit") and earlier.type in ("meeting", "visit")
            and bool(PURPOSE_BEFORE.search(facts.text, earlier.end, trigger.start))
            and not any(facts.bound(m) is trigger for m in facts.mentions))
