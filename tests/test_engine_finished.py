"""A game that is over stays exactly as it was, bit for bit, while the rest of its batch plays on, in every
bundled scenario (the engine keeps a finished game's numbers aside and puts them back after each week)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import turn as rules
from game.engine.orders import random_orders
from game.scenario.compiler import load_scenario

from .batch_support import exact
from .conftest import SCENARIO_FILES

FINISHED = [0, 5, 17, 39]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_games_over_in_a_batch_keep_every_number_while_the_others_play(path):
    sc = load_scenario(path)
    rng = np.random.default_rng(7)
    state, _ = rules.start(sc, 40, rng)
    if sc.model.turns > 2:
        rules.step(sc, state, tuple(random_orders(sc, state, side, rng, stop=0.0) for side in (0, 1)), rng)
    state[sc.over_row, FINISHED] = 1.0  # these games are over; the others play on
    finished = exact(state[:, FINISHED])
    weeks = 0
    while (state[sc.over_row] == 0.0).sum() > 30 and weeks < 6:  # most still playing: the whole batch is stepped
        live = state[sc.over_row] == 0.0
        before = state[:, live].copy()
        rules.step(sc, state, tuple(random_orders(sc, state, side, rng) for side in (0, 1)), rng)
        assert exact(state[:, FINISHED]) == finished
        assert not np.array_equal(state[:, live], before), "the games still being played moved on"
        weeks += 1
    assert weeks >= min(2, sc.model.turns)
