"""Multi-word names found by looking tokens up, so the cost does not grow with the number of people.

A name's tokens may be joined by spaces or hyphens in text ("Kim Jong Un" = "Kim Jong-un") and are
compared without regard to case; the longest name starting at a token wins, and a found name is not
searched again. A name may be wrapped in quotes or brackets and end in punctuation or a possessive
("Putin's"), as a regular expression with word boundaries would allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

TOKEN = re.compile(r"[^\s-]+")
LEADING = "\"'“‘([{"
TRAILING = ".,;:!?)]}\"'”’"
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
END = ""  # the key that marks the end of a name in the trie


class NameTrie:
    """Token sequences (lower-cased) -> the name they spell, as stored."""

    def __init__(self, names: Iterable[Sequence[str]]) -> None:
        self.root: dict[str, dict] = {}  # token -> the trie of the tokens that may follow it
        for tokens in names:
            node = self.root
            for token in tokens:
                node = node.setdefault(token.lower(), {})
            node[END] = {}

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each name in `text`, left to right, not overlapping."""
        spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        root = self.root
        tokens: list[_Token | None] = [None] * len(spans)
        i = 0
        while i < len(spans):
            word = text[spans[i][0]:spans[i][1]].lower().lstrip(LEADING)
            if word not in root and _core(word) not in root:
                i += 1  # most tokens open no name: tested with two string look-ups, no token built
                continue
            found = self._at(text, spans, tokens, i)
            if found is None:
                i += 1
                continue
            yield found[0], found[1]
            i = found[2] + 1

    def _at(self, text: str, spans: list[tuple[int, int]], tokens: list[_Token | None],
            i: int) -> tuple[int, int, int] | None:
        node = self.root
        best: tuple[int, int, int] | None = None
        for j in range(i, len(spans)):
            token = tokens[j] or _Token.of(text, *spans[j])
            tokens[j] = token
            raw = token.first if j == i else token.raw
            core = token.first_core if j == i else token.core
            if core != raw and END in node.get(core, {}):
                best = (tokens[i].lead, token.core_end, j)  # type: ignore[union-attr]
            node = node.get(raw, {})
            if not node:
                break
            if END in node:
                best = (tokens[i].lead, token.end, j)  # type: ignore[union-attr]
        return best


class _Token:
    """A token of the text, lower-cased, as it is and without trailing punctuation ("Putin's," -> "putin");
    `first` and `first_core` also drop leading quotes and brackets, for a token that opens a name."""

    __slots__ = ("end", "raw", "core", "core_end", "lead", "first", "first_core")

    def __init__(self, end: int, raw: str, core: str, core_end: int, lead: int, first: str, first_core: str) -> None:
        self.end, self.raw, self.core, self.core_end = end, raw, core, core_end
        self.lead, self.first, self.first_core = lead, first, first_core

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Token:
        lead = start
        while lead < end and text[lead] in LEADING:
            lead += 1
        core_end = _core_end(text, lead, end)
        raw, first = text[start:end].lower(), text[lead:end].lower()
        return cls(end, raw, text[start:core_end].lower(), core_end, lead, first, text[lead:core_end].lower())


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each token without surrounding quotes, brackets, punctuation and possessive,
    for looking one-word names up ("(Putin's," -> "Putin")."""
    for m in TOKEN.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in LEADING:
            start += 1
        stop = _core_end(text, start, end)
        if stop > start:
            yield start, stop, text[start:stop]


def _core(word: str) -> str:
    """A lower-cased word without trailing punctuation and possessive, as `_core_end` cuts it."""
    word = word.rstrip(TRAILING)
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)].rstrip(TRAILING)
    return word


def _core_end(text: str, start: int, end: int) -> int:
    """Where a token ends without trailing punctuation and a possessive ("Putin's," -> "Putin")."""
    stop = end
    while stop > start and text[stop - 1] in TRAILING:
        stop -= 1
    possessive = POSSESSIVE.search(text, start, stop)
    if possessive:
        stop = possessive.start()
    while stop > start and text[stop - 1] in TRAILING:
        stop -= 1
    return stop
