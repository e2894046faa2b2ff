"""Earlier events named in passing: "their first meeting since the G20 summit in Osaka in June 2019",
"Modi's first visit to China since June 2018".

"The first <event> since <time>" says that the same parties had such an event then: it is an event of
its own, with the parties of the event the phrase is said of (this sentence's, else the article's
latest of that kind) and the date after "since". When the phrase names a class of visitor instead of
a person ("the first visit by a Chinese leader since 2005"), the earlier event is coded between the
countries, since the person then was someone else.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.extract.actor_index import Index
from kb.extract.actors import Mention
from kb.extract.events import Candidate
from kb.extract.facts import SentenceFacts
from kb.extract.sentences import Sentence
from kb.extract.triggers import Trigger

FIRST_SINCE = re.compile(r"\bfirst\s+(?:[\w'-]+\s+){0,3}?(?P<noun>meeting|summit|talks|visit|trip|call|"
                         r"conversation|phone call|encounter)s?\b(?P<between>[^;]{0,80}?)\s+since\b", re.IGNORECASE)
NOUN_TYPES = {"meeting": "meeting", "summit": "meeting", "talks": "meeting", "encounter": "meeting",
              "visit": "visit", "trip": "visit", "call": "phone_call", "conversation": "phone_call",
              "phone call": "phone_call"}
# "since their summit in Geneva in June", "since the meeting in Hanoi in February": the earlier event is
# the one "since" names, whatever the sentence calls the current one ("their most substantive exchange")
SINCE_EVENT = re.compile(r"\bsince\s+(?:their|the|a|his|her)\s+(?:[\w'-]+\s+){0,3}?(?P<noun>meeting|summit|talks|"
                         r"visit|trip|call|conversation|phone call|encounter)\b", re.IGNORECASE)
BY_A_CLASS = re.compile(r"\bby\s+(?:a|an|any)\s+", re.IGNORECASE)
BARE_SINCE = re.compile(r"\s*(?:the\s+|their\s+)?")
FAMILY = {"meeting": "encounter", "visit": "encounter", "phone_call": "call"}


def _said_of(kind: str, found: list[Candidate], earlier: list[Candidate]) -> Candidate | None:
    """The event the phrase is said of: this sentence's first of the family, else the article's latest."""
    same = [c for c in found if FAMILY.get(c.type) == FAMILY[kind] and c.status == "occurred"]
    if same:
        return same[0]
    return next((c for c in reversed(earlier) if FAMILY.get(c.type) == FAMILY[kind] and c.parties), None)


def _countries(parties: list[Mention], index: Index) -> list[Mention]:
    out: list[Mention] = []
    for p in parties:
        if p.country and all(o.country != p.country for o in out):
            country = index.gazetteer.countries.get(p.country)
            if country is not None:
                out.append(replace(p, kind="country", key=country.iso3, name=country.name, via="context"))
    return out


def _names_a_time_or_event(facts: SentenceFacts, start: int, end: int) -> bool:
    """Is what follows "since" a time ("since June 2018") or an event ("since the summit in Hanoi in
    February", "since they met in Kazan")?"""
    if BARE_SINCE.fullmatch(facts.text, start, end):
        return True
    return any(start <= t.start < end for t in facts.triggers)


def earlier_events(sentence: Sentence, facts: SentenceFacts, found: list[Candidate], before: list[Candidate],
                   index: Index) -> list[Candidate]:
    """The events that "the first <event> since <time>" phrases of the sentence imply."""
    out: list[Candidate] = []
    matches = list(FIRST_SINCE.finditer(sentence.text))
    matches += [m for m in SINCE_EVENT.finditer(sentence.text) if not any(f.end() <= m.end() <= f.end() + 8
                                                                            for f in matches)]
    for m in matches:
        kind = NOUN_TYPES[m["noun"].lower()]
        names_event = m.re is SINCE_EVENT  # "since their summit in Geneva in June": the noun is the event
        said_of = next((c for c in found if c.parties), None) if names_event else _said_of(kind, found, before)
        since = next((t for t in facts.times if m.end() <= t.start <= m.end() + 60 and t.past is not None), None)
        if said_of is None or since is None or since.past is None:
            continue
        if not names_event and not _names_a_time_or_event(facts, m.end(), since.start):
            continue  # "since Trump's return to office in January": the date of something else
        if said_of.date is not None and since.past.latest >= said_of.date.earliest:
            continue  # not earlier than the event it is said of: no reading of "since" fits
        by_a_class = not names_event and BY_A_CLASS.search(m["between"])
        parties = _countries(said_of.parties, index) if by_a_class else said_of.parties
        if len({p.country or p.name for p in parties}) < 2:
            continue
        trigger = Trigger(kind, m.start("noun"), m.end("noun"), m["noun"], "occurred")
        out.append(Candidate(kind, "occurred", parties, sentence, trigger, since.past,
                             notes=[f"earlier event named in passing: '{m.group()} {since.text}'"]))
    return out
