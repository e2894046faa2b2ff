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
# Class escapes a first character may be given as: kept as written inside the guard's class, so they mean
# exactly what they meant in the pattern (Unicode digits for \\d in a str pattern).
_CATEGORIES = {sre.CATEGORY_DIGIT: "\\d", sre.CATEGORY_WORD: "\\w", sre.CATEGORY_SPACE: "\\s"}


def first_char_guard(pattern: str, flags: int = re.IGNORECASE, nonempty: bool = False) -> str:
    """A lookahead `(?=[...])` of the characters a match of `pattern` can start with, or "". With
    `nonempty`, of the characters its non-empty matches start with (a guarded search then finds no empty one).

    Python's engine tries every alternative of a pattern at every word boundary; a one-character
    class in front rejects most positions at once (a third off the trigger scan). The set is read
    from the regex parser's own tree, so the guard never changes what matches; a pattern whose
    first characters cannot be told (a class like \\S, or one that can match empty) gets none.
    """
    try:
        chars, nullable = _first_of_sequence(sre_parser.parse(pattern, flags))
    except (re.error, TypeError, ValueError, AttributeError):
        return ""
    if chars is None or (nullable and not nonempty) or not chars:
        return ""
    categories = sorted(c for c in chars if c in _CATEGORIES.values())
    literal = {c for c in chars if c not in _CATEGORIES.values()}
    if flags & re.IGNORECASE:
        literal = {c for ch in literal for c in (ch.lower(), ch.upper())}
    return "(?=[" + "".join(categories) + "".join(re.escape(c) for c in sorted(literal)) + "])"


def guarded(pattern: str, flags: int = 0, nonempty: bool = False) -> re.Pattern[str]:
    """`pattern` compiled with its first-character guard in front (same matches, fewer tries; with
    `nonempty`, the same non-empty matches), unless the engine already rejects a position by its first
    character: when, case-sensitive, the pattern (or each of its alternatives) starts with a literal or a
    class, the guard would be one more test per position."""
    if not flags & re.IGNORECASE and _starts_plain(pattern, flags):
        return re.compile(pattern, flags)
    return re.compile(first_char_guard(pattern, flags, nonempty) + pattern, flags)


def _starts_plain(pattern: str, flags: int) -> bool:
    items: Any = sre_parser.parse(pattern, flags)
    while len(items) and items[0][0] is sre.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
        items = items[0][1][3]  # a group that sets no flags: look inside
    if not len(items):
        return False
    op, arg = items[0]
    if op is sre.BRANCH:
        return all(len(branch) and branch[0][0] in (sre.LITERAL, sre.IN) for branch in arg[1])
    return op in (sre.LITERAL, sre.IN)


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
        elif op is sre.CATEGORY and arg in _CATEGORIES:
            chars.add(_CATEGORIES[arg])
        else:
            return None
    return chars


# ---------------------------------------------------------------- word gate

# Characters outside ASCII that a case-insensitive pattern takes for an ASCII letter ("ſ" for "s", the
# Kelvin sign for "k") although str.lower() keeps them apart. tests/test_extract_patterns.py checks this
# list against every code point.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FOLDING = re.compile(f"[{FOLDS_TO_ASCII}]")


def required_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of `pattern` contains, or None when none can be told.

    A sentence whose lower-case text holds none of them cannot match, so the scan is skipped (most
    sentences hold no trigger word at all). Read from the regex parser's tree, like the guard above."""
    try:
        words = _needed(sre_parser.parse(pattern.pattern, pattern.flags))
    except (re.error, TypeError, ValueError, AttributeError):
        return None
    if not words or not all(w.isascii() for w in words):
        return None
    return tuple(sorted(words))


Gate = tuple[str, ...] | None  # words one of which a text must hold to be worth scanning; None: no gate


def word_gate(patterns: Iterable[re.Pattern[str]]) -> Gate:
    """The `required_words` of all of `patterns` (a text without any of them matches none), or None when one
    of them has none."""
    words: set[str] = set()
    for pattern in patterns:
        own = required_words(pattern)
        if own is None:
            return None
        words.update(own)
    # "visit" makes "visited" redundant: a text holding the longer word holds the shorter one.
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


def gate_text(text: str) -> str | None:
    """The text a `word_gate` looks at: lower case, or None (no gate) when it holds a character that
    lower-casing would not map to the ASCII letter a case-insensitive pattern matches it to."""
    if not text.isascii() and _FOLDING.search(text):
        return None
    return text.lower()


def may_match(gate: Gate, lowered: str | None) -> bool:
    """False only when no pattern behind `gate` can match the text `lowered` was made from. (A plain loop of
    substring tests: cheaper than any() over a generator, and than one regex, for these few words.)"""
    if gate is None or lowered is None:
        return True
    for word in gate:  # noqa: SIM110 (the loop is the faster form)
        if word in lowered:
            return True
    return False


def _needed(items: Any) -> set[str] | None:
    """The best set of strings one of which every match of the sequence `items` contains."""
    best: set[str] | None = None
    run = ""  # consecutive literal characters

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or _worth(candidate) > _worth(best)):
            best = candidate

    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg).lower()
            continue
        consider({run} if run else None)
        run = ""
        if op is sre.SUBPATTERN:
            consider(_needed(arg[3]))
        elif op is sre.BRANCH:
            alternatives = [_needed(branch) for branch in arg[1]]
            if all(a is not None for a in alternatives):
                consider(set().union(*(a for a in alternatives if a is not None)))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            consider(_needed(arg[2]))
    consider({run} if run else None)
    return best


def _worth(words: set[str]) -> tuple[int, int]:
    """Longer words rule out more sentences; fewer words are cheaper to look for."""
    return min(map(len, words)), -len(words)

