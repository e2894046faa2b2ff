"""/events/<id>: one event with its participants, date, place, status, every source with the quoted
evidence (trigger marked), other events between the same actors, and its own triples as
/events/<id>.ttl and .jsonld (also by content negotiation on /events/<id>); /events/<id>.json is the
page's own data.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue

from kb.queries import named_query
from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.eventdata import EVENT_PREFIX, EventView, event_graph, load_events
from kb.web.index import current_index, enabled, intersect
from kb.web.links import SLUG
from kb.web.negotiate import RDF_TYPES, rdf_response, wanted_rdf
from kb.web.safe import iri, with_values

bp = Blueprint("events", __name__)
OTHERS_LIMIT = 50


def find_event(event_id: str) -> EventView:
    if not SLUG.match(event_id):
        abort(404)
    found = load_events(get_store(), [EVENT_PREFIX + event_id])
    if not found:
        abort(404)
    return found[0]


def same_actors(store: KnowledgeStore, event: EventView) -> list[EventView]:
    """Other events in which every participant of this one takes part, in timeline order (from the
    timeline index: the query below costs ~100 ms a page on 2,000 articles)."""
    actors = [p.actor for p in event.participants]
    if not actors:
        return []
    if enabled():
        index = current_index(store)
        chosen = intersect([index.actor_is(actor) for actor in actors], len(index))
        return load_events(store, [iri for iri in index.page(chosen, OTHERS_LIMIT + 1) if iri != event.iri]
                           [:OTHERS_LIMIT])
    query = (f"SELECT ?other ?earliest WHERE {{\n  {{ SELECT ?other WHERE {{\n"
             f"    VALUES ?actor {{ {' '.join(iri(a) for a in actors)} }}\n"
             f"    GRAPH ?g {{ ?other a sem:Event ; sem:hasActor/rdf:value ?actor }}\n"
             f"    FILTER (?other != {iri(event.iri)})\n"
             f"  }} GROUP BY ?other HAVING (COUNT(DISTINCT ?actor) = {len(actors)}) }}\n"
             f"  OPTIONAL {{ GRAPH ?h {{ ?other sem:hasEarliestBeginTimeStamp ?earliest }} }}\n"
             f"}} ORDER BY ?earliest ?other LIMIT {OTHERS_LIMIT}")
    _, rows = store.select(query)
    return load_events(store, [row["other"].value for row in rows])


def sparql_link(event: EventView) -> str:
    """The query page, running the named event-details query on this event."""
    return url_for("query.page", query=with_values(named_query("event_summaries").sparql, "event", [event.iri]))


@bp.get("/events/<name>")
def page(name: str) -> ResponseReturnValue:
    """`<id>` (HTML, or RDF by Accept), `<id>.json` (the page's data) or `<id>.ttl` / `<id>.jsonld`."""
    event_id, _, ext = name.partition(".")
    if ext and ext not in RDF_TYPES and ext != "json":
        abort(404)
    event = find_event(event_id)
    if ext == "json":
        return jsonify(event.to_json())
    ext = ext or wanted_rdf() or ""
    if ext:
        return rdf_response(event_graph(get_store(), [event.iri]), ext)
    response = render_template("event.html", event=event, others=same_actors(get_store(), event),
                               sparql_url=sparql_link(event),
                               permalink=url_for("events.page", name=event.id, _external=True))
    return response, 200, {"Vary": "Accept"}
