"""Actor mentions in a sentence: people, countries, organisations, and the places they stand for.

What is found, in order of precedence (a span used once is not read again):
  known people by full name or alias, with any title before them ("Russian President Vladimir Putin");
  a known person's surname alone, once the full name has appeared in the article ("Kim");
  people not in the data, introduced by a title ("Russian Presidential Aide Yury Ushakov");
  references to office holders ("the Russian president", "his Russian counterpart");
  groups and pronouns ("the two leaders", "he"), resolved from what the article said before;
  organisations ("the State Duma" stands for Russia), countries by name, adjective or metonym.
A country word that only modifies something else ("Russia's Kursk region", "the Kremlin said") or
names a location ("in Pyongyang") is flagged, so the event builder can tell parties from settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from kb.extract.actor_index import Index, norm
from kb.extract.names import words
from kb.extract.patterns import Gate, gate_text, may_match, word_gate
from kb.extract.references import (
    COUNTS,
    GROUP_OF_N,
    GROUP_OF_N_COUNTRIES,
    GROUP_TWO_PERSONS,
    PRONOUN,
    as_reference,
    learn_gender,
    pick_many,
    pick_two,
    resolve_pronoun,
)
from kb.gazetteer import Person

LOCATIVE = re.compile(r"\b(?:in|at|to|into|from|near|inside|outside|toward|towards|visit|visited|visiting)\s+$")
REPORTING = re.compile(r"(?:'s)?(?:\s+[\w-]+){0,3}?\s+(?:said|says|reported|reports|announced|stated|quoted|"
                       r"added|confirmed|published|released|spokes\w+|press service)\b")
# Nouns a country name modifies ("the Ukraine war"): the country is then a topic, not a party.
ATTRIBUTIVE = re.compile(r"^\s+(?:war|conflict|crisis|policy|issue|question|peace|ceasefire|truce|deal|sanctions|"
                         r"border|region|invasion|troops|forces|military|economy|situation|nuclear|program|"
                         r"programme|relations|ties|envoy|affairs)\b")
# A country's legislature or government acts for it: "Jordan's lower house endorsed", "the Polish Senate
# approved", "Japan's cabinet": the country is then a party, not a modifier.
LEGISLATURE = (r"(?:lower|upper)\s+(?:house|chamber)|house\s+of\s+representatives|parliament|senate|congress|"
               r"national\s+assembly|chamber\s+of\s+deputies|legislature|lawmakers|deputies|cabinet")
POSSESSIVE_NOUN = re.compile(r"^(?:'s|’s)\s+(?!(?:state|official|working|\S+-day)?\s*(?:visit|trip|talks|"
                             rf"summit|meeting|call)\b)(?!(?:{LEGISLATURE})\b)", re.IGNORECASE)
# A city in a treaty's name ("the Moscow treaty", "the Lahore Declaration", "the Treaty of Asuncion") is
# no party to the treaty.
TREATY_AFTER = re.compile(r"^\s+(?:treaty|treaties|agreement|agreements|accord|accords|declaration|protocol|pact|"
                          r"charter|communiqu[eé]|memorandum|act|process|format|summit)\b", re.IGNORECASE)
TREATY_BEFORE = re.compile(r"\b(?:Treaty|Accords?|Agreement|Declaration|Protocol|Charter|Act)\s+of\s+(?:the\s+)?$")
ROLE_REF = re.compile(r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<role>host|guest|visitor)\b"
                      r"(?!\s+(?:country|nation|city|government)\b)")
GROUP_TWO_COUNTRIES = re.compile(r"\b(?:the two|both) (?:countries|nations|states|sides|governments)\b", re.I)
# The sender of what a visitor brings ("a personal message from Putin") is no party to the meeting.
SENT_BY = re.compile(r"\b(?:message|letter|greetings|invitation|instructions|note|gift)\s+from\s+$|\bon behalf of\s+$")
APPOSITION = re.compile(r",\s*")
# The words one of which each match of these patterns holds: a sentence with none of them is not scanned.
SENT_BY_GATE = word_gate([SENT_BY])
GROUP_PERSONS_GATE = word_gate([GROUP_TWO_PERSONS])
GROUP_COUNTRIES_GATE = word_gate([GROUP_TWO_COUNTRIES])
ADJECTIVE_GROUP = re.compile(r"^(?:\s+and\s+[A-Z][\w.]*(?:\s+[A-Z]\w*)?)?\s+(?:delegations?|negotiators|"
                             rf"teams|governments?|sides?|{LEGISLATURE})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One actor (or place) mentioned at `start:end` of a sentence."""

    start: int
    end: int
    text: str
    kind: str  # "person" | "country" | "organization" | "place"
    key: str | None  # Person.id, ISO3 or organisation id; None for a person not in the data
    name: str
    country: str | None
    via: str = "name"  # name | short | title | office | group | pronoun | alias | adjective | metonym
    role: str | None = None  # the office role a title or reference gave ("head_of_state")
    title: str | None = None  # the title as written, for people not in the data
    modifier: bool = False  # modifies another noun ("Russia's Kursk region"): not a party
    reporter: bool = False  # a source ("the Kremlin said"): not a party
    locative: bool = False  # after "in/at/to": the setting, or the host of a visit



