"""References to people already named: "the two leaders", "both men", and the pronouns he/she/him/her/they.

Groups pick two people of different countries, preferring (in this order) people named earlier in the
same sentence, people of a country the sentence names ("during Putin's visit to Pyongyang, the two
leaders ..." means Putin and the North Korean leader), and the people the article has named most
often. "Leaders" and "presidents" prefer heads of state or government, "ministers" prefer ministers.

Pronouns follow the article's gender evidence: a person once referred to as "she"/"her" (or titled
"Mrs", "Ms") is not "he", and the other way round; with no evidence either reading is allowed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.extract.patterns import guarded

if TYPE_CHECKING:
    from kb.extract.actor_index import Index
    from kb.extract.actors import Context, Mention

GROUP_TWO_PERSONS = re.compile(r"\b(?:the two|both) (?:leaders|men|women|presidents|heads of state|ministers|"
                               r"foreign ministers|sides' leaders)\b|\bthe two(?= (?:held|met|signed|spoke|"
                               r"discussed|agreed|talked|last|first|sat))|\b(?:the|both) leaders\b", re.I)
# "the three presidents", "the five leaders": the people last named, as many as the number says
GROUP_OF_N = re.compile(r"\b(?:the|all|all the)\s+(?P<n>three|four|five|six|seven|eight|nine)\s+(?:leaders|presidents|"
                        r"heads of state|heads of government|prime ministers|foreign ministers|ministers|men|women)\b",
                        re.I)
GROUP_OF_N_COUNTRIES = re.compile(r"\b(?:the|all|all the)\s+(?P<n>three|four|five|six|seven|eight|nine)\s+"
                                  r"(?:countries|nations|states|governments|sides)\b", re.I)
COUNTS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
PRONOUN = guarded(r"\b(?:he|she|him|his|her|they|them|their)\b", re.I)  # guarded: h, s or t first
# What follows an object pronoun ("received her at", "met him."), as opposed to a possessive ("her aide").
OBJECT_FOLLOWS = re.compile(r"\s*(?:[,.;:]|(?:at|in|on|to|for|with|and|as|during|after|before|into|from)\b)")
COORDINATION = re.compile(r"\s+(?:and|&)\s+")
FEMININE = frozenset({"she", "her"})
MASCULINE = frozenset({"he", "him", "his"})
LEADER_ROLES = frozenset({"head_of_state", "head_of_government", "leader"})
MINISTER_ROLES = frozenset({"foreign_minister", "defense_minister", "minister"})


def _role(p: Mention, ctx: Context, index: Index) -> str | None:
    person = index.gazetteer.people.get(p.key or "")
    office = person.office_on(ctx.day) if person else None
    return office.role if office else p.role


def _wanted_roles(noun: str) -> frozenset[str] | None:
    noun = noun.lower()
    if "minister" in noun:
        return MINISTER_ROLES
    if any(w in noun for w in ("leader", "president", "head")):
        return LEADER_ROLES
    return None


_SURFACES: dict[int, dict[str, tuple[str, ...]]] = {}


def _surfaces(index: Index) -> dict[str, tuple[str, ...]]:
    """ISO3 -> the words that name the country or one of its places, built once per index."""
    table = _SURFACES.get(id(index))
    if table is None:
        words: dict[str, set[str]] = {}
        for word, (iso3, _) in index.country_lookup.items():
            words.setdefault(iso3, set()).add(word)
        for word, (_, iso3) in index.places.items():
            words.setdefault(iso3, set()).add(word)
        table = _SURFACES[id(index)] = {k: tuple(v) for k, v in words.items()}
    return table


def _names_country(text: str, country: str | None, index: Index) -> bool:
    """Does the sentence name the country or one of its places? (a substring test: cheap, and a
    false hit only reorders candidates)"""
    return country is not None and any(w in text for w in _surfaces(index).get(country, ()))


def _coordinated(text: str, here: list[Mention]) -> set[str]:
    """The last "A and B" pair of people in the sentence: "hosted A and B, where the two signed"."""
    for a, b in reversed(list(zip(here, here[1:], strict=False))):
        if COORDINATION.fullmatch(text, a.end, b.start) and a.country != b.country:
            return {a.name, b.name}
    return set()


def pick_two(text: str, at: int, noun: str, found: list[Mention], ctx: Context, index: Index) -> list[Mention]:
    """The two people of different countries a group phrase at `at` refers to."""
    here = sorted((f for f in found if f.kind == "person" and f.start < at), key=lambda f: f.start)
    pool: list[Mention] = []
    for p in here + list(reversed(ctx.persons)):
        if all(p.name != q.name for q in pool):
            pool.append(p)
    wanted = _wanted_roles(noun)
    if wanted is not None:
        fitting = [p for p in pool if _role(p, ctx, index) in wanted]
        if len({p.country for p in fitting}) >= 2:
            pool = fitting
    in_sentence = {p.name: i for i, p in enumerate(here)}  # the subject first, then its objects
    paired = _coordinated(text, here)
    named = {c for c in {p.country for p in pool} if _names_country(text, c, index)}  # each country once
    order = {p.name: i for i, p in enumerate(pool)}
    pool.sort(key=lambda p: (p.name not in paired, in_sentence.get(p.name, len(here)), p.country not in named,
                             -ctx.counts.get(p.name, 0), order[p.name]))
    picked: list[Mention] = []
    for p in pool:
        if all(p.country != q.country for q in picked):
            picked.append(p)
        if len(picked) == 2:
            break
    return picked if len(picked) == 2 else []


def pick_many(n: int, at: int, found: list[Mention], ctx: Context) -> list[Mention]:
    """The `n` people a group phrase at `at` refers to: those named before it in the sentence, then the
    article's most recent, one per country (an organisation's head by name); none unless exactly `n`."""
    here = [f for f in found if f.kind == "person" and f.start < at]
    picked: list[Mention] = []
    for p in here + list(reversed(ctx.persons)):
        key = p.country or p.name
        if all((q.country or q.name) != key for q in picked):
            picked.append(p)
        if len(picked) == n:
            return picked
    return []


def _fits(person: Mention, word: str, ctx: Context) -> bool:
    gender = ctx.gender.get(person.name)
    if gender is None:
        return True
    return not ((word in FEMININE and gender == "m") or (word in MASCULINE and gender == "f"))


def _known(person: Mention, word: str, ctx: Context) -> bool:
    gender = ctx.gender.get(person.name)
    return (word in FEMININE and gender == "f") or (word in MASCULINE and gender == "m")


def resolve_pronoun(text: str, m: re.Match[str], found: list[Mention], ctx: Context) -> list[Mention]:
    """The people a pronoun stands for (none when unsure)."""
    word = m.group().lower()
    earlier = [f for f in found if f.start < m.start() and f.kind != "place"]
    persons_here = [f for f in earlier if f.kind == "person"]
    if word in ("they", "them", "their"):
        if not earlier and len(ctx.persons) >= 2:  # else "their" is most likely those just named
            return ctx.last_persons(2, set())
        return []
    if word in ("him", "her") and OBJECT_FOLLOWS.match(text, m.end()):
        named = {f.name for f in earlier}  # an object pronoun is not the clause's own subject
        others = [p for p in ctx.last_persons(3, named) if _fits(p, word, ctx)]
        if ctx.subject and ctx.subject.name not in named and _fits(ctx.subject, word, ctx):
            others.append(ctx.subject)
        return others[-1:]
    if not persons_here:
        return [ctx.subject] if ctx.subject is not None and _fits(ctx.subject, word, ctx) else []
    # A second subject in the sentence ("three days after she held talks"): only on gender evidence.
    known = [p for p in persons_here if _known(p, word, ctx)]
    if known and not any(_known(p, word, ctx) for p in persons_here if p.name != known[-1].name):
        return [known[-1]]
    return []


def learn_gender(person: Mention, word: str, ctx: Context) -> None:
    word = word.lower()
    if word in FEMININE:
        ctx.gender.setdefault(person.name, "f")
    elif word in MASCULINE:
        ctx.gender.setdefault(person.name, "m")


def as_reference(person: Mention, start: int, end: int, text: str, via: str) -> Mention:
    return replace(person, start=start, end=end, text=text, via=via)
