"""Read a block's reports from the store, group and merge them, and write the merged events back.

Each merged event is its own named graph, written only when its content changed (the same content
hash check articles get); events of a block that no longer exist are removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kb import rdf
from kb.queries import named_query
from kb.resolve.cluster import Report, group_reports
from kb.resolve.consensus import MergedEvent, merge_group, ratified_signing
from kb.resolve.reports import load_reports, values
from kb.resolve.spool import ReportSource
from kb.store import GraphData, KnowledgeStore
from kb.vocab import EKB, SEM

BLOCKS_PER_QUERY = 100  # blocks named in one query
REPORTS_PER_CHUNK = 10_000  # reports read, merged and written together: memory stays flat at any size


@dataclass
class ResolveReport:
    blocks: int = 0
    events: int = 0
    written: int = 0
    removed: int = 0
    changed: set[str] = field(default_factory=set)  # IRIs of the merged events written or removed


def merge_block(reports: list[Report]) -> list[MergedEvent]:
    return [merge_group(group) for group in group_reports(reports)]


def stored_events(store: KnowledgeStore, blocks: list[str] | None) -> dict[str, str]:
    """Event graph IRI -> block, for the merged events stored for `blocks` (all when None)."""
    found: dict[str, str] = {}
    chunks = [None] if blocks is None else [blocks[i:i + BLOCKS_PER_QUERY]
                                            for i in range(0, len(blocks), BLOCKS_PER_QUERY)]
    for chunk in chunks:
        restrict = values("block", chunk) if chunk else ""
        _, rows = store.select(f"SELECT ?g ?block WHERE {{ {restrict} GRAPH ?g {{ ?e a <{SEM.Event}> ; "
                               f"<{EKB.blockKey}> ?block }} }}")
        found.update({row["g"].value: row["block"].value for row in rows})
    return found


def resolve(store: KnowledgeStore, blocks: Iterable[str] | None = None, spool: ReportSource | None = None
            ) -> ResolveReport:
    """Recompute the merged events of `blocks` (every block when None) from the stored reports, a chunk
    of blocks with at most `REPORTS_PER_CHUNK` reports at a time, so memory holds one chunk, not the
    whole KB. Blocks whose stored reports are exactly those in `spool` are read from it instead."""
    if blocks is None:  # every block with a report, and every block an event is stored for
        old = stored_events(store, None)
        wanted = set(all_blocks(store)) | set(old.values())
    else:
        wanted = set(blocks)
    # A ratification names the agreement its parties' signing made: when the signings change, so may it.
    wanted |= {ratification_block(block) for block in wanted} - {""}
    # By parties first: a ratification's block and the signing block it looks up land in one chunk.
    ordered = sorted(wanted, key=parties_first)
    report = ResolveReport(blocks=len(ordered))
    if blocks is not None:
        old = stored_events(store, ordered)
    for chunk in chunks_of(ordered, report_counts(store, ordered)):
        by_block = read_reports(store, chunk, spool)
        if spool is not None:
            spool.remember(by_block)
        graphs = merged_graphs(store, by_block, spool)
        report.events += len(graphs)
        # The chunk's events that are no more go first: a crash before the new ones are written leaves
        # reports that no event lists, which `unresolved_blocks` finds, never two events for one report.
        names, chosen = {graph.name for graph in graphs}, set(chunk)
        for name in sorted(name for name, block in old.items() if block in chosen and name not in names):
            store.remove_graph(name)
            report.removed += 1
            report.changed.add(rdf.event_of_graph(name))
        # Only events stored before can have a hash to compare with (the engine checks the others too).
        known = store.stored_hashes([graph.name for graph in graphs if graph.name in old])
        report.written += store.put_graphs(graphs, known=known)
        report.changed.update(rdf.event_of_graph(g.name) for g in graphs if known.get(g.name) != g.content_hash)
        store.flush()
    return report


def report_counts(store: KnowledgeStore, blocks: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for start in range(0, len(blocks), BLOCKS_PER_QUERY):
        chosen = values("block", blocks[start:start + BLOCKS_PER_QUERY])
        query = (f"SELECT ?block (COUNT(?report) AS ?n) WHERE {{ {chosen} "
                 f"GRAPH ?g {{ ?report <{EKB.blockKey}> ?block ; a <{EKB.EventReport}> }} }} GROUP BY ?block")
        counts.update((block, int(n)) for block, n in store.select_values(query) if block and n)
    return counts


def chunks_of(ordered: list[str], counts: dict[str, int]) -> Iterator[list[str]]:
    """Consecutive blocks holding at most `REPORTS_PER_CHUNK` reports together (a bigger block alone)."""
    chunk: list[str] = []
    size = 0
    for block in ordered:
        if chunk and (size + counts.get(block, 0) > REPORTS_PER_CHUNK or len(chunk) >= BLOCKS_PER_QUERY):
            yield chunk
            chunk, size = [], 0
        chunk.append(block)
        size += counts.get(block, 0)
    if chunk:
        yield chunk


def parties_first(block: str) -> tuple[str, str]:
    kind, _, parties = block.partition("|")
    return parties, kind


def read_reports(store: KnowledgeStore, blocks: list[str], spool: ReportSource | None) -> dict[str, list[Report]]:
    """The reports of `blocks`, by block: from the spool where it holds exactly the stored ones."""
    if spool is None or not blocks:
        return load_reports(store, blocks)
    stored: dict[str, set[str]] = {}
    query = (f"SELECT ?block ?report WHERE {{ {values('block', blocks)} "
             f"GRAPH ?g {{ ?report <{EKB.blockKey}> ?block ; a <{EKB.EventReport}> }} }}")
    for block, iri in store.select_values(query):
        if block and iri:
            stored.setdefault(block, set()).add(iri)
    found: dict[str, list[Report]] = {}
    unsure = []
    for block in blocks:
        spooled = spool.reports(block)
        if spooled.keys() == stored.get(block, set()):
            if spooled:
                found[block] = list(spooled.values())
        else:
            unsure.append(block)
    found.update(load_reports(store, unsure))
    return found


def merged_graphs(store: KnowledgeStore, by_block: dict[str, list[Report]], spool: ReportSource | None = None
                  ) -> list[GraphData]:
    merged = {block: merge_block(reports) for block, reports in sorted(by_block.items())}
    # A ratification links to the agreement it ratifies: the signings of the same parties are read too.
    signings = signing_events(store, merged, spool)
    graphs = []
    for block, events in merged.items():
        for event in events:
            triples = rdf.event_triples(event, ratified_signing(event, signings.get(ratified_block(block), [])))
            graphs.append(GraphData(str(rdf.event_graph_iri(event.key)), triples.ntriples(), triples.content_hash()))
    return graphs


def all_blocks(store: KnowledgeStore) -> list[str]:
    _, rows = store.select(f"SELECT DISTINCT ?b WHERE {{ GRAPH ?g {{ ?r a <{EKB.EventReport}> ; "
                           f"<{EKB.blockKey}> ?b }} }}")
    return sorted(row["b"].value for row in rows)


def ratified_block(block: str) -> str:
    """The signing block a ratification block's events look up ("" for other blocks)."""
    kind, _, parties = block.partition("|")
    return f"signing|{parties}" if kind == "ratification" else ""


