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


def test_the_guard_keeps_class_escapes_as_written() -> None:
    from kb.extract.patterns import first_char_guard

    assert first_char_guard(r"\b(?:\d+|two) days", re.I) == r"(?=[\dTt])"


def test_guarded_leaves_out_a_guard_the_engine_does_not_need() -> None:
    from kb.extract.patterns import guarded

    assert guarded(r"\[[A-Z]+\]$|[.!?] [A-Z]\w+$").pattern == r"\[[A-Z]+\]$|[.!?] [A-Z]\w+$"
    assert guarded(r"\bvisit(?:ed|s)?\b").pattern == r"(?=[v])\bvisit(?:ed|s)?\b"


def test_required_words_are_held_by_every_match() -> None:
    from kb.extract.patterns import required_words

    assert required_words(re.compile(r"\b(?:tele)?phone (?:calls?|talks)|video call", re.I)) == (
        "phone ", "video call")
    assert required_words(re.compile(r"\bsign(?:ed|s)?\b")) == ("sign",)
    assert required_words(re.compile(r"\b\w+ed\b")) == ("ed",)
    assert required_words(re.compile(r"\b\w+\b|ed")) is None  # no literal every match holds
    assert required_words(re.compile(r"(?:a|b\w+)c")) == ("c",)


def test_the_gate_never_turns_away_a_text_the_pattern_matches() -> None:
    from kb.extract.patterns import gate_text, may_match, word_gate

    pattern = re.compile(r"\b(?:state )?visit(?:ed|s)?\b|\barrived in\b", re.I)
    gate = word_gate([pattern])
    assert gate == ("arrived in", "visit")
    for text in ["He VISITED Seoul.", "Arrived In Tokyo", "a state visit", "Vıſıt", "no trip here", "ARRİVED IN"]:
        if pattern.search(text):
            assert may_match(gate, gate_text(text)), text
    assert not may_match(gate, gate_text("They spoke by phone."))


def test_folds_to_ascii_lists_every_character_a_case_insensitive_ascii_letter_matches() -> None:
    import sys

    from kb.extract.patterns import FOLDS_TO_ASCII

    ascii_letter = re.compile("[\x00-\x7f]", re.I)
    found = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if ascii_letter.match(chr(c)))
    assert found == FOLDS_TO_ASCII


def test_a_nonempty_guard_keeps_every_non_empty_match_of_a_pattern_that_may_match_empty() -> None:
    from kb.extract.patterns import guarded

    body = r"(?:\b(?P<cty>Russian|North Korean)\s+)?(?:\b(?P<title>President|leader)\s+)?$"
    plain, fast = re.compile(body), guarded(body, nonempty=True)
    text = "Talks with Russian President Putin and the North Korean leader  Kim\nended."
    for stop in range(len(text) + 1):
        m, g = plain.search(text, 0, stop), fast.search(text, 0, stop)
        assert (g.span() if g else None) == (m.span() if m and m.group() else None)
