"""Where endpoint queries run, one executor per backend, each with a time limit.

- on-disk store: a pool of worker processes (`kb.sparql.worker`); a query past the limit has its
  worker killed and replaced, so the engine really stops and the other workers keep serving.
- in-memory store: a thread pool in the web process. Past the limit the client gets the timeout
  error at once, but the engine cannot be stopped and finishes the query in the background:
  use the in-memory store for tests and one-off runs only.
- remote server: the query is forwarded over HTTP with the limit as the request timeout;
  whether the server then stops the query is up to the server.
"""

from __future__ import annotations

import concurrent.futures
import queue
import select
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod

import pyoxigraph as ox

from kb.sparql.engine import Answer, Job, execute, serialise
from kb.sparql.worker import read_frame, write_frame
from kb.store import KnowledgeStore, OxigraphStore
from kb.vocab import sparql_prefixes


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class Busy(Exception):
    """Every worker stayed busy for as long as a query waits for one (`WorkerPool.queue_wait`)."""


class WorkerFailed(Exception):
    """The worker process died while running the query (the engine crashed on it, or was killed)."""


class Executor(ABC):
    @abstractmethod
    def run(self, job: Job, timeout: float) -> Answer: ...

    def refresh(self) -> None:  # noqa: B027 - only the worker pool holds a snapshot to renew
        """Called after an update, so later queries see it."""

    def close(self) -> None:  # noqa: B027
        """Stop whatever the executor started."""


# ---------------------------------------------------------------- on-disk store: worker processes


class Worker:
    def __init__(self, location: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "kb.sparql.worker", location],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.answered = 0

    def run(self, job: Job, timeout: float) -> Answer:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            write_frame(self.process.stdin, job)
            ready, _, _ = select.select([self.process.stdout], [], [], max(timeout, 0.0))
            if not ready:
                raise QueryTimeout
            answer: Answer = read_frame(self.process.stdout)
        except (EOFError, OSError) as exc:  # a closed pipe: the process is gone
            raise WorkerFailed(f"the query worker stopped ({exc})") from None
        self.answered += 1
        return answer

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


OPEN_ATTEMPTS = 4  # fresh workers a query may try when each dies before answering (see WorkerPool.run)


class WorkerPool(Executor):
    """`size` worker processes; a query waits up to `queue_wait` seconds for an idle one (other visitors'
    queries are no fault of its own), then gets the whole time limit to run."""

    def __init__(self, location: str, size: int, queue_wait: float = 30.0) -> None:
        self.location = location
        self.queue_wait = queue_wait
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> Worker:
        worker = Worker(self.location)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def run(self, job: Job, timeout: float) -> Answer:
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                worker = self._idle.get(timeout=max(self.queue_wait, timeout))
            except queue.Empty:
                raise Busy from None
            try:
                answer = worker.run(job, timeout)
            except WorkerFailed:
                self._replace(worker)
                if worker.answered or attempt == OPEN_ATTEMPTS:
                    raise
                # It died before its first answer: it could not open the store (a read-only open can meet
                # the writer's compaction again and again in one process); a fresh process, a moment later.
                time.sleep(0.1 * attempt)
                continue
            except BaseException:
                self._replace(worker)  # past the limit: only a fresh process is known to be in a good state
                raise
            self._idle.put(worker)
            return answer
        raise AssertionError("unreachable")

    def _replace(self, worker: Worker) -> None:
        self._retire(worker)
        self._idle.put(self._spawn())

    def refresh(self) -> None:
        """Replace the idle workers: a read-only open sees the store as it was when it was opened."""
        for _ in range(self._idle.qsize()):
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._retire(worker)
            self._idle.put(self._spawn())

    def close(self) -> None:
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()


# ---------------------------------------------------------------- in-memory store: threads


class ThreadExecutor(Executor):
    def __init__(self, store: ox.Store, size: int) -> None:
        self._store = store
        self._threads = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, size))

    def run(self, job: Job, timeout: float) -> Answer:
        future = self._threads.submit(execute, self._store, job)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise QueryTimeout from None

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------- remote server: HTTP forward


class RemoteExecutor(Executor):
    def __init__(self, query_url: str, authorization: str | None = None) -> None:
        self.query_url = query_url
        self.authorization = authorization

    def run(self, job: Job, timeout: float) -> Answer:
        started = time.perf_counter()
        params = [("default-graph-uri", g) for g in job.default_graphs or []]
        params += [("named-graph-uri", g) for g in job.named_graphs or []]
        url = self.query_url + ("?" + urllib.parse.urlencode(params) if params else "")
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        request = urllib.request.Request(url, data=(sparql_prefixes() + job.query).encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/sparql-query", "Accept": accept})
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                media_type = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace")[:500]
            exc.close()
            return Answer(error=message, seconds=time.perf_counter() - started, extra={"syntax": exc.code == 400})
        except TimeoutError:
            raise QueryTimeout from None
        answer = serialise(_parse_remote(body, media_type), job)
        answer.seconds = time.perf_counter() - started
        return answer


def _parse_remote(body: bytes, media_type: str) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    if media_type == "application/n-triples":
        return [quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
    return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)


def executor_for(store: KnowledgeStore, size: int) -> Executor:
    if isinstance(store, OxigraphStore):
        if store.location == ":memory:":
            return ThreadExecutor(store.engine, size)
        return WorkerPool(store.location, size)
    from kb.remote import RemoteStore

    assert isinstance(store, RemoteStore)
    return RemoteExecutor(store.query_url, store.authorization)
