"""The timeline's filters: read from GET parameters, checked, and turned into SPARQL clauses.

Each clause is built from validated IRIs, whitelisted names and escaped literals only (kb.web.safe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

from werkzeug.datastructures import MultiDict

from kb.store import KnowledgeStore
from kb.vocab import EKB as EKB_TERMS
from kb.vocab import ID
from kb.vocab import WD as WD_NS
from kb.web.index import Positions, TimelineIndex, intersect
from kb.web.safe import Unsafe, date_bound, iri, literal, with_values

EKB = str(EKB_TERMS._NS)
KBID = str(ID)
WD = str(WD_NS)
NAME = re.compile(r"^[a-z_]{1,40}$")
ISO3 = re.compile(r"^[A-Za-z]{3}$")
QID = re.compile(r"^wd:(Q\d+)$")
TEXT_KEEP = re.compile(r"[^\w\s\-'.,:;]")
STATUSES = ("occurred", "planned")
TEXT_VALUES_LIMIT = 2000  # fewer candidates than this: the text query names them; more: it scans every event
TEXT_QUERY = """SELECT DISTINCT ?event WHERE {
  GRAPH ?g {
    VALUES ?event { }
    ?event a sem:Event .
    #TEXT
  }
}"""


@dataclass(frozen=True)
class Filters:
    """What a timeline view is narrowed to; every field is a GET parameter of the same name."""

    type: str = ""
    actor: str = ""
    country: str = ""
    place: str = ""
    status: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    PARAMS: ClassVar[dict[str, str]] = {"type": "type", "actor": "actor", "country": "country", "place": "place",
                                        "status": "status", "date_from": "from", "date_to": "to", "q": "q"}

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Filters:
        values: dict[str, Any] = {name: args.get(param, "").strip()[:300] for name, param in cls.PARAMS.items()}
        return cls(**values).checked()

    def checked(self) -> Filters:
        """The same filters with each invalid value dropped and named in `problems`."""
        problems: list[str] = []
        kept: dict[str, Any] = {}
        for name in self.PARAMS:
            raw = getattr(self, name)
            try:
                kept[name] = check(name, raw) if raw else ""
            except Unsafe as exc:
                problems.append(f"{self.PARAMS[name]}: {exc}")
                kept[name] = ""
        return replace(self, **kept, problems=tuple(problems))

    def args(self, **changes: str) -> dict[str, Any]:
        """The GET parameters of this view (with changes), for links; empty ones left out."""
        values = {self.PARAMS[f.name]: getattr(self, f.name) for f in fields(self) if f.name in self.PARAMS}
        values.update(changes)
        return {name: value for name, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.args())


def check(name: str, raw: str) -> str:
    if name in ("type", "status"):
        if not NAME.match(raw) or (name == "status" and raw not in STATUSES):
            raise Unsafe(f"unknown {name} {raw!r}")
        return raw
    if name in ("actor", "place"):
        return expand(raw)
    if name == "country":
        return raw.upper() if ISO3.match(raw) else expand(raw)
    if name in ("date_from", "date_to"):
        date_bound(raw, end=False)
        return raw
    cleaned = " ".join(TEXT_KEEP.sub(" ", raw).split())
    if not cleaned:
        raise Unsafe("no words to search for")
    return cleaned


def expand(raw: str) -> str:
    """'wd:Q7747' -> the Wikidata IRI; a full http(s) IRI as itself (validated)."""
    match = QID.match(raw)
    full = WD + match.group(1) if match else raw
    iri(full)
    return full


def country_iri(store: KnowledgeStore, value: str) -> str:
    """An ISO3 code as the country's IRI in the KB (Wikidata where known, else kbid:country/ISO3)."""
    if not ISO3.match(value):
        return value
    _, rows = store.select(f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c ekb:iso3 {literal(value)} }} }} LIMIT 1")
    return rows[0]["c"].value if rows else f"{KBID}country/{value}"


