"""The phenomenon suite: short texts of our own wording, one phenomenon each, and exactly the events
each must give (type, parties at the country level, date at its precision, status).

The cases are data (`tests/phenomena/*.toml`, their format in `tests/phenomena/README.md`), written
from the phenomena of real reporting, never from the extractor's rules, and many must give no event.
A case names its events as the scorer compares them (visit and meeting are one coarse type; a party
is its country code, else "name:" and its letters), plus the status, so a planned event read as having
happened fails here even though the article scorer would not see it. The cases not yet right are
listed with their reasons in `tests/phenomena/known_gaps.toml` and run as strict expected failures.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kb.articles.seed import parse_text
from kb.extract import extract
from kb.gazetteer import load_gazetteer
from kb.records import Event

CASES_DIR = Path(__file__).parent / "phenomena"
COARSE = {"visit": "meeting"}
Key = tuple[str, str, frozenset[str], str]


def _cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            out.extend(tomllib.load(fh).get("case", []))
    return out


def _gaps() -> dict[str, str]:
    with (CASES_DIR / "known_gaps.toml").open("rb") as fh:
        return dict(tomllib.load(fh)["gaps"])


CASES = _cases()
GAPS = _gaps()
# A floor on the share of cases passing, so that the list of known gaps cannot simply grow.
PASS_FLOOR = 0.75


def _param(case: dict[str, Any]) -> Any:
    gap = GAPS.get(case["id"])
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case["id"], marks=marks)


def _party_key(country: str | None, name: str) -> str:
    return country.upper() if country else "name:" + re.sub(r"[^a-z]", "", name.lower())


def expected(case: dict[str, Any]) -> Counter[Key]:
    return Counter((COARSE.get(e["type"], e["type"]), e["status"], frozenset(e["parties"]), e.get("date") or "")
                   for e in case.get("event", []))


def found(events: list[Event]) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for e in events:
        record = e.record("case.txt")
        parties = frozenset(_party_key(p.get("country"), p["name"]) for p in record["participants"])
        out[(COARSE.get(e.type, e.type), e.status, parties, record["date"] or "")] += 1
    return out


def article_text(case: dict[str, Any]) -> str:
    header = case.get("header", case["published"])
    return f" date {header}  {case.get('title', 'Diplomatic report')}\nCase Wire\n\n{case['text'].strip()}\n"


def test_every_case_has_a_unique_id_and_a_readable_expectation() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 150
    for case in CASES:
        for e in case.get("event", []):
            assert e["type"] in ("phone_call", "meeting", "visit", "signing", "ratification"), case["id"]
            assert e["status"] in ("occurred", "planned") and len(e["parties"]) >= 2, case["id"]


def test_known_gaps_name_real_cases_and_stay_below_a_quarter() -> None:
    ids = {c["id"] for c in CASES}
    assert set(GAPS) <= ids, sorted(set(GAPS) - ids)
    assert 1 - len(GAPS) / len(CASES) >= PASS_FLOOR, (len(GAPS), len(CASES))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_the_text_gives_exactly_its_events(case: dict[str, Any]) -> None:
    article = parse_text(article_text(case), "case.txt")
    assert article.published is not None and article.published.isoformat() == case["published"]
    got = found(extract(article, load_gazetteer()))
    want = expected(case)
    assert got == want, f"{case['phenomenon']}\n  missing: {dict(want - got)}\n  extra:   {dict(got - want)}"