@dataclass
class Context:
    """What an article has said so far, for surnames, pronouns and "the two leaders"."""

    day: date | None
    seen: dict[str, int] = field(default_factory=dict)  # person id -> when the full name last appeared
    persons: list[Mention] = field(default_factory=list)  # people mentioned so far, most recent last
    countries: list[str] = field(default_factory=list)  # countries mentioned so far, most recent last
    subject: Mention | None = None  # first person of the last sentence that named one
    roles: dict[str, Mention] = field(default_factory=dict)  # "host" / "guest" of the last such encounter
    clock: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # person name -> mentions so far (salience)
    gender: dict[str, str] = field(default_factory=dict)  # person name -> "f" | "m", from the text
    article_text: str = ""  # the article's body and captions, lower case, "-" as " ": full names spelled later
    spelled: dict[str, tuple[str, bool]] = field(default_factory=dict)  # person id -> (article_text, spelled out)

    def remember(self, mentions: list[Mention]) -> None:
        people = [m for m in mentions if m.kind == "person"]
        for m in people:
            self.clock += 1
            self.counts[m.name] = self.counts.get(m.name, 0) + 1
            if m.via in ("name", "title") and m.key:
                self.seen[m.key] = self.clock
            self.persons = [p for p in self.persons if p.name != m.name] + [m]
        for m in mentions:
            if m.country and not m.modifier and not m.reporter:
                self.countries = [c for c in self.countries if c != m.country] + [m.country]
        if people:
            self.subject = people[0]

    def last_persons(self, n: int, exclude: set[str]) -> list[Mention]:
        picked: list[Mention] = []
        for m in reversed(self.persons):
            if m.name not in exclude and all(p.name != m.name for p in picked):
                picked.append(m)
            if len(picked) == n:
                break
        return picked[::-1]


def person_mention(p: Person, start: int, end: int, text: str, via: str, role: str | None = None) -> Mention:
    return Mention(start, end, text, "person", p.id, p.name, p.country, via, role)


