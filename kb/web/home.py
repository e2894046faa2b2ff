"""The home page: what the KB holds, and where to go from here. Twin: /index.json.

The numbers are cached per store and quad count: they are worked out again only when the store
has changed, so `/` stays cheap on a large KB.
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

bp = Blueprint("home", __name__)
NEWEST = 10
_CACHE: dict[str, tuple[int, dict[str, Any]]] = {}


def store_summary(store: KnowledgeStore) -> dict[str, Any]:
    """Counts, events by year, sources and the newest events' IRIs, cached per store snapshot."""
    quads = store.quad_count()
    cached = _CACHE.get(store.location)
    if cached and cached[0] == quads:
        return cached[1]
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
    _CACHE[store.location] = (quads, summary)
    return summary


@bp.get("/")
def index() -> ResponseReturnValue:
    summary = store_summary(get_store())
    newest = load_events(get_store(), [row["event"] for row in summary["recent"][:NEWEST]])
    return render_template("home.html", newest=newest, **summary)


@bp.get("/index.json")
def index_json() -> ResponseReturnValue:
    return jsonify(store_summary(get_store()))
