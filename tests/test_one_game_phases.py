"""A batch of one game runs some phases number by number in Python floats; it must fire the same events and
leave the same bits as that game inside a wider batch, even for draws that sit exactly on an event's chance.

The batch compares a draw (a float32) with a constant chance in float32 and with a formula's chance in
doubles; a chance such as 0.7 rounds down in float32, so a draw equal to float32(0.7) is under 0.7 in
doubles but not in float32.  Every look-ahead relies on a game alone being the same game inside a batch.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from game.engine import turn as rules
from game.engine.orders import random_orders
from game.scenario.compiler import load_scenario

from .batch_support import exact
from .conftest import SCENARIO_FILES

ODD_CHANCES = {"0.7": 0.7, "formula": "min(0.7, 5 + abs(a.economy))"}
"""A constant whose float32 lies below it, and the same number as a formula (compared in doubles)."""


def tiny_with_storm_chance(tmp_path, data_dir, chance) -> object:
    """tests/data/tiny.yaml with its random event's chance replaced."""
    data = yaml.safe_load((data_dir / "tiny.yaml").read_text())
    (storm,) = [event for event in data["events"] if event["id"] == "storm"]
    storm["chance"] = chance
    path = tmp_path / "tiny_chance.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_scenario(path)


def mid_game(sc, games: int, weeks: int, seed: int) -> np.ndarray:
    """A batch a few weeks into play with random legal orders."""
    rng = np.random.default_rng(seed)
    state, _ = rules.start(sc, games, rng)
    for _ in range(weeks):
        rules.step(sc, state, (random_orders(sc, state, 0, rng), random_orders(sc, state, 1, rng)), rng)
    return state


def draws_on_the_edge(sc, state: np.ndarray) -> np.ndarray:
    """(events, games) float32 draws: in each game, each event's draw is its chance there rounded to float32,
    or the float32 just below or above it (games take the three in turn)."""
    uniforms = np.empty((len(sc.events), state.shape[1]), dtype=np.float32)
    for index, event in enumerate(sc.events):
        chance = np.broadcast_to(np.asarray(event.chance.fn(state), dtype=np.float64), (state.shape[1],))
        near = chance.astype(np.float32)
        step = np.array([-np.inf, 0.0, np.inf], dtype=np.float32)[np.arange(state.shape[1]) % 3]
        uniforms[index] = np.where(step == 0, near, np.nextafter(near, step))
    return uniforms


def fire_alone_and_in_batch(sc, state: np.ndarray, uniforms: np.ndarray) -> None:
    """Fire events on the whole batch, and on each game alone; the fired events and states must agree."""
    live = ~state[sc.over_row].astype(bool)
    batch = state.copy()
    fired = rules.fire_events(sc, batch, live, uniforms, None)
    for game in range(state.shape[1]):
        alone = np.ascontiguousarray(state[:, game : game + 1])
        fired_alone = rules.fire_events(sc, alone, live[game : game + 1], uniforms[:, game : game + 1], None)
        assert fired_alone[:, 0].tolist() == fired[:, game].tolist(), f"game {game} fired other events alone"
        assert exact(alone[:, 0]) == exact(batch[:, game]), f"game {game} differs alone"


@pytest.mark.parametrize("chance", ODD_CHANCES.values(), ids=ODD_CHANCES.keys())
def test_a_draw_on_a_chance_fires_the_same_alone_as_in_a_batch(tmp_path, data_dir, chance):
    sc = tiny_with_storm_chance(tmp_path, data_dir, chance)
    state = mid_game(sc, 9, 2, seed=3)
    uniforms = draws_on_the_edge(sc, state)
    fire_alone_and_in_batch(sc, state, uniforms)
    storm = next(e.index for e in sc.events if e.id == "storm")
    live = ~state[sc.over_row].astype(bool)
    fired = rules.fire_events(sc, state.copy(), live, uniforms, None)[storm]
    on_the_chance = live & (np.arange(state.shape[1]) % 3 == 1)
    # float32(0.7) is below 0.7: the formula (doubles) fires on it, the constant (float32) does not
    assert fired[on_the_chance].all() == isinstance(chance, str)
    assert fired[live & (np.arange(state.shape[1]) % 3 == 0)].all()
    assert not fired[np.arange(state.shape[1]) % 3 == 2].any()


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_bundled_event_fires_the_same_alone_as_in_a_batch(path):
    sc = load_scenario(path)
    for weeks in (0, 3, 6):
        state = mid_game(sc, 12, weeks, seed=weeks)
        fire_alone_and_in_batch(sc, state, draws_on_the_edge(sc, state))
