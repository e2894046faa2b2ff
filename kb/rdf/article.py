"""Records -> triples. The only module that knows the RDF model (see ontology/README.md).

Every node gets a deterministic IRI (no blank nodes), so the same article always gives
the same graph, byte for byte, and re-ingesting it is a no-op.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from kb import __version__
from kb.gazetteer import Gazetteer, Person
from kb.records import Article, Event, Participant, Place, TimeValue
from kb.vocab import EKB, ID, OA, PREFIXES, SEM, WD

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_GRAPH = ID["graph/ontology"]
ACTORS_GRAPH = ID["graph/actors"]

DATATYPE_OF_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
UNIT_OF_PRECISION = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
KIND_CLASS = {"person": SDO.Person, "country": EKB.Country, "organization": SDO.Organization}
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


def nt_term(term: URIRef | Literal) -> str:
    """One term in N-Triples syntax (rdflib's `n3()` may emit Turtle's triple-quoted strings)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


class Triples:
    """A graph's triples, collected without an rdflib Graph's indexes: ingest's hot path only
    needs them as sorted N-Triples (to hash and to store); tests and SHACL ask for `graph()`."""

    def __init__(self) -> None:
        self._triples: set[Triple] = set()
        self._lines: list[str] | None = None  # sorted N-Triples, computed once after the last add

    def add(self, triple: Triple) -> None:
        self._triples.add(triple)
        self._lines = None

    def __len__(self) -> int:
        return len(self._triples)

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in self._triples)
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
        for triple in self._triples:
            graph.add(triple)
        return graph


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def graph_iri(article_id: str) -> URIRef:
    return ID[f"graph/{article_id}"]


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


# ---------------------------------------------------------------- article graph


def event_key(event: Event) -> str:
    people = ",".join(sorted(p.actor_id or slug(p.name) for p in event.participants))
    date = event.date.value if event.date else ""
    raw = "|".join([event.article_id, event.type, people, date])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def event_iris(events: list[Event]) -> list[URIRef]:
    """One IRI per event; a second distinct encounter with the same key gets a suffix."""
    seen: dict[str, int] = {}
    iris = []
    for event in events:
        key = event_key(event)
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        iris.append(ID[f"event/{key}{suffix}"])
    return iris


def article_triples(article: Article, events: list[Event], gazetteer: Gazetteer) -> Triples:
    """Everything read from one article, ready to become its named graph."""
    graph = Triples()
    add_article(graph, article)
    for iri, event in zip(event_iris(events), events, strict=True):
        add_event(graph, iri, event, article, gazetteer)
    seal(graph, article)
    return graph


def article_graph(article: Article, events: list[Event], gazetteer: Gazetteer) -> Graph:
    """The same as an rdflib Graph, with the KB's prefixes bound."""
    return article_triples(article, events, gazetteer).graph()


