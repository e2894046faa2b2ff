"""The principal parties of an event, as SCHEMA.md codes them: both sides of a call, meeting or signing,
the visitor and the host, and for a ratification the ratifying country (with its head of state when
named) plus the treaty partner; and the place an event happened."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kb.extract.actor_index import Index
from kb.extract.actors import Context, Mention
from kb.extract.clauses import clause_bounds
from kb.extract.triggers import Trigger
from kb.records import Place

if TYPE_CHECKING:
    from kb.extract.facts import SentenceFacts

def is_party(m: Mention) -> bool:
    return m.kind != "place" and not m.modifier and not m.reporter


def party_key(m: Mention) -> str:
    return m.country or "name:" + m.name


def dedupe(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if all((o.kind, o.key or o.name) != (m.kind, m.key or m.name) for o in out):
            out.append(m)
    return out


def _as_country(m: Mention, index: Index) -> Mention:
    """A legislature or government body stands for its country."""
    if m.kind == "organization" and m.country:
        name = index.gazetteer.countries[m.country].name
        return replace(m, kind="country", key=m.country, name=name, via="body")
    return m


def drop_redundant_countries(parties: list[Mention]) -> list[Mention]:
    people = {p.country for p in parties if p.kind == "person"}
    return [p for p in parties if p.kind == "person" or p.country not in people]


def pair_parties(parties: list[Mention], index: Index) -> list[Mention]:
    """Both sides of a call, meeting or signing: people where named, else countries; settings dropped."""
    parties = [_as_country(p, index) for p in parties if not p.locative]
    persons = [p for p in parties if p.kind == "person"]
    if len({party_key(p) for p in persons}) >= 2:
        return dedupe(persons)
    return dedupe(drop_redundant_countries(parties))


def visit_parties(parties: list[Mention], mentions: list[Mention], trigger: Trigger, text: str,
                  index: Index) -> list[Mention]:
    """The visitor (the agent) and the host: a person met, else the country of the destination."""
    agents = [p for p in parties if not p.locative]
    if not agents or agents[0].kind == "country":
        return []  # a visitor is a person or a delegation; "the flight from Moscow touched down" is not a visit
    visitor = agents[0]
    hosts = [p for p in agents[1:] if party_key(p) != party_key(visitor)]
    if hosts:
        return [visitor, *drop_redundant_countries(hosts)]
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    places = [m for m in mentions if m.locative and lo <= m.start < hi and m.country and m.country != visitor.country]
    if not places:
        return [visitor]
    country = index.gazetteer.countries[places[0].country or ""]
    host = Mention(places[0].start, places[0].end, places[0].text, "country", country.iso3, country.name,
                   country.iso3, "place")
    return [visitor, host]


def ratification_parties(parties: list[Mention], ctx: Context, index: Index) -> list[Mention]:
    """The ratifying country (and its head of state, when named) and the treaty partner."""
    parties = [_as_country(p, index) for p in parties if not p.locative]
    if not parties or not parties[0].country:
        return []
    ratifier = parties[0]
    side = [ratifier] if ratifier.kind == "country" else [_country_mention(ratifier.country or "", ratifier, index),
                                                         ratifier]
    partner = next((p for p in parties[1:] if p.country and p.country != ratifier.country), None)
    body = next((p for p in parties[1:] if p.kind == "organization" and not p.country), None)
    if partner is None and body is not None:
        return [*side, body]  # "approved the accession treaty with NATO": the organisation is the other party
    if partner is None:
        other = next((c for c in reversed(ctx.countries) if c != ratifier.country), None)
        if other is None:
            return []
        partner = _country_mention(other, ratifier, index)
    return [*side, _country_mention(partner.country or "", partner, index)]


def _country_mention(iso3: str, like: Mention, index: Index) -> Mention:
    country = index.gazetteer.countries[iso3]
    return Mention(like.start, like.end, like.text, "country", iso3, country.name, iso3, "context")


def choose_parties(trigger: Trigger, parties: list[Mention], facts: SentenceFacts, ctx: Context,
                   index: Index) -> list[Mention]:
    if trigger.type == "visit":
        chosen = visit_parties(parties, facts.mentions, trigger, facts.text, index)
    elif trigger.type == "ratification":
        chosen = ratification_parties(parties, ctx, index)
    else:
        chosen = pair_parties(parties, index)
    return chosen if len({party_key(p) for p in chosen}) >= 2 else []


# ---- date and place ----------------------------------------------------------------------------


def choose_place(mentions: list[Mention], trigger: Trigger, text: str) -> Place | None:
    lo, hi = clause_bounds(text, trigger.start, trigger.end)
    spots = [m for m in mentions if m.locative and m.kind in ("place", "country") and lo <= m.start < hi]
    spots.sort(key=lambda m: (m.start < trigger.start, abs(m.start - trigger.end)))
    for m in spots:
        if m.kind == "place":
            return Place(m.name, m.country)
    return None
