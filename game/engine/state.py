"""The batch state: one float array shaped (rows, games), one row per variable.

Rows are variables (the scenario's, then the engine's, then the estimates each
side holds of the other's noisy numbers); columns are games.  Keeping a variable's
values for all games contiguous makes every formula a fast vector operation.
``state.T`` is the (games, variables) view.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ..scenario.compiled import CompiledScenario

# Triangular noise from two uniforms has spread sqrt(1/6); this scales it to 1.
_NOISE_SCALE = float(np.sqrt(6.0))


def blank_state(sc: CompiledScenario, games: int) -> np.ndarray:
    """Start values for a batch of games, before the first turn's events."""
    if games < 1:
        raise ValueError("a batch needs at least one game")
    return np.repeat(sc.start_values[:, None], games, axis=1)


def clip(sc: CompiledScenario, state: np.ndarray) -> None:
    """Clamp every row to its bounds, in place."""
    np.clip(state, sc.low[:, None], sc.high[:, None], out=state)


def estimate_error(u0: np.ndarray, u1: np.ndarray, noise) -> np.ndarray:
    """How far an estimate is off, from two uniforms: a triangular error of standard deviation ``noise``."""
    fresh = u0 + u1
    fresh -= 1.0
    return np.multiply(fresh, _NOISE_SCALE * noise, dtype=np.float64)


def draw_estimates(
    sc: CompiledScenario, state: np.ndarray, uniforms: np.ndarray, live: np.ndarray | None = None
) -> None:
    """Refresh each side's noisy estimates of the other's numbers (two uniforms each), in live games.

    A few games draw all estimates at once, many draw one row at a time: the same numbers either way.
    """
    if not len(sc.estimate_rows):
        return
    if state.shape[1] > 64:
        for i, (row, truth) in enumerate(zip(sc.estimate_rows, sc.estimated_vars)):
            fresh = estimate_error(uniforms[0, i], uniforms[1, i], sc.estimate_noise[i])
            fresh += state[truth]
            np.clip(fresh, sc.low[truth], sc.high[truth], out=fresh)
            np.copyto(state[row], fresh, where=True if live is None else live)
        return
    truth = sc.estimated_vars
    fresh = estimate_error(uniforms[0], uniforms[1], sc.estimate_noise[:, None])
    fresh += state[truth]
    np.clip(fresh, sc.low[truth][:, None], sc.high[truth][:, None], out=fresh)
    if live is not None:
        np.copyto(fresh, state[sc.estimate_rows], where=~live)
    state[sc.estimate_rows] = fresh


def observe(sc: CompiledScenario, state: np.ndarray, side: int) -> np.ndarray:
    """What one side may see, in the state's own layout so it can be rolled forward.

    Own and shared numbers are exact; the other side's noisy numbers are this
    side's estimates; anything hidden from this side reads as its start value.
    """
    obs = state.copy()
    for var in sc.variables:
        if var.hidden and var.owner != side:
            obs[var.index] = var.start
    for row, truth in zip(sc.estimate_rows, sc.estimated_vars):
        if sc.variables[truth].owner == side:
            obs[row] = state[truth]
        else:
            obs[truth] = state[row]
    return obs


def state_hash(state: np.ndarray, game: int = 0) -> str:
    """A short fingerprint of one game's state: the exact bytes of its numbers, so one bit changed shows.

    Nothing is rounded, not even -0.0 to 0.0: a game's state is the same bits whatever batch it
    is played in (tests/test_batch_identity.py), so any difference is a real one.
    """
    column = np.ascontiguousarray(state[:, game], dtype="<f8")
    return hashlib.sha256(column.tobytes()).hexdigest()[:16]


def alive(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """Which games are still being played."""
    return state[sc.over_row] == 0.0


def same_layout(old: CompiledScenario, new: CompiledScenario) -> bool:
    """Whether a game of ``old`` can go on under ``new``: same sides, rows, moves and lever notches."""
    if old.sides != new.sides or [v.name for v in old.variables] != [v.name for v in new.variables]:
        return False
    if old.n_rows != new.n_rows:
        return False
    for side in (0, 1):
        if [m.id for m in old.moves[side]] != [m.id for m in new.moves[side]]:
            return False
    return all(np.array_equal(a.values, b.values) for a, b in zip(old.levers, new.levers))


def carry_over(old: CompiledScenario, new: CompiledScenario, state: np.ndarray) -> np.ndarray | None:
    """The running state under the new version (clamped to its bounds), or None if the layout changed."""
    if not same_layout(old, new):
        return None
    return np.clip(state, new.low[:, None], new.high[:, None])
