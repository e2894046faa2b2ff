"""Event triggers in a sentence, with the status their clause gives them.

The lexicon and the cue lists live in kb/data/triggers.toml. A trigger whose clause speculates about
or denies the event ("could meet", "no meeting was planned") is dropped; one with a planning cue
("is set to", "scheduled to", "will") is `planned`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.extract.patterns import Gate, first_char_guard, gate_text, may_match, word_gate

TRIGGERS_FILE = Path(__file__).resolve().parent.parent / "data" / "triggers.toml"
WORD = re.compile(r"[\w'’-]+")
# A trigger noun that is the topic of something else ("aspects of the summit", "briefed Kim on the
# coming talks") does not report the event itself.
TOPIC = re.compile(r"\b(?:of|about|over|on)\s+(?:the|a|an|their|his|her|its)(?:\s+[\w-]+){0,2}\s+$")
SETTING_NOUN = re.compile(r"summits?|conference|forum|session|assembly", re.IGNORECASE)
# A named gathering ("the G20 summit", "this weekend's Group of Seven summit", "the APEC forum"), not
# "their summit": a summit of the sentence's own parties is their meeting.
SETTING_BEFORE = re.compile(r"\b(?:at|on the (?:sidelines|margins|fringes) of|in the margins of|during)\s+"
                            r"(?:the\s+|a\s+|this\s+|next\s+|last\s+|[\w-]+'s\s+)?(?:(?-i:[a-z][\w-]*)\s+){0,2}"
                            r"(?:(?-i:[A-Z0-9][\w'’.-]*)\s+(?:(?:of|and|the)\s+)?){1,6}$", re.IGNORECASE)
# An event noun before any verb is the subject of its sentence: its predicate, words away, gives its status.
SUBJECT_NOUN = re.compile(r"(?:(?:state|official|working|phone|telephone|video)\s+)?(?:summit|meeting|talks|visit|"
                          r"trip|call|conversation)(?:\s+to)?", re.IGNORECASE)
VERB_BEFORE = re.compile(r"\b(?:\w+ed|met|held|hold|holds|will|would|said|says|spoke|made|took|told|tells|has|have|had|"
                         r"is|are|was|were)\b", re.IGNORECASE)
# "Putin's visit to New Delhi, scheduled for December, ...": a plan in an inserted phrase after the noun
APPOSITIVE_PLAN = re.compile(r"[^,;.]{0,60},\s+(?:(?:which|that)\s+(?:is|was|are|were)\s+)?(?:now\s+)?(?:scheduled|set|"
                             r"planned|slated|expected|due)\s+(?:for|in|to|on)\b")
PREDICATE_END = re.compile(r"[;:]|\s[-–—]\s|\b(?:but|while|whereas|although|though|because)\b")
NAME_WORD = "Someone"  # what an actor mention counts as in a cue's window
PREPARATIONS = re.compile(r"\b(?:preparations|plans|arrangements)\s+for\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?"
                          r"(?:\S+\s+){0,2}$", re.IGNORECASE)
OWN_PARTIES = re.compile(r"\s+(?:with|between)\b")
PURPOSE = re.compile(r"\bfor (?:a |an |the |his |her |their )?(?:\S+ ){0,2}$")
# "days before Putin meets Trump", "ahead of when he visits": a present-tense event verb in a clause of
# time that looks ahead is a plan, whatever the tense of the sentence around it.
AHEAD_CLAUSE = re.compile(r"\b(?:before|until|till|ahead of|once|by the time)\s+(?:[\w.'-]+\s+){1,6}$", re.IGNORECASE)
DETERMINER = re.compile(r"\b(?:the|their|his|her|its|a|an|this|that)\s+$", re.IGNORECASE)
PRESENT_VERB = re.compile(r"(?:meets|visits|signs|travels|arrives|holds|hosts|receives|speaks|flies|sits down)\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    type: str  # an EventType
    start: int  # offsets in the sentence
    end: int
    text: str
    status: str  # "occurred" | "planned" | "speculative" (denied or only speculated) | "setting": no event
    topic: bool = False  # named as a topic ("told Kim about the talks with Trump"): its parties follow it

    @property
    def live(self) -> bool:
        return self.status not in ("speculative", "setting")


@dataclass(frozen=True)
class _Entry:
    type: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None
    priority: int
    planned: bool
    gate: Gate  # the words one of which every match holds: a sentence without any is not scanned
    alone: bool = False  # counts only when the sentence has no trigger of another type


@dataclass(frozen=True)
class _Match:
    entry: _Entry
    start: int
    end: int


def _words(words: list[str]) -> re.Pattern[str] | None:
    """One pattern matching any of `words` as whole words (case-sensitive: cue lists are lower case)."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w])")


