"""Imported people merged with the actor data: matched, checked for conflicts, written as a people file.

A person is matched to a known one by Wikidata id, else by a full (multi-word) name within the same
country. A match adds the aliases and the terms the data lacks; a term that overlaps one the data already
has for the same role and country is the same term (the data's dates win; differing dates are reported).
A term of a single-holder office (check.SINGLE_HOLDER_ROLES: head of state, of government, foreign
minister...) that overlaps another person's term in the data is a conflict: reported and left out. The
shipped data is never changed: the result is a file in the user's actor folder (see
kb.gazetteer.user_actor_dir), loaded after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from kb.actordata.check import SINGLE_HOLDER_ROLES, name_key
from kb.actordata.formats import Imported
from kb.gazetteer import Gazetteer, Office, Person
from kb.rdf.terms import slug


@dataclass
class Merge:
    people: list[Person] = field(default_factory=list)  # entries to write: new people and additions
    matched: int = 0
    new: int = 0
    added: int = 0  # terms
    aliases: int = 0  # aliases added to known people
    conflicts: list[str] = field(default_factory=list)


class _Known:
    """Lookups over the shipped people."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_wikidata = {p.wikidata: p for p in gazetteer.people.values() if p.wikidata}
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.terms: dict[tuple[str | None, str], list[tuple[Person, Office]]] = {}
        for p in gazetteer.people.values():
            for o in p.offices:
                if o.role in SINGLE_HOLDER_ROLES and not o.title.startswith("Acting"):
                    self.terms.setdefault((o.country, o.role), []).append((p, o))
            for name in (p.name, *p.aliases):
                if len(name.replace("-", " ").split()) > 1:
                    self.by_name.setdefault((name_key(name), p.country), set()).add(p.id)

    def match(self, person: Imported) -> tuple[Person | None, str | None]:
        if person.wikidata and person.wikidata in self.by_wikidata:
            return self.by_wikidata[person.wikidata], None
        ids = set().union(*(self.by_name.get((name_key(n), person.country or ""), set())
                            for n in (person.name, *person.aliases) if len(n.split()) > 1))
        if len(ids) > 1:
            return None, f"{person.where}: {person.name!r} names {len(ids)} known people ({', '.join(sorted(ids))})"
        return (self.gazetteer.people[ids.pop()] if ids else None), None

    def rival(self, office: Office, person_id: str) -> Person | None:
        """Another known person holding this single-holder office over an overlapping time."""
        if office.role not in SINGLE_HOLDER_ROLES:
            return None
        return next((p for p, o in self.terms.get((office.country, office.role), [])
                     if p.id != person_id and o.overlaps(office)), None)


def merge(imported: list[Imported], gazetteer: Gazetteer) -> Merge:
    known, result = _Known(gazetteer), Merge()
    taken = set(gazetteer.people)
    for person in imported:
        match, problem = known.match(person)
        if problem:
            result.conflicts.append(problem)
            continue
        if match is not None:
            result.matched += 1
            entry = _additions(person, match, known, result)
        else:
            entry = _new_person(person, known, result, taken)
        if entry is not None:
            result.people.append(entry)
    return result


def _terms(person: Imported, person_id: str, held: tuple[Office, ...], known: _Known, result: Merge) -> list[Office]:
    terms: list[Office] = []
    for office in person.offices:
        same = [o for o in held if (o.role, o.country) == (office.role, office.country) and o.overlaps(office)]
        if same:
            if (same[0].start, same[0].end) != (office.start, office.end):
                result.conflicts.append(f"{person.where}: {person.name}, {office.title}: {office.start} to "
                                        f"{office.end or 'now'} here, {same[0].start} to {same[0].end or 'now'} "
                                        "in the data (kept)")
            continue
        rival = known.rival(office, person_id)
        if rival is not None:
            result.conflicts.append(f"{person.where}: {person.name} as {office.title} from {office.start} overlaps "
                                    f"{rival.name} ({rival.id}) in the data; term left out")
            continue
        terms.append(office)
        held = (*held, office)
    return terms


def _additions(person: Imported, match: Person, known: _Known, result: Merge) -> Person | None:
    aliases = tuple(a for a in dict.fromkeys([person.name, *person.aliases]) if a not in (match.name, *match.aliases))
    offices = tuple(_terms(person, match.id, match.offices, known, result))
    if not aliases and not offices:
        return None
    result.added += len(offices)
    result.aliases += len(aliases)
    return Person(match.id, match.name, aliases, match.country, None, offices)


def _new_person(person: Imported, known: _Known, result: Merge, taken: set[str]) -> Person | None:
    assert person.country is not None
    person_id = slug(person.name)
    if person_id in taken:
        person_id = f"{person_id}-{(person.wikidata or person.country).lower()}"
    offices = tuple(_terms(person, person_id, (), known, result))
    if person.offices and not offices:
        return None  # every term conflicted: nothing certain is left of this person
    taken.add(person_id)
    result.new += 1
    result.added += len(offices)
    aliases = tuple(a for a in dict.fromkeys(person.aliases) if a != person.name)
    return Person(person_id, person.name, aliases, person.country, person.wikidata, offices)


# ---------------------------------------------------------------- the people file


def _toml(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def people_toml(people: list[Person], source: str) -> str:
    """People in the format of kb/data/people.toml (see its header)."""
    out = [f"# Imported by `kb actors import` from {source}; loaded after the shipped actor data.",
           "# Re-importing the file replaces this one; edit the source rather than this file.", ""]
    for p in people:
        out += ["[[person]]", f"id = {_toml(p.id)}", f"name = {_toml(p.name)}"]
        if p.aliases:
            out.append(f"aliases = [{', '.join(_toml(a) for a in p.aliases)}]")
        out.append(f"country = {_toml(p.country)}")
        if p.wikidata:
            out.append(f"wikidata = {_toml(p.wikidata)}")
        out.append("offices = [" if p.offices else "offices = []")
        for o in p.offices:
            fields = [f"title = {_toml(o.title)}", f"role = {_toml(o.role)}"]
            fields += [f"{k} = {_toml(v)}" for k, v in (("start", o.start), ("end", o.end), ("country", o.country))
                       if v is not None and not (k == "country" and v == p.country)]
            out.append(f"  {{ {', '.join(fields)} }},")
        out += ["]", ""] if p.offices else [""]
    return "\n".join(out)
