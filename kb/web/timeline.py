"""/timeline: every event in date order, grouped by year and month, with filters in the URL, facet
counts, pagination and an overview of events per month. Twins: /timeline.json, and exports of the
filtered view as /timeline.ttl, .jsonld and .csv.

The count, facets, paging and overview come from the app's timeline index (kb.web.index), and only
the page's events are then read from the store; with the app's KB_TIMELINE_INDEX flag off, every one
of them is a SPARQL query of its own (`queried`), the reference the tests compare the index with.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kb.queries import named_query
from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.dates import month_label
from kb.web.eventdata import EventView, event_graph, labels, load_events, local_name
from kb.web.filters import Filters, clauses, narrowed
from kb.web.index import Positions, TimelineIndex, current_index, enabled
from kb.web.negotiate import RDF_TYPES, rdf_response
from kb.web.overview import Overview, build

bp = Blueprint("timeline", __name__)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
EXPORT_LIMIT = 10000
ACTOR_FACET_SIZE = 10
MEMO_SIZE = 64
WHERE_BLOCK = re.compile(r"WHERE \{\n(.*)\n\}\s*ORDER BY", re.DOTALL)
FACETS = {
    "type": "BIND (?type AS ?value)",
    "status": "BIND (?status AS ?value)",
    "country": "GRAPH ?g { ?event sem:hasActor/ekb:country ?value }",
    "actor": "GRAPH ?g { ?event sem:hasActor/rdf:value ?value }",
}


@dataclass
class Counted:
    """What a timeline view needs before its events are loaded."""

    total: int
    iris: list[str]  # the page's events, in order
    counts: dict[str, list[tuple[str, int]]]  # facet kind -> (value, events), as shown
    names: dict[str, str]  # labels of the facet values
    overview: Overview
    chosen: Positions | range = range(0)  # with the index: the positions of every matching event


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool
    href: str


# ---------------------------------------------------------------- queries


def timeline_query(filters: Filters, store: KnowledgeStore) -> str:
    """The named timeline query with the filters at its #FILTERS line."""
    return named_query("timeline").sparql.replace("#FILTERS", clauses(filters, store))


def where_block(query: str) -> str:
    match = WHERE_BLOCK.search(query)
    assert match, "kb/queries/timeline.rq must keep its WHERE { ... } ORDER BY shape"
    return match.group(1)


def matching_events(filters: Filters, store: KnowledgeStore, limit: int, offset: int = 0) -> list[str]:
    if enabled():
        index = current_index(store)
        return index.page(narrowed(filters, index, store), limit, offset)
    _, rows = store.select(f"{timeline_query(filters, store)}\nLIMIT {int(limit)} OFFSET {int(offset)}")
    return list(dict.fromkeys(row["event"].value for row in rows))


def count_events(where: str, store: KnowledgeStore) -> int:
    _, rows = store.select(f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{\n{where}\n}}")
    return int(rows[0]["n"].value) if rows else 0


def facet_counts(where: str, kind: str, store: KnowledgeStore) -> list[tuple[str, int]]:
    limit = f"LIMIT {ACTOR_FACET_SIZE}" if kind == "actor" else ""
    _, rows = store.select(f"SELECT ?value (COUNT(DISTINCT ?event) AS ?n) WHERE {{\n{where}\n{FACETS[kind]}\n}}"
                           f"\nGROUP BY ?value ORDER BY DESC(?n) ?value {limit}")
    return [(row["value"].value, int(row["n"].value)) for row in rows if "value" in row]


def overview(where: str, store: KnowledgeStore) -> Overview:
    _, rows = store.select(f"SELECT ?month ?type (COUNT(DISTINCT ?event) AS ?n) WHERE {{\n{where}\n"
                           "FILTER (BOUND(?earliest)) BIND (SUBSTR(STR(?earliest), 1, 7) AS ?month)\n}\n"
                           "GROUP BY ?month ?type")
    return build([(row["month"].value, local_name(row["type"].value), int(row["n"].value)) for row in rows])


# ---------------------------------------------------------------- the view


def facet_links(filters: Filters, kind: str, counts: list[tuple[str, int]], names: dict[str, str]) -> list[Facet]:
    facets = []
    for value, count in counts:
        key = local_name(value) if kind in ("type", "status") else value
        selected = getattr(filters, kind) == key
        args = filters.args(**{kind: "" if selected else key})
        facets.append(Facet(key, names.get(value, key.replace("_", " ")), count, selected,
                            url_for("timeline.page", **args)))
    return facets


def all_facets(filters: Filters, counts: dict[str, list[tuple[str, int]]], names: dict[str, str]
               ) -> dict[str, list[Facet]]:
    return {kind: facet_links(filters, kind, found, names) for kind, found in counts.items()}


