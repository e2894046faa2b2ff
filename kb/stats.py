"""What the knowledge base holds, in numbers (shared by `kb stats` and the home page)."""

from __future__ import annotations

from typing import Any

from kb.queries import named_query
from kb.store import KnowledgeStore


def kb_stats(store: KnowledgeStore) -> dict[str, Any]:
    _, rows = store.select(named_query("counts").sparql)
    counts = {name: int(term.value) for name, term in rows[0].items()} if rows else {}
    _, by_type = store.select(named_query("events_by_type").sparql)
    return {
        **counts,
        "events_by_type": {row["type"].value.rsplit("#", 1)[-1]: int(row["events"].value) for row in by_type},
        "graphs": len(store.graphs()),
        "quads": store.quad_count(),
    }
