"""Read a block's reports from the store, group and merge them, and write the merged events back.

Each merged event is its own named graph, written only when its content changed (the same content
hash check articles get); events of a block that no longer exist are removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kb import rdf
from kb.queries import named_query
from kb.records import TimeValue
from kb.resolve.cluster import Party, Report, group_reports
from kb.resolve.consensus import MergedEvent, merge_group, signed_agreement
from kb.store import GraphData, KnowledgeStore, Row
from kb.vocab import EKB, SEM

BLOCKS_PER_QUERY = 25  # blocks read, merged and written together


@dataclass
class ResolveReport:
    blocks: int = 0
    events: int = 0
    written: int = 0
    removed: int = 0


def sparql_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def values(variable: str, items: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(sparql_literal(i) for i in items)} }}"


def load_reports(store: KnowledgeStore, blocks: list[str]) -> dict[str, list[Report]]:
    """The stored reports of `blocks`, by block."""
    if not blocks:
        return {}
    query = named_query("resolution_reports").sparql.replace("#BLOCKS", values("block", blocks))
    _, rows = store.select(query)
    return reports_from_rows(rows)


def reports_from_rows(rows: list[Row]) -> dict[str, list[Report]]:
    parties: dict[str, dict[str, Party]] = {}
    first: dict[str, Row] = {}
    for row in rows:
        iri = row["report"].value
        first.setdefault(iri, row)
        parties.setdefault(iri, {}).setdefault(row["actor"].value, party_from_row(row))
    by_block: dict[str, list[Report]] = {}
    for iri, row in first.items():
        report = report_from_row(row, tuple(parties[iri].values()))
        by_block.setdefault(report.block, []).append(report)
    return by_block


def text(row: Row, name: str) -> str | None:
    return row[name].value if name in row else None


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


KIND_OF_CLASS = {"Person": "person", "Country": "country", "Organization": "organization"}


def party_from_row(row: Row) -> Party:
    kind = KIND_OF_CLASS.get(local_name(text(row, "kind") or ""), "person")
    actor = row["actor"].value
    return Party(actor, text(row, "name") or local_name(actor), kind, text(row, "country"),
                 local_name(row["role"].value), text(row, "office"))


def report_from_row(row: Row, parties: tuple[Party, ...]) -> Report:
    published = text(row, "published")
    return Report(
        iri=row["report"].value, article=row["article"].value, source=text(row, "source") or "",
        published=date.fromisoformat(published) if published else None,
        type=local_name(row["type"].value), status=local_name(row["status"].value),
        date=time_from_row(row), place=text(row, "place"), place_name=text(row, "placeLabel"),
        parties=tuple(sorted(parties, key=lambda p: p.actor)), block=row["block"].value,
        agreement=text(row, "agreement"),
    )


def time_from_row(row: Row) -> TimeValue | None:
    if "value" not in row or "precision" not in row:
        return None
    return TimeValue(row["value"].value, rdf.PRECISION_OF_UNIT[row["precision"].value],
                     date.fromisoformat(row["earliest"].value), date.fromisoformat(row["latest"].value),
                     year_stated=text(row, "yearStated") not in ("false", "0"))


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


def resolve(store: KnowledgeStore, blocks: Iterable[str] | None = None) -> ResolveReport:
    """Recompute the merged events of `blocks` (every block when None) from the stored reports,
    `BLOCKS_PER_QUERY` blocks at a time, so memory holds one chunk of reports, not the whole KB."""
    wanted = all_blocks(store) if blocks is None else sorted(set(blocks))
    report = ResolveReport(blocks=len(wanted))
    old = stored_events(store, None if blocks is None else wanted)
    kept: set[str] = set()
    for start in range(0, len(wanted), BLOCKS_PER_QUERY):
        graphs = merged_graphs(store, load_reports(store, wanted[start:start + BLOCKS_PER_QUERY]))
        kept.update(graph.name for graph in graphs)
        report.events += len(graphs)
        report.written += store.put_graphs(graphs)
        store.flush()
    for name in sorted(set(old) - kept):
        store.remove_graph(name)
        report.removed += 1
    return report


def merged_graphs(store: KnowledgeStore, by_block: dict[str, list[Report]]) -> list[GraphData]:
    # A ratification links to the agreement it ratifies: the signings of the same parties are read too.
    signings = signing_events(store, by_block)
    graphs = []
    for block in sorted(by_block):
        for event in merge_block(by_block[block]):
            triples = rdf.event_triples(event, signed_agreement(event, signings.get(ratified_block(block), [])))
            graphs.append(GraphData(str(rdf.event_graph_iri(event.key)), triples.ntriples(), triples.content_hash()))
    return graphs


def all_blocks(store: KnowledgeStore) -> list[str]:
    _, rows = store.select(f"SELECT DISTINCT ?b WHERE {{ GRAPH ?g {{ ?r a <{EKB.EventReport}> ; "
                           f"<{EKB.blockKey}> ?b }} }}")
    return sorted(row["b"].value for row in rows)


def ratified_block(block: str) -> str:
    kind, _, parties = block.partition("|")
    return f"signing|{parties}" if kind == "ratification" else ""


def signing_events(store: KnowledgeStore, by_block: dict[str, list[Report]]) -> dict[str, list[MergedEvent]]:
    wanted = sorted({ratified_block(b) for b in by_block} - {""})
    missing = [b for b in wanted if b not in by_block]
    known = {**by_block, **(load_reports(store, missing) if missing else {})}
    return {block: merge_block(known[block]) for block in wanted if block in known}


def unresolved_blocks(store: KnowledgeStore) -> set[str]:
    """Blocks with a report no event holds, or an event holding a report that is gone (after a crash
    between storing articles and resolving them, or an article replaced by a different reading)."""
    query = named_query("unresolved_blocks").sparql
    _, rows = store.select(query)
    return {row["block"].value for row in rows}

