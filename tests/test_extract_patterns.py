"""Trie-shaped patterns match exactly what the plain alternations they replace matched."""

from __future__ import annotations

import re

from kb.extract.patterns import literal_trie, token_trie


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


def test_the_guard_lists_every_possible_first_letter_in_both_cases() -> None:
    from kb.extract.patterns import first_char_guard

    assert first_char_guard("(?:(?:tele)?phone calls?|video call)") == "(?=[PTVptv])"


def test_no_guard_where_the_first_character_cannot_be_told() -> None:
    from kb.extract.patterns import first_char_guard

    assert first_char_guard(r"\S+-day visit") == ""  # any non-space character
    assert first_char_guard("(?:state )?visit") == "(?=[SVsv])"
    assert first_char_guard("x?") == ""  # may match empty


def test_a_guarded_pattern_finds_exactly_what_the_plain_one_finds() -> None:
    from kb.extract.patterns import first_char_guard

    body = r"(?:(?:held|hold) (?:\S+ ){0,5}?talks|met|summits?|(?:tele)?phoned)"
    plain = re.compile(rf"\b{body}\b", re.I)
    guarded = re.compile(rf"{first_char_guard(body)}\b{body}\b", re.I)
    text = "They met, held two rounds of talks, phoned, telephoned and Summit; summitry and hemet do not count."
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(list(plain.finditer(text))) == 5
