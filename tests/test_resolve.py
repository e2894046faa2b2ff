"""Resolution through the store: the dev corpus ingested as a whole holds each real event once, with
all its sources; any ingest order gives the same KB; `kb resolve` redoes it without the articles."""

from __future__ import annotations

import io
import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DEV_CORPUS, SEEDS
from test_extract_quality import CORPUS, scorer

from kb.articles import parse_text
from kb.cli import main
from kb.gazetteer import load_gazetteer
from kb.ingest import ingest
from kb.resolve.cluster import Report
from kb.resolve.records import merged_records
from kb.resolve.resolver import resolve, unresolved_blocks
from kb.resolve.spool import ReportMemo
from kb.store import KnowledgeStore, open_store
from kb.upload import Extraction, prepare_articles, remove_article, store_articles

SEED = sorted(SEEDS.glob("*.txt"))
DEV = sorted(DEV_CORPUS.glob("*.txt"))


def nquads(store: KnowledgeStore) -> list[str]:
    out = io.BytesIO()
    store.export(out, "nquads")
    return sorted(out.getvalue().decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def dev_kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("resolve") / "store")
    with open_store(location) as store:
        ingest(DEV, store)
    return location


@pytest.fixture(scope="module")
def dev_records(dev_kb: str) -> list[dict[str, Any]]:
    with open_store(dev_kb) as store:
        return list(merged_records(store))