def _entry(raw: dict[str, Any]) -> _Entry:
    alternatives = "(?:" + "|".join(f"(?:{p})" for p in raw["patterns"]) + ")"
    guard = first_char_guard(alternatives)
    pattern = re.compile(rf"{guard}\b{alternatives}\b", re.IGNORECASE)
    return _Entry(type=raw["type"], pattern=pattern, requires=_words(raw.get("requires", [])),
                  priority=int(raw.get("priority", 0)), planned=raw.get("status") == "planned",
                  gate=word_gate([pattern]), alone=bool(raw.get("alone", False)))


class TriggerFinder:
    """Finds event triggers; build once (patterns compile here) and reuse."""

    def __init__(self, path: Path = TRIGGERS_FILE) -> None:
        with path.open("rb") as fh:
            raw: dict[str, Any] = tomllib.load(fh)
        self.entries = [_entry(t) for t in raw["trigger"]]
        cues = raw["cues"]
        self.window = int(cues["cue_window"])
        self.drop_before = _words(cues["speculation_before"] + cues["negation_before"])
        self.drop_after = _words(cues["speculation_after"] + cues["negation_after"])
        self.plan_before = _words(cues["planned_before"])
        self.plan_after = _words(cues["planned_after"])
        breaks = "|".join(re.escape(w) for w in cues["clause_breaks"])
        self.clause_break = re.compile(rf"[,;:()\[\]\"“”—–]|\s-\s|\b(?:{breaks})\b")

    def find(self, text: str, names: Sequence[tuple[int, int]] = ()) -> list[Trigger]:
        """All triggers in text order, speculative ones included: they still claim their own parties.
        `names` are the spans of actor mentions: each counts as one word of a cue's window, so that
        "is set for Friday" after "The summit between <title and name> and <title and name>" still
        reaches its trigger."""
        found: list[Trigger] = []
        folded = _fold_names(text, names)
        matches = self._matches(text)
        others = {m.entry.type for m in matches if not m.entry.alone}
        matches = [m for m in matches if not m.entry.alone or others <= {m.entry.type}]
        for k, match in enumerate(matches):
            start, end = folded.position(match.start), folded.position(match.end)
            shifted = _Match(match.entry, start, end)
            # a cue after the next trigger is that one's ("a call on Tuesday about the summit that is set for Friday")
            upto = folded.position(matches[k + 1].start) if k + 1 < len(matches) else len(folded.text)
            topic = bool(TOPIC.search(folded.text, 0, start) or PREPARATIONS.search(folded.text, 0, start))
            found.append(Trigger(match.entry.type, match.start, match.end, text[match.start:match.end],
                                 self._status(folded.text, shifted, found, upto), topic))
        return _settings(text, found)

    def _status(self, text: str, match: _Match, earlier: list[Trigger], upto: int) -> str:
        before, after = self._context(text, match.start, match.end, upto)
        if SUBJECT_NOUN.fullmatch(text, match.start, match.end) and not VERB_BEFORE.search(text, 0, match.start):
            after = self._predicate(text, match.end, upto)  # "A meeting between A and B ... is not on the schedule"
        if self._hit(self.drop_before, before) or self._hit(self.drop_after, after):
            return "speculative"
        # "briefed Kim on the summit" is a topic; "... about the summit with Trump that is set for Friday" an event
        topic = TOPIC.search(text, 0, match.start) and not OWN_PARTIES.match(text, match.end)
        if match.entry.type == "meeting" and topic:
            return "speculative"
        if earlier and PURPOSE.search(text, 0, match.start):
            return earlier[-1].status  # "due in Tokyo for talks": the talks share the visit's status
        planned = match.entry.planned or self._hit(self.plan_before, before) or self._hit(self.plan_after, after) \
            or self._looks_ahead(text, match) or bool(SUBJECT_NOUN.fullmatch(text, match.start, match.end)
                                                      and APPOSITIVE_PLAN.match(text, match.end))
        return "planned" if planned else "occurred"

    def _predicate(self, text: str, end: int, upto: int) -> str:
        """What follows an event noun that opens its sentence, up to the end of the clause, past the
        commas of an inserted phrase ("Xi's state visit to Japan, planned for April, has been postponed")."""
        stop = PREDICATE_END.search(text, end)
        return " ".join(WORD.findall(text[end:min(stop.start() if stop else len(text), max(upto, end))])
                        [:self.window + 10])

    @staticmethod
    def _looks_ahead(text: str, match: _Match) -> bool:
        return bool(PRESENT_VERB.match(text, match.start) and AHEAD_CLAUSE.search(text, 0, match.start)
                    and not DETERMINER.search(text, 0, match.start))  # "before their visits": a noun

    def _matches(self, text: str) -> list[_Match]:
        found: list[_Match] = []
        lowered = gate_text(text)
        for entry in self.entries:
            if not may_match(entry.gate, lowered):
                continue
            if entry.requires is not None and not entry.requires.search(text):
                continue
            found.extend(_Match(entry, m.start(), m.end()) for m in entry.pattern.finditer(text))
        found.sort(key=lambda f: (-f.entry.priority, f.start - f.end, f.start))
        chosen: list[_Match] = []
        for item in found:
            if not any(item.start < c.end and c.start < item.end for c in chosen):
                chosen.append(item)
        return sorted(chosen, key=lambda c: c.start)

    def _context(self, text: str, start: int, end: int, upto: int) -> tuple[str, str]:
        """The words of the trigger's clause before and after it (up to `upto`), at most `window` words each."""
        left_breaks = [m.end() for m in self.clause_break.finditer(text, 0, start)]
        right = self.clause_break.search(text, end)
        before = text[left_breaks[-1] if left_breaks else 0:start]
        after = text[end:min(right.start() if right else len(text), max(upto, end))]
        before_words = WORD.findall(before)[-self.window:]
        after_words = WORD.findall(after)[:self.window]
        return " ".join(before_words), " ".join(after_words)

    @staticmethod
    def _hit(pattern: re.Pattern[str] | None, text: str) -> bool:
        return bool(pattern and pattern.search(text))