def ranked(counts: Counter[str], size: int | None = None) -> list[tuple[str, int]]:
    """As the facet queries order them: most events first, then by value."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]


def indexed(filters: Filters, store: KnowledgeStore, limit: int, offset: int) -> Counted:
    """The view's numbers from the timeline index; the store is read only for free text and labels.
    The counts of the last MEMO_SIZE filter sets are kept with the index (they change only with it)."""
    index = current_index(store)
    key = repr(sorted(filters.args().items()))
    found = index.views.pop(key, None)
    if not isinstance(found, Counted):
        chosen = narrowed(filters, index, store)
        counts = {"type": ranked(index.type_counts(chosen)), "status": ranked(index.status_counts(chosen)),
                  "country": ranked(index.country_counts(chosen)),
                  "actor": ranked(index.actor_counts(chosen), ACTOR_FACET_SIZE)}
        names = index_labels(index, store, [value for found in counts.values() for value, _ in found])
        found = Counted(len(chosen), [], counts, names, build(index.month_counts(chosen)), chosen)
    index.views[key] = found  # most recently used last
    while len(index.views) > MEMO_SIZE:
        index.views.pop(next(iter(index.views)))
    return replace(found, iris=index.page(found.chosen, limit, offset))


def index_labels(index: TimelineIndex, store: KnowledgeStore, iris: list[str]) -> dict[str, str]:
    """`labels`, remembered by the index (which is rebuilt whenever the store changes)."""
    missing = [iri for iri in iris if iri not in index.labels]
    if missing:
        found = labels(store, missing)
        index.labels.update({iri: found.get(iri, "") for iri in missing})
    return {iri: index.labels[iri] for iri in iris if index.labels[iri]}


def queried(filters: Filters, store: KnowledgeStore, limit: int, offset: int) -> Counted:
    """The view's numbers from SPARQL alone: a query per count, facet and the overview."""
    where = where_block(timeline_query(filters, store))
    counts = {kind: facet_counts(where, kind, store) for kind in FACETS}
    names = labels(store, [value for found in counts.values() for value, _ in found])
    return Counted(count_events(where, store), matching_events(filters, store, limit, offset), counts, names,
                   overview(where, store))


def paging() -> tuple[int, int]:
    try:
        limit = min(max(int(request.args.get("limit", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
        page = max(int(request.args.get("page", 1)), 1)
    except ValueError:
        abort(400, "limit and page are whole numbers")
    return limit, page


def grouped(events: list[EventView]) -> list[tuple[str, list[tuple[str, list[EventView]]]]]:
    """[(year, [(month heading, events)])] in the events' order; undated events last."""
    years: dict[str, dict[str, list[EventView]]] = {}
    for event in events:
        year, month = heading(event)
        years.setdefault(year, {}).setdefault(month, []).append(event)
    return [(year, list(months.items())) for year, months in years.items()]


def heading(event: EventView) -> tuple[str, str]:
    if event.date is None or not event.earliest:
        return "Undated", "Undated"
    year = event.earliest[:4]
    if event.date.precision == "year":
        return year, f"Some time in {year}"
    return year, month_label(event.earliest[:7])


def view(filters: Filters) -> dict[str, Any]:
    store = get_store()
    limit, page = paging()
    counted = (indexed if enabled() else queried)(filters, store, limit, (page - 1) * limit)
    total = counted.total
    events = load_events(store, counted.iris)
    pages = max((total + limit - 1) // limit, 1)
    extra = {"limit": str(limit)} if limit != PAGE_SIZE else {}
    return {
        "filters": filters, "total": total, "events": events, "page": page, "pages": pages, "limit": limit,
        "first": (page - 1) * limit + 1, "facets": all_facets(filters, counted.counts, counted.names),
        "overview": counted.overview,
        "prev_url": url_for("timeline.page", **filters.args(**extra), page=page - 1) if page > 1 else None,
        "next_url": url_for("timeline.page", **filters.args(**extra), page=page + 1) if page < pages else None,
    }


def export_links(filters: Filters) -> list[tuple[str, str]]:
    links = [(label, url_for("timeline.export", ext=ext, **filters.args()))
             for label, ext in (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("CSV", "csv"))]
    return [*links, ("JSON", url_for("timeline.page_json", **filters.args()))]


# ---------------------------------------------------------------- routes


@bp.get("/timeline")
def page() -> ResponseReturnValue:
    filters = Filters.from_args(request.args)
    context = view(filters)
    return render_template("timeline.html", grouped=grouped(context["events"]), exports=export_links(filters),
                           clear_url=url_for("timeline.page"), **context)


@bp.get("/timeline.json")
def page_json() -> ResponseReturnValue:
    filters = Filters.from_args(request.args)
    context = view(filters)
    return jsonify({
        "filters": filters.args(), "problems": list(filters.problems), "total": context["total"],
        "page": context["page"], "pages": context["pages"], "limit": context["limit"],
        "next": context["next_url"] and context["next_url"].replace("/timeline", "/timeline.json", 1),
        "events": [event.to_json() for event in context["events"]],
        "facets": {kind: [vars(facet) for facet in found] for kind, found in context["facets"].items()},
        "overview": context["overview"].to_json(),
    })


@bp.get("/timeline.<ext>")
def export(ext: str) -> ResponseReturnValue:
    if ext not in (*RDF_TYPES, "csv"):
        abort(404)
    filters = Filters.from_args(request.args)
    store = get_store()
    iris = matching_events(filters, store, EXPORT_LIMIT)
    headers = {"Content-Disposition": f"attachment; filename=timeline.{ext}"}
    if ext == "csv":
        return Response(to_csv(load_events(store, iris)), mimetype="text/csv", headers=headers)
    return rdf_response(event_graph(store, iris), ext, headers)


CSV_COLUMNS = ["event", "date", "precision", "type", "cameo", "status", "label", "participants", "place",
               "article", "title", "outlet", "published", "url"]


def to_csv(events: list[EventView]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        source = event.sources[0] if event.sources else None
        date = event.date
        writer.writerow([event.iri, date.datetime if date else "", date.precision if date else "",
                         event.type, event.cameo or "", event.status, event.label,
                         "; ".join(p.name for p in event.participants), event.place_label or event.place or "",
                         source.article if source else "", source.title if source else "",
                         source.outlet or "" if source else "",
                         source.published.datetime if source and source.published else "",
                         source.url or "" if source else ""])
    return out.getvalue()