def gold_matches(records: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """Each gold event of the dev corpus (with its article) and the merged event the scorer pairs it with."""
    score = scorer()
    found = []
    for gold_file in sorted((CORPUS / "dev").glob("*.json")):
        doc = json.loads(gold_file.read_text(encoding="utf-8"))
        gold = [e for e in doc["events"] if e["type"] in score.TYPES]
        system = [r for r in records if doc["article"] in r["articles"]]
        pairs = score.pair_in_tiers(gold, system, [score.strict_same_people, score.strict])
        found.extend(({**gold[g], "article": doc["article"]}, system[s]["id"]) for g, s in pairs.items())
    return found


def gold_key(event: dict[str, Any]) -> tuple[str, frozenset[str]]:
    coarse = "meeting" if event["type"] == "visit" else event["type"]
    return coarse, frozenset(p.get("country") or p["name"].lower() for p in event["participants"])


def same_day_or_within(a: str | None, b: str | None) -> bool | None:
    """True for one date; False for dates that cannot be one event; None when they might be."""
    if a == b:
        return True
    if not a or not b or a.startswith(b) or b.startswith(a):
        return None
    return False


def test_every_event_reported_by_several_articles_is_one_event_and_different_ones_stay_apart(
        dev_records: list[dict[str, Any]]) -> None:
    matches = gold_matches(dev_records)
    assert len(matches) > 80
    for (first, first_id), (second, second_id) in combinations(matches, 2):
        if gold_key(first) != gold_key(second):
            assert first_id != second_id, f"merged different events: {first} / {second}"
            continue
        same = same_day_or_within(first.get("date"), second.get("date"))
        # One article's two encounters of a day (two meetings with different people) are two events.
        if same is True and first["type"] == second["type"] and first["article"] != second["article"]:
            assert first_id == second_id, f"one event split: {first} / {second}"
        elif same is False and first_id == second_id:
            pytest.fail(f"merged events of different dates: {first} / {second}")


def score_output(output: str, path: Path) -> dict[str, Any]:
    path.write_text(output, encoding="utf-8")
    result, _ = scorer().score(CORPUS / "dev", path)
    return dict(result)


def test_kb_events_scores_at_least_as_well_as_per_article_extraction(dev_kb: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--store", dev_kb, "events", "--format", "jsonl"])
    extracted = runner.invoke(main, ["extract", "--format", "jsonl", *map(str, DEV)])
    assert result.exit_code == 0 and extracted.exit_code == 0, result.output + extracted.output
    merged = score_output(result.output, tmp_path / "events.jsonl")
    per_article = score_output(extracted.output, tmp_path / "extract.jsonl")
    for measure in ("f1", "precision", "recall", "date_accuracy_on_those"):
        assert merged[measure] >= per_article[measure], (measure, merged, per_article)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert all(record["articles"] for record in records)
    assert len(records) < sum(len(record["articles"]) for record in records)  # reports were merged


def test_the_seed_caption_is_the_june_2024_signing_when_the_kb_knows_it(dev_records: list[dict[str, Any]],
                                                                         tmp_path: Path) -> None:
    seed = SEED[0].name
    signing = [r for r in dev_records if r["type"] == "signing" and seed in r["articles"]]
    assert [r["date"][:7] for r in signing] == ["2024-06"] and len(signing[0]["articles"]) > 3
    with open_store(str(tmp_path / "alone")) as store:  # the seed alone: nothing earlier to refer to
        ingest(SEED, store)
        alone = [r for r in merged_records(store) if r["type"] == "signing"]
    assert [r["date"] for r in alone] == ["2025-06"]


LEADERS = "North Korean leader Kim Jong Un and Russian President Vladimir Putin"
MONTH_REPORT = f""" date 2024-06-25  Kim and Putin held talks this month
Example Outlet

Kim and Putin held talks this month

{LEADERS} held talks in Pyongyang earlier this month, state media said.
"""
DAY_REPORT = f""" date 2024-06-28  The summit of June 19
Other Outlet

The summit of June 19

{LEADERS} held talks in Pyongyang on June 19, 2024, officials said.
"""


def test_a_later_report_joins_the_known_event_which_keeps_its_iri_and_gains_the_day(tmp_path: Path) -> None:
    (tmp_path / "month.txt").write_text(MONTH_REPORT, encoding="utf-8")
    (tmp_path / "day.txt").write_text(DAY_REPORT, encoding="utf-8")
    with open_store(str(tmp_path / "store")) as store:
        ingest([tmp_path / "month.txt"], store)
        (first,) = [r for r in merged_records(store) if r["type"] == "meeting"]
        ingest([tmp_path / "day.txt"], store)
        (merged,) = [r for r in merged_records(store) if r["type"] == "meeting"]
    assert first["date"] == "2024-06" and first["articles"] == ["month.txt"]
    assert merged["id"] == first["id"] and merged["date"] == "2024-06-19"
    assert merged["articles"] == ["day.txt", "month.txt"]


def test_two_ingest_orders_give_identical_exports(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "forward")) as forward:
        ingest(DEV, forward)
        expected = nquads(forward)
    with open_store(str(tmp_path / "backward")) as backward:
        for half in (DEV[::-2], DEV[-2::-2]):  # in reverse, in two runs
            ingest(half, backward)
        assert nquads(backward) == expected


def test_kb_resolve_rebuilds_the_same_events_without_the_articles(dev_kb: str, tmp_path: Path) -> None:
    with open_store(dev_kb) as store:
        before = nquads(store)
        events = [g for g in store.graphs() if "/graph/event/" in g]
        for name in events[::2]:
            store.remove_graph(name)
        assert unresolved_blocks(store)
    result = CliRunner().invoke(main, ["--store", dev_kb, "resolve"])
    assert result.exit_code == 0 and f"{len(events[::2])} written" in result.output, result.output
    with open_store(dev_kb) as store:
        assert nquads(store) == before and not unresolved_blocks(store)
        assert resolve(store).written == 0  # nothing left to change


def test_an_interrupted_ingest_is_resolved_by_the_next_run(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store")) as store:
        ingest(DEV[:5], store)
        for name in [g for g in store.graphs() if "/graph/event/" in g]:
            store.remove_graph(name)  # as if killed after storing the articles, before resolving
        report = ingest(DEV[:5], store)
        assert report.stored == 0 and report.merged > 0 and not unresolved_blocks(store)


def test_resolution_works_on_every_backend(any_store: KnowledgeStore) -> None:
    ingest([*SEED, *DEV[:6]], any_store)
    records = list(merged_records(any_store))
    assert records and not unresolved_blocks(any_store)
    call = [r for r in records if r["type"] == "phone_call" and SEED[0].name in r["articles"]]
    assert [r["date"] for r in call] == ["2025-08-12"]


TREATY = "comprehensive strategic partnership treaty"
RATIFIED_LATER = f""" date 2024-11-12  Putin ratifies treaty with North Korea
Example Outlet

Putin ratifies treaty with North Korea

Russian President Vladimir Putin ratified the {TREATY} with North Korea on November 9, 2024, state media said.

{LEADERS} signed the treaty in Pyongyang on June 19, 2024.
"""
SIGNED = f""" date 2024-06-20  Kim and Putin sign treaty
Other Outlet

Kim and Putin sign treaty

{LEADERS} signed a {TREATY} in Pyongyang on June 19, 2024, officials said.
"""


def test_a_ratification_follows_its_signing_when_an_earlier_report_renames_it(tmp_path: Path) -> None:
    (tmp_path / "ratified.txt").write_text(RATIFIED_LATER, encoding="utf-8")
    (tmp_path / "signed.txt").write_text(SIGNED, encoding="utf-8")
    with open_store(str(tmp_path / "together")) as together:
        ingest([tmp_path / "ratified.txt", tmp_path / "signed.txt"], together)
        expected = nquads(together)
    with open_store(str(tmp_path / "apart")) as apart:
        ingest([tmp_path / "ratified.txt"], apart)
        first = {r["type"]: r["id"] for r in merged_records(apart)}
        ingest([tmp_path / "signed.txt"], apart)  # published earlier: the signing's IRI comes from it now
        later = {r["type"]: r["id"] for r in merged_records(apart)}
        assert first["signing"] != later["signing"] and first["ratification"] == later["ratification"]
        assert nquads(apart) == expected


def upload_writes(store: KnowledgeStore, memo: ReportMemo | None) -> list[str]:
    """Batches of the dev corpus posted as the web app does, a removal, and an article sent again with
    another place (its reports keep their IRIs, their content changes)."""
    gazetteer = load_gazetteer()
    articles = [parse_text(path.read_text("utf-8"), path.name) for path in DEV]
    for start in range(0, len(articles), 7):
        batch = [item for item in prepare_articles(articles[start:start + 7], gazetteer)
                 if isinstance(item, Extraction)]
        store_articles(batch, store, gazetteer, memo, recover=start == 0)
    remove_article(store, articles[3].id, memo)
    moved = parse_text(DEV[0].read_text("utf-8").replace("Pyongyang", "Vladivostok"), DEV[0].name)
    store_articles([item for item in prepare_articles([moved], gazetteer) if isinstance(item, Extraction)],
                   store, gazetteer, memo, recover=False)
    return nquads(store)


def test_writes_resolved_with_the_report_memo_store_what_they_store_without(tmp_path: Path) -> None:
    memo = ReportMemo()
    with open_store(str(tmp_path / "plain")) as plain, open_store(str(tmp_path / "memo")) as kept:
        assert upload_writes(kept, memo) == upload_writes(plain, None)
    assert memo.reports(next(iter(memo._blocks)))  # the memo was used, not left empty


def test_the_report_memo_keeps_at_most_its_size_least_recently_used_first() -> None:
    def reports(block: str, n: int) -> list[Report]:
        return [Report(iri=f"{block}/{i}", article="", source="", published=None, type="meeting", status="",
                       date=None, place=None, place_name=None, parties=(), block=block) for i in range(n)]

    memo = ReportMemo(max_reports=10)
    memo.remember({"a": reports("a", 4), "b": reports("b", 4)})
    assert memo.reports("a")  # "a" is now the most recently used
    memo.remember({"c": reports("c", 4)})
    assert memo.reports("b") == {} and len(memo.reports("a")) == 4 and len(memo.reports("c")) == 4
    memo.add(reports("a", 6))  # two new reports of a block it holds; none of blocks it does not
    memo.add(reports("d", 2))
    assert len(memo.reports("a")) == 6 and memo.reports("d") == {}
    memo.remember({"e": reports("e", 11)})  # larger than the memo: not kept
    assert memo.reports("e") == {}
