"""The engine's fast ways give the same bits as its plain rules: moves resolved in passes and the loop,
clamping by runs of rows and row by row."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import move_pass
from game.engine import turn as rules
from game.engine.orders import random_orders
from game.engine.state import alive
from game.engine.step_tools import clip_rows
from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario

SCENARIOS = sorted(scenarios_dir().glob("*.yaml"))


def _states_and_orders(sc, games: int, seed: int):
    """Mid-game states of a batch with random legal orders, and the orders played from each."""
    rng = np.random.default_rng(seed)
    state, _ = rules.start(sc, games, rng)
    out = []
    while alive(sc, state).any() and len(out) < 12:
        orders = (random_orders(sc, state, 0, rng), random_orders(sc, state, 1, rng))
        live = alive(sc, state)
        out.append((state.copy(), tuple(orders[s].chosen & live for s in (0, 1))))
        rules.step(sc, state, orders, rng)
    return out


def _by_loop(sc, state, chosen, monkeypatch) -> np.ndarray:
    """The state after the moves, resolved move by move."""
    with monkeypatch.context() as patch:
        patch.setattr(rules, "resolve_in_passes", lambda *args: False)
        rules.resolve_moves(sc, state, chosen, None)
    return state


def _by_passes(sc, state, chosen, monkeypatch) -> np.ndarray:
    """The state after the moves, resolved in passes (at any batch size)."""
    with monkeypatch.context() as patch:
        patch.setattr(move_pass, "PASS_GAMES", (1, 10**9))
        assert move_pass.resolve_in_passes(sc, state, chosen)
    return state


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("games", [1, 5, 300])
def test_moves_in_passes_match_the_loop(path, games, monkeypatch):
    """Every number after both sides' moves is the same, bit for bit, whichever way the moves are resolved."""
    sc = load_scenario(path)
    for state, chosen in _states_and_orders(sc, games, seed=games):
        loop = _by_loop(sc, state.copy(), chosen, monkeypatch)
        passes = _by_passes(sc, state.copy(), chosen, monkeypatch)
        assert loop.tobytes() == passes.tobytes()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_illegal_and_odd_orders_match_the_loop(path, monkeypatch):
    """Orders the rules would refuse (a lever raised and lowered at once, every move at once) and odd numbers
    (NaN, -0.0, levers off their notches) resolve to the same bits both ways."""
    sc = load_scenario(path)
    rng = np.random.default_rng(7)
    state, _ = rules.start(sc, 40, rng)
    state[:, :5] = np.nan
    state[:, 5:10] = -0.0
    for lever in sc.levers:
        state[lever.var, 10:20] = rng.uniform(lever.values.min() - 5, lever.values.max() + 5, 10)
        state[lever.var, 20:25] = rng.choice(lever.values, 5) + 5e-10
    for density in (0.1, 0.5, 1.0):
        chosen = tuple(rng.random((len(sc.moves[s]), 40)) < density for s in (0, 1))
        loop = _by_loop(sc, state.copy(), chosen, monkeypatch)
        passes = _by_passes(sc, state.copy(), chosen, monkeypatch)
        assert loop.tobytes() == passes.tobytes()
    untouched = state.copy()
    assert _by_passes(sc, untouched, tuple(np.zeros_like(c) for c in chosen), monkeypatch).tobytes() == (
        state.tobytes()
    )


@pytest.mark.parametrize("games", [3, 100])
def test_clamping_by_runs_matches_row_by_row(games):
    """Clamping a phase's rows in runs of neighbours leaves every number as clamping each row alone does,
    and leaves the other rows alone."""
    sc = load_scenario(SCENARIOS[0])
    rng = np.random.default_rng(games)
    state = rng.normal(0, 1e3, (sc.n_rows, games))
    state[:, 0] = np.nan
    for phase, rows in sc.tables.phases.items():
        expected = state.copy()
        for row, low, high in zip(rows.rows, rows.low[:, 0], rows.high[:, 0]):
            expected[row] = np.clip(expected[row], low, high)
        got = state.copy()
        clip_rows(sc, got, phase)
        assert got.tobytes() == expected.tobytes(), phase


@pytest.mark.parametrize("games", [3, 100])
def test_deal_steps_for_all_levers_at_once_match_one_lever_at_a_time(games):
    """A deal's notch toward its target is the same, bit for bit, worked out for every lever at once as for
    each lever alone, on or off a notch, past either end, or NaN."""
    from game.engine.deals import negotiable_levers
    from game.engine.step_tools import step_toward, step_toward_each

    sc = load_scenario(scenarios_dir() / "june_2025.yaml")
    levers = negotiable_levers(sc)
    rng = np.random.default_rng(games)
    current = np.empty((len(levers.var), games))
    target = np.empty_like(current)
    for j, count in enumerate(levers.count):
        notches = levers.notches[j, :count]
        current[j] = rng.choice(notches, games) + rng.choice([0.0, 5e-10, -5e-10, 0.3, -7.0, 1e3], games)
        target[j] = rng.choice(notches, games)
    current[:, 0], target[:, 1] = np.nan, np.nan
    together = step_toward_each(levers.notches, levers.count, current, target)
    for j, count in enumerate(levers.count):
        alone = step_toward(levers.notches[j, :count], current[j], target[j])
        assert together[j].tobytes() == alone.tobytes()