def clauses(filters: Filters, store: KnowledgeStore) -> str:
    """SPARQL to put at the #FILTERS line of the timeline query (inside its GRAPH ?g block)."""
    parts = []
    if filters.type:
        parts.append(f"VALUES ?type {{ {iri(EKB + filters.type)} }}")
    if filters.status:
        parts.append(f"VALUES ?status {{ {iri(EKB + filters.status)} }}")
    if filters.actor:
        parts.append(f"?event sem:hasActor/rdf:value {iri(filters.actor)} .")
    if filters.country:
        country = iri(country_iri(store, filters.country))
        parts.append(f"FILTER EXISTS {{ ?event sem:hasActor ?fr . "
                     f"{{ ?fr ekb:country {country} }} UNION {{ ?fr rdf:value {country} }} }}")
    if filters.place:
        parts.append(f"?event sem:hasPlace {iri(filters.place)} .")
    parts.extend(date_clauses(filters))
    if filters.q:
        parts.append(text_clause(filters.q))
    return "\n    ".join(parts)


def date_clauses(filters: Filters) -> list[str]:
    """An event is in the range when its day bounds overlap it."""
    parts = []
    if filters.date_from:
        parts.append(f'FILTER (BOUND(?latest) && ?latest >= "{date_bound(filters.date_from, end=False)}"^^xsd:date)')
    if filters.date_to:
        parts.append(f'FILTER (BOUND(?earliest) && ?earliest <= "{date_bound(filters.date_to, end=True)}"^^xsd:date)')
    return parts


def text_clause(text: str) -> str:
    """Every word in the label or in an evidence sentence (case-insensitive)."""
    tests = " && ".join(f"CONTAINS(LCASE(?ft), {literal(word.lower())})" for word in text.split())
    # The evidence sits with each report in its article's graph, hence the inner GRAPH.
    return ("FILTER EXISTS { { ?event rdfs:label ?ft } UNION "
            "{ ?event ekb:hasReport ?fr . "
            "GRAPH ?fg { ?fa oa:hasBody ?fr ; oa:hasTarget/oa:hasSelector/oa:exact ?ft } } "
            f"FILTER ({tests}) }}")


# ---------------------------------------------------------------- the same filters over the timeline index


def narrowed(filters: Filters, index: TimelineIndex, store: KnowledgeStore) -> Positions | range:
    """The index positions of the events the filters keep: what the timeline query with `clauses` matches."""
    sets: list[Positions | range] = []
    if filters.type:
        sets.append(index.type_is(EKB + filters.type))
    if filters.status:
        sets.append(index.status_is(EKB + filters.status))
    if filters.actor:
        sets.append(index.actor_is(filters.actor))
    if filters.country:
        country = index.country_iris.get(filters.country) or country_iri(store, filters.country)
        index.country_iris[filters.country] = country
        sets.append(index.party_is(country))
    if filters.place:
        sets.append(index.place_is(filters.place))
    if filters.date_to:
        sets.append(index.starting_by(date_bound(filters.date_to, end=True)))
    chosen = intersect(sets, len(index))
    if filters.date_from:
        chosen = index.ending_from(date_bound(filters.date_from, end=False), chosen)
    if filters.q:
        chosen = text_matches(filters.q, chosen, index, store)
    return chosen


def text_matches(text: str, chosen: Positions | range, index: TimelineIndex, store: KnowledgeStore) -> Positions:
    """The positions among `chosen` whose event has every word of `text` (as `text_clause` tests it)."""
    query = TEXT_QUERY.replace("#TEXT", text_clause(text))
    if len(chosen) <= TEXT_VALUES_LIMIT:
        if not chosen:
            return frozenset()
        query = with_values(query, "event", [index.iris[at] for at in chosen])
    else:
        query = query.replace("    VALUES ?event { }\n", "")
    _, rows = store.select(query)
    found = {index.position.get(row["event"].value) for row in rows}
    return frozenset(chosen).intersection(found)
