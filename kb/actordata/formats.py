"""Readers of office-holder data from other sources, into `Imported` people.

- Wikidata: a Query Service result of `office_holders.rq` as SPARQL JSON results or CSV (the service's
  two download formats). One row per term; rows of one item are one person.
- Phoenix/PETRARCH actor dictionaries: a primary phrase (`VLADIMIR_PUTIN_`, optionally with a code in
  brackets), synonym lines (`+PUTIN_`) and date-restricted codes (`[RUSGOV 000507-080507]`, `[CODE <yymmdd]`,
  `[CODE >yymmdd]`), on the phrase's line or indented below it. A code is a country's ISO3 and an agent
  code; only GOV terms become offices (role "official": the format says government, not which office),
  other agents (ELI, OPP, MIL...) give the person's country only. Country entries (`KENYA_ [KEN]`) are
  skipped: the countries come from ISO 3166.

Bad rows are reported with their file and line and skipped; the rest is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kb.gazetteer import Gazetteer, Office

WIKIDATA_COLUMNS = ("person", "personLabel", "officeLabel", "role", "iso3")
IMPORTED_ROLES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "leader", "monarch",
                            "vice_president", "defense_minister", "minister", "official"})
ENTITY = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[0-9]+)$")
PHOENIX_CODE = re.compile(r"\[([A-Z0-9]+)(?:\s+([<>]?[0-9]{6,8}(?:-[0-9]{6,8})?|[0-9]{6,8}-))?\s*\]")


class ImportError_(ValueError):  # noqa: N801 - the builtin's name is taken
    """A file that cannot be read at all (not the format, columns missing)."""


@dataclass
class Imported:
    """One person as another source lists them."""

    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    offices: list[Office] = field(default_factory=list)
    where: str = ""  # "file:line", for messages


@dataclass
class Reading:
    people: list[Imported] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file:line: reason"
    skipped: int = 0  # entries that are not people (Phoenix country entries)


def read_file(path: Path, fmt: str, gazetteer: Gazetteer) -> Reading:
    """Read `path` as `fmt` ("wikidata", "phoenix" or "auto": by the file's first characters)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    if fmt == "auto":
        fmt = "phoenix" if re.match(r"\s*(#|<!|[A-Z0-9'.]+_)", text) else "wikidata"
    if fmt == "phoenix":
        return read_phoenix(text, path.name, gazetteer)
    rows = _json_rows(text, path.name) if text.lstrip().startswith("{") else _csv_rows(text, path.name)
    return read_wikidata(rows, path.name, gazetteer)


# ---------------------------------------------------------------- Wikidata


def _json_rows(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    try:
        bindings = json.loads(text)["results"]["bindings"]
        return [(i, {k: str(v["value"]) for k, v in row.items()}) for i, row in enumerate(bindings, 1)]
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportError_(f"{name}: not a SPARQL JSON result ({exc})") from exc


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in WIKIDATA_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ImportError_(f"{name}: not a result of office_holders.rq: no column {', '.join(missing)}")
    return [(i, {k: v for k, v in row.items() if k and v}) for i, row in enumerate(reader, 2)]


def _wikidata_date(value: str | None) -> date | None:
    """"2019-05-01T00:00:00Z" -> 2019-05-01; a missing or BCE date -> None."""
    m = re.match(r"^\+?([0-9]{4})-([0-9]{2})-([0-9]{2})", value or "")
    return date(int(m[1]), max(int(m[2]), 1), max(int(m[3]), 1)) if m else None


def read_wikidata(rows: list[tuple[int, dict[str, str]]], name: str, gazetteer: Gazetteer) -> Reading:
    reading = Reading()
    by_item: dict[str, Imported] = {}
    for line, row in rows:
        where = f"{name}:{line}"
        problem = _wikidata_problem(row, gazetteer)
        if problem:
            reading.problems.append(f"{where}: {problem}")
            continue
        start, end = _wikidata_date(row.get("start")), _wikidata_date(row.get("end"))
        if start and end and end < start:
            reading.problems.append(f"{where}: the term ends ({end}) before it starts ({start})")
            continue
        item = ENTITY.match(row["person"])
        assert item  # checked by _wikidata_problem
        person = by_item.get(item[1])
        if person is None:
            aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
            person = by_item[item[1]] = Imported(row["personLabel"], row["iso3"], aliases, item[1], where=where)
        person.offices.append(Office(row["officeLabel"], row["iso3"], row["role"], start, end))
    reading.people = list(by_item.values())
    return reading


def _wikidata_problem(row: dict[str, str], gazetteer: Gazetteer) -> str | None:
    missing = [c for c in WIKIDATA_COLUMNS if not row.get(c)]
    if missing:
        return f"no value for {', '.join(missing)}"
    if not ENTITY.match(row["person"]):
        return f"person {row['person']!r} is not a Wikidata item IRI"
    if re.fullmatch(r"Q[0-9]+", row["personLabel"]):
        return f"{row['person']} has no English label"
    if row["role"] not in IMPORTED_ROLES:
        return f"role {row['role']!r} is not one of {', '.join(sorted(IMPORTED_ROLES))}"
    if row["iso3"] not in gazetteer.countries:
        return f"country {row['iso3']!r} is not an ISO 3166 alpha-3 code the data knows"
    for column in ("start", "end"):
        if row.get(column) and _wikidata_date(row[column]) is None:
            return f"{column} {row[column]!r} is not a date"
    return None


# ---------------------------------------------------------------- Phoenix / PETRARCH


def _phoenix_day(text: str) -> date:
    """YYMMDD (00-30 are 20YY, as KEDS and TABARI read them) or YYYYMMDD."""
    if len(text) > 7:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))


