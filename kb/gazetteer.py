"""The actor data: countries, people with their dated offices, organisations.

The data lives in TOML files under `kb/data/` (see the comment at the top of each file for how to
add an entry); this module only loads and validates it into frozen records.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.cache import cached, fingerprint

DATA_DIR = Path(__file__).parent / "data"
# First words of official names that news text also writes with "the" ("the Republic of Kenya").
OFFICIAL_OPENINGS = frozenset({"Republic", "Islamic", "Kingdom", "Democratic", "Federal", "People's", "United",
                               "State", "Commonwealth", "Federative", "Principality", "Grand", "Sultanate",
                               "Union", "Plurinational", "Bolivarian", "Hashemite", "Socialist", "Oriental"})

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

    def overlaps(self, other: Office) -> bool:
        """Whether the two terms share a day (an open start or end reaches as far as it may)."""
        return (self.start or date.min) < (other.end or date.max) and (other.start or date.min) < (self.end or date.max)


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
    successions: dict[str, tuple[str, date]] = field(default_factory=dict)  # ISO3 -> (former ISO3, first day)
    source_key: bytes = b""  # the fingerprint of what it was built from (kb.cache), for the index cache

    def in_its_day(self, iso3: str | None, day: date | None) -> str | None:
        """The state a mention of `iso3` stands for on `day`: the former state before the later one existed."""
        former = self.successions.get(iso3 or "")
        return former[0] if former and day is not None and day < former[1] else iso3

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


def _read_people(path: Path) -> dict[str, Any]:
    try:
        return _read(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _read_optional(path: Path) -> dict[str, Any]:
    return _read(path) if path.exists() else {}


def _iso_names(record: Any) -> list[str]:
    """A pycountry record's names as news text writes them: "Kenya", "Republic of Kenya", "the Republic of
    Kenya". Of an inverted name ("Korea, Republic of", "Taiwan, Province of China") only the head counts:
    the rest qualifies it and is no name on its own."""
    names: list[str] = []
    for field_name in ("common_name", "name", "official_name"):
        head = str(getattr(record, field_name, "") or "").split(", ")[0].strip()
        if head and "(" not in head and head not in names:
            names.append(head)
    official = [n for n in names if n.split()[0] in OFFICIAL_OPENINGS]
    return names + ["the " + n for n in official]


def iso_countries(states: dict[str, Any]) -> dict[str, Country]:
    """Every ISO 3166-1 country and ISO 3166-3 former country, named by pycountry, completed by `states`
    (our data: the printed name, demonyms, capital, metonyms, and the states ISO lacks, such as Kosovo)."""
    import pycountry  # only here: loading it costs a few milliseconds, once per process

    out: dict[str, Country] = {}
    records = [*pycountry.countries, *pycountry.historic_countries]
    for record in records:
        iso3 = record.alpha_3
        ours = states.get(iso3, {})
        names = [n for n in _iso_names(record) if n not in ours.get("not_names", ())]
        name = ours.get("name") or (names[0] if names else iso3)
        aliases = [n for n in [*names, *ours.get("aliases", ())] if n != name]
        out[iso3] = _country(iso3, {**ours, "name": name, "aliases": list(dict.fromkeys(aliases))})
    for iso3, ours in states.items():  # states ISO 3166 does not list (Kosovo's XKX)
        if iso3 not in out:
            out[iso3] = _country(iso3, ours)
    return out


def _merged(people: list[Person], source: str) -> list[Person]:
    """People by id: one person listed in several files (a president in his region's file who later led
    an organisation, in the organisations' file) is one person with the offices and aliases of each."""
    by_id: dict[str, Person] = {}
    for person in people:
        known = by_id.get(person.id)
        if known is None:
            by_id[person.id] = person
            continue
        if known.country != person.country:
            raise ValueError(f"{source}: person {person.id!r} is listed with countries {known.country} "
                             f"and {person.country}")
        held = {(o.title, o.country, o.start) for o in known.offices}  # one term written in two files is one
        offices = known.offices + tuple(o for o in person.offices if (o.title, o.country, o.start) not in held)
        aliases = known.aliases + tuple(a for a in person.aliases if a not in known.aliases)
        by_id[person.id] = Person(known.id, known.name, aliases, known.country, known.wikidata or person.wikidata,
                                  offices)
    return list(by_id.values())


def user_actor_dir(env: dict[str, str] | None = None) -> Path | None:
    """The user's own actor files (`kb actors import` writes there), loaded after the shipped ones:
    `KB_ACTORS_DIR`, by default ~/.local/share/kb-events/actors; 'off' reads none."""
    env = dict(os.environ) if env is None else env
    chosen = env.get("KB_ACTORS_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    home = env.get("HOME") or str(Path.home())
    return Path(env.get("XDG_DATA_HOME") or str(Path(home) / ".local" / "share")) / "kb-events" / "actors"


def _user_files() -> list[Path]:
    folder = user_actor_dir()
    return sorted(folder.glob("*.toml")) if folder and folder.is_dir() else []


def _people_files(data_dir: Path) -> list[Path]:
    """people.toml, then the files of `people/` (one per region or body), then the user's, in a stable order."""
    return [data_dir / "people.toml", *sorted((data_dir / "people").glob("*.toml")), *_user_files()]


def _countries(data_dir: Path) -> dict[str, Country]:
    """Every state of ISO 3166-1 and 3166-3 (pycountry's names and official names), with the demonyms,
    capitals and metonyms of `states.toml`; `countries.toml` holds the fuller entries and wins."""
    countries = iso_countries(_read_optional(data_dir / "states.toml"))
    countries.update({k: _country(k, v) for k, v in _read(data_dir / "countries.toml").items()})
    import pycountry

    return _without_shared_names(countries, frozenset(r.alpha_3 for r in pycountry.historic_countries))


def _keeps(name: str, iso3: str, owners: dict[str, set[str]], former: frozenset[str]) -> bool:
    rivals = owners[name] - {iso3}
    return not rivals or (iso3 not in former and all(r in former for r in rivals))


def _without_shared_names(countries: dict[str, Country], former: frozenset[str]) -> dict[str, Country]:
    """A name two states share goes to the current one ("France" of pycountry's former "France,
    Metropolitan" is France's), and is dropped when both are current or both former: no text can tell.
    A former state whose own name is a current state's is dropped whole."""
    owners: dict[str, set[str]] = {}
    for c in countries.values():
        for name in (c.name, *c.aliases):
            owners.setdefault(name, set()).add(c.iso3)
    out = {}
    for iso3, c in countries.items():
        if iso3 in former and not _keeps(c.name, iso3, owners, former):
            continue
        out[iso3] = replace(c, aliases=tuple(a for a in c.aliases if _keeps(a, iso3, owners, former)))
    return out


def _load(data_dir: Path) -> Gazetteer:
    countries = _countries(data_dir)
    raw_files = [(path.name, _read_people(path)) for path in _people_files(data_dir) if path.exists()]
    people = _merged([_person(p) for _, raw in raw_files for p in raw.get("person", [])], "people data")
    unknown = {p.country for p in people} - set(countries)
    if unknown:
        raise ValueError(f"people.toml: countries not in countries.toml: {sorted(unknown)}")
    organizations = {k: _organization(k, v) for k, v in _read(data_dir / "organizations.toml").items()}
    people_raw = dict(raw_files).get("people.toml", {})
    titles = {role: tuple(words) for role, words in people_raw.get("titles", {}).items()}
    successions = {k: (v["former"], v["until"]) for k, v in _read_optional(data_dir / "successions.toml").items()}
    return Gazetteer(countries=countries, people={p.id: p for p in people},
                     organizations=organizations, titles=titles, successions=successions)


def data_files(data_dir: Path) -> list[Path]:
    """Every file the actor data is read from, in a stable order."""
    return sorted(data_dir.glob("*.toml")) + sorted((data_dir / "people").glob("*.toml")) + _user_files()


def code_files() -> list[Path]:
    """The source files the actor data and its index are built by (a change builds the cache afresh)."""
    here = Path(__file__).parent
    return [here / "gazetteer.py", here / "extract" / "actor_index.py", here / "extract" / "names.py",
            here / "extract" / "patterns.py", here / "extract" / "references.py"]


def data_key(data_dir: Path) -> bytes:
    import pycountry

    return fingerprint([*data_files(data_dir), *code_files()]) + str(pycountry.__version__).encode()


@lru_cache(maxsize=8)
def _cached(data_dir: Path, user_files: tuple[tuple[str, int, int], ...]) -> Gazetteer:  # noqa: ARG001 - the key
    key = data_key(data_dir)
    gazetteer = cached("gazetteer", key, lambda: _load(data_dir))
    gazetteer.source_key = key
    return gazetteer


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load (once per directory) the actor data; default: the package's `kb/data`."""
    user_files = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in _user_files())
    return _cached(Path(data_dir or DATA_DIR).resolve(), user_files)
