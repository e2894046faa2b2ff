"""The remote backend: any SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso, QLever...).

It speaks only the standard protocols: SPARQL 1.1 Protocol for queries, Graph Store Protocol
PUT to replace one article's graph in a single request (atomic on the server), and SPARQL 1.1
Update as the fallback when a server has no Graph Store endpoint. Queries run over the union
of the named graphs by naming `GRAPH ?g` explicitly, so no server-side union setting is needed
for the library's own queries.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from typing import IO

from kb.store import KnowledgeStore, OxigraphStore, Row, StoreError, parse_json_results, replace_update
from kb.vocab import sparql_prefixes

TIMEOUT = 60.0
MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "nquads": "application/n-quads",
         "trig": "application/trig", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


class RemoteStore(KnowledgeStore):
    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 remote_user: str | None = None, remote_password: str | None = None) -> None:
        self.location = query_url
        self.query_url = query_url
        self.update_url = update_url or query_url.replace("/query", "/update")
        self.gsp_url = gsp_url or query_url.replace("/query", "/store")
        self._auth = None
        if remote_user:
            token = base64.b64encode(f"{remote_user}:{remote_password or ''}".encode()).decode()
            self._auth = f"Basic {token}"
        self.select("SELECT * WHERE { } LIMIT 1")  # fail early, with a clear error, if unreachable

    @property
    def authorization(self) -> str | None:
        """The Authorization header value for the server, if it needs one."""
        return self._auth

    def _request(self, url: str, method: str = "GET", body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise StoreError(f"{method} {url} failed: HTTP {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from exc

    def _graph_url(self, graph: str) -> str:
        return f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"

    def replace_graph(self, graph: str, ntriples: str) -> None:
        if self.gsp_url:
            self._request(self._graph_url(graph), "PUT", ntriples.encode("utf-8"),
                          {"Content-Type": "application/n-triples"})
        else:
            self.update(replace_update(graph, ntriples))

    def update(self, sparql: str) -> None:
        self._request(self.update_url, "POST", sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update"})

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def select(self, sparql: str) -> tuple[list[str], list[Row]]:
        payload = self._request(self.query_url, "POST", (sparql_prefixes() + sparql).encode("utf-8"),
                                {"Content-Type": "application/sparql-query",
                                 "Accept": "application/sparql-results+json"})
        return parse_json_results(payload)

    def export(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        if graph is not None:
            out.write(self._request(self._graph_url(graph), headers={"Accept": MEDIA[fmt]}))
            return
        # Mirror the named graphs into a local in-memory store, then serialise as the embedded
        # backend does, so both give the same export.
        mirror = OxigraphStore(None)
        for name in self.graphs():
            data = self._request(self._graph_url(name), headers={"Accept": MEDIA["nt"]})
            mirror.replace_graph(name, data.decode("utf-8"))
        mirror.export(out, fmt)

    def quad_count(self) -> int:
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value)
