"""One conformance test over every bundled scenario and every pairing of baseline leaders (PettingZoo-style)."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.leaders import BASELINES
from game.engine import turn as rules
from game.engine.orders import legal_mask
from game.engine.scoring import scores
from game.engine.state import observe
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES

PAIRS = [(a, b) for a in sorted(BASELINES) for b in sorted(BASELINES)]


@pytest.fixture(scope="module", params=SCENARIO_FILES, ids=lambda p: p.stem)
def scenario(request):
    return load_scenario(request.param)


def test_there_is_at_least_one_bundled_scenario():
    assert any(p.stem == "june_2025" for p in SCENARIO_FILES)


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_baseline_play_is_legal_ends_and_stays_in_bounds(scenario, first, second):
    sc = scenario
    rng = np.random.default_rng(PAIRS.index((first, second)))  # reproducible: str hash() changes per process
    games = 64
    state, _ = rules.start(sc, games, rng)
    leaders = (
        BASELINES[first](),
        BASELINES[second](),
    )
    limit = sc.model.max_turns or sc.model.turns
    for _ in range(limit):
        if state[sc.over_row].all():
            break
        orders = []
        for side in (0, 1):
            decision = leaders[side].decide(sc, observe(sc, state, side), side, rng)
            assert not (decision.orders.chosen & ~legal_mask(sc, state, side)).any(), (
                f"{leaders[side].id} moved illegally"
            )
            orders.append(decision.orders)
        rules.step(sc, state, tuple(orders), rng)
        assert np.all(np.isfinite(state))
        assert np.all(state >= sc.low[:, None] - 1e-9) and np.all(state <= sc.high[:, None] + 1e-9)
    assert state[sc.over_row].all(), "some games did not end by the last possible turn"
    final = scores(sc, state)
    assert np.all((final >= 0) & (final <= 100))
