"""/query: the SPARQL query page. A plain GET form (every query is a shareable URL), named
example queries, results as a table with links, downloads, and a timeline view of dated results.
Its machine twin is /sparql, which the download links use.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kb.queries import named_queries, named_query
from kb.sparql.engine import ROWS
from kb.sparql.formats import formats_for
from kb.vocab import PREFIXES
from kb.web.dates import DATE_TYPES, date_label
from kb.web.sparql import EndpointError, execute

bp = Blueprint("query", __name__)

STARTER = "SELECT ?event ?label ?date WHERE {\n  ?event a sem:Event ; rdfs:label ?label .\n" \
          "  OPTIONAL { ?event sem:hasTimeStamp ?date }\n}\nLIMIT 10\n"


@dataclass
class Results:
    columns: list[str]
    rows: list[list[dict[str, Any] | None]]
    boolean: bool | None = None
    date_columns: list[str] = field(default_factory=list)


def results_of(body: bytes) -> Results:
    document = json.loads(body)
    if "boolean" in document:
        return Results([], [], boolean=bool(document["boolean"]))
    columns = document["head"]["vars"]
    rows = [[binding.get(name) for name in columns] for binding in document["results"]["bindings"]]
    dated = [name for i, name in enumerate(columns)
             if any(row[i] and row[i].get("datatype") in DATE_TYPES for row in rows)]
    return Results(columns, rows, date_columns=dated)


def timeline(results: Results) -> list[tuple[str, list[tuple[str, str, list[dict[str, Any] | None]]]]]:
    """Rows grouped by year, then ordered by date, on the first date column."""
    if not results.date_columns:
        return []
    index = results.columns.index(results.date_columns[0])
    years: dict[str, list[tuple[str, str, list[dict[str, Any] | None]]]] = defaultdict(list)
    for row in results.rows:
        cell = row[index]
        if cell and cell.get("datatype") in DATE_TYPES:
            value = cell["value"]
            others = [c for i, c in enumerate(row) if i != index]
            years[value.lstrip("-")[:4]].append((value, date_label(value, cell.get("datatype")), others))
    return [(year, sorted(years[year], key=lambda item: item[0])) for year in sorted(years)]


def downloads(query: str, form: str) -> list[tuple[str, str]]:
    return [(f.label, url_for("sparql.endpoint", query=query, format=f.name)) for f in formats_for(form).values()]


@bp.get("/query")
def page() -> ResponseReturnValue:
    name = request.args.get("name")
    query = request.args.get("query", "")
    if name and not query:
        try:
            query = named_query(name).sparql
        except KeyError:
            abort(404)
    context: dict[str, Any] = {"query": query or STARTER, "ran": bool(query), "name": name,
                               "examples": list(named_queries().values()), "prefixes": PREFIXES,
                               "view": request.args.get("view", "table"), "date_types": DATE_TYPES}
    status = 200
    if query:
        status = run_into(query, context)
    return render_template("query.html", **context), status


def run_into(query: str, context: dict[str, Any]) -> int:
    started = time.perf_counter()
    try:
        outcome = execute(query, ROWS)
    except EndpointError as exc:
        context.update(error=exc.message, elapsed=time.perf_counter() - started)
        return exc.status
    results = results_of(outcome.answer.body)
    context.update(results=results, answer=outcome.answer, elapsed=time.perf_counter() - started,
                   downloads=downloads(query, outcome.checked.form or "SELECT"),
                   timeline=timeline(results) if context["view"] == "timeline" else [],
                   timeline_url=url_for("query.page", query=query, view="timeline"),
                   table_url=url_for("query.page", query=query))
    return 200
