"""The one store interface, with three backends chosen by the `store` setting.

- `:memory:`          in-memory Oxigraph (tests, one-off runs)
- a folder path       embedded on-disk Oxigraph (RocksDB; the default; survives restarts and crashes)
- an http(s) URL      a remote SPARQL 1.1 server (Protocol, Update, Graph Store Protocol)

Only this module (with kb.dump, its whole-KB exports) knows the engine. Callers hand over N-Triples
text and SPARQL strings and get back plain `Term` rows, so they work the same on every backend.
Writing one article is one atomic graph replacement: all of it is stored or none.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import pyoxigraph as ox

from kb.dump import export_engine
from kb.vocab import EKB, PREFIXES

PENDING_FILE = "kb-bulk-pending.json"  # in the store folder: graphs a bulk write has not committed yet
BULK_FILE = "kb-bulk.nq"  # in the store folder: what the bulk loader is reading


PLAIN_DATATYPES = ("http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


class StoreError(Exception):
    """The store could not be opened or did not accept an operation."""


@dataclass(frozen=True)
class Term:
    """One value in a result row, as the SPARQL JSON results format describes it."""

    kind: Literal["iri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value


Row = dict[str, Term]


@dataclass(frozen=True)
class GraphData:
    """A named graph to store: its N-Triples (with its own content-hash triple) and that hash."""

    name: str
    ntriples: str
    content_hash: str


class KnowledgeStore(ABC):
    """What the rest of the library may ask of a store."""

    location: str

    @abstractmethod
    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Atomically make `graph` hold exactly the triples in `ntriples`."""

    @abstractmethod
    def remove_graph(self, graph: str) -> None: ...

    @abstractmethod
    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        """Run a SELECT query over the union of all graphs; return its variables and rows."""

    def select_values(self, sparql: str) -> list[tuple[str | None, ...]]:
        """A SELECT's rows as plain value strings, in its variables' order (None where unbound): for
        large reads where the values are all the caller needs."""
        names, rows = self.select(sparql)
        return [tuple(row[name].value if name in row else None for name in names) for row in rows]

    @abstractmethod
    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        """Write the whole KB (or one graph) to `out`, streaming where the backend allows."""

    @abstractmethod
    def quad_count(self) -> int: ...

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release the store (flushes the on-disk backend)."""

    def flush(self) -> None:  # noqa: B027 - only the on-disk backend buffers writes
        """Write buffered changes out (the on-disk backend's memory then stays flat over a long ingest)."""

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stored_hash(self, graph: str) -> str | None:
        """The content hash recorded in `graph`, or None when the graph is not stored."""
        _, rows = self.select(f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{graph}> <{EKB.contentHash}> ?h }} }}")
        return rows[0]["h"].value if rows else None

    def put_graph(self, graph: str, ntriples: str, content_hash: str) -> bool:
        """Store `ntriples` as `graph` unless the graph already holds that content; True if it changed."""
        return self.put_graphs([GraphData(graph, ntriples, content_hash)]) == 1

    def stored_hashes(self, graphs: list[str]) -> dict[str, str]:
        """The content hash recorded in each of `graphs` that is stored (one query per 500 graphs)."""
        found: dict[str, str] = {}
        for start in range(0, len(graphs), 500):
            values = " ".join(f"<{g}>" for g in graphs[start:start + 500])
            _, rows = self.select(f"SELECT ?g ?h WHERE {{ VALUES ?g {{ {values} }} "
                                  f"GRAPH ?g {{ ?g <{EKB.contentHash}> ?h }} }}")
            found.update({row["g"].value: row["h"].value for row in rows})
        return found

    def put_graphs(self, graphs: list[GraphData], known: dict[str, str] | None = None) -> int:
        """Store each graph whose content changed (`known`: hashes already looked up); how many changed.
        Each graph is replaced atomically; backends may write several in one go."""
        known = self.stored_hashes([g.name for g in graphs]) if known is None else known
        changed = [g for g in graphs if known.get(g.name) != g.content_hash]
        self.write_graphs(changed, known)
        return len(changed)

    def write_graphs(self, graphs: list[GraphData], known: dict[str, str]) -> None:
        """Write graphs whose content changed (`known`: the stored hashes), each replaced atomically."""
        for graph in graphs:
            self.replace_graph(graph.name, graph.ntriples)

    def graphs(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [row["g"].value for row in rows]

    @property
    def folder(self) -> Path | None:
        """The folder the store lives in, for an on-disk store (a place for an ingest's scratch files)."""
        return None

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Within: graphs not stored yet may go through a faster path that is atomic per batch only through
        a commit mark (the on-disk backend's bulk loader; see `OxigraphStore.write_graphs`), so another
        thread may see such a graph before its mark. For a process that owns the store (`kb ingest`)."""
        yield


def open_store(location: str, **remote: str | None) -> KnowledgeStore:
    """Open the backend that `location` names (see the module docstring)."""
    if location == ":memory:":
        return OxigraphStore(None)
    if location.startswith(("http://", "https://")):
        from kb.remote import RemoteStore  # only deployments with a server need it

        return RemoteStore(location, **remote)
    return OxigraphStore(Path(location))


def replace_update(graph: str, ntriples: str) -> str:
    """One SPARQL Update that swaps a graph's content in a single transaction."""
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"


def nquads(graphs: list[GraphData]) -> str:
    """The graphs as one N-Quads document."""
    parts: list[str] = []
    for graph in graphs:
        suffix = f" <{graph.name}> .\n"
        parts.extend(line[:-2] + suffix for line in graph.ntriples.splitlines() if line)  # "<s> <p> <o> ."
    return "".join(parts)


# ---------------------------------------------------------------- embedded Oxigraph


def _term(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    if isinstance(value, ox.NamedNode):
        return Term("iri", value.value)
    if isinstance(value, ox.BlankNode):
        return Term("bnode", value.value)
    if isinstance(value, ox.Literal):
        # As the SPARQL JSON results format gives them (so every backend answers alike): a plain
        # string or a language-tagged one carries no datatype.
        datatype = value.datatype.value
        return Term("literal", value.value, None if datatype in PLAIN_DATATYPES else datatype, value.language)
    return Term("literal", str(value))


class OxigraphStore(KnowledgeStore):
    """Oxigraph in memory (path None) or on disk, queried with its own SPARQL engine."""

    def __init__(self, path: Path | None) -> None:
        self.location = str(path) if path else ":memory:"
        try:
            if path is not None:
                path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.location}: {exc} "
                             "(is another kb process, such as kb serve, using it?)") from exc
        self._bulk = False
        self._pending = path / PENDING_FILE if path is not None else None
        self._recover()

    def replace_graph(self, graph: str, ntriples: str) -> None:
        self._store.update(replace_update(graph, ntriples))

    def write_graphs(self, graphs: list[GraphData], known: dict[str, str]) -> None:
        """Graphs not stored yet are loaded together in one transaction (all of them or none: a crash
        leaves no half-written graph); graphs already stored are replaced one atomic update each."""
        fresh = {g.name: g for g in graphs
                 if g.name not in known and not self._store.contains_named_graph(ox.NamedNode(g.name))}
        super().write_graphs([g for g in graphs if g.name not in fresh], known)
        if fresh and self._bulk and self._pending is not None:
            self._bulk_write(list(fresh.values()))
        elif fresh:
            self._store.load(nquads(list(fresh.values())).encode("utf-8"), ox.RdfFormat.N_QUADS)

    def _bulk_write(self, graphs: list[GraphData]) -> None:
        """The bulk loader (2-3x faster than a transaction) for everything but each graph's hash triple,
        then the hash triples in one transaction: the commit mark. The names are noted in a file first;
        if the process dies before the marks, the next open removes the unmarked graphs (`_recover`)."""
        assert self._pending is not None
        marks = {g.name: f"<{g.name}> <{EKB.contentHash}> {json.dumps(g.content_hash)} ." for g in graphs}
        if any(marks[g.name] + "\n" not in g.ntriples for g in graphs):
            # A graph without its hash triple has no commit mark: the transaction it is.
            self._store.load(nquads(graphs).encode("utf-8"), ox.RdfFormat.N_QUADS)
            return
        write_atomically(self._pending, json.dumps(sorted(marks)))
        # Through a file, graph by graph: one N-Quads string of a whole batch (and its bytes) was the
        # largest thing an ingest held in memory.
        staged = self._pending.with_name(BULK_FILE)
        with staged.open("w", encoding="utf-8") as out:
            for graph in graphs:
                out.write(nquads([GraphData(graph.name, graph.ntriples.replace(marks[graph.name] + "\n", ""), "")]))
        self._store.bulk_load(path=str(staged), format=ox.RdfFormat.N_QUADS)
        staged.unlink()
        self._store.load(nquads([GraphData(n, m + "\n", "") for n, m in marks.items()]).encode("utf-8"),
                         ox.RdfFormat.N_QUADS)
        self._pending.unlink()

    def _recover(self) -> None:
        """Remove what a bulk write cut short left behind: its graphs that never got their commit mark."""
        if self._pending is None or not self._pending.exists():
            return
        self._pending.with_name(BULK_FILE).unlink(missing_ok=True)
        names = json.loads(self._pending.read_text(encoding="utf-8"))
        marked = self.stored_hashes(names)
        for name in names:
            if name not in marked:
                self._store.remove_graph(ox.NamedNode(name))
        self._store.flush()
        self._pending.unlink()

    @property
    def folder(self) -> Path | None:
        return self._pending.parent if self._pending is not None else None

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        self._bulk = True
        try:
            yield
        finally:
            self._bulk = False

    def remove_graph(self, graph: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph}>")

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = _term(value)
            rows.append(row)
        return names, rows

    def select_values(self, sparql: str) -> list[tuple[str | None, ...]]:
        # Straight from the engine's solutions: building a Term per value cost more than the query.
        result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        width = len(result.variables)
        return [tuple(None if (term := solution[i]) is None else term.value for i in range(width))
                for solution in result]

    @property
    def engine(self) -> ox.Store:
        """The Oxigraph store itself, for the SPARQL endpoint's executors."""
        return self._store

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (the endpoint's, when enabled; its guard has checked it)."""
        self._store.update(sparql, prefixes=PREFIXES)

    def graphs(self) -> list[str]:
        # The engine's own list of named graphs: a SPARQL DISTINCT over every quad took 38 s on 1M quads.
        return sorted(graph.value for graph in self._store.named_graphs() if isinstance(graph, ox.NamedNode))

    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        export_engine(self._store, out, fmt, graph)

    def quad_count(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        # RocksDB keeps each column family's recent writes in memory until told: over a large ingest
        # that grew by about 0.3 MB an article; flushed each batch, it stays near 300 MB.
        if self.location != ":memory:":
            self._store.flush()

    def close(self) -> None:
        if self.location != ":memory:" and hasattr(self, "_store"):
            self._store.flush()
            del self._store  # dropping the engine's last reference releases the folder's lock


KIND_OF_JSON_TYPE: dict[str, Literal["iri", "literal", "bnode"]] = {"uri": "iri", "bnode": "bnode"}


def parse_json_results(payload: bytes) -> tuple[list[str], list[Row]]:
    """Read the SPARQL 1.1 Query Results JSON format into rows of `Term`."""
    document = json.loads(payload)
    names = document.get("head", {}).get("vars", [])
    rows = []
    for binding in document.get("results", {}).get("bindings", []):
        row = {}
        for name, cell in binding.items():
            kind = KIND_OF_JSON_TYPE.get(cell["type"], "literal")
            row[name] = Term(kind, cell["value"], cell.get("datatype"), cell.get("xml:lang"))
        rows.append(row)
    return names, rows


def write_atomically(path: Path, text: str) -> None:
    """Write a small file whole or not at all (a crash leaves the old file or none)."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
