"""Multi-word names found by token look-up (kb.extract.names)."""

from kb.extract.names import NameTrie


def names(trie, text):
    return [text[s:e] for s, e in trie.find(text)]


def test_spaces_and_hyphens_are_interchangeable_and_case_does_not_matter():
    trie = NameTrie([["Kim", "Jong", "Un"]])
    assert names(trie, "North Korean leader Kim Jong-un met KIM JONG UN.") == ["Kim Jong-un", "KIM JONG UN"]


def test_the_longest_name_at_a_token_wins_and_names_do_not_overlap():
    trie = NameTrie([["George", "Bush"], ["George", "W.", "Bush"], ["Bush", "Sr."]])
    assert names(trie, "George W. Bush met George Bush.") == ["George W. Bush", "George Bush"]


def test_quotes_brackets_punctuation_and_possessives_stay_outside_the_name():
    trie = NameTrie([["Vladimir", "Putin"], ["S.", "Jaishankar"]])
    text = '("Vladimir Putin\'s" aide) and S. Jaishankar, who'
    assert names(trie, text) == ["Vladimir Putin", "S. Jaishankar"]


def test_a_name_inside_a_longer_word_is_not_found():
    trie = NameTrie([["Abiy", "Ahmed"]])
    assert names(trie, "Abiy Ahmeds") == []


def test_words_drop_quotes_punctuation_and_possessives():
    from kb.extract.names import words
    assert [w for _, _, w in words('("Putin\'s" aide), Kim.')] == ["Putin", "aide", "Kim"]
