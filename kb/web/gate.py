"""At most `KB_PAGE_SLOTS` pages prepared at once; other page requests wait their turn.

Pages are built in Python, which runs one thread at a time: twenty pages built at once each take
twenty times longer, and an ingest posted meanwhile (resolution is Python too) gets a twentieth of the
process, so under load it ran past any client's patience. Behind the gate, a few pages are built at a
time and the rest wait without taking a share; POST /articles, DELETE, the SPARQL endpoint (its
queries run in worker processes) and files sent from disk (whole-KB exports, static files) pass
straight through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
UNGATED = ("/sparql", "/export.", "/static/")


class PageGate:
    """WSGI middleware: `slots` GET/HEAD page requests at a time (0 lets every request through)."""

    def __init__(self, app: Wsgi, slots: int) -> None:
        self.app = app
        self.slots = threading.BoundedSemaphore(slots) if slots > 0 else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (self.slots is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
                or path.startswith(UNGATED)):
            return self.app(environ, start_response)
        with self.slots:
            # The body is built inside the slot (a page's work happens as it is iterated, for streamed ones).
            result = self.app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