class Finder:
    """Finds the actor mentions of one sentence against an `Index`, using and updating a `Context`."""

    def __init__(self, index: Index, text: str, ctx: Context) -> None:
        self.index, self.text, self.ctx = index, text, ctx
        self.lowered = gate_text(text)  # for the word gates (kb.extract.patterns.may_match)
        self.found: list[Mention] = []

    def run(self) -> list[Mention]:
        for step in (self._full_names, self._short_names, self._unknown_people, self._office_refs,
                     self._groups, self._roles, self._pronouns, self._organizations, self._places, self._countries):
            step()
        if may_match(SENT_BY_GATE, self.lowered):
            self.found = [replace(m, modifier=True) if SENT_BY.search(self.text, 0, m.start) else m
                          for m in self.found]
        self.found.sort(key=lambda m: (m.start, m.end))
        self.found = [self._in_its_day(self._speaking_for(m)) for m in self.found]
        self.ctx.remember(self.found)
        return self.found

    def _in_its_day(self, m: Mention) -> Mention:
        """"Visited Moscow" in 1972 is a visit to the Soviet Union (kb/data/successions.toml)."""
        if m.kind not in ("country", "place"):
            return m
        country = self.index.gazetteer.in_its_day(m.country, self.ctx.day)
        if country == m.country:
            return m
        if m.kind == "place":
            return replace(m, country=country)
        return replace(m, country=country, key=country, name=self.index.gazetteer.countries[country or ""].name)

    def _speaking_for(self, m: Mention) -> Mention:
        """A person speaks for the office held on the article's day: the head of an organisation for it, not
        for a state (SCHEMA.md), a minister of a former state for that state."""
        person = self.index.gazetteer.people.get(m.key or "") if m.kind == "person" else None
        office = person.office_on(self.ctx.day) if person else None
        if office is not None and office.country in self.index.gazetteer.organizations:
            return replace(m, country=None)
        if office is not None and office.country != m.country:
            return replace(m, country=office.country)  # Shevardnadze as the Soviet foreign minister
        return m

    def _scan(self, pattern: re.Pattern[str], gate: Gate) -> Iterator[re.Match[str]]:
        """The matches of `pattern`; none, and no scan, in a sentence without any of its `gate` words."""
        return pattern.finditer(self.text) if may_match(gate, self.lowered) else iter(())

    def _free(self, start: int, end: int) -> bool:
        return not any(start < m.end and m.start < end for m in self.found)

    def _add(self, mention: Mention) -> None:
        self.found.append(mention)

    def _with_title(self, start: int) -> tuple[int, str | None]:
        """Extend a name leftwards over its title and country word ("Russian President ")."""
        m = self.index.titled.search(self.text, 0, start)
        if not m or m.start() == start or not (m["title"] or m["poss"]) or not self._free(m.start(), start):
            return start, None
        return m.start(), self.index.title_roles.get(m["title"] or "")

    def _person(self, person: Person, start: int, end: int, via: str) -> None:
        begin, role = self._with_title(start)
        self._add(person_mention(person, begin, end, self.text[begin:end], via, role))

    def _full_names(self) -> None:
        people = self.index.gazetteer.people
        for start, end in self.index.full_names.find(self.text):
            person_id = self.index.full_lookup.get(norm(self.text[start:end]))
            if person_id and self._free(start, end):
                self._person(people[person_id], start, end, "name")
                self.ctx.clock += 1
                self.ctx.seen[person_id] = self.ctx.clock

    def _short_names(self) -> None:
        lookup = self.index.short_lookup
        for start, end, word in words(self.text):
            ids = lookup.get(word)
            if not ids:
                continue
            seen = [p for p in ids if p in self.ctx.seen] or [p for p in ids if self._spelled_out(p)]
            if seen and self._free(start, end):
                best = max(seen, key=lambda p: self.ctx.seen.get(p, 0))
                self._person(self.index.gazetteer.people[best], start, end, "short")

    def _spelled_out(self, person_id: str) -> bool:
        """Does the article spell the full name out somewhere (a caption may precede the body)?"""
        known = self.ctx.spelled.get(person_id)
        if known is not None and known[0] is self.ctx.article_text:
            return known[1]  # asked once per surname mention: the article is searched once per person
        person = self.index.gazetteer.people[person_id]
        found = any(" " in a.replace("-", " ") and a.replace("-", " ").lower() in self.ctx.article_text
                    for a in (person.name, *person.aliases))
        self.ctx.spelled[person_id] = (self.ctx.article_text, found)
        return found

    def _unknown_people(self) -> None:
        for m in self._scan(self.index.unknown_person, self.index.unknown_gate):
            name = m["name"]
            if not self._free(m.start("name"), m.end("name")) or name.split()[0] in self.index.country_lookup:
                continue
            start = m.start() if self._free(m.start(), m.start("name")) else m.start("name")
            country = self._country_of(m["cty"]) if start == m.start() else None
            if country is None and m["of"]:
                country = self._country_at(m.start("of") + m["of"].index("of") + 2)
            if country is None and m["after"]:
                country = self._country_at(m.end("after"))
            end = m.end("name")
            self._add(Mention(start, end, self.text[start:end], "person", None, name, country,
                              "title", self.index.title_roles.get(m["title"]), m["title"]))

    def _country_at(self, at: int) -> str | None:
        """The country named at `at` ("of Ethiopia,", "of the Federal Republic of Nigeria")."""
        found = self.index.countries.match(self.text, len(self.text) - len(self.text[at:].lstrip()))
        return self._country_of(found.group()) if found else None

    def _country_of(self, word: str | None) -> str | None:
        if not word:
            return None
        hit = self.index.country_lookup.get(word) or self.index.country_lookup.get("the " + word)
        return hit[0] if hit else None

    def _office_refs(self) -> None:
        for m in self._scan(self.index.office_ref, self.index.office_gate):
            country = self._country_of(m["cty"])
            if country is None or not self._free(m.start(), m.end()):
                continue
            role = self._ref_role(m["title"], country, m.start())
            former = "former" in m.group()  # "the former defence minister": not today's holder
            holder = (self._former(country, role) if former else self._holder(country, role)) if role else None
            if holder is not None:
                self._add(replace(person_mention(holder, m.start(), m.end(), m.group(), "office"), role=role))
            elif role and not former:
                self._add(self._country(country, m.start(), m.end(), "office"))

    def _ref_role(self, title: str, country: str, at: int) -> str | None:
        if title == "counterpart":
            before = [f for f in self.found if f.kind == "person" and f.start < at and f.role]
            anchor = before[-1] if before else self.ctx.subject
            return anchor.role if anchor and anchor.role else "head_of_state"
        if title in ("guest", "host"):
            return None
        role = self.index.title_roles.get(title, "head_of_state" if title == "head of state" else "")
        if role == "leader":
            return self.index.gazetteer.countries[country].leader_role
        return role or None

    def _former(self, country: str, role: str) -> Person | None:
        """The person last mentioned who held `role` for `country` before the article's day."""
        people, day = self.index.gazetteer.people, self.ctx.day
        for m in reversed(self.ctx.persons):
            person = people.get(m.key or "")
            if person and day and any(o.country == country and o.role == role and o.end and o.end <= day
                                      for o in person.offices):
                return person
        return None

    def _holder(self, country: str, role: str) -> Person | None:
        g = self.index.gazetteer
        holders = g.holders(country, role, self.ctx.day)
        if not holders and role in ("leader", "head_of_state", "head_of_government"):
            holders = g.holders(country, "leader", self.ctx.day) or g.holders(country, "head_of_state", self.ctx.day)
        return holders[0] if len(holders) == 1 else None

    def _groups(self) -> None:
        for m in self._scan(GROUP_TWO_PERSONS, GROUP_PERSONS_GATE):
            if self._free(m.start(), m.end()):
                for p in pick_two(self.text, m.start(), m.group(), self.found, self.ctx, self.index):
                    self._add(as_reference(p, m.start(), m.end(), m.group(), "group"))
        for m in GROUP_OF_N.finditer(self.text):
            if self._free(m.start(), m.end()):
                for p in pick_many(COUNTS[m["n"].lower()], m.start(), self.found, self.ctx):
                    self._add(as_reference(p, m.start(), m.end(), m.group(), "group"))
        for m in GROUP_OF_N_COUNTRIES.finditer(self.text):
            if self._free(m.start(), m.end()) and len(self.ctx.countries) >= COUNTS[m["n"].lower()]:
                for iso3 in self.ctx.countries[-COUNTS[m["n"].lower()]:]:
                    self._add(self._country(iso3, m.start(), m.end(), "group"))
        for m in self._scan(GROUP_TWO_COUNTRIES, GROUP_COUNTRIES_GATE):
            if self._free(m.start(), m.end()):
                for iso3 in self.ctx.countries[-2:]:
                    self._add(self._country(iso3, m.start(), m.end(), "group"))

    def _roles(self) -> None:
        """"The host", "his guest", "the visitor": the people of those roles in the last encounter."""
        for m in ROLE_REF.finditer(self.text):
            role = "host" if m["role"].lower() == "host" else "guest"
            person = self.ctx.roles.get(role)
            if person is not None and self._free(m.start(), m.end()):
                self._add(as_reference(person, m.start(), m.end(), m.group(), "role"))

    def _pronouns(self) -> None:
        for m in PRONOUN.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            for p in resolve_pronoun(self.text, m, self.found, self.ctx):
                learn_gender(p, m.group(), self.ctx)
                self._add(as_reference(p, m.start(), m.end(), m.group(), "pronoun"))

    def _organizations(self) -> None:
        orgs = self.index.gazetteer.organizations
        for m in self.index.organizations.finditer(self.text):
            org = orgs[self.index.org_lookup[m.group()]]
            if self._free(m.start(), m.end()):
                reporter = bool(REPORTING.match(self.text, m.end()))
                self._add(Mention(m.start(), m.end(), m.group(), "organization", org.id, org.name, org.country,
                                  "alias", reporter=reporter))

    def _country(self, iso3: str, start: int, end: int, via: str, modifier: bool = False, reporter: bool = False,
                 locative: bool = False) -> Mention:
        name = self.index.gazetteer.countries[iso3].name
        return Mention(start, end, self.text[start:end], "country", iso3, name, iso3, via,
                       modifier=modifier, reporter=reporter, locative=locative)

    def _countries(self) -> None:
        for m in self.index.countries.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            iso3, how = self.index.country_lookup[m.group()]
            after = self.text[m.end():]
            locative = bool(LOCATIVE.search(self.text, 0, m.start())) or self._after_place(m.start())
            if locative and m.group() in self.index.places:
                self._add(self._place(m.group(), m.start(), m.end()))
                continue
            modifier = (bool(POSSESSIVE_NOUN.match(after) or ATTRIBUTIVE.match(after))
                        or (how == "adjective" and not ADJECTIVE_GROUP.match(after))
                        or (how == "metonym" and bool(TREATY_AFTER.match(after)
                                                      or TREATY_BEFORE.search(self.text, 0, m.start()))))
            self._add(self._country(iso3, m.start(), m.end(), how, modifier=modifier,
                                    reporter=bool(REPORTING.match(after)), locative=locative))

    def _place(self, surface: str, start: int, end: int) -> Mention:
        name, iso3 = self.index.places[surface]
        return Mention(start, end, surface, "place", None, name, iso3, "place", locative=True)

    def _places(self) -> None:
        """Cities and sites; a metonym ("Moscow") is left to `_countries`, which knows both readings."""
        for m in self.index.place_names.finditer(self.text):
            if m.group() not in self.index.country_lookup and self._free(m.start(), m.end()):
                self._add(self._place(m.group(), m.start(), m.end()))

    def _after_place(self, start: int) -> bool:
        """Is this word an apposition to a place ("Jeddah, Saudi Arabia")?"""
        return any(f.kind == "place" and APPOSITION.fullmatch(self.text, f.end, start) for f in self.found)


def find_actors(text: str, ctx: Context, index: Index) -> list[Mention]:
    """Actor and place mentions of one sentence, in text order; `ctx` learns from them."""
    return Finder(index, text, ctx).run()
