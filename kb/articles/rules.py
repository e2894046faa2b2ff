"""The page rules as data: `kb/data/page_noise.toml` and `kb/data/pubdate.toml`, read once at import.

`blocks` and `pubdate` compile what they need from `NOISE` and `PUB`; the few patterns both of them use
(what a sentence end and a seed header look like) are compiled here so there is one copy of each.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parent.parent / "data"


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((_DATA / name).read_text("utf-8"))


def any_of(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching any of `patterns` (each kept in its own group, so alternations stay local).

    The patterns anchored with `^` share one anchor, so that at every other position of a line the
    engine rejects all of them with one test instead of one each (this made line classification
    several times faster)."""
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]
    parts = ["^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")"] if anchored else []
    parts += [f"(?:{p})" for p in floating]
    return re.compile("|".join(parts), flags)


# Two small data files, read once at import.
NOISE, PUB = _toml("page_noise.toml"), _toml("pubdate.toml")

# The seed header line: ` date YYYY-MM-DD  Title`.
HEADER = re.compile(r"^\s*date\s+(\S+)\s+(.*\S)\s*$")
# A sentence end, maybe closed by quotes/brackets and followed by a wire credit ("... Friday. (Yonhap)").
PROSE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*(?:\s+[(\[][^()\[\]]{1,40}[)\]])?$")
