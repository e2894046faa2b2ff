"""The home page: what the KB holds, and where to go from here. Twin: /index.json.

The numbers are cached per state of the store: with the timeline index (kb.web.index) for as long
as the index stands (it is rebuilt when the store changes), otherwise per quad count (which takes
seconds to count on a large store). They are worked out again only when the store has changed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue

from kb.queries import named_query
from kb.stats import kb_stats
from kb.store import KnowledgeStore
from kb.web import get_store
from kb.web.eventdata import load_events
from kb.web.index import current_index, enabled

bp = Blueprint("home", __name__)
NEWEST = 10
_CACHE: dict[str, tuple[int, dict[str, Any]]] = {}


def store_summary(store: KnowledgeStore) -> dict[str, Any]:
    """Counts, events by year, sources and the newest events' IRIs, cached per store snapshot."""
    if enabled():
        memo = current_index(store).memo
        if "home" not in memo:
            memo["home"] = summarise(store)
        summary: dict[str, Any] = memo["home"]  # type: ignore[assignment]
        return summary
    quads = store.quad_count()
    cached = _CACHE.get(store.location)
    if cached and cached[0] == quads:
        return cached[1]
    _CACHE[store.location] = (quads, summarise(store))
    return _CACHE[store.location][1]


def summarise(store: KnowledgeStore) -> dict[str, Any]:
    _, years = store.select(named_query("events_by_year").sparql)
    _, sources = store.select(named_query("sources").sparql)
    _, recent = store.select(named_query("recent_events").sparql)
    summary = {
        "stats": kb_stats(store),
        "years": {row["year"].value: int(row["events"].value) for row in years if "year" in row},
        "sources": [{"outlet": row["outlet"].value, "name": row["name"].value if "name" in row else "",
                     "articles": int(row["articles"].value),
                     "newest": row["newest"].value if "newest" in row else None} for row in sources],
        "recent": [{name: term.value for name, term in row.items()} for row in recent],
    }
    return summary


@bp.get("/")
def index() -> ResponseReturnValue:
    summary = store_summary(get_store())
    newest = load_events(get_store(), [row["event"] for row in summary["recent"][:NEWEST]])
    return render_template("home.html", newest=newest, **summary)


@bp.get("/index.json")
def index_json() -> ResponseReturnValue:
    return jsonify(store_summary(get_store()))
