"""/sparql: the SPARQL 1.1 Protocol endpoint (query by GET or POST, content negotiation, service
description, updates only with the configured token). Its human twin is the query page, /query.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from kb.queries import named_queries
from kb.settings import Settings
from kb.sparql.cache import CachingExecutor
from kb.sparql.engine import Answer, Job
from kb.sparql.executor import Busy, QueryTimeout, WorkerFailed
from kb.sparql.formats import HTML, formats_for, negotiate, service_description
from kb.sparql.guard import Checked, Refused, check_graph_iris, check_query, check_update
from kb.web import get_executor, get_store
from kb.web.articles import forget_writes
from kb.web.index import invalidate

bp = Blueprint("sparql", __name__)

ENGINE_SYNTAX = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
GRAPH_IRI_CHARS = re.compile(r"^[^\s<>\"{}|^`\\]+$")
# A request body may be up to BODY_FACTOR times as long as the longest query (form encoding).
BODY_FACTOR = 3


class EndpointError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Outcome:
    checked: Checked
    answer: Answer


def settings() -> Settings:
    settings: Settings = current_app.config["KB_SETTINGS"]
    return settings


def graph_exists(iri: str) -> bool:
    if not GRAPH_IRI_CHARS.match(iri):
        return False
    _, rows = get_store().select(f"SELECT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 1")
    return bool(rows)


def max_query_bytes() -> int:
    return int(settings().max_query_bytes)


def check_size(text: str) -> None:
    limit = max_query_bytes()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise EndpointError(413, f"the query is {size} bytes long, more than this endpoint's limit of {limit} "
                                 "bytes (the KB_MAX_QUERY_BYTES setting)")


def check(query: str) -> Checked:
    check_size(query)
    try:
        return check_query(query, graph_exists)
    except Refused as exc:
        raise EndpointError(exc.status, exc.reason) from exc


def run_query(query: str, checked: Checked, fmt: str, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Answer:
    """Run a query the guard has passed, within the time limit; raise EndpointError on any failure."""
    try:
        for iris in (default_graphs, named_graphs):
            check_graph_iris(iris or [], graph_exists)
    except Refused as exc:
        raise EndpointError(exc.status, exc.reason) from exc
    limit = float(settings().query_timeout)
    job = Job(query, fmt, int(settings().max_rows), default_graphs, named_graphs, checked.has_dataset)
    try:
        answer = get_executor().run(job, limit)
    except QueryTimeout:
        raise EndpointError(503, f"the query was stopped after the time limit of {limit:g} s; "
                                 "narrow it down (a LIMIT, more specific patterns) and try again") from None
    except Busy:
        raise EndpointError(503, "every query worker stayed busy while this query waited for one; try again "
                                 "later") from None
    except WorkerFailed:
        raise EndpointError(503, "the query engine crashed on this query and its worker was replaced (too "
                                 "deeply nested or too long?); simplify the query and try again") from None
    if answer.error is not None:
        raise EndpointError(400, readable_error(answer.error) if answer.extra.get("syntax") else answer.error)
    return answer


def warm_named_queries(timeout: float) -> int:
    """Answer each complete named query into the cache as the endpoint's standard format, with `timeout`
    per query, on every query worker; how many were answered (`kb serve` runs this in the background at
    start). The query page's own format is left to its first visitor: warming it too doubled the time."""
    executor = get_executor()
    if not isinstance(executor, CachingExecutor):
        return 0
    jobs = []
    for query in named_queries().values():
        if query.complete:
            checked = check(query.sparql)
            fmt = next(iter(formats_for(checked.form or "SELECT")))
            jobs.append(Job(query.sparql, fmt, int(settings().max_rows), None, None, checked.has_dataset))
    return executor.warm(jobs, timeout, int(settings().query_workers))


def readable_error(message: str) -> str:
    """The engine says 'error at 2:9: ...'; people read 'line 2, column 9'."""
    match = ENGINE_SYNTAX.match(message)
    if match is None:
        return f"syntax error: {message}"
    line, column, detail = match.groups()
    return f"syntax error at line {line}, column {column}: {detail}"


def execute(query: str, fmt: str | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None) -> Outcome:
    checked = check(query)
    return Outcome(checked, run_query(query, checked, fmt or "json", default_graphs, named_graphs))


# ---------------------------------------------------------------- the protocol


