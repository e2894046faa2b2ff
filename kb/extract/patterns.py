"""Regular expressions shaped for speed: word lists as tries, and a first-character guard.

A plain alternation of hundreds of names (`Vladimir Putin|Volodymyr Zelensky|...`) makes Python's
regex engine try every name at every word boundary; the same list folded into a trie
(`V(?:ladimir Putin|olodymyr Zelensky)`) lets it follow one branch per character, which made
name lookup the cheapest step of extraction instead of the dearest.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

# The regex parser's own tree and op codes (private modules of `re`, stable since Python 3.11; if they
# ever move, first_char_guard returns "" and patterns just lose their guard).
sre_parser = importlib.import_module("re._parser")
sre = importlib.import_module("re._constants")

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


# ---------------------------------------------------------------- first-character guard

Chars = set[str] | None  # None: cannot tell (the guard is then left out)


def first_char_guard(pattern: str, flags: int = re.IGNORECASE) -> str:
    """A lookahead `(?=[...])` of the characters a match of `pattern` can start with, or "".

    Python's engine tries every alternative of a pattern at every word boundary; a one-character
    class in front rejects most positions at once (a third off the trigger scan). The set is read
    from the regex parser's own tree, so the guard never changes what matches; a pattern whose
    first characters cannot be told (a class like \\S, or one that can match empty) gets none.
    """
    try:
        chars, nullable = _first_of_sequence(sre_parser.parse(pattern, flags))
    except (re.error, TypeError, ValueError, AttributeError):
        return ""
    if chars is None or nullable or not chars:
        return ""
    if flags & re.IGNORECASE:
        chars = {c for ch in chars for c in (ch.lower(), ch.upper())}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _first_of_sequence(items: Any) -> tuple[Chars, bool]:
    chars: set[str] = set()
    for op, arg in items:
        first, nullable = _first_of(op, arg)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of(op: Any, arg: Any) -> tuple[Chars, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False
    if op is sre.SUBPATTERN:
        return _first_of_sequence(arg[3])
    if op is sre.BRANCH:
        return _first_of_branches(arg[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _, sub = arg
        first, nullable = _first_of_sequence(sub)
        return first, low == 0 or nullable
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero-width: the next item decides
    if op is sre.IN:
        return _first_of_class(arg), False
    return None, False


def _first_of_branches(branches: Any) -> tuple[Chars, bool]:
    chars: set[str] = set()
    nullable = False
    for branch in branches:
        first, empty = _first_of_sequence(branch)
        if first is None:
            return None, False
        chars |= first
        nullable |= empty
    return chars, nullable


def _first_of_class(items: Any) -> Chars:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE:
            chars |= {chr(code) for code in range(arg[0], arg[1] + 1)}
        else:
            return None
    return chars
