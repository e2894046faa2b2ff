"""The name of the treaty or agreement a sentence speaks of, and the key two names are compared by.

"signed a comprehensive strategic partnership treaty" -> "comprehensive strategic partnership treaty",
key {"comprehensive", "strategic", "partnership"}; "the Treaty on Comprehensive Strategic Partnership"
-> the same key. A bare "the treaty" has an empty key and is compatible with any name. The word lists
live in kb/data/agreements.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

AGREEMENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "agreements.toml"
MODIFIERS = 5  # words before the head noun that may belong to the name
WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class Lexicon:
    heads: re.Pattern[str]
    generic: frozenset[str]
    stop: frozenset[str]
    head_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon(path: Path = AGREEMENTS_FILE) -> Lexicon:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    heads = sorted(raw["heads"], key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.IGNORECASE)
    head_words = frozenset(w for h in heads for w in h.split())
    return Lexicon(pattern, frozenset(raw["generic"]), frozenset(raw["stop"]), head_words)


def agreement_name(sentence: str) -> str | None:
    """The first agreement named in `sentence`, with the modifiers that make its name."""
    lex = lexicon()
    match = lex.heads.search(sentence)
    if match is None:
        return None
    before = _modifiers(sentence[:match.start()], lex)
    after = _complement(sentence[match.end():]) if match.group()[0].isupper() else ""
    name = " ".join(part for part in (before, match.group(), after) if part)
    return name


TRAILING_WORDS = re.compile(rf"(?:[A-Za-z][\w'’-]*\s+){{1,{MODIFIERS}}}$")


def _modifiers(text: str, lex: Lexicon) -> str:
    """The words just before the head noun (no punctuation between), after the last word that
    cannot be in a name: "after signing a comprehensive strategic partnership" -> its last three."""
    match = TRAILING_WORDS.search(text)
    if match is None:
        return ""
    kept: list[str] = []
    for word in reversed(match.group().split()):
        if word.lower() in lex.stop:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _complement(text: str) -> str:
    """'Treaty on Comprehensive Strategic Partnership': capitalised words after "on"/"of"/"between"."""
    match = re.match(r"\s+(?:on|of|between)\s+((?:(?:the|and|of|on)\s+)*(?:[A-Z][\w'’-]*\s*)+)", text)
    return f"{text.split()[0]} {match.group(1).strip()}" if match else ""


def agreement_key(name: str | None) -> frozenset[str]:
    """The distinctive words of a name, lower case; empty for a bare "the treaty"."""
    if not name:
        return frozenset()
    lex = lexicon()
    words = {w.lower().strip("'’") for w in WORD.findall(name)}
    return frozenset(w for w in words if w not in lex.generic and w not in lex.head_words)


def same_agreement(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two keys name the same agreement when one holds the other (an empty key holds nothing)."""
    return a <= b or b <= a
