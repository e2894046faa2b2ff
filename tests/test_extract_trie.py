"""Trie-shaped patterns match exactly what the plain alternations they replace matched."""

from __future__ import annotations

import re

from kb.extract.trie import literal_trie, token_trie


def test_literal_trie_prefers_the_longest_phrase() -> None:
    pattern = re.compile(rf"\b(?:{literal_trie(['South Korea', 'South', 'South Africa', 'Korea'])})\b")
    assert [m.group() for m in pattern.finditer("South Korea and South Africa, South, Korea")] == [
        "South Korea", "South Africa", "South", "Korea"]


def test_literal_trie_escapes_regex_characters() -> None:
    pattern = re.compile(literal_trie(["U.S.", "A+B"]))
    assert pattern.fullmatch("U.S.") and pattern.fullmatch("A+B") and not pattern.fullmatch("UXS.")


def test_token_trie_takes_spaces_and_hyphens_alike_and_folds_case() -> None:
    pattern = re.compile(rf"\b(?:{token_trie([['Kim', 'Jong', 'Un'], ['Kim', 'Yo', 'Jong']], fold_case=True)})\b",
                         re.I)
    text = "Kim Jong-un met KIM YO JONG; Kim Jong alone is no name here."
    assert [m.group() for m in pattern.finditer(text)] == ["Kim Jong-un", "KIM YO JONG"]


def test_an_empty_list_matches_nothing() -> None:
    assert re.search(literal_trie([]), "anything") is None
