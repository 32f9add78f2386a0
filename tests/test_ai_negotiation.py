"""Negotiation: good packages are signed, bad ones turned down or countered, and offers give way over time."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.leaders import make_leader
from game.ai.negotiation import appraise, build_packages, decide_terms, slow_walk_suspicion
from game.ai.personality import find_traits
from game.engine.game import Game, Offer, Order
from game.engine.orders import move_tables

CHINA_PRESETS = ["historical_china", "hawk", "dove", "reciprocator", "patient_bargainer", "strategist"]

GIFT = Offer.of(
    {
        "us.tariff": 10,
        "us.chip_controls": 0,
        "us.eda_licensing": 0,
        "us.ethane_licences": 0,
        "us.jet_engines": 0,
        "us.student_visas": 0,
    },
    deadline=2,
)
"""The US lifts every measure and asks nothing back: clearly good for China."""

DEMAND = Offer.of(
    {"china.rare_earth_licensing": 100, "china.soybean_purchases": 100, "china.probes": 0, "us.chip_controls": 4},
    deadline=2,
)
"""China gives up every lever and the US tightens chips to an embargo: clearly bad for China."""


def offered(june, offer: Offer, seed: int = 4) -> Game:
    """A game in week 2 with the US offer on the table for China to answer."""
    game = Game(june, seed)
    game.play(Order(("propose",), offer), Order())
    return game


def china_decides(june, game: Game, name: str):
    return make_leader(name, june, 1, "easy").decide(june, game.observation(1), 1, game.leader_rngs[1])


@pytest.mark.parametrize("name", CHINA_PRESETS)
def test_a_package_that_clearly_beats_no_deal_is_signed(june, name):
    game = offered(june, GIFT)
    decision = china_decides(june, game, name)
    accept = move_tables(june, 1).accept
    assert decision.orders.chosen[accept, 0].any(), f"{name} turned down a gift: {decision.reasons[0]}"
    assert any("Accepts US's offer" in r for r in decision.reasons[0])
    report = game.play(Order(), decision.orders)
    assert report.signed_by == "us"


@pytest.mark.parametrize("name", CHINA_PRESETS)
def test_a_package_that_clearly_loses_is_rejected_or_countered(june, name):
    game = offered(june, DEMAND)
    decision = china_decides(june, game, name)
    tables = move_tables(june, 1)
    chosen = decision.orders.chosen[:, 0]
    assert not chosen[tables.accept].any(), f"{name} signed a bad deal"
    assert chosen[tables.reject].any() or chosen[tables.propose].any()
    assert any("Turns down US's offer" in r for r in decision.reasons[0])


def concession_path(june, name: str, side: int = 1):
    """The bar and the offer a leader would make at each week, on one appraisal of one position."""
    game = Game(june, 2)
    obs = game.observation(side)
    traits = find_traits(june, name)
    packages = build_packages(june, obs, side)
    appraisal = appraise(june, obs, side, packages, traits, np.random.default_rng(0), 6)
    bars, gives = [], []
    for week in range(1, 12):
        later = obs.copy()
        later[june.turn_row] = week
        stance = decide_terms(june, later, packages, appraisal, traits, np.array([0.5]), np.ones(1))
        bars.append(stance.bar[0])
        gives.append(appraisal.other[0, stance.offer[0]] if stance.offer[0] >= 0 else -np.inf)
    return np.array(bars), np.array(gives)


def most_generous(june, name: str, side: int = 1) -> float:
    """The most a leader's packages give the other side among those that are worth more to it than no deal."""
    game = Game(june, 2)
    obs = game.observation(side)
    packages = build_packages(june, obs, side)
    appraisal = appraise(june, obs, side, packages, find_traits(june, name), np.random.default_rng(0), 6)
    fair = packages.valid[0] & (appraisal.own[0] > 0)
    return float(appraisal.other[0, fair].max())


@pytest.mark.parametrize("name", ["dove", "reciprocator", "patient_bargainer", "hawk"])
def test_offers_move_toward_the_other_side_as_time_runs_out(june, name):
    bars, gives = concession_path(june, name)
    assert np.all(np.diff(bars) <= 1e-9), "the bar it insists on never rises"
    assert np.all(np.diff(gives) >= -1e-9), "what it offers the other side never shrinks"
    # By the end it offers the other side more than at the start, unless it opened with the most generous
    # package it could give (June 2025's grand bargain is good for both from week 1 since magnets flow at half).
    assert gives[-1] > gives[0] or gives[0] >= most_generous(june, name) - 1e-9


def test_patience_sets_how_early_a_leader_concedes(june):
    dove, _ = concession_path(june, "dove")
    patient, _ = concession_path(june, "patient_bargainer")
    assert dove[0] == pytest.approx(patient[0], rel=0.3)
    middle = 4
    assert (dove[middle] - dove[-1]) < (patient[middle] - patient[-1])
    assert find_traits(june, "patient_bargainer").beta < 1 < find_traits(june, "dove").beta


def test_a_leader_proposes_a_deal_when_it_pays(june):
    game = Game(june, 3)
    decision = make_leader("strategist", june, 0, "easy").decide(june, game.observation(0), 0, game.leader_rngs[0])
    tables = move_tables(june, 0)
    assert decision.orders.chosen[tables.propose, 0].any()
    assert not np.isnan(decision.orders.offer[:, 0]).all()
    assert any(r.startswith("Offers ") for r in decision.reasons[0])


def deal_then(june, china_slow_walks: bool) -> Game:
    """A deal signed in week 2 (China: one notch of licensing, 50 -> 75; the US: one notch of chip controls,
    the H20 licences); China slow-walks it (or not) in week 3; in week 4 the US decides whether to keep it."""
    game = offered(june, Offer.of({"us.chip_controls": 1, "china.rare_earth_licensing": 75}, deadline=2))
    game.play(Order(), Order(("accept",)))
    assert game.value("deal.active") == 1
    game.play(Order(), Order(("slow_walk",) if china_slow_walks else ()))
    assert game.value("us.chip_controls") == 1
    return game


def slow_walks(june, name: str, game: Game) -> bool:
    decision = make_leader(name, june, 0, "easy").decide(june, game.observation(0), 0, game.leader_rngs[0])
    return bool(decision.orders.chosen[june.move_by_id(0, "slow_walk").index, 0])


def test_the_other_sides_compliance_is_read_from_what_can_be_seen(june):
    assert slow_walk_suspicion(june, deal_then(june, True).observation(0), 1)[0] > 0.5
    assert slow_walk_suspicion(june, deal_then(june, False).observation(0), 1)[0] < 0.1


@pytest.mark.parametrize("name", ["reciprocator", "historical_us", "dove", "strategist", "hawk"])
def test_every_character_keeps_a_deal_the_other_side_keeps(june, name):
    assert not slow_walks(june, name, deal_then(june, False))


def test_a_reciprocator_answers_slow_walking_in_kind_where_a_dove_does_not(june):
    assert slow_walks(june, "reciprocator", deal_then(june, True))
    assert not slow_walks(june, "dove", deal_then(june, True)), "each leader decides on a fresh copy of the game"