def add_article(graph: Triples, article: Article) -> None:
    node = article_iri(article.id)
    graph.add((node, RDF.type, EKB.Article))
    graph.add((node, DCTERMS.title, Literal(article.title)))
    graph.add((node, EKB.sourceFile, Literal(article.source)))
    if article.url:
        graph.add((node, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        graph.add((node, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))
    if article.published_evidence:
        graph.add((node, EKB.publishedEvidence, Literal(article.published_evidence)))
    if article.header_published and article.header_published != article.published:
        graph.add((node, EKB.headerDate, Literal(article.header_published, datatype=XSD.date)))
    if article.outlet:
        outlet = ID[f"outlet/{slug(article.outlet)}"]
        graph.add((node, EKB.outlet, outlet))
        graph.add((outlet, RDF.type, EKB.Outlet))
        graph.add((outlet, RDFS.label, Literal(article.outlet)))


def seal(graph: Triples, article: Article) -> None:
    """Describe the graph itself: what it came from, and a hash of its content."""
    node = graph_iri(article.id)
    graph.add((node, RDF.type, EKB.ArticleGraph))
    graph.add((node, PROV.wasDerivedFrom, article_iri(article.id)))
    graph.add((node, EKB.extractorVersion, Literal(__version__)))
    graph.add((node, EKB.contentHash, Literal(graph.content_hash())))


def add_event(graph: Triples, node: URIRef, event: Event, article: Article, gazetteer: Gazetteer) -> None:
    graph.add((node, RDF.type, SEM.Event))
    graph.add((node, RDF.type, SDO.Event))
    graph.add((node, RDFS.label, Literal(event_label(event))))
    graph.add((node, SEM.eventType, EKB[event.type]))
    graph.add((node, EKB.status, EKB[event.status]))
    graph.add((node, PROV.wasDerivedFrom, article_iri(article.id)))
    if event.date:
        add_date(graph, node, event.date)
    for note in event.notes:
        graph.add((node, EKB.dateNote, Literal(note)))
    if event.place:
        add_place(graph, node, event.place, gazetteer)
    for participant in event.participants:
        add_role(graph, node, participant, gazetteer)
    add_evidence(graph, node, event, article)


def event_label(event: Event) -> str:
    names = " – ".join(p.name for p in event.participants)
    when = f", {event.date.value}" if event.date else ""
    planned = " (planned)" if event.status == "planned" else ""
    return f"{TYPE_LABEL[event.type]}: {names}{when}{planned}"


def add_date(graph: Triples, node: URIRef, when: TimeValue) -> None:
    graph.add((node, SEM.hasTimeStamp, Literal(when.value, datatype=DATATYPE_OF_PRECISION[when.precision])))
    graph.add((node, EKB.datePrecision, UNIT_OF_PRECISION[when.precision]))
    graph.add((node, SEM.hasEarliestBeginTimeStamp, Literal(when.earliest, datatype=XSD.date)))
    graph.add((node, SEM.hasLatestEndTimeStamp, Literal(when.latest, datatype=XSD.date)))


def add_place(graph: Triples, node: URIRef, place: Place, gazetteer: Gazetteer) -> None:
    where = place_iri(place)
    graph.add((node, SEM.hasPlace, where))
    graph.add((where, RDF.type, SEM.Place))
    graph.add((where, RDFS.label, Literal(place.name)))
    if place.country:
        graph.add((where, EKB.country, country_iri(place.country, gazetteer)))


def add_role(graph: Triples, node: URIRef, participant: Participant, gazetteer: Gazetteer) -> None:
    actor = actor_iri(participant, gazetteer)
    role = URIRef(f"{node}/role/{slug(participant.actor_id or participant.name)}")
    graph.add((node, SEM.hasActor, role))
    graph.add((role, RDF.type, SEM.Role))
    graph.add((role, RDF.value, actor))
    graph.add((role, SEM.roleType, EKB[participant.role]))
    if participant.office:
        graph.add((role, EKB.office, Literal(participant.office)))
    if participant.country:
        graph.add((role, EKB.country, country_iri(participant.country, gazetteer)))
    graph.add((actor, RDF.type, SEM.Actor))
    graph.add((actor, RDF.type, KIND_CLASS[participant.kind]))
    graph.add((actor, RDFS.label, Literal(participant.name)))


def add_evidence(graph: Triples, node: URIRef, event: Event, article: Article) -> None:
    evidence = event.evidence
    note = URIRef(f"{node}/evidence")
    target = URIRef(f"{node}/evidence/target")
    quote, position = URIRef(f"{node}/evidence/quote"), URIRef(f"{node}/evidence/position")
    graph.add((note, RDF.type, OA.Annotation))
    graph.add((note, OA.motivatedBy, OA.describing))
    graph.add((note, OA.hasBody, node))
    graph.add((note, OA.hasTarget, target))
    graph.add((note, EKB.trigger, Literal(evidence.trigger)))
    graph.add((note, EKB.blockKind, Literal(evidence.block)))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, article_iri(article.id)))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(evidence.quote)))
    if evidence.prefix:
        graph.add((quote, OA.prefix, Literal(evidence.prefix)))
    if evidence.suffix:
        graph.add((quote, OA.suffix, Literal(evidence.suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(evidence.start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(evidence.end, datatype=XSD.integer)))


# ---------------------------------------------------------------- reference graphs


def ontology_triples() -> Triples:
    graph = Triples()
    for triple in Graph().parse(ONTOLOGY_DIR / "eventkb.ttl", format="turtle"):
        graph.add(triple)  # type: ignore[arg-type]  # the ontology has no blank nodes
    seal_reference(graph, ONTOLOGY_GRAPH)
    return graph


def actors_triples(gazetteer: Gazetteer) -> Triples:
    """The actor data (countries, people and their offices, organisations) as triples."""
    graph = Triples()
    for country in gazetteer.countries.values():
        node = country_iri(country.iso3, gazetteer)
        graph.add((node, RDF.type, EKB.Country))
        graph.add((node, RDF.type, SEM.Actor))
        graph.add((node, RDFS.label, Literal(country.name)))
        graph.add((node, EKB.iso3, Literal(country.iso3)))
        for alias in country.aliases:
            graph.add((node, EKB.alias, Literal(alias)))
    for person in gazetteer.people.values():
        add_person(graph, person, gazetteer)
    for org in gazetteer.organizations.values():
        node = WD[org.wikidata] if org.wikidata else ID[f"actor/{slug(org.id)}"]
        graph.add((node, RDF.type, SDO.Organization))
        graph.add((node, RDF.type, SEM.Actor))
        graph.add((node, RDFS.label, Literal(org.name)))
        for alias in org.aliases:
            graph.add((node, EKB.alias, Literal(alias)))
    seal_reference(graph, ACTORS_GRAPH)
    return graph


def add_person(graph: Triples, person: Person, gazetteer: Gazetteer) -> None:
    node = WD[person.wikidata] if person.wikidata else ID[f"actor/{slug(person.id)}"]
    graph.add((node, RDF.type, SDO.Person))
    graph.add((node, RDF.type, SEM.Actor))
    graph.add((node, RDFS.label, Literal(person.name)))
    graph.add((node, EKB.country, country_iri(person.country, gazetteer)))
    for alias in person.aliases:
        graph.add((node, EKB.alias, Literal(alias)))
    for office in person.offices:
        term = URIRef(f"{ID}actor/{slug(person.id)}/office/{slug(office.title)}-{office.start or 'x'}")
        graph.add((node, EKB.holdsOffice, term))
        graph.add((term, RDFS.label, Literal(office.title)))
        graph.add((term, SKOS.note, Literal(office.role)))
        if office.country:
            graph.add((term, EKB.country, country_iri(office.country, gazetteer)))
        if office.start:
            graph.add((term, EKB.officeStart, Literal(office.start, datatype=XSD.date)))
        if office.end:
            graph.add((term, EKB.officeEnd, Literal(office.end, datatype=XSD.date)))


def seal_reference(graph: Triples, node: URIRef) -> None:
    graph.add((node, EKB.extractorVersion, Literal(__version__)))
    graph.add((node, EKB.contentHash, Literal(graph.content_hash())))
