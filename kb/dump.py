"""Whole-KB exports from an Oxigraph engine: the formats, the piecewise writer that keeps memory
bounded and uses every core, and `export_snapshot` for a process of its own (kb.web.export).
"""

from __future__ import annotations

import io
import os
import sys
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO

import pyoxigraph as ox

from kb.vocab import PREFIXES

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
DATASET_FORMATS = ("trig", "nquads")  # keep one graph per article; the others get the union
PIECEWISE_FORMATS = ("turtle", "nt", "trig", "nquads")  # documents that may be written piece by piece
EXPORT_PIECE = 2000  # named graphs per piece of a whole-KB export
UNION_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def export_engine(engine: ox.Store, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
    """Write the whole KB (or one graph) as `fmt` (a key of EXPORT_FORMATS) to `out`."""
    rdf_format = EXPORT_FORMATS[fmt]
    if graph is not None:
        engine.dump(out, rdf_format, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)
    elif fmt not in PIECEWISE_FORMATS:
        # One document that cannot be written in pieces: the union of all graphs, without repeats.
        triples = engine.query(UNION_ALL)
        assert isinstance(triples, ox.QueryTriples)
        ox.serialize(triples, out, rdf_format, prefixes=PREFIXES)
    else:
        export_in_pieces(engine, out, fmt)


def export_snapshot(location: str, fmt: str) -> None:
    """Write the on-disk store at `location`, opened read-only beside its writer, as `fmt` to standard
    output: `python -c "from kb.dump import export_snapshot; ..."`."""
    from kb.sparql.worker import open_read_only

    export_engine(open_read_only(ox, location), sys.stdout.buffer, fmt)
    sys.stdout.buffer.flush()


def export_in_pieces(engine: ox.Store, out: IO[bytes], fmt: str) -> None:
    """Write the whole KB as pieces of `EXPORT_PIECE` graphs rendered on every core (the engine
    serialises outside Python's lock), in order, a few pieces ahead, so memory stays bounded."""
    names = sorted((g for g in engine.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    pieces = [names[i:i + EXPORT_PIECE] for i in range(0, len(names), EXPORT_PIECE)]
    if fmt in ("turtle", "trig"):
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
    if fmt in DATASET_FORMATS:
        out.write(dataset_piece(engine, [ox.DefaultGraph()], fmt))
    render = dataset_piece if fmt in DATASET_FORMATS else union_piece
    workers = len(os.sched_getaffinity(0))
    with ThreadPoolExecutor(workers) as pool:
        pending: deque[Future[bytes]] = deque()
        for piece in pieces:
            pending.append(pool.submit(render, engine, piece, fmt))
            if len(pending) > 2 * workers:
                out.write(pending.popleft().result())
        while pending:
            out.write(pending.popleft().result())


def union_piece(engine: ox.Store, graphs: list[ox.NamedNode], fmt: str) -> bytes:
    # Triples stated by several graphs of one piece are written once; across pieces they may repeat
    # (a few actors' names and kinds), which readers merge, as RDF graphs are sets.
    buffer = io.BytesIO()
    chosen = " ".join(str(g) for g in graphs)
    triples = engine.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {chosen} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    assert isinstance(triples, ox.QueryTriples)
    ox.serialize(triples, buffer, EXPORT_FORMATS[fmt], prefixes=PREFIXES)
    return without_prefixes(buffer.getvalue())


def dataset_piece(engine: ox.Store, graphs: list[ox.NamedNode] | list[ox.DefaultGraph], fmt: str) -> bytes:
    buffer = io.BytesIO()
    for graph in graphs:
        body = io.BytesIO()
        if fmt == "nquads":
            engine.dump(body, ox.RdfFormat.N_TRIPLES, from_graph=graph)
            # N-Triples lines end in " .\n" (a newline inside a literal is escaped): name the graph there.
            suffix = f" {graph} .\n".encode() if isinstance(graph, ox.NamedNode) else b" .\n"
            buffer.write(body.getvalue().replace(b" .\n", suffix))
        else:
            engine.dump(body, ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES)
            triples = without_prefixes(body.getvalue())
            if triples.strip():
                wrapped = isinstance(graph, ox.NamedNode)
                buffer.write(f"{graph} {{\n".encode() + triples + b"}\n" if wrapped else triples)
    return buffer.getvalue()


def without_prefixes(document: bytes) -> bytes:
    """A Turtle document's triples, without the `@prefix` lines it starts with (written once, first)."""
    start = 0
    while document.startswith(b"@prefix ", start):
        start = document.index(b"\n", start) + 1
    return document[start:]
