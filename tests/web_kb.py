"""One store for the timeline and event-page tests: the seed, the dev corpus and a hostile article."""

from __future__ import annotations

from pathlib import Path

from conftest import DEV_CORPUS, SEEDS

from kb.ingest import ingest
from kb.store import open_store

HOSTILE = """ date 2025-08-13  <script>alert(1)</script> Kim and Putin held phone talks
Some <b>Outlet</b>

Kim Jong Un and Vladimir Putin held phone talks <script>alert(2)</script> on Tuesday, KCNA said.
"""
SEED_CALL = "a856379d377a13fc"  # the seed article's phone call, 12 August 2025
SEED_SIGNING = "39b019ff0aa3908d"  # the seed article's treaty signing, June 2025 (month precision)


def build_store(folder: Path) -> str:
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    location = str(folder / "store")
    with open_store(location) as store:
        ingest([*sorted(SEEDS.glob("*.txt")), *sorted(DEV_CORPUS.glob("*.txt")), folder / "hostile.txt"], store)
    return location
