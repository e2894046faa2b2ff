"""Result formats of the endpoint, content negotiation, and the service description."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    name: str  # the `format` parameter's canonical value, also the download's file extension
    media_type: str
    label: str


RESULT_FORMATS = {
    "json": Format("json", "application/sparql-results+json", "JSON"),
    "xml": Format("xml", "application/sparql-results+xml", "XML"),
    "csv": Format("csv", "text/csv", "CSV"),
    "tsv": Format("tsv", "text/tab-separated-values", "TSV"),
}
GRAPH_FORMATS = {
    "ttl": Format("ttl", "text/turtle", "Turtle"),
    "nt": Format("nt", "application/n-triples", "N-Triples"),
    "jsonld": Format("jsonld", "application/ld+json", "JSON-LD"),
    "rdf": Format("rdf", "application/rdf+xml", "RDF/XML"),
}
ENGINE_RESULT = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                 "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
ENGINE_GRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                "rdf": ox.RdfFormat.RDF_XML}

# Other names clients use for the same formats (SPARQLWrapper sends `format=json|xml|csv|tsv|turtle|n3|
# json-ld|rdf+xml` and matching Accept headers; XML and JSON mean RDF/XML and JSON-LD for graphs).
RESULT_ALIASES = {"srj": "json", "application/json": "json", "srx": "xml", "application/xml": "xml",
                  "text/xml": "xml", "text/plain": "tsv"}
GRAPH_ALIASES = {"turtle": "ttl", "n3": "ttl", "text/n3": "ttl", "ntriples": "nt", "n-triples": "nt",
                 "text/plain": "nt", "json-ld": "jsonld", "json": "jsonld", "application/json": "jsonld",
                 "xml": "rdf", "rdfxml": "rdf", "rdf+xml": "rdf", "application/xml": "rdf", "text/xml": "rdf"}
HTML = "html"


def formats_for(form: str) -> dict[str, Format]:
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def _by_name(value: str, form: str) -> str | None:
    table = formats_for(form)
    aliases = GRAPH_ALIASES if table is GRAPH_FORMATS else RESULT_ALIASES
    value = value.strip().lower()
    value = aliases.get(value, value)
    if value in table:
        return value
    return next((f.name for f in table.values() if f.media_type == value), None)


def negotiate(form: str, format_param: str | None, accept: MIMEAccept) -> str | None:
    """The format to answer in (a key of the form's table, or "html"); None if none is acceptable."""
    if format_param:
        return HTML if format_param.lower() in (HTML, "text/html") else _by_name(format_param, form)
    table = formats_for(form)
    offers = [f.media_type for f in table.values()]
    aliases = GRAPH_ALIASES if table is GRAPH_FORMATS else RESULT_ALIASES
    offers += [alias for alias in aliases if "/" in alias] + ["text/html"]
    if not accept or accept.best == "*/*" and accept.quality("text/html") == accept.quality("*/*"):
        return next(iter(table))  # no preference: the standard format of the form
    best = accept.best_match(offers)
    if best is None:
        return None
    return HTML if best == "text/html" else _by_name(best, form)


def service_description(endpoint: str) -> str:
    """SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    result_iris = [ENGINE_RESULT[n].iri for n in RESULT_FORMATS] + [ENGINE_GRAPH[n].iri for n in GRAPH_FORMATS]
    formats = ", ".join(f"<{iri}>" for iri in result_iris)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
  dcterms:title "Event knowledge base SPARQL endpoint" ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {formats} ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
