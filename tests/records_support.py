"""Helpers shared by the records tests: random recorded games and a private saves folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.engine.game import Game
from game.engine.orders import random_orders
from game.records import files
from game.records.format import dump_record
from game.records.recorder import Recorder, new_recorder, rounded_state_hash, week_orders
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


def remake_format1_fixture(sc: CompiledScenario, path: Path) -> None:
    """Write a ten-week record of today's scenario as format 1 wrote it (hashes of the state rounded to 6
    decimals): the old-format fixture, remade whenever the scenario or the engine's state layout changes."""
    record = random_game(sc, 4711, 11, weeks=10).record()
    game = Game(sc, record.seed)
    start = rounded_state_hash(game.state)
    turns = []
    for entry in record.turns:
        orders = week_orders(game, entry)
        game.play(orders[0], orders[1], dict(entry.contests) or None, entry.reasons)
        turns.append(entry.model_copy(update={"hash": rounded_state_hash(game.state)}))
    old = record.model_copy(update={"version": 1, "start_hash": start, "turns": tuple(turns)})
    path.write_text(dump_record(old), encoding="utf-8")


if __name__ == "__main__":
    from game.scenarios import find_scenario

    remake_format1_fixture(find_scenario("june_2025"), Path(__file__).parent / "data/records/format1_june_2025.json")
