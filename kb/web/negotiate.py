"""RDF for the pages that describe one thing: `.ttl` / `.jsonld` twins and content negotiation."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from flask import Response, request

from kb.vocab import PREFIXES

RDF_TYPES = {"ttl": (ox.RdfFormat.TURTLE, "text/turtle"), "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json")}
BY_MEDIA_TYPE = {media_type: ext for ext, (_, media_type) in RDF_TYPES.items()}


def wanted_rdf() -> str | None:
    """'ttl' or 'jsonld' when the client prefers Turtle or JSON-LD to HTML, else None."""
    best = request.accept_mimetypes.best_match(["text/html", "text/turtle", "application/ld+json"])
    return BY_MEDIA_TYPE.get(best or "")


def rdf_document(triples: Iterable[ox.Triple], ext: str) -> bytes:
    """`triples` as Turtle (with the KB's prefixes) or JSON-LD (expanded form)."""
    return ox.serialize(triples, format=RDF_TYPES[ext][0], prefixes=PREFIXES) or b""


def rdf_response(triples: Iterable[ox.Triple], ext: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(rdf_document(triples, ext), mimetype=RDF_TYPES[ext][1], headers=headers)
    response.vary.add("Accept")
    return response
