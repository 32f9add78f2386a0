"""Helpers shared by the records tests: random recorded games and a private saves folder."""

from __future__ import annotations

import numpy as np

from game.engine.orders import random_orders
from game.records import files
from game.records.recorder import Recorder, new_recorder
from game.scenario.compiled import CompiledScenario


def random_game(sc: CompiledScenario, seed: int, moves_seed: int, weeks: int | None = None, contests: bool = True):
    """A recorded game of random legal orders (some weeks with a contest result given, as the window does)."""
    recorder = new_recorder(sc, seed, ("random", "random"))
    rng = np.random.default_rng(moves_seed)
    while not recorder.game.is_over and (weeks is None or len(recorder.turns) < weeks):
        orders = [random_orders(sc, recorder.game.state, s, rng) for s in (0, 1)]
        given = None
        if contests and sc.contests and rng.random() < 0.3:
            given = {sc.contests[0].id: sc.sides[int(rng.integers(2))]}
        recorder.play(orders[0], orders[1], given, reasons=((f"reason {len(recorder.turns)}",), ()))
    return recorder


def hashes(recorder: Recorder) -> list[str]:
    """The state hash after every week of a recorded game."""
    return [r.state_hash for r in recorder.game.reports]


def scripted_ask(lines):
    """An ask function reading from a list, then ending input (like closing the terminal)."""
    feed = iter(lines)

    def ask(prompt):
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return ask


def private_saves(tmp_path, monkeypatch):
    """A private saves folder (also where the commands look, through XDG_DATA_HOME)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = files.saves_dir()
    folder.mkdir(parents=True)
    return folder
