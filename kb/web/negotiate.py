"""RDF for the pages that describe one thing: `.ttl` / `.jsonld` twins and content negotiation."""

from __future__ import annotations

from flask import Response, request
from rdflib import Graph

RDF_TYPES = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json")}
BY_MEDIA_TYPE = {media_type: ext for ext, (_, media_type) in RDF_TYPES.items()}


def wanted_rdf() -> str | None:
    """'ttl' or 'jsonld' when the client prefers Turtle or JSON-LD to HTML, else None."""
    best = request.accept_mimetypes.best_match(["text/html", "text/turtle", "application/ld+json"])
    return BY_MEDIA_TYPE.get(best or "")


def rdf_response(graph: Graph, ext: str) -> Response:
    fmt, media_type = RDF_TYPES[ext]
    response = Response(graph.serialize(format=fmt), mimetype=media_type)
    response.vary.add("Accept")
    return response
