"""The query worker pool over a real on-disk store: workers that die are replaced, a query whose worker
died before its first answer (it could not open the store) is run again on fresh workers, and workers opened while
the web process writes find the store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEED

from kb.ingest import ingest
from kb.sparql.engine import Job
from kb.sparql.executor import Busy, QueryTimeout, WorkerFailed, WorkerPool
from kb.store import open_store

ASK_ARTICLE = Job("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/eventkb/ontology#Article> } }",
                  "json", 10)


def idle_worker_process(pool: WorkerPool) -> object:
    return pool._idle.queue[0].process  # the one worker of a pool of one


def test_a_worker_dead_before_its_first_answer_is_replaced_and_the_query_answered(store_dir: str) -> None:
    pool = WorkerPool(store_dir, 1)
    try:
        process = idle_worker_process(pool)
        process.kill()  # type: ignore[attr-defined]
        process.wait()  # type: ignore[attr-defined]
        answer = pool.run(ASK_ARTICLE, 20)
        assert answer.error is None and b'"1"' in answer.body
        assert idle_worker_process(pool) is not process
    finally:
        pool.close()


def test_a_worker_that_dies_after_answering_fails_only_that_query(store_dir: str) -> None:
    pool = WorkerPool(store_dir, 1)
    try:
        assert pool.run(ASK_ARTICLE, 20).error is None
        process = idle_worker_process(pool)
        process.kill()  # type: ignore[attr-defined]
        process.wait()  # type: ignore[attr-defined]
        with pytest.raises(WorkerFailed):
            pool.run(ASK_ARTICLE, 20)
        assert pool.run(ASK_ARTICLE, 20).error is None
    finally:
        pool.close()


def test_workers_started_while_the_store_is_written_answer(store_dir: str, tmp_path: Path) -> None:
    """A read-only open during the writer's compactions met deleted files ("No such file or directory
    ... .sst") under the load test; the worker tries again."""
    location = str(tmp_path / "store")
    with open_store(location) as store:
        ingest([SEED], store)
        stop = threading.Event()

        def write() -> None:
            n = 0
            while not stop.is_set():
                graph = f"https://example.org/graph/{n % 50}"
                triples = "".join(f"<https://example.org/s{n}> <https://example.org/p> \"{i}\" .\n"
                                  for i in range(200))
                store.replace_graph(graph, triples)
                store.flush()
                n += 1

        writer = threading.Thread(target=write)
        writer.start()
        try:
            for _ in range(15):
                pool = WorkerPool(location, 1)
                try:
                    assert pool.run(ASK_ARTICLE, 20).error is None
                finally:
                    pool.close()
        finally:
            stop.set()
            writer.join()


SLOW = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", "json", 10)


def test_a_query_waits_for_a_busy_worker_beyond_its_own_time_limit_then_gets_busy(store_dir: str) -> None:
    pool = WorkerPool(store_dir, 1, queue_wait=15)
    try:
        stopped: list[type[BaseException]] = []
        busy = threading.Thread(target=lambda: stopped.append(raised(lambda: pool.run(SLOW, 1.0))))
        busy.start()
        time.sleep(0.2)  # the one worker is taken
        started = time.monotonic()
        answer = pool.run(ASK_ARTICLE, 0.5)  # waits past its 0.5 s for the worker the slow query frees
        assert answer.error is None and time.monotonic() - started > 0.5
        busy.join()
        assert stopped == [QueryTimeout]
        pool.queue_wait = 0.2
        busy = threading.Thread(target=lambda: raised(lambda: pool.run(SLOW, 1.0)))
        busy.start()
        time.sleep(0.2)
        with pytest.raises(Busy):
            pool.run(ASK_ARTICLE, 0.1)
        busy.join()
    finally:
        pool.close()


def raised(call: Callable[[], object]) -> type[BaseException]:
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - the test looks at which
        return type(exc)
    raise AssertionError("it did not raise")
