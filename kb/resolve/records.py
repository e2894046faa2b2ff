"""Merged events as plain records in the shape ../shared/eval/SCHEMA.md defines (`kb events`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kb.queries import named_query
from kb.rdf import KIND_OF_CLASS
from kb.store import KnowledgeStore, Row
from kb.vocab import local_name


def merged_records(store: KnowledgeStore) -> Iterator[dict[str, Any]]:
    """One record per merged event, with `articles` listing every source and `claims` each report's
    own date, in the order of the events' IRIs."""
    _, rows = store.select(named_query("merged_events").sparql)
    sources = _sources(store)
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["event"].value
        record = records.get(iri)
        if record is None:
            record = records[iri] = _record(row, sources.get(iri, []))
        party = _party(row)
        if party not in record["participants"]:
            record["participants"].append(party)
    yield from records.values()


def _record(row: Row, reports: list[Row]) -> dict[str, Any]:
    return {
        "id": row["event"].value,
        "type": local_name(row["type"].value),
        "status": local_name(row["status"].value),
        "date": row["date"].value if "date" in row else None,
        "participants": [],
        "place": row["placeLabel"].value if "placeLabel" in row else None,
        "articles": sorted({r["source"].value for r in reports if "source" in r}),
        "evidence": next((r["exact"].value for r in reports if "exact" in r), ""),
        "claims": [_claim(r) for r in reports],
    }


def _claim(row: Row) -> dict[str, Any]:
    return {"article": row["source"].value if "source" in row else None,
            "date": row["claimed"].value if "claimed" in row else None,
            "conflicting": row["conflicting"].value == "true"}


def _party(row: Row) -> dict[str, Any]:
    country = row["iso"].value if "iso" in row else (local_name(row["country"].value) if "country" in row else None)
    return {"name": row["name"].value if "name" in row else local_name(row["actor"].value),
            "kind": KIND_OF_CLASS.get(row["kind"].value, "person") if "kind" in row else "person",
            "country": country}


def _sources(store: KnowledgeStore) -> dict[str, list[Row]]:
    _, rows = store.select(named_query("merged_event_sources").sparql)
    by_event: dict[str, list[Row]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row["event"].value, row["report"].value)
        if key not in seen:  # one row per report (a report has one quote)
            seen.add(key)
            by_event.setdefault(key[0], []).append(row)
    return by_event