def read_operation() -> tuple[str | None, str | None]:
    """(query, update) from GET parameters, a form-encoded POST or a direct POST body."""
    if request.method == "GET":
        return request.args.get("query"), None
    content_type = request.mimetype
    if content_type == "application/sparql-query":
        return request.get_data(as_text=True), None
    if content_type == "application/sparql-update":
        return None, request.get_data(as_text=True)
    return request.form.get("query"), request.form.get("update")


def dataset_parameters() -> tuple[list[str] | None, list[str] | None]:
    values = request.values
    default, named = values.getlist("default-graph-uri"), values.getlist("named-graph-uri")
    return (default or None, named or None) if default or named else (None, None)


def error_response(status: int, message: str) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"  # the message may quote the query: never HTML
    return response


def body_too_large() -> Response | None:
    """413 for a body longer than any query may be, before it is read; bodies without a length
    (chunked) are cut at the same size by Werkzeug, which then raises RequestEntityTooLarge."""
    limit = max_query_bytes() * BODY_FACTOR + 1024
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        return error_response(413, f"the request body is {request.content_length} bytes long, more than this "
                                   f"endpoint accepts ({limit} bytes for a query of at most {max_query_bytes()} "
                                   "bytes, the KB_MAX_QUERY_BYTES setting)")
    return None


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> ResponseReturnValue:
    refused = body_too_large()
    if refused is not None:
        return refused
    try:
        query, update = read_operation()
    except RequestEntityTooLarge:
        return error_response(413, f"the request body is longer than this endpoint accepts (a query may have "
                                   f"at most {max_query_bytes()} bytes, the KB_MAX_QUERY_BYTES setting)")
    if update is not None:
        return run_update(update)
    if not query:
        return describe_or_page()
    try:
        checked = check(query)
        fmt = negotiate(checked.form, request.values.get("format"), request.accept_mimetypes)
        if fmt == HTML:
            return redirect(url_for("query.page", query=query), code=303)
        if fmt is None:
            offered = ", ".join(f.media_type for f in formats_for(checked.form).values())
            return error_response(406, f"no acceptable format; this query can be answered as {offered}")
        answer = run_query(query, checked, fmt, *dataset_parameters())
    except EndpointError as exc:
        return error_response(exc.status, exc.message)
    return answer_response(answer)


def answer_response(answer: Answer) -> Response:
    response = Response(answer.body, mimetype=answer.media_type)  # text/* types get "; charset=utf-8"
    response.headers["X-KB-Rows"] = str(answer.rows)
    response.headers["X-KB-Truncated"] = "true" if answer.truncated else "false"
    response.headers["Server-Timing"] = f"query;dur={answer.seconds * 1000:.1f}"
    response.headers["X-KB-Cache"] = str(answer.extra.get("cache", "miss"))  # hit: answered from kb.sparql.cache
    return response


def describe_or_page() -> ResponseReturnValue:
    wanted = request.accept_mimetypes.best_match(["text/html", "text/turtle", "application/n-triples"])
    if wanted == "text/html" or request.args.get("format") == HTML:
        return redirect(url_for("query.page"), code=303)
    return Response(service_description(url_for("sparql.endpoint", _external=True)), mimetype="text/turtle")


def run_update(text: str) -> ResponseReturnValue:
    token = settings().update_token
    if not token:
        return error_response(403, "updates are disabled on this endpoint (the KB_UPDATE_TOKEN setting is unset)")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), str(token).encode()):
        return error_response(403, "updates need `Authorization: Bearer <token>` with the configured token")
    store = get_store()
    try:
        check_size(text)
        check_update(text, graph_exists)
        store.update(text)  # type: ignore[attr-defined]
    except Refused as exc:
        return error_response(exc.status, exc.reason)
    except EndpointError as exc:
        return error_response(exc.status, exc.message)
    except (SyntaxError, ValueError, OSError) as exc:
        return error_response(400, readable_error(str(exc)) if isinstance(exc, SyntaxError) else str(exc))
    get_executor().refresh()
    forget_writes()  # the update may have changed reports the next ingest would take from memory
    invalidate()  # the timeline index reads the store as it was
    return Response(status=204)


@bp.after_request
def cors(response: Response) -> Response:
    allowed = str(settings().cors_origins or "").split()
    origin = request.headers.get("Origin")
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin and origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
    response.headers["Access-Control-Expose-Headers"] = "X-KB-Rows, X-KB-Truncated, Server-Timing"
    return response
