"""What must hold across all the actor files, shipped and the user's (`kb actors check`).

- One holder of a single-holder office at a time (an acting holder may stand in for a suspended one;
  each of Andorra's two co-princely offices has its own holder).
- A name (surname or other alias) that two people of one country answer to while both hold office is
  flagged in kb/data/shared_names.toml, so it is known, not an accident of the data; a flag whose
  people no longer share the name is stale.
"""

from __future__ import annotations

import re
import tomllib
from itertools import combinations

from kb.gazetteer import DATA_DIR, Gazetteer, Office, Person

SINGLE_HOLDER_ROLES = ("head_of_state", "head_of_government", "foreign_minister", "monarch", "leader",
                       "crown_prince")


def name_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _in_office_together(a: Person, b: Person) -> bool:
    return any(x.overlaps(y) for x in a.offices for y in b.offices)


def double_holders(gazetteer: Gazetteer) -> list[str]:
    terms: dict[tuple[str | None, str], list[tuple[Person, Office]]] = {}
    for person in gazetteer.people.values():
        for office in person.offices:
            if office.role in SINGLE_HOLDER_ROLES and not office.title.startswith("Acting"):
                key = office.title if "Co-Prince" in office.title else office.role
                terms.setdefault((office.country, key), []).append((person, office))
    found = []
    for (country, role), held in sorted(terms.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        for (pa, a), (pb, b) in combinations(held, 2):
            if pa.id != pb.id and a.overlaps(b):
                found.append(f"{country} {role}: {pa.name} ({a.start} to {a.end or 'now'}) and {pb.name} "
                             f"({b.start} to {b.end or 'now'}) at once")
    return found


def shared_names(gazetteer: Gazetteer) -> dict[tuple[str, str], frozenset[str]]:
    """(name key, ISO3) -> the ids of the people of that country who answer to it while in office together."""
    owners: dict[tuple[str, str], set[str]] = {}
    for person in gazetteer.people.values():
        for name in {name_key(n) for n in (person.name, *person.aliases)}:
            owners.setdefault((name, person.country), set()).add(person.id)
    shared = {}
    for key, ids in owners.items():
        pairs = [(a, b) for a, b in combinations(sorted(ids), 2)
                 if _in_office_together(gazetteer.people[a], gazetteer.people[b])]
        if pairs:
            shared[key] = frozenset(i for pair in pairs for i in pair)
    return shared


def flagged_names() -> dict[tuple[str, str], frozenset[str]]:
    with (DATA_DIR / "shared_names.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return {(name_key(f["name"]), f["country"]): frozenset(f["people"]) for f in raw.get("shared", [])}


def unflagged_shared_names(gazetteer: Gazetteer) -> list[str]:
    flags, current = flagged_names(), shared_names(gazetteer)
    found = [f"{country} {name!r}: {', '.join(sorted(ids))} share it while in office, not flagged in "
             "shared_names.toml" for (name, country), ids in sorted(current.items())
             if not ids <= flags.get((name, country), frozenset())]
    found += [f"{country} {name!r}: flagged in shared_names.toml but no longer shared ({', '.join(sorted(ids))})"
              for (name, country), ids in sorted(flags.items()) if not ids <= current.get((name, country), frozenset())]
    return found


def findings(gazetteer: Gazetteer) -> list[str]:
    return double_holders(gazetteer) + unflagged_shared_names(gazetteer)
