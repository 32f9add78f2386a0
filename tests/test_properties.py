"""Hypothesis properties of the engine under any sequence of legal moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.game import Game, IllegalOrderError, Offer, Order
from game.engine.scoring import scores
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES

SCENARIOS = {p.stem: load_scenario(p) for p in SCENARIO_FILES}


@pytest.fixture(scope="module", params=sorted(SCENARIOS) + ["tiny"])
def scenario(request, data_dir):
    return SCENARIOS[request.param] if request.param != "tiny" else load_scenario(data_dir / "tiny.yaml")


def draw_order(data, game: Game, side: int) -> Order:
    """Any legal order: moves drawn one by one, keeping each only if the order stays legal."""
    sc = game.scenario
    legal = game.legal_moves(side)
    picks = data.draw(st.lists(st.integers(0, max(len(legal) - 1, 0)), max_size=sc.model.budget + 1)) if legal else []
    chosen: list[str] = []
    offer = None
    for index in picks:
        move = legal[index]
        if move.id in chosen:
            continue
        candidate_offer = offer
        if move.kind == "propose":
            if not sc.packages:
                continue
            package = sc.packages[data.draw(st.integers(0, len(sc.packages) - 1))]
            terms = {sc.levers[sc.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
            candidate_offer = Offer.of(terms, [c.id for c in sc.clauses if package.clauses[c.index]], package.deadline)
        try:
            game.orders_for(side, Order((*chosen, move.id), candidate_offer))
        except IllegalOrderError:
            continue
        chosen.append(move.id)
        offer = candidate_offer
    return Order(tuple(chosen), offer)


def assert_sound(game: Game) -> None:
    sc, state = game.scenario, game.state
    assert np.all(np.isfinite(state))
    assert np.all(state[:, 0] >= sc.low - 1e-9) and np.all(state[:, 0] <= sc.high + 1e-9)
    for lever in sc.levers:
        assert np.isclose(lever.values, state[lever.var, 0]).any(), lever.name
    assert np.all((scores(sc, state) >= 0) & (scores(sc, state) <= 100))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), seed=st.integers(0, 2**31))
def test_any_legal_play_stays_in_bounds_ends_and_replays_identically(scenario, data, seed):
    game = Game(scenario, seed)
    played: list[tuple[Order, Order]] = []
    limit = scenario.model.max_turns or scenario.model.turns
    while not game.is_over:
        orders = (draw_order(data, game, 0), draw_order(data, game, 1))
        game.play(*orders)
        played.append(orders)
        assert_sound(game)
        assert len(played) <= limit
    again = Game(scenario, seed)
    hashes = [again.play(*orders).state_hash for orders in played]
    assert hashes == [r.state_hash for r in game.reports]
    assert again.ending == game.ending