def _phoenix_span(restriction: str | None) -> tuple[date | None, date | None]:
    """A restriction as (start, end); Phoenix's bounds are inclusive, our `end` is the first day out."""
    if not restriction:
        return None, None
    if restriction[0] == "<":
        return None, _phoenix_day(restriction[1:]) + timedelta(days=1)
    if restriction[0] == ">":
        return _phoenix_day(restriction[1:]), None
    first, _, last = restriction.partition("-")
    return _phoenix_day(first), (_phoenix_day(last) + timedelta(days=1)) if last else None


def phoenix_name(phrase: str) -> str:
    """'VLADIMIR_PUTIN_' -> 'Vladimir Putin'."""
    words = phrase.strip().strip("_").replace("_", " ").split()
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in words)


def _strip_comment(line: str) -> str:
    return re.split(r"\s#|;", line, maxsplit=1)[0].rstrip()


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Entries as (first line number, lines): a primary phrase and the lines indented or "+"-led below it."""
    blocks: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith(("#", "<!")):
            continue
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if raw[0] in " \t+" and blocks:
            blocks[-1][1].append(line.strip())
        else:
            blocks.append((number, [line.strip()]))
    return blocks


def read_phoenix(text: str, name: str, gazetteer: Gazetteer) -> Reading:
    reading = Reading()
    for number, lines in _blocks(text):
        where = f"{name}:{number}"
        try:
            person = _phoenix_person(lines, gazetteer, where)
        except ValueError as exc:
            reading.problems.append(f"{where}: {exc}")
            continue
        if person is None:
            reading.skipped += 1
        else:
            reading.people.append(person)
    return reading


def _phoenix_person(lines: list[str], gazetteer: Gazetteer, where: str) -> Imported | None:
    primary = PHOENIX_CODE.sub("", lines[0]).strip()
    if not primary or "_" not in primary and " " not in primary:
        raise ValueError(f"{lines[0]!r} is not a phrase (words joined by '_')")
    codes = [m for line in lines if not line.startswith("+") for m in PHOENIX_CODE.finditer(line)]
    if not codes:
        raise ValueError(f"{phoenix_name(primary)!r} has no code")
    if all(len(m[1]) == 3 and not m[2] for m in codes):
        return None  # a country (or a city standing for one), not a person
    person = Imported(phoenix_name(primary), None, where=where)
    person.aliases = [phoenix_name(line[1:]) for line in lines[1:] if line.startswith("+") and line[1:].strip()]
    for m in codes:
        country, agent = m[1][:3], m[1][3:6]
        if country not in gazetteer.countries:
            continue  # an organisation's code (IGO...), not a state's
        person.country = person.country or country
        if agent == "GOV":
            try:
                start, end = _phoenix_span(m[2])
            except ValueError as exc:
                raise ValueError(f"{m[0]}: not a date restriction ({exc})") from exc
            title = f"Government official of {gazetteer.countries[country].name}"
            person.offices.append(Office(title, country, "official", start, end))
    if person.country is None:
        raise ValueError(f"{person.name!r}: no code names a country the data knows ({', '.join(m[1] for m in codes)})")
    return person
