"""The vocabularies the knowledge base uses, as code that fails on a typo.

Every term used by `kb.rdf` is declared here (rdflib `DefinedNamespace`, `_fail=True`), so a
misspelt term is an AttributeError at import time of the caller, not a silent new IRI.
`ontology/eventkb.ttl` documents the project's own terms; a test checks both agree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

BASE = "https://w3id.org/eventkb/"
ID = Namespace(BASE + "id/")  # instance data: events, articles, graphs, minted actors
WD = Namespace("http://www.wikidata.org/entity/")


class EKB(DefinedNamespace):
    """The project's own ontology terms (ontology/eventkb.ttl)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Article: URIRef
    ArticleGraph: URIRef
    EventGraph: URIRef
    EventReport: URIRef
    Country: URIRef
    Outlet: URIRef
    Treaty: URIRef
    Status: URIRef
    # event-type concepts and their scheme
    EventTypeScheme: URIRef
    phone_call: URIRef
    meeting: URIRef
    visit: URIRef
    signing: URIRef
    ratification: URIRef
    PloverScheme: URIRef
    # statuses
    StatusScheme: URIRef
    occurred: URIRef
    planned: URIRef
    # role types
    caller: URIRef
    host: URIRef
    visitor: URIRef
    signatory: URIRef
    ratifier: URIRef
    participant: URIRef
    # properties
    status: URIRef
    datePrecision: URIRef
    dateNote: URIRef
    country: URIRef
    office: URIRef
    iso3: URIRef
    outlet: URIRef
    sourceFile: URIRef
    headerDate: URIRef
    publishedEvidence: URIRef
    contentHash: URIRef
    extractorVersion: URIRef
    trigger: URIRef
    blockKind: URIRef
    ploverMode: URIRef
    alias: URIRef
    officeStart: URIRef
    officeEnd: URIRef
    holdsOffice: URIRef
    # resolution
    hasReport: URIRef
    conflictingReport: URIRef
    sourceCount: URIRef
    blockKey: URIRef
    yearStated: URIRef
    agreementName: URIRef
    agreement: URIRef
    signingEvent: URIRef
    signedBy: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model (https://semanticweb.cs.vu.nl/2009/11/sem/)."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Role: URIRef
    RoleType: URIRef
    EventType: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    roleType: URIRef
    hasTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    motivatedBy: URIRef
    describing: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


PREFIXES: dict[str, str] = {
    "ekb": str(EKB._NS),
    "kbid": str(ID),
    "sem": str(SEM._NS),
    "oa": str(OA._NS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "wd": str(WD),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


def local_name(iri: str) -> str:
    """The last segment of an IRI: `ekb:phone_call` -> "phone_call", `kbid:event/ab12` -> "ab12"."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries written in kb."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