def ratification_block(block: str) -> str:
    """The ratification block that looks up a signing block's events ("" for other blocks)."""
    kind, _, parties = block.partition("|")
    return f"ratification|{parties}" if kind == "signing" else ""


def signing_events(store: KnowledgeStore, merged: dict[str, list[MergedEvent]], spool: ReportSource | None
                   ) -> dict[str, list[MergedEvent]]:
    """The merged signings each ratification block of `merged` may refer to, by signing block."""
    wanted = {ratified_block(b) for b in merged} - {""}
    missing = sorted(wanted - set(merged))
    loaded = read_reports(store, missing, spool) if missing else {}
    if spool is not None:
        spool.remember(loaded)
    found = {block: merged[block] for block in wanted if block in merged}
    found.update({block: merge_block(reports) for block, reports in loaded.items()})
    return found


def unresolved_blocks(store: KnowledgeStore) -> set[str]:
    """Blocks with a report no event holds, an event holding a report that is gone (after a crash
    between storing articles and resolving them, or an article replaced by a different reading), or a
    ratification naming an agreement whose signing is not stored; with each such signing block, the
    ratification block that depends on it (as `resolve` does)."""
    query = named_query("unresolved_blocks").sparql
    _, rows = store.select(query)
    found = {row["block"].value for row in rows}
    return found | {ratification_block(block) for block in found} - {""}

