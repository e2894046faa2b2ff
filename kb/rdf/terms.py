"""The RDF building blocks every graph uses: IRIs, N-Triples terms and the `Triples` collector."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, TIME, XSD

from kb.gazetteer import Gazetteer
from kb.records import Participant, Place, Precision, TimeValue
from kb.vocab import EKB, ID, PREFIXES, SEM, WD

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent.parent / "ontology"
ONTOLOGY_GRAPH = ID["graph/ontology"]
ACTORS_GRAPH = ID["graph/actors"]

DATATYPE_OF_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
UNIT_OF_PRECISION: dict[Precision, URIRef] = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
PRECISION_OF_UNIT: dict[str, Precision] = {str(unit): precision for precision, unit in UNIT_OF_PRECISION.items()}
KIND_CLASS = {"person": SDO.Person, "country": EKB.Country, "organization": SDO.Organization}
KIND_OF_CLASS = {str(cls): kind for kind, cls in KIND_CLASS.items()}  # class IRI -> "person", ...
TYPE_LABEL = {"phone_call": "Phone call", "meeting": "Meeting", "visit": "Visit",
              "signing": "Signing", "ratification": "Ratification"}


def slug(text: str) -> str:
    """'Kim Jong-un' -> 'kim-jong-un': ASCII, lower case, safe in an IRI path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def escape(text: str) -> str:
    """A literal's text as N-Triples writes it between its quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def nt_term(term: URIRef | Literal) -> str:
    """One term in N-Triples syntax (rdflib's `n3()` may emit Turtle's triple-quoted strings)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = escape(str(term))
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


# Ingest's hot path writes terms as N-Triples strings directly: building an rdflib term per
# value (and looking each vocabulary term up through its namespace) took most of its time.


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str) -> str:
    return f'"{escape(text)}"'


def typed(text: str, datatype: str) -> str:
    """A literal with a datatype given in N-Triples syntax (an `NT` term, such as `NT_XSD.date`)."""
    return f'"{escape(text)}"^^{datatype}'


class NTerms:
    """A vocabulary's terms in N-Triples syntax, each rendered once on first use; a misspelt
    term still fails, as the namespace it wraps checks every name."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        rendered = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, rendered)  # later lookups are a plain attribute read
        return rendered

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


NT_RDF, NT_RDFS, NT_XSD, NT_SDO, NT_TIME = NTerms(RDF), NTerms(RDFS), NTerms(XSD), NTerms(SDO), NTerms(TIME)
NT_EKB, NT_SEM = NTerms(EKB), NTerms(SEM)


class Triples:
    """A graph's triples as N-Triples lines, collected without an rdflib Graph's indexes: ingest's hot
    path only needs them sorted (to hash and to store); tests and SHACL ask for `graph()`."""

    def __init__(self) -> None:
        self._set: set[str] = set()
        self._lines: list[str] | None = None  # sorted, computed once after the last add

    def add(self, triple: Triple) -> None:
        s, p, o = triple
        self._set.add(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .")
        self._lines = None

    def add_nt(self, subject: str, predicate: str, value: str) -> None:
        """Add a triple whose terms are already N-Triples strings (`iri`, `lit`, `typed`, `NTerms`)."""
        self._set.add(f"{subject} {predicate} {value} .")
        self._lines = None

    def __len__(self) -> int:
        return len(self._set)

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = sorted(self._set)
        return self._lines

    def ntriples(self) -> str:
        return "\n".join(self.lines()) + "\n"

    def content_hash(self) -> str:
        """SHA-256 of the sorted N-Triples, leaving out the hash triple itself."""
        hash_predicate = f" <{EKB.contentHash}> "
        lines = [line for line in self.lines() if hash_predicate not in line]
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def graph(self) -> Graph:
        graph = new_graph()
        graph.parse(data=self.ntriples(), format="nt")
        return graph


def event_label(event_type: str, names: Iterable[str], when: TimeValue | None, status: str) -> str:
    """'Phone call: Kim Jong Un – Vladimir Putin, 2025-08-12', with ' (planned)' for a planned event."""
    dated = f", {when.value}" if when else ""
    planned = " (planned)" if status == "planned" else ""
    return f"{TYPE_LABEL[event_type]}: {' – '.join(names)}{dated}{planned}"


@dataclass(frozen=True)
class RoleData:
    """A participant as a report or a merged event writes it: the role node and the actor it names."""

    key: str  # the role node's last segment
    actor: str  # IRI
    name: str
    kind: str
    role: str
    office: str | None
    country: str | None  # IRI


KIND_CLASS_NT = {kind: f"<{cls}>" for kind, cls in KIND_CLASS.items()}


def add_role(graph: Triples, node: str, part: RoleData) -> None:
    """`node sem:hasActor <node/role/key>`, the role, and the actor's kind and name (so a graph can be
    read on its own). `node` is an IRI in N-Triples syntax."""
    role = f"{node[:-1]}/role/{part.key}>"
    actor = iri(part.actor)
    graph.add_nt(node, NT_SEM.hasActor, role)
    graph.add_nt(role, NT_RDF.type, NT_SEM.Role)
    graph.add_nt(role, NT_RDF.value, actor)
    graph.add_nt(role, NT_SEM.roleType, NT_EKB[part.role])
    if part.office:
        graph.add_nt(role, NT_EKB.office, lit(part.office))
    if part.country:
        graph.add_nt(role, NT_EKB.country, iri(part.country))
    graph.add_nt(actor, NT_RDF.type, NT_SEM.Actor)
    graph.add_nt(actor, NT_RDF.type, KIND_CLASS_NT[part.kind])
    graph.add_nt(actor, NT_RDFS.label, lit(part.name))


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def graph_iri(article_id: str) -> URIRef:
    return ID[f"graph/{article_id}"]


def event_iri(key: str) -> URIRef:
    return ID[f"event/{key}"]


def event_graph_iri(key: str) -> URIRef:
    """Each merged event is its own named graph: replaced whole when its reports change."""
    return ID[f"graph/event/{key}"]


def event_of_graph(graph: str) -> str:
    """The merged event a graph of `event_graph_iri` holds (its IRI)."""
    return str(event_iri(graph.removeprefix(str(ID["graph/event/"]))))


# ---------------------------------------------------------------- actors and places


def country_iri(iso3: str, gazetteer: Gazetteer) -> URIRef:
    country = gazetteer.countries.get(iso3)
    if country and country.wikidata:
        return WD[country.wikidata]
    return ID[f"country/{iso3}"]


def actor_iri(participant: Participant, gazetteer: Gazetteer) -> URIRef:
    if participant.wikidata:
        return WD[participant.wikidata]
    if participant.kind == "country" and participant.country:
        return country_iri(participant.country, gazetteer)
    if participant.actor_id:
        return ID[f"actor/{slug(participant.actor_id)}"]
    # An actor the data does not know: its name and country make the key, so two
    # articles naming the same official mint the same IRI.
    return ID[f"actor/{slug(participant.name)}-{(participant.country or 'xxx').lower()}"]


def place_iri(place: Place) -> URIRef:
    if place.wikidata:
        return WD[place.wikidata]
    return ID[f"place/{slug(place.name)}"]


