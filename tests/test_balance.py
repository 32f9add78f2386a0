"""June 2025 is playable and balanced: over many seeded games with baseline leaders each side can win,
tension can spiral to decoupling, and deals are made and slow-walked."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.leaders import BASELINES
from game.engine import turn as rules
from game.engine.scoring import scores
from game.engine.state import observe

GAMES = 600


def play_out(sc, first: str, second: str, seed: int = 1):
    """Play a batch of games between two baselines; return final state and whether a deal / slow-walk ever happened."""
    rng = np.random.default_rng(seed)
    state, _ = rules.start(sc, GAMES, rng)
    leaders = (BASELINES[first](), BASELINES[second]())
    dealt = np.zeros(GAMES, dtype=bool)
    slowed = np.zeros(GAMES, dtype=bool)
    while not state[sc.over_row].all():
        orders = tuple(leaders[s].decide(sc, observe(sc, state, s), s, rng).orders for s in (0, 1))
        rules.step(sc, state, orders, rng)
        dealt |= state[sc.deal.active] > 0
        slowed |= (state[list(sc.deal.slow_walking)] > 0).any(axis=0)
    return state, dealt, slowed


def ending_share(sc, state, ending_id: str) -> float:
    index = [e.id for e in sc.endings].index(ending_id) + 1
    return float((state[sc.ending_row] == index).mean())


@pytest.mark.parametrize("pairing", ["random", "tit_for_tat", "dove"])
def test_each_side_wins_a_fair_share_between_equal_baselines(june, pairing):
    state, _, _ = play_out(june, pairing, pairing)
    final = scores(june, state)
    first_wins = float((final[:, 0] > final[:, 1]).mean())
    assert 0.2 <= first_wins <= 0.8, f"{pairing} v {pairing}: the first side wins {first_wins:.0%}"


def test_two_hawks_spiral_into_decoupling(june):
    state, _, _ = play_out(june, "hawk", "hawk")
    assert ending_share(june, state, "decoupling") > 0.5


def test_deals_are_made_and_sometimes_slow_walked(june):
    state, dealt, slowed = play_out(june, "random", "random")
    assert dealt.mean() > 0.03 and slowed.mean() > 0.01
    assert ending_share(june, state, "comprehensive_deal") > 0


def test_letting_the_truce_lapse_is_an_ending_of_its_own(june):
    state, _, _ = play_out(june, "tit_for_tat", "tit_for_tat")
    assert ending_share(june, state, "snap_back") > 0.3
