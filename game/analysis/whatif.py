"""What if: a finished game's decision taken the other way, forecast on the same engine.

From the true state before the week of the decision (the game is over, so
nothing is secret any more), the week is played again ``runs`` times with the
player's orders as they were and with the alternative (a move left out, or
added), the other side's orders as they were.  Both branches then play on to
the end with the same stand-in leaders (each side's historical personality,
thinking at easy) and the same dice (common random numbers), so the gap between
the two spreads of the player's final score is the decision's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..ai.leaders import make_leader
from ..engine import turn as rules
from ..engine.game import Game, Order
from ..engine.loop import leader_policy, play_weeks
from ..engine.orders import Orders, legal_mask, move_tables
from ..engine.scoring import scores
from ..records.recorder import opponent_for, unchecked_orders
from ..scenario.compiled import MoveInfo

RUNS = 48
"""Rollouts per branch: enough for a stable median and P10-P90 within a couple of seconds at easy."""
STAND_IN_DIFFICULTY = "easy"


@dataclass(frozen=True)
class WhatIf:
    """One decision taken the other way: the player's final score as played and instead (P10, P50, P90)."""

    week: int
    move: MoveInfo
    made: bool
    """True if the player made the move (the alternative leaves it out), False if not (it adds it)."""
    played: tuple[float, float, float]
    instead: tuple[float, float, float]
    actual: float
    """The player's real final score."""
    gap: float
    """Mean difference, run by run (same dice), of the final score instead minus as played."""

    def describe(self, name: str) -> str:
        """In words: "Week 1, had you not made 'Call the other leader': your score +3.1 on average (P50 ...)"."""
        verb = "not made" if self.made else "made"
        return (
            f"Week {self.week}, had you {verb} '{self.move.label}': {name} score {self.gap:+.1f} on average "
            f"(P50 {self.played[1]:.0f} → {self.instead[1]:.0f}, P10-P90 {self.played[0]:.0f}-{self.played[2]:.0f} "
            f"→ {self.instead[0]:.0f}-{self.instead[2]:.0f}, both played on from there by the historical "
            f"personalities; the real game ended at {self.actual:.0f})"
        )


def decisions(game: Game, side: int, move_ids: Iterable[str]) -> list[tuple[int, MoveInfo, bool]]:
    """(week, move, made) for each move: the first week the side made it, else the first week it could have."""
    sc = game.scenario
    out = []
    for move_id in move_ids:
        move = next((m for m in sc.moves[side] if m.id == move_id), None)
        if move is None:
            continue
        made = [r.turn for r in game.reports if any(m.id == move_id for m in r.moves[side])]
        if made:
            out.append((made[0], move, True))
            continue
        open_weeks = [
            r.turn for i, r in enumerate(game.reports) if legal_mask(sc, game.snapshots[i], side)[move.index, 0]
        ]
        if open_weeks:
            out.append((open_weeks[0], move, False))
    return out


def what_if(game: Game, side: int, week: int, move: MoveInfo, made: bool, runs: int = RUNS, seed: int = 0) -> WhatIf:
    """Forecast the player's final score with the week's orders as they were and with ``move`` the other way."""
    sc = game.scenario
    before = np.repeat(game.snapshots[week - 1], runs, axis=1)
    real = tuple(_orders_of(game, s, week) for s in (0, 1))
    other = real[side].chosen.copy()
    other[move.index] = not made
    if not made:
        _make_room(sc, side, other, move)
    alternative = Orders(other, real[side].offer, real[side].clauses, real[side].deadline)
    finals = [_play_on(game, before, real, side, mine, runs, seed) for mine in (real[side], alternative)]
    played, instead = (tuple(float(q) for q in np.percentile(f, [10, 50, 90])) for f in finals)
    actual = float(scores(sc, game.state)[0, side])
    return WhatIf(week, move, made, played, instead, actual, float(np.mean(finals[1] - finals[0])))


def _orders_of(game: Game, side: int, week: int) -> Orders:
    """The side's orders of a played week, as one game's batch orders (rebuilt from the week's report)."""
    report = game.reports[week - 1]
    return unchecked_orders(game.scenario, side, Order(tuple(m.id for m in report.moves[side]), report.offers[side]))


def _make_room(sc, side: int, chosen: np.ndarray, move: MoveInfo) -> None:
    """Drop the side's cheapest other moves (not of the move's group first) until the added move fits the budget."""
    tables = move_tables(sc, side)
    same_group = (tables.group == tables.group[move.index]) & (np.arange(len(tables.cost)) != move.index)
    chosen[same_group, 0] = False
    while int(tables.cost[chosen[:, 0]].sum()) > sc.model.budget:
        others = [i for i in np.flatnonzero(chosen[:, 0]) if i != move.index]
        if not others:
            break
        chosen[min(others, key=lambda i: tables.cost[i]), 0] = False


def _play_on(game: Game, before: np.ndarray, real, side: int, mine: Orders, runs: int, seed: int) -> np.ndarray:
    """The week replayed with ``mine`` for the side, then stand-in leaders to the end: the side's final scores."""
    sc = game.scenario
    world = np.random.default_rng([seed, 0])
    thinking = [np.random.default_rng([seed, 1 + s]) for s in (0, 1)]
    state = before.copy()
    week_orders = tuple(mine.repeated(runs) if s == side else real[s].repeated(runs) for s in (0, 1))
    rules.step(sc, state, week_orders, world)
    leaders = [make_leader(opponent_for(sc, s), sc, s, STAND_IN_DIFFICULTY) for s in (0, 1)]
    play_weeks(sc, state, tuple(leader_policy(sc, leaders[s], s, thinking[s]) for s in (0, 1)), world)
    return scores(sc, state)[:, side]
