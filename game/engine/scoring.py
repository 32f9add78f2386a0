"""Scores: each leader's objectives, weighted into a 0-100 score so the two can be compared."""

from __future__ import annotations

import numpy as np

from ..scenario.compiled import CompiledScenario


def objective_values(sc: CompiledScenario, state: np.ndarray, side: int) -> np.ndarray:
    """(objectives, games): each objective's value, clipped to 0-1."""
    games = state.shape[1]
    out = np.empty((len(sc.objectives[side]), games))
    for i, objective in enumerate(sc.objectives[side]):
        out[i] = np.clip(np.broadcast_to(np.asarray(objective.value.fn(state), dtype=float), (games,)), 0.0, 1.0)
    return out


def weighted_sum(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """(games,): sum of weights[i] * values[i], added left to right, so a game's bits do not depend on its batch.

    A matrix product (``weights @ values``) may add in another order for one game than for many.
    """
    total = weights[0] * values[0]
    for weight, row in zip(weights[1:], values[1:]):
        total += weight * row
    return total


def scores(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """(games, 2): both leaders' scores on 0-100 (the current standing if the game goes on)."""
    out = np.empty((state.shape[1], 2))
    for side in (0, 1):
        weights = np.array([o.weight for o in sc.objectives[side]])
        out[:, side] = 100.0 * weighted_sum(weights, objective_values(sc, state, side)) / weights.sum()
    return out


def objectives_met(sc: CompiledScenario, state: np.ndarray, side: int, game: int = 0) -> list[tuple[str, float]]:
    """(label, value 0-1) per objective of one side in one game."""
    values = objective_values(sc, state[:, game : game + 1], side)[:, 0]
    return [(o.label, float(v)) for o, v in zip(sc.objectives[side], values)]


LOSS, DRAW, WIN, BOTH_LOSE = -1, 0, 1, -2
"""Result codes for one side of a finished game (``results``)."""

RESULT_WORDS = {WIN: "won", DRAW: "drew", LOSS: "lost", BOTH_LOSE: "both lost"}


def ruined(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """(games,): the game ended in mutual ruin — an ending the scenario counts as a loss for both."""
    games = state.shape[1]
    ending = state[sc.ending_row].astype(int) - 1
    out = np.zeros(games, dtype=bool)
    for info in sc.endings:
        if info.both_lose is None:
            continue
        here = ending == info.index
        if here.any():
            out |= here & np.broadcast_to(np.asarray(info.both_lose.fn(state), dtype=bool), (games,))
    return out


BLAME_GAP = 3
"""Fewest escalating moves more than the other side's that a side needs to be blamed for a mutual ruin."""


def pushed(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """(games, 2): each side's public escalating moves so far (0 where the scenario keeps no tally)."""
    rows = sc.escalation_rows
    if rows[0] < 0:
        return np.zeros((state.shape[1], 2))
    return np.stack([state[rows[0]], state[rows[1]]], axis=1)


def blamed(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """(games,): the side that pushed the game far harder than the other (``ruin_blame``), else -1."""
    ratio = sc.model.ruin_blame
    out = np.full(state.shape[1], -1)
    if ratio is None:
        return out
    tally = pushed(sc, state)
    for side in (0, 1):
        mine, theirs = tally[:, side], tally[:, 1 - side]
        out[(mine >= ratio * theirs) & (mine >= theirs + BLAME_GAP)] = side
    return out


def results(sc: CompiledScenario, state: np.ndarray, both: np.ndarray | None = None) -> np.ndarray:
    """(games, 2) result codes: WIN / DRAW / LOSS by the scores and the draw margin; BOTH_LOSE on mutual ruin,
    unless one side pushed the game there alone (``blamed``): then it loses and the other side wins."""
    both = scores(sc, state) if both is None else both
    lead = both[:, 0] - both[:, 1]
    margin = sc.model.draw_margin
    first = np.where(lead > margin, WIN, np.where(lead < -margin, LOSS, DRAW))
    out = np.stack([first, -first], axis=1)
    ruin = ruined(sc, state)
    out[ruin] = BOTH_LOSE
    culprit = np.where(ruin, blamed(sc, state), -1)
    for side in (0, 1):
        out[culprit == side, side] = LOSS
        out[culprit == side, 1 - side] = WIN
    return out


def how_to_win(sc: CompiledScenario) -> str:
    """The scenario's rule of victory in one paragraph, for briefings."""
    ruins = [
        e.title if e.both_lose.constant is True else f"{e.title} (if {e.both_lose.source})"
        for e in sc.endings
        if e.both_lose is not None
    ]
    text = (
        f"Both leaders are scored 0-100 on their objectives. Ahead by more than {sc.model.draw_margin:g} points at "
        "the end: a win; closer: a draw."
    )
    if ruins:
        text += f" Mutual ruin is nobody's win: {', '.join(ruins)} count as a loss for both, whatever the scores"
        if sc.model.ruin_blame is None:
            text += "."
        else:
            text += (
                f" — unless one side pushed it there alone ({sc.model.ruin_blame:g} times the other's public "
                f"escalating moves, and {BLAME_GAP} more): that side loses and the other wins."
            )
    return text
