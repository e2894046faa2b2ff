"""One store for the timeline and event-page tests: the seed, the dev corpus and a hostile article."""

from __future__ import annotations

from pathlib import Path

from conftest import DEV_CORPUS, SEEDS

from kb.ingest import ingest
from kb.store import KnowledgeStore, open_store
from kb.vocab import EKB

HOSTILE = """ date 2025-08-13  <script>alert(1)</script> Kim and Putin held phone talks
Some <b>Outlet</b>

Kim Jong Un and Vladimir Putin held phone talks <script>alert(2)</script> on Tuesday, KCNA said.
"""
REPORT = "https://w3id.org/eventkb/id/report/"
SEED_REPORTS = {"call": "a856379d377a13fc", "signing": "39b019ff0aa3908d"}  # the seed's phone call and treaty caption
# The merged events those reports joined (other articles report them too), filled in by `build_store`.
SEED_EVENTS: dict[str, str] = {}


def build_store(folder: Path) -> str:
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    location = str(folder / "store")
    with open_store(location) as store:
        ingest([*sorted(SEEDS.glob("*.txt")), *sorted(DEV_CORPUS.glob("*.txt")), folder / "hostile.txt"], store)
        SEED_EVENTS.update({name: event_of_report(store, REPORT + key) for name, key in SEED_REPORTS.items()})
    return location


def event_of_report(store: KnowledgeStore, report: str) -> str:
    """The id of the merged event holding `report`."""
    _, rows = store.select(f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e <{EKB.hasReport}> <{report}> }} }}")
    assert len(rows) == 1, f"{report} is in {len(rows)} merged events"
    return rows[0]["e"].value.rsplit("/", 1)[-1]
