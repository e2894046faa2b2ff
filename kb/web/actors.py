"""/actors/<key>: one actor's (or country's) events in date order; /actors/<key>.ttl and .jsonld
(and content negotiation) give the actor's description and those events' triples.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask.typing import ResponseReturnValue
from rdflib import Graph, URIRef

from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.eventdata import event_graph, labels, load_events, node, select_for
from kb.web.index import current_index, enabled
from kb.web.links import actor_iri
from kb.web.negotiate import RDF_TYPES, rdf_response, wanted_rdf
from kb.web.safe import iri

bp = Blueprint("actors", __name__)
EVENTS_LIMIT = 500


def actor_events(store: KnowledgeStore, actor: str) -> list[str]:
    """The events the actor took part in or its country was represented at, in timeline order."""
    if enabled():
        index = current_index(store)
        return index.page(index.party_is(actor), EVENTS_LIMIT)
    rows = select_for(store, "actor_events", [actor], "actor")
    return list(dict.fromkeys(row["event"].value for row in rows))[:EVENTS_LIMIT]


def actor_graph(store: KnowledgeStore, actor: str, events: list[str]) -> Graph:
    graph = event_graph(store, events)
    _, rows = store.select(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ {iri(actor)} ?p ?o }} }}")
    for row in rows:
        graph.add((URIRef(actor), node(row["p"]), node(row["o"])))
    return graph


def resolve(key: str) -> tuple[str, list[str]]:
    actor = actor_iri(key)
    if actor is None:
        abort(404)
    events = actor_events(get_store(), actor)
    if not events and actor not in labels(get_store(), [actor]):
        abort(404)
    return actor, events


@bp.get("/actors/<name>")
def page(name: str) -> ResponseReturnValue:
    """`<key>` (HTML, or RDF by Accept) or `<key>.ttl` / `<key>.jsonld`."""
    key, ext = name, ""
    for suffix in RDF_TYPES:
        if name.endswith("." + suffix):
            key, ext = name[:-len(suffix) - 1], suffix
    actor, events = resolve(key)
    ext = ext or wanted_rdf() or ""
    if ext:
        return rdf_response(actor_graph(get_store(), actor, events), ext)
    name = labels(get_store(), [actor]).get(actor, key)
    response = render_template("actor.html", actor=actor, name=name, key=key, events=load_events(get_store(), events),
                               timeline_url=url_for("timeline.page", actor=actor))
    return response, 200, {"Vary": "Accept"}
