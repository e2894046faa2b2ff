"""Answers of endpoint queries kept until the store changes: the KB is read far more than written.

A whole-KB query (counts, who met whom, the newest events) costs seconds at 100,000 articles and
gives the same answer until the next ingest. `CachingExecutor` wraps the executor that runs
queries: an answer already computed for the same query, format, row cap and dataset is served
from memory; several requests for one query not yet answered wait for a single run. It forgets
everything when the app changes the store (`refresh`, as after a SPARQL Update or an article
posted), and when `marker` (cheap counts of the store) changes, checked at most every `ttl`
seconds, which covers writes by other processes to a remote store. Memory is bounded
(`max_bytes`, least recently used answers go first).

The answers from before the last change are kept aside: when a query's fresh run cannot finish within
the time limit because the server is busy (an ingest every few seconds empties the cache, and each
visitor's query then competes with all the others), its previous answer is served, marked "stale"
(`X-KB-Cache: stale`), rather than a 503. A query never answered before still gets the 503.

`warm` runs the KB's named queries in the background when `kb serve` starts, on every query worker,
with a longer time limit than visitors get, so their first visitor is not the one who waits.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from kb.sparql.engine import Answer, Job
from kb.sparql.executor import Busy, Executor, QueryTimeout
from kb.vocab import sparql_prefixes

Key = tuple[str, str, int, tuple[str, ...] | None, tuple[str, ...] | None, bool]
Marker = Callable[[], tuple[str, ...]]


def key_of(job: Job) -> Key:
    # The KB's own PREFIX lines are predeclared: a query means the same with or without them.
    text = job.query.removeprefix(sparql_prefixes())
    graphs = [None if g is None else tuple(g) for g in (job.default_graphs, job.named_graphs)]
    return text, job.fmt, job.max_rows, graphs[0], graphs[1], job.use_query_dataset


def size_of(key: Key, answer: Answer) -> int:
    return len(answer.body) + len(key[0])


class CachingExecutor(Executor):
    def __init__(self, inner: Executor, max_bytes: int, marker: Marker, ttl: float) -> None:
        self.inner = inner
        self.max_bytes = max_bytes
        self._marker, self._ttl = marker, ttl
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._stale: dict[Key, Answer] = {}  # the answers kept before the store last changed
        self._bytes = 0
        self._running: dict[Key, threading.Event] = {}
        self._lock = threading.Lock()
        self._seen: tuple[str, ...] | None = None
        self._checked = float("-inf")
        self.hits = self.misses = self.stale_served = 0

    def run(self, job: Job, timeout: float) -> Answer:
        self._forget_if_changed()
        key = key_of(job)
        while True:
            with self._lock:
                answer = self._answers.get(key)
                if answer is not None:
                    self._answers.move_to_end(key)
                    self.hits += 1
                    return replace(answer, extra={**answer.extra, "cache": "hit"})
                running = self._running.get(key)
                if running is None:  # this request runs it; others asking meanwhile wait for it
                    running = self._running[key] = threading.Event()
                    break
            if not running.wait(timeout):
                return self._run_or_stale(key, job, timeout)  # the first run is taking long: try on our own
        try:
            self.misses += 1
            answer = self._run_or_stale(key, job, timeout)
            if answer.error is None and answer.extra.get("cache") != "stale":
                self._keep(key, answer)
            return answer
        finally:
            with self._lock:
                self._running.pop(key, None)
            running.set()

    def _run_or_stale(self, key: Key, job: Job, timeout: float) -> Answer:
        """A fresh run; when it cannot finish in time (the server is busy), the answer from before the
        store last changed, if there is one, marked "stale"."""
        try:
            return self.inner.run(job, timeout)
        except (QueryTimeout, Busy):
            with self._lock:
                stale = self._stale.get(key)
            if stale is None:
                raise
            self.stale_served += 1
            return replace(stale, extra={**stale.extra, "cache": "stale"})

    def _keep(self, key: Key, answer: Answer) -> None:
        size = size_of(key, answer)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = answer
            self._stale.pop(key, None)
            self._bytes += size
            while self._bytes > self.max_bytes:
                old_key, old = self._answers.popitem(last=False)
                self._bytes -= size_of(old_key, old)

    def _forget_if_changed(self) -> None:
        now = time.monotonic()
        if now - self._checked < self._ttl:
            return
        marker = self._marker()
        with self._lock:
            self._checked = now
            if marker != self._seen:
                self._clear()
                self._seen = marker

    def _clear(self) -> None:
        # Set aside, newest last, within max_bytes of their own: memory is at most twice max_bytes.
        for key, answer in self._answers.items():
            self._stale.pop(key, None)
            self._stale[key] = answer
        total = sum(size_of(k, a) for k, a in self._stale.items())
        while self._stale and total > self.max_bytes:
            oldest = next(iter(self._stale))
            total -= size_of(oldest, self._stale.pop(oldest))
        self._answers.clear()
        self._bytes = 0

    def refresh(self) -> None:
        with self._lock:
            self._clear()
            self._checked = float("-inf")
        self.inner.refresh()

    def close(self) -> None:
        self.inner.close()

    def warm(self, jobs: Iterable[Job], timeout: float, parallel: int = 1) -> int:
        """Run each job once (skipping those answered already), `parallel` at a time; how many were
        answered in time."""

        def answered(job: Job) -> bool:
            try:
                return self.run(job, timeout).error is None
            except Exception:  # noqa: BLE001 - a query that fails here fails again for its visitor, clearly
                return False

        with ThreadPoolExecutor(max(parallel, 1)) as pool:
            return sum(pool.map(answered, jobs))
