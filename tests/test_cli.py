"""The `kb` command, through click's CliRunner and, where processes matter, real subprocesses."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, SEEDS, SHARED
from rdflib import Graph

from kb.cli import main

KB = [sys.executable, "-m", "kb"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store_opt(tmp_path: Path) -> list[str]:
    return ["--store", str(tmp_path / "store")]


@pytest.fixture
def seeded(runner: CliRunner, store_opt: list[str]) -> list[str]:
    result = runner.invoke(main, [*store_opt, "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    return store_opt


def test_extract_prints_the_seeds_phone_call(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(SEED)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    calls = [r for r in records if r["type"] == "phone_call"]
    assert len(calls) == 1
    call = calls[0]
    assert call["date"] == "2025-08-12" and call["status"] == "occurred"
    assert {p["name"] for p in call["participants"]} == {"Kim Jong Un", "Vladimir Putin"}
    assert {p["country"] for p in call["participants"]} == {"PRK", "RUS"}
    assert call["article"] == SEED.name and "previous day" in call["evidence"]


def test_export_turtle_is_read_by_an_independent_parser(runner: CliRunner, seeded: list[str],
                                                        tmp_path: Path) -> None:
    out = tmp_path / "kb.ttl"
    result = runner.invoke(main, [*seeded, "export", "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rapper = shutil.which("rapper")
    assert rapper, "raptor2-utils (rapper) must be installed: scripts/setup --test installs it"
    parsed = subprocess.run([rapper, "-i", "turtle", "-c", str(out)], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr
    assert "returned" in parsed.stderr and len(Graph().parse(out, format="turtle")) > 100


def test_export_and_parse_back_round_trip(runner: CliRunner, seeded: list[str]) -> None:
    quads = runner.invoke(main, [*seeded, "stats", "--format", "json"])
    total_graphs = json.loads(quads.stdout)["graphs"]
    result = runner.invoke(main, [*seeded, "export", "--format", "trig"])
    from rdflib import Dataset

    dataset = Dataset().parse(data=result.stdout_bytes, format="trig")
    named = [g for g in dataset.graphs() if len(g)]
    assert len(named) == total_graphs


def test_export_of_one_article(runner: CliRunner, seeded: list[str]) -> None:
    result = runner.invoke(main, [*seeded, "export", "--format", "nt", "--article", SEED.stem])
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="nt")
    assert any("000_96783d945c5aee5b" in str(s) for s in graph.subjects())
    missing = runner.invoke(main, [*seeded, "export", "--article", "no-such-article"])
    assert missing.exit_code != 0 and "no-such-article" in missing.output


def test_validate_passes_on_the_ingested_seeds(runner: CliRunner, seeded: list[str]) -> None:
    result = runner.invoke(main, [*seeded, "validate"])
    assert result.exit_code == 0, result.output
    assert "conform" in result.output


def test_validate_fails_on_a_violation(runner: CliRunner, seeded: list[str]) -> None:
    from kb.store import open_store

    with open_store(seeded[1]) as store:
        store.replace_graph("https://example.org/bad",
                            "<https://example.org/e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                            "<http://semanticweb.cs.vu.nl/2009/11/sem/Event> .")
    result = runner.invoke(main, [*seeded, "validate"])
    assert result.exit_code == 1
    assert "do not conform" in result.output


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_prints_rows_in_each_format(runner: CliRunner, seeded: list[str], fmt: str) -> None:
    sparql = "SELECT ?label WHERE { ?e a sem:Event ; rdfs:label ?label } ORDER BY ?label"
    result = runner.invoke(main, [*seeded, "query", sparql, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Phone call: " in result.stdout


def test_query_syntax_error_is_a_clear_failure(runner: CliRunner, seeded: list[str]) -> None:
    result = runner.invoke(main, [*seeded, "query", "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 1
    assert "query failed" in result.output


def test_named_queries_are_listed_and_run(runner: CliRunner, seeded: list[str]) -> None:
    listed = runner.invoke(main, ["query", "--list"])
    assert "events_by_type" in listed.stdout
    result = runner.invoke(main, [*seeded, "query", "--name", "events_by_type", "--format", "json"])
    rows = json.loads(result.stdout)
    assert any(row["type"].endswith("phone_call") for row in rows)


def test_stats_counts_articles_and_events(runner: CliRunner, seeded: list[str]) -> None:
    numbers = json.loads(runner.invoke(main, [*seeded, "stats", "--format", "json"]).stdout)
    assert numbers["articles"] == len(list(SEEDS.glob("*.txt")))
    assert numbers["events_by_type"]["phone_call"] >= 1


def test_ingest_reports_each_bad_file_and_exits_non_zero(runner: CliRunner, store_opt: list[str],
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "records.jsonl").write_text('{"url": "https://example.org/a", "title": "T"}\n', encoding="utf-8")
    result = runner.invoke(main, [*store_opt, "ingest", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("records.jsonl:1" in e for e in errors)
    assert "stored 1 article(s)" in result.stderr


def test_every_command_has_help(runner: CliRunner) -> None:
    for command in ["ingest", "extract", "export", "query", "validate", "stats", "serve", "settings"]:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 80, command


def test_settings_hide_the_password(runner: CliRunner) -> None:
    result = runner.invoke(main, ["settings"], env={"KB_REMOTE_PASSWORD": "s3cret"})
    assert "s3cret" not in result.output and "KB_STORE" in result.output


def test_sigkill_mid_ingest_leaves_a_store_that_opens_validates_and_finishes(tmp_path: Path) -> None:
    maker = SHARED / "bench" / "make_corpus.py"
    if not maker.exists():
        pytest.skip("../shared/bench/make_corpus.py is not beside the project")
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    subprocess.run([sys.executable, str(maker), str(corpus), "2000"], check=True)
    process = subprocess.Popen([*KB, "--store", str(store), "ingest", "--batch-size", "200", str(corpus)],
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:  # progress lines: "  600 articles read (last: ...)"
        if "600 articles read" in line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    def kb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*KB, "--store", str(store), *args], capture_output=True, text=True)

    before = json.loads(kb("stats", "--format", "json").stdout)["articles"]
    assert 600 <= before < 2000  # articles are written 200 at a time, before progress is told
    assert kb("validate").returncode == 0
    rerun = kb("ingest", "--quiet", str(corpus))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{before} unchanged" in rerun.stderr
    assert json.loads(kb("stats", "--format", "json").stdout)["articles"] == 2000