def _is_setting(text: str, t: Trigger) -> bool:
    return bool(SETTING_NOUN.fullmatch(t.text) and SETTING_BEFORE.search(text, 0, t.start))


def _settings(text: str, found: list[Trigger]) -> list[Trigger]:
    """"Met on the sidelines of the G20 summit", "could meet at the APEC summit": a gathering named as
    the setting of another event in the sentence is no event of its own (it still gives the place)."""
    setting = [_is_setting(text, t) for t in found]
    if all(setting):
        return found
    return [replace(t, status="setting") if is_setting else t for t, is_setting in zip(found, setting, strict=True)]


@dataclass(frozen=True)
class _Folded:
    """The sentence with every actor mention replaced by one word, and where each offset went."""

    text: str
    cuts: tuple[tuple[int, int, int], ...]  # (start, end, length removed) of each replaced span

    def position(self, offset: int) -> int:
        moved = offset
        for start, end, removed in self.cuts:
            if end <= offset:
                moved -= removed
            elif start < offset:
                moved -= offset - start
        return moved


def _fold_names(text: str, names: Sequence[tuple[int, int]]) -> _Folded:
    pieces, cuts, last = [], [], 0
    for start, end in sorted(names):
        if start < last:
            continue
        pieces.append(text[last:start] + NAME_WORD)
        cuts.append((start, end, end - start - len(NAME_WORD)))
        last = end
    pieces.append(text[last:])
    return _Folded("".join(pieces), tuple(cuts))


@lru_cache(maxsize=1)
def default_finder() -> TriggerFinder:
    return TriggerFinder()
