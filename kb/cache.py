"""Built data kept between processes: the actor data and its index take a second to build from the
TOML files; a process finds them ready in the cache folder instead.

An entry's name holds a hash of everything it was built from (the data files' bytes and the source of
the code that builds it), so an edit to either builds it afresh; entries are written whole (a temporary
file renamed into place) and a cache that cannot be read or written is simply not used. The folder is
`KB_CACHE_DIR` (see `kb.settings`), by default `~/.cache/kb-events`; `KB_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
OFF = "off"
KEEP = 3  # entries of one kind kept (the newest)


def cache_dir(env: dict[str, str] | None = None) -> Path | None:
    env = dict(os.environ) if env is None else env
    chosen = env.get("KB_CACHE_DIR")
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    home = env.get("HOME") or str(Path.home())
    return Path(env.get("XDG_CACHE_HOME") or str(Path(home) / ".cache")) / "kb-events"


def fingerprint(files: Iterable[Path]) -> bytes:
    """A hash of the files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def cached(kind: str, key: bytes, build: Callable[[], _T]) -> _T:
    """The value built from what `key` fingerprints: read from the cache, else built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{hashlib.sha256(key).hexdigest()[:32]}.pickle"
    try:
        return pickle.loads(path.read_bytes())  # noqa: S301 - our own files, named by their content's hash
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
        _prune(folder, kind, keep=path)
    except (OSError, pickle.PicklingError, RecursionError):
        pass
    return value


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Entries of `kind` built from data or code that has since changed are of no more use: keep the
    KEEP most recent (another checkout of the project may still use one) and remove the rest."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [e for e in entries if e != keep][KEEP - 1:]:
        old.unlink(missing_ok=True)
