"""A query worker process: `python -m kb.sparql.worker STORE_FOLDER`.

It opens the on-disk store read-only (RocksDB allows any number of read-only openers beside the
web process's own), then answers jobs read from stdin, one framed pickle each, with framed
answers on stdout. The parent kills it when a query runs past the time limit: that is the only
way to stop a query in Oxigraph, which has no cancellation.
"""

from __future__ import annotations

import pickle
import struct
import sys
import time
from typing import IO, Any

HEADER = struct.Struct(">Q")


def write_frame(out: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(HEADER.pack(len(data)) + data)
    out.flush()


def read_exactly(source: IO[bytes], size: int) -> bytes:
    chunks = []
    while size:
        chunk = source.read(size)
        if not chunk:
            raise EOFError("the other end closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(source: IO[bytes]) -> Any:
    (size,) = HEADER.unpack(read_exactly(source, HEADER.size))
    return pickle.loads(read_exactly(source, size))  # noqa: S301 - our own parent or child process


def serve(location: str) -> None:
    import pyoxigraph as ox

    from kb.sparql.engine import execute

    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must never corrupt the answer frames
    store = open_read_only(ox, location)
    while True:
        try:
            job = read_frame(channel_in)
        except EOFError:
            return
        write_frame(channel_out, execute(store, job))


def open_read_only(ox: Any, location: str, tries: int = 20) -> Any:
    """The store opened read-only, trying again when the writer removed a file it was reading (an
    open while the web process writes can meet a compaction: "No such file or directory ... .sst")."""
    for attempt in range(tries):
        try:
            return ox.Store.read_only(location)
        except RuntimeError:
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


if __name__ == "__main__":
    serve(sys.argv[1])
