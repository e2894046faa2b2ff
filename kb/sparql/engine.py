"""Run one checked query on Oxigraph and serialise the results with the engine's own serialisers.

The row cap is applied while reading the results: at most `max_rows` solutions (or triples) are
taken, and one more is read to know whether the cap was hit. Solutions are written as SPARQL
JSON by this module and, for the other formats, handed back to the engine's parser and
serialiser, so the XML, CSV and TSV escaping is the engine's.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kb.sparql.formats import ENGINE_GRAPH, ENGINE_RESULT, GRAPH_FORMATS, RESULT_FORMATS
from kb.vocab import PREFIXES

ROWS = "rows"  # an extra format: SPARQL JSON for every query form (triples as ?subject ?predicate ?object)
TRIPLE_VARS = ["subject", "predicate", "object"]


@dataclass(frozen=True)
class Job:
    query: str
    fmt: str  # a key of RESULT_FORMATS or GRAPH_FORMATS, or ROWS
    max_rows: int
    default_graphs: list[str] | None = None  # None: the union of all graphs (or the query's FROM)
    named_graphs: list[str] | None = None
    use_query_dataset: bool = False  # the query has FROM / FROM NAMED (already checked by the guard)


@dataclass
class Answer:
    body: bytes = b""
    media_type: str = "application/octet-stream"
    truncated: bool = False
    rows: int = 0
    seconds: float = 0.0
    error: str | None = None  # the engine's message, for a syntax or evaluation error
    extra: dict[str, Any] = field(default_factory=dict)


def dataset_options(job: Job) -> dict[str, Any]:
    """The dataset the query runs on: protocol parameters, else the query's FROM, else all graphs."""
    if job.default_graphs is not None or job.named_graphs is not None:
        return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs or []],
                "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or []]}
    if job.use_query_dataset:
        return {}  # Oxigraph ignores FROM when the default graph is the union: leave it off
    return {"use_default_graph_as_union": True}


def execute(store: ox.Store, job: Job) -> Answer:
    started = time.perf_counter()
    try:
        result = store.query(job.query, prefixes=PREFIXES, **dataset_options(job))
        answer = serialise(result, job)
    except (SyntaxError, ValueError, OSError) as exc:
        answer = Answer(error=f"{type(exc).__name__}: {exc}" if not isinstance(exc, SyntaxError) else str(exc))
        answer.extra["syntax"] = isinstance(exc, SyntaxError)
    answer.seconds = time.perf_counter() - started
    return answer


def serialise(result: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple], job: Job) -> Answer:
    """Write a result (or any iterable of triples, as a remote server's graph answer) in the job's format."""
    if isinstance(result, ox.QueryBoolean):
        return _boolean(result, job)
    if isinstance(result, ox.QuerySolutions):
        return _solutions(result, job)
    return _triples(result, job)


def _boolean(result: ox.QueryBoolean, job: Job) -> Answer:
    fmt = job.fmt if job.fmt in RESULT_FORMATS else "json"
    body = json.dumps({"head": {}, "boolean": bool(result)}).encode() if fmt == "json" or job.fmt == ROWS \
        else result.serialize(format=ENGINE_RESULT[fmt]) or b""
    return Answer(body, RESULT_FORMATS[fmt].media_type, rows=1, extra={"form": "ASK"})


def _solutions(result: ox.QuerySolutions, job: Job) -> Answer:
    names = [v.value for v in result.variables]
    taken = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(taken) > job.max_rows
    bindings = [{name: term_json(s[name]) for name in names if s[name] is not None} for s in taken[:job.max_rows]]
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    fmt = job.fmt if job.fmt in RESULT_FORMATS else "json"
    if fmt != "json":
        parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
        document = parsed.serialize(format=ENGINE_RESULT[fmt]) or b""
    return Answer(document, RESULT_FORMATS[fmt].media_type, truncated, len(bindings), extra={"form": "SELECT"})


def _triples(result: Iterable[ox.Triple], job: Job) -> Answer:
    taken = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(taken) > job.max_rows
    triples = taken[:job.max_rows]
    if job.fmt == ROWS:
        bindings = [dict(zip(TRIPLE_VARS, map(term_json, (t.subject, t.predicate, t.object)), strict=True))
                    for t in triples]
        body = json.dumps({"head": {"vars": TRIPLE_VARS}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
        return Answer(body, RESULT_FORMATS["json"].media_type, truncated, len(triples), extra={"form": "CONSTRUCT"})
    fmt = job.fmt if job.fmt in GRAPH_FORMATS else "ttl"
    body = ox.serialize(triples, format=ENGINE_GRAPH[fmt], prefixes=PREFIXES) or b""
    return Answer(body, GRAPH_FORMATS[fmt].media_type, truncated, len(triples), extra={"form": "CONSTRUCT"})


def term_json(term: Any) -> dict[str, str]:
    """One term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "literal", "value": str(term)}  # a quoted triple (RDF-star): shown as text
