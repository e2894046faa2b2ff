"""Clauses of a sentence: where one clause ends and another, which may have its own parties, begins.

`clause_bounds` gives the clause around a span; `gap` is the distance from a trigger that decides which
trigger a party or a date belongs to: what lies in another clause counts much more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.extract.triggers import Trigger

# Where one clause ends and another, which may have its own parties, begins.
CLAUSE = re.compile(r";|,\s+(?=(?:where|when|while|which|who|after|before|as|but|and|according|marking|hours|"
                    r"shortly|a day|\w+ days?|\w+ months?|three|two)\b)|\s+(?:but|when|where|while)\s+|"
                    r"\s+and\s+(?=(?:is|are|was|were|will|has|have|had|then|later)\b)|"
                    # the end of a relative or appositive clause: "Jaishankar, who held talks with Lavrov on
                    # Wednesday, met his Chinese counterpart on Thursday" (the main verb follows the comma)
                    r",\s+(?=(?:will|would|has|have|had|is|are|was|were|then|also|later|met|held|spoke|flew|"
                    r"took|made|sat|went|came|paid|told|said|called|hosted|received|welcomed|signed|arrived|"
                    r"travelled|traveled|visited|greeted|began|led|joined|phoned|telephoned|talked)\b)|"
                    # "phoned Zelensky to brief him": a purpose clause of a verb that is no event has its own objects
                    r"\s+(?=to\s+(?!(?:the|a|an|his|her|their|its|this|that|be|meet|visit|sign|hold|talk|speak|phone|"
                    r"call|travel|attend)\b)[a-z]+\s)")


@lru_cache(maxsize=4096)  # asked again and again for the same sentence and span while choosing parties
def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    # the whole text is searched: a break's lookahead must see the word after it even at `start`
    left = [m.end() for m in CLAUSE.finditer(text) if m.end() <= start]
    right = CLAUSE.search(text, end)
    return (left[-1] if left else 0), (right.start() if right else len(text))


def gap(trigger: Trigger, start: int, end: int, text: str) -> int:
    """Distance from a trigger; what precedes it counts double (dates and objects tend to follow), and
    what lies in another clause counts much more."""
    gap = start - trigger.end if start >= trigger.end else 2 * (trigger.start - end)
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    return gap + (0 if lo <= start < hi else 1000)


def nearest(triggers: list[Trigger], start: int, end: int, text: str) -> Trigger | None:
    return min(triggers, key=lambda t: gap(t, start, end, text)) if triggers else None
