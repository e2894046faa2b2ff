"""Mentions that complete events reported before them, across sentences.

A mention with no parties of its own ("The summit is scheduled to take place on Friday in Alaska",
"The call on Tuesday came days before ...") refers back to the latest event of its kind reported
earlier in the article, and gives it the date and place it lacked (or a more precise date that agrees
with the one it had). A plan reported with no time at all ("his upcoming summit with Trump") is kept
only if such a later mention dates it: SCHEMA.md annotates plans, and an undated intention is too often
none ("agreed to meet at some point").
"""

from __future__ import annotations

import re

from kb.extract.events import Candidate
from kb.extract.merge import COARSE, PRECISION_RANK

# A reference is a definite singular event noun: "The summit", "the previous day's call", "this visit".
# Verbs ("visited") and plurals ("the back-to-back visits") name no one earlier event.
DEFINITE_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[\w-]+'s)\s+(?:[\w'-]+\s+){0,3}$")
EVENT_NOUN = re.compile(r"(?:summit|meeting|talks|call|conversation|visit|trip|signing|ceremony|ratification)$",
                        re.IGNORECASE)


def _kind(event_type: str) -> str:
    return COARSE.get(event_type, event_type)


def _kinds_agree(ref: Candidate, earlier: Candidate) -> bool:
    if _kind(ref.type) == _kind(earlier.type):
        return True
    # "the talks" may be phone talks reported before
    return ref.trigger.text.lower().endswith("talks") and earlier.type == "phone_call"


def _rank(c: Candidate) -> int:
    return PRECISION_RANK[c.date.precision] if c.date else 0


def _dates_agree(ref: Candidate, earlier: Candidate) -> bool:
    if earlier.date is None or ref.date is None:
        return True
    return earlier.date.earliest <= ref.date.latest and ref.date.earliest <= earlier.date.latest


def is_reference(c: Candidate) -> bool:
    text = c.sentence.text
    return bool(EVENT_NOUN.search(c.trigger.text) and DEFINITE_BEFORE.search(text, 0, c.trigger.start))


def fits(ref: Candidate, earlier: Candidate) -> bool:
    return ref.status == earlier.status and _dates_agree(ref, earlier)


def complete(earlier: Candidate, ref: Candidate) -> None:
    """Give `earlier` what the later mention adds: a date it lacked or a more precise one, a place."""
    if ref.date is not None and _rank(ref) > _rank(earlier):
        earlier.date = ref.date
        earlier.pending = False
        earlier.notes.append(f"date {ref.date.value} from a later mention: '{ref.sentence.text[:80]}'")
    if earlier.place is None and ref.place is not None:
        earlier.place = ref.place


def resolve_references(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with parties, each completed by the later mentions that refer to it."""
    kept: list[Candidate] = []
    for c in candidates:
        if not c.reference:
            kept.append(c)
            continue
        # the latest event of its kind, or none: an older one is not reached past a newer one
        earlier = next((k for k in reversed(kept) if _kinds_agree(c, k)), None)
        if earlier is not None and is_reference(c) and fits(c, earlier):
            complete(earlier, c)
    return kept


def drop_undated_plans(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if not (c.pending and c.date is None)]
