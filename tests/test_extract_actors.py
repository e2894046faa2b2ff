"""Actor mentions and references: groups ("the two leaders"), pronouns with gender, office references."""

from datetime import date

import pytest

from kb.extract.actor_index import index_for
from kb.extract.actors import Context, find_actors
from kb.gazetteer import load_gazetteer

DAY = date(2025, 8, 13)


@pytest.fixture(scope="module")
def index():
    return index_for(load_gazetteer())


def parties(text, index, ctx):
    return [m.name for m in find_actors(text, ctx, index) if m.kind == "person" and not m.modifier]


def read(index, *texts):
    ctx = Context(DAY)
    for text in texts:
        find_actors(text, ctx, index)
    return ctx


def test_a_sentence_initial_office_reference_is_found(index):
    assert parties("The Russian leader spoke with Xi Jinping.", index, Context(DAY)) == ["Vladimir Putin",
                                                                                       "Xi Jinping"]


def test_the_two_leaders_prefers_the_side_the_sentence_names(index):
    ctx = read(index, "Vladimir Putin spoke with Kim Jong Un on Tuesday.",
               "Putin later briefed Xi Jinping and Sergei Lavrov spoke with Marco Rubio.")
    found = parties("On Putin's visit to Pyongyang, the two leaders signed a pact.", index, ctx)
    assert set(found) == {"Vladimir Putin", "Kim Jong Un"}


def test_the_two_after_a_coordinated_pair_means_that_pair(index):
    ctx = read(index, "Donald Trump spoke to reporters.")
    found = parties("Trump welcomed Ilham Aliyev and Nikol Pashinyan, where the two signed a declaration.",
                    index, ctx)
    assert found[-2:] == ["Ilham Aliyev", "Nikol Pashinyan"]


def test_the_two_falls_back_on_the_people_the_article_is_about(index):
    ctx = read(index, "Vladimir Putin telephoned Kim Jong Un.", "Putin thanked Kim for his support.",
               "Earlier Putin had told Kim about his plans with Donald Trump.")
    found = parties("Kim recalled the pact the two signed last year.", index, ctx)
    assert set(found) == {"Kim Jong Un", "Vladimir Putin"}


def test_the_two_leaders_skips_ministers(index):
    ctx = read(index, "Vladimir Putin hosted Kim Jong Un.", "Sergei Lavrov briefed Choe Son Hui.")
    assert set(parties("The two leaders then signed a pact.", index, ctx)) == {"Vladimir Putin", "Kim Jong Un"}


def test_a_pronoun_follows_the_gender_the_text_gives(index):
    ctx = read(index, "Foreign Minister Choe Son Hui flew to Moscow.")
    found = parties("Vladimir Putin received her on Monday, a day after she met Sergei Lavrov.", index, ctx)
    assert found == ["Vladimir Putin", "Choe Son Hui", "Choe Son Hui", "Sergei Lavrov"]


def test_a_pronoun_of_the_other_gender_is_left_unresolved(index):
    ctx = read(index, "Choe Son Hui arrived.", "Sergei Lavrov greeted her.")
    assert parties("He smiled.", index, ctx) == ["Sergei Lavrov"]
    ctx = read(index, "Sergei Lavrov greeted Choe Son Hui.", "Lavrov praised her.")
    ctx.subject = next(p for p in ctx.persons if p.name == "Choe Son Hui")
    assert parties("He left.", index, ctx) == []


def test_the_former_minister_is_a_past_holder_not_the_present_one(index):
    ctx = read(index, "Sergei Shoigu arrived in Pyongyang.")
    assert parties("The former Russian defense minister met Kim Jong Un.", index, ctx) == ["Sergei Shoigu",
                                                                                           "Kim Jong Un"]


def test_the_sender_of_a_message_is_no_party(index):
    ctx = read(index, "Vladimir Putin spoke.")
    assert parties("Sergei Shoigu met Kim Jong Un and handed over a letter from Putin.", index, ctx) == [
        "Sergei Shoigu", "Kim Jong Un"]


def test_a_surname_in_a_caption_resolves_to_a_name_the_body_spells_out_later(index):
    ctx = Context(DAY, article_text="kim greets shoigu. russia's sergei shoigu arrived in pyongyang.")
    assert parties("Kim Jong Un greets Shoigu.", index, ctx) == ["Kim Jong Un", "Sergei Shoigu"]
