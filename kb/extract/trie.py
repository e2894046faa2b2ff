"""Word lists as trie-shaped regular expressions.

A plain alternation of hundreds of names (`Vladimir Putin|Volodymyr Zelensky|...`) makes Python's
regex engine try every name at every word boundary; the same list folded into a trie
(`V(?:ladimir Putin|olodymyr Zelensky)`) lets it follow one branch per character, which made
name lookup the cheapest step of extraction instead of the dearest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

END = ""  # marks "a phrase may end here" in a trie node
SEPARATOR = "\x00"  # one or more spaces or hyphens between the tokens of a flexible phrase
Trie = dict[str, "Trie"]


def _insert(trie: Trie, symbols: Iterable[str]) -> None:
    node = trie
    for symbol in symbols:
        node = node.setdefault(symbol, {})
    node[END] = {}


def _pattern(node: Trie) -> str:
    branches = [("[\\s-]+" if symbol == SEPARATOR else re.escape(symbol)) + _pattern(child)
                for symbol, child in sorted(node.items()) if symbol != END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Children before the end of a phrase, so the longest phrase wins, as in a longest-first alternation.
    if END in node:
        return f"(?:{body})?"
    return body


def literal_trie(phrases: Iterable[str], fold_case: bool = False) -> str:
    """A pattern matching exactly the given strings (lower-cased first when `fold_case`, for re.I use)."""
    trie: Trie = {}
    for phrase in phrases:
        _insert(trie, phrase.lower() if fold_case else phrase)
    return _pattern(trie) or "(?!)"


def token_trie(phrases: Iterable[Sequence[str]], fold_case: bool = False) -> str:
    """A pattern matching token sequences whose tokens may be joined by spaces or hyphens
    ("Kim Jong Un" also matches "Kim Jong-un")."""
    trie: Trie = {}
    for tokens in phrases:
        symbols: list[str] = []
        for i, token in enumerate(tokens):
            if i:
                symbols.append(SEPARATOR)
            symbols.extend(token.lower() if fold_case else token)
        _insert(trie, symbols)
    return _pattern(trie) or "(?!)"
