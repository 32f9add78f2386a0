"""Helpers for the batch-identity tests: play a batch, then replay any one of its games alone.

A step draws its uniforms shaped (draws, games), so game ``g`` of a batch is played
with column ``g`` of every draw.  ``RecordedDraws`` keeps what a batch drew and
``ColumnDraws`` hands one game the same column again, as a batch of one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import turn as rules
from game.engine.orders import Orders, legal_mask, move_tables, random_orders
from game.engine.scoring import scores
from game.scenario.compiled import CompiledScenario


class RecordedDraws:
    """A generator stand-in for the engine that keeps every array of uniforms it draws."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.drawn: list[np.ndarray] = []

    def random(self, size, dtype=np.float64) -> np.ndarray:
        """Uniforms like ``Generator.random``, remembered."""
        out = self.rng.random(size, dtype=dtype)
        self.drawn.append(out)
        return out


class ColumnDraws:
    """Hands a batch of one the draws one game of a recorded batch was given, in the same order."""

    def __init__(self, drawn: list[np.ndarray], game: int):
        self.drawn = iter(drawn)
        self.game = game

    def random(self, size, dtype=np.float64) -> np.ndarray:
        """The next recorded draw's column for this game (its shape and type must be what is asked)."""
        column = next(self.drawn)[..., self.game : self.game + 1].copy()
        assert column.shape == tuple(size) and column.dtype == np.dtype(dtype), (column.shape, size, dtype)
        return column


def column_orders(orders: Orders, game: int) -> Orders:
    """One game's orders out of a batch's, as the orders of a batch of one."""
    return Orders(
        orders.chosen[:, game : game + 1].copy(),
        orders.offer[:, game : game + 1].copy(),
        orders.clauses[:, game : game + 1].copy(),
        orders.deadline[game : game + 1].copy(),
    )


@dataclass
class PlayedBatch:
    """A batch of games played to the end: the state and scores before every week and after the last."""

    sc: CompiledScenario
    states: list[np.ndarray]
    scores: list[np.ndarray]
    orders: list[tuple[Orders, Orders]]
    drawn: list[np.ndarray]


def play_batch(sc: CompiledScenario, games: int, seed: int, stop: float = 0.25) -> PlayedBatch:
    """Random legal orders for every game of a batch until all are over."""
    world = RecordedDraws(np.random.default_rng(seed))
    moves = np.random.default_rng(seed + 1)
    state, _ = rules.start(sc, games, world)
    played = PlayedBatch(sc, [state.copy()], [scores(sc, state)], [], world.drawn)
    limit = (sc.model.max_turns or sc.model.turns) + 1
    while not state[sc.over_row].all():
        assert len(played.orders) < limit, "the games did not end"
        orders = (random_orders(sc, state, 0, moves, stop), random_orders(sc, state, 1, moves, stop))
        rules.step(sc, state, orders, world)
        played.orders.append(orders)
        played.states.append(state.copy())
        played.scores.append(scores(sc, state))
    return played


def exact(values: np.ndarray) -> bytes:
    """The exact bytes of float64 values (so 0.1 + 0.2 and 0.3, or -0.0 and 0.0, differ)."""
    return np.ascontiguousarray(values, dtype=np.float64).tobytes()


def replay_alone(played: PlayedBatch, game: int) -> None:
    """Play one game of a batch again as a batch of one and assert its state and scores match bit for bit.

    Once the game is over it is stepped on anyway: a game that is over must stay exactly as it was.
    """
    sc = played.sc
    draws = ColumnDraws(played.drawn, game)
    state, _ = rules.start(sc, 1, draws)
    final = None
    for week, (state_then, scores_then) in enumerate(zip(played.states, played.scores)):
        where = f"game {game} of {played.states[0].shape[1]}, before week {week + 1}"
        assert exact(state[:, 0]) == exact(state_then[:, game]), (
            where + ": " + _first_difference(sc, state[:, 0], state_then[:, game])
        )
        assert exact(scores(sc, state)[0]) == exact(scores_then[game]), where + ": scores differ"
        if final is not None:
            assert exact(state[:, 0]) == final, where + ": a game that is over changed"
        elif state[sc.over_row, 0]:
            final = exact(state[:, 0])
        if week < len(played.orders):
            rules.step(sc, state, tuple(column_orders(o, game) for o in played.orders[week]), draws)


def _first_difference(sc: CompiledScenario, alone: np.ndarray, batch: np.ndarray) -> str:
    row = int(np.flatnonzero(alone.view(np.uint64) != batch.view(np.uint64))[0])
    name = sc.variables[row].name if row < len(sc.variables) else f"estimate row {row}"
    return f"{name} is {alone[row]!r} alone and {batch[row]!r} in the batch"


def play_with_offers(sc: CompiledScenario, state: np.ndarray, rng: np.random.Generator, weeks: int, offer_week: int):
    """Random weeks on a batch, where in ``offer_week`` every side that can also tables a ready-made package."""
    games = state.shape[1]
    for week in range(weeks):
        orders = [random_orders(sc, state, s, rng) for s in (0, 1)]
        if week == offer_week:
            for s in (0, 1):
                tables = move_tables(sc, s)
                can = legal_mask(sc, state, s)[tables.propose].any(axis=0)
                orders[s].chosen[np.flatnonzero(tables.propose)[0]] |= can
                orders[s].set_package(sc, np.arange(games) % len(sc.packages), where=can)
        rules.step(sc, state, tuple(orders), rng)
