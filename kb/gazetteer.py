"""The actor data: countries, people with their dated offices, organisations.

The data lives in TOML files under `kb/data/` (see the comment at the top of each file for how to
add an entry); this module only loads and validates it into frozen records.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

# When a person holds several offices on one day, the one that best describes them in diplomacy wins.
ROLE_RANK = ("head_of_state", "head_of_government", "leader", "vice_president", "crown_prince", "foreign_minister",
             "defense_minister", "minister", "envoy", "speaker", "aide", "official", "monarch",
             "nominal_head_of_state")


@dataclass(frozen=True)
class Office:
    title: str  # "President of Russia"
    country: str | None  # ISO3
    role: str  # "head_of_state" | "head_of_government" | "foreign_minister" | "leader" | "envoy" | ...
    start: date | None
    end: date | None  # None = still in office

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def _rank(office: Office) -> int:
    return ROLE_RANK.index(office.role) if office.role in ROLE_RANK else len(ROLE_RANK)


@dataclass(frozen=True)
class Person:
    id: str  # slug, e.g. "vladimir-putin"
    name: str  # canonical name, e.g. "Kim Jong Un"
    aliases: tuple[str, ...]  # "Kim Jong-un", "Kim"...
    country: str  # ISO3
    wikidata: str | None  # only where certain
    offices: tuple[Office, ...]

    def office_on(self, day: date | None) -> Office | None:
        """The most senior office held on `day`; with no day, the most senior current (or last) one."""
        if day is None:
            current = [o for o in self.offices if o.end is None]
            pool = current or sorted(self.offices, key=lambda o: o.end or date.max)[-1:]
        else:
            pool = [o for o in self.offices if o.held_on(day)]
        return min(pool, key=_rank) if pool else None

    def holds(self, country: str, role: str, day: date | None) -> bool:
        day = day or date.today()
        return any(o.country == country and o.role == role and o.held_on(day) for o in self.offices)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]  # "Russian"
    capital: str | None
    metonyms: tuple[str, ...]  # "Moscow", "the Kremlin"
    wikidata: str | None
    cities: tuple[str, ...] = ()  # other places in the country where diplomacy happens
    landmarks: tuple[tuple[str, str], ...] = ()  # ("the White House", "Washington")
    leader_role: str = "head_of_state"  # the office "the <adjective> leader" refers to


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    aliases: tuple[str, ...]
    wikidata: str | None
    country: str | None = None  # set for national bodies (a parliament ratifies for its country)
    kind: str = "international"  # "international" | "legislature" | "government"


@dataclass
class Gazetteer:
    countries: dict[str, Country]
    people: dict[str, Person]
    organizations: dict[str, Organization]
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # office role -> title words

    def holders(self, country: str, role: str, day: date | None) -> list[Person]:
        """People who held an office of `role` for `country` on `day`."""
        return [p for p in self.people.values() if p.holds(country, role, day)]

    def country_words(self) -> dict[str, tuple[str, str]]:
        """Every word naming a country -> (ISO3, how: "metonym" | "adjective" | "alias")."""
        words: dict[str, tuple[str, str]] = {}
        for c in self.countries.values():
            for metonym in c.metonyms:
                words[metonym] = (c.iso3, "metonym")
            for adjective in c.adjectives:
                words[adjective] = (c.iso3, "adjective")
            for alias in (c.name, *c.aliases):
                words[alias] = (c.iso3, "alias")
        return words

    def place_words(self) -> dict[str, tuple[str, str]]:
        """Every word naming a city or site -> (the place's name, ISO3)."""
        places: dict[str, tuple[str, str]] = {}
        for c in self.countries.values():
            for city in (*c.metonyms, *c.cities, *((c.capital,) if c.capital else ())):
                places[city] = (city, c.iso3)
            for site, city in c.landmarks:
                places[site] = (city, c.iso3)
        for site in [s for s in places if s.startswith("the ")]:
            places.setdefault(site[4:], places[site])  # "at the Kremlin" and "Kremlin officials"
        return places


def _office(raw: dict[str, Any], country: str) -> Office:
    return Office(title=raw["title"], country=raw.get("country", country), role=raw["role"],
                  start=raw.get("start"), end=raw.get("end"))


def _person(raw: dict[str, Any]) -> Person:
    offices = tuple(_office(o, raw["country"]) for o in raw.get("offices", ()))
    return Person(id=raw["id"], name=raw["name"], aliases=tuple(raw.get("aliases", ())),
                  country=raw["country"], wikidata=raw.get("wikidata"), offices=offices)


def _country(iso3: str, raw: dict[str, Any]) -> Country:
    return Country(iso3=iso3, name=raw["name"], aliases=tuple(raw.get("aliases", ())),
                   adjectives=tuple(raw.get("adjectives", ())), capital=raw.get("capital"),
                   metonyms=tuple(raw.get("metonyms", ())), wikidata=raw.get("wikidata"),
                   cities=tuple(raw.get("cities", ())), landmarks=tuple(raw.get("landmarks", {}).items()),
                   leader_role=raw.get("leader_role", "head_of_state"))


def _organization(key: str, raw: dict[str, Any]) -> Organization:
    return Organization(id=key, name=raw["name"], aliases=tuple(raw.get("aliases", ())),
                        wikidata=raw.get("wikidata"), country=raw.get("country"),
                        kind=raw.get("kind", "international"))


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _check_unique(people: list[Person]) -> None:
    seen: set[str] = set()
    for person in people:
        if person.id in seen:
            raise ValueError(f"people.toml: duplicate person id {person.id!r}")
        seen.add(person.id)


def _load(data_dir: Path) -> Gazetteer:
    countries = {k: _country(k, v) for k, v in _read(data_dir / "countries.toml").items()}
    people_raw = _read(data_dir / "people.toml")
    people = [_person(p) for p in people_raw.get("person", [])]
    _check_unique(people)
    unknown = {p.country for p in people} - set(countries)
    if unknown:
        raise ValueError(f"people.toml: countries not in countries.toml: {sorted(unknown)}")
    organizations = {k: _organization(k, v) for k, v in _read(data_dir / "organizations.toml").items()}
    titles = {role: tuple(words) for role, words in people_raw.get("titles", {}).items()}
    return Gazetteer(countries=countries, people={p.id: p for p in people},
                     organizations=organizations, titles=titles)


@lru_cache(maxsize=8)
def _cached(data_dir: Path) -> Gazetteer:
    return _load(data_dir)


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load (once per directory) the actor data; default: the package's `kb/data`."""
    return _cached(Path(data_dir or DATA_DIR).resolve())
