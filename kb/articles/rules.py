"""The page rules as data: `kb/data/page_noise.toml` and `kb/data/pubdate.toml`, read once at import.

`blocks` and `pubdate` compile what they need from `NOISE` and `PUB`; the few patterns both of them use
(what a sentence end and a seed header look like) are compiled here so there is one copy of each.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kb.extract.patterns import gate_text, guarded, may_match, word_gate

_DATA = Path(__file__).resolve().parent.parent / "data"


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((_DATA / name).read_text("utf-8"))


class AnyOf:
    """Any of several line patterns; `search` tells whether one of them occurs in a line.

    The patterns anchored with `^` share one anchor and are tried at the start only; the others share one
    first-character guard and are not scanned at all in a line that holds none of the words one of them
    needs (kb.extract.patterns). Line classification runs these on every line of every page."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE) -> None:
        anchored = [p[1:] for p in patterns if p.startswith("^")]
        floating = "|".join(f"(?:{p})" for p in patterns if not p.startswith("^"))
        self.anchored = re.compile("(?:" + "|".join(f"(?:{p})" for p in anchored) + ")", flags) if anchored else None
        self.floating = guarded(floating, flags) if floating else None
        self.gate = word_gate([self.floating]) if self.floating else None

    def search(self, text: str) -> bool:
        if self.anchored is not None and self.anchored.match(text):
            return True
        return (self.floating is not None and may_match(self.gate, gate_text(text))
                and self.floating.search(text) is not None)


def any_of(patterns: list[str], flags: int = re.IGNORECASE) -> AnyOf:
    """One matcher for any of `patterns` (each kept in its own group, so alternations stay local)."""
    return AnyOf(patterns, flags)


# Two small data files, read once at import.
NOISE, PUB = _toml("page_noise.toml"), _toml("pubdate.toml")

# The seed header line: ` date YYYY-MM-DD  Title`.
HEADER = re.compile(r"^\s*date\s+(\S+)\s+(.*\S)\s*$")
# A sentence end, maybe closed by quotes/brackets and followed by a wire credit ("... Friday. (Yonhap)").
PROSE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*(?:\s+[(\[][^()\[\]]{1,40}[)\]])?$")
