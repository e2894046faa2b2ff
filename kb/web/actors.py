"""/actors/<key>: one actor's (or country's) events in date order, a page of `PAGE_SIZE` at a time
(`?page=N`); /actors/<key>.ttl and .jsonld (and content negotiation) give the actor's description and
the same page's events' triples.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.eventdata import event_graph, labels, load_events, node, select_for
from kb.web.index import current_index, enabled
from kb.web.links import actor_iri
from kb.web.negotiate import RDF_TYPES, rdf_response, wanted_rdf
from kb.web.safe import iri

bp = Blueprint("actors", __name__)
PAGE_SIZE = 100  # a head of state has thousands of events in a year of news: read and shown a page at a time


def actor_events(store: KnowledgeStore, actor: str) -> list[str]:
    """The events the actor took part in or its country was represented at, in timeline order."""
    if enabled():
        index = current_index(store)
        chosen = index.party_is(actor)
        return index.page(chosen, len(chosen))
    rows = select_for(store, "actor_events", [actor], "actor")
    return list(dict.fromkeys(row["event"].value for row in rows))


def actor_graph(store: KnowledgeStore, actor: str, events: list[str]) -> list[ox.Triple]:
    _, rows = store.select(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ {iri(actor)} ?p ?o }} }}")
    about = [ox.Triple(ox.NamedNode(actor), node(row["p"]), node(row["o"])) for row in rows]  # type: ignore[arg-type]
    return list(dict.fromkeys(about + event_graph(store, events)))


def resolve(key: str) -> tuple[str, list[str]]:
    actor = actor_iri(key)
    if actor is None:
        abort(404)
    events = actor_events(get_store(), actor)
    if not events and actor not in labels(get_store(), [actor]):
        abort(404)
    return actor, events


def page_number(total: int) -> tuple[int, int]:
    """(this page, number of pages) from `?page=`; 404 past the last page."""
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        abort(400, "page is a whole number")
    if not 1 <= page <= pages:
        abort(404)
    return page, pages


@bp.get("/actors/<name>")
def page(name: str) -> ResponseReturnValue:
    """`<key>` (HTML, or RDF by Accept) or `<key>.ttl` / `<key>.jsonld`."""
    key, ext = name, ""
    for suffix in RDF_TYPES:
        if name.endswith("." + suffix):
            key, ext = name[:-len(suffix) - 1], suffix
    actor, events = resolve(key)
    number, pages = page_number(len(events))
    shown = events[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    ext = ext or wanted_rdf() or ""
    if ext:
        return rdf_response(actor_graph(get_store(), actor, shown), ext)

    def link(to: int) -> str | None:
        return url_for("actors.page", name=key, page=to if to > 1 else None) if 1 <= to <= pages else None

    response = render_template("actor.html", actor=actor, name=labels(get_store(), [actor]).get(actor, key), key=key,
                               events=load_events(get_store(), shown), total=len(events), page=number, pages=pages,
                               first=(number - 1) * PAGE_SIZE + 1, prev_url=link(number - 1),
                               next_url=link(number + 1), timeline_url=url_for("timeline.page", actor=actor))
    return response, 200, {"Vary": "Accept"}
