"""Small vector helpers every phase of a turn uses: applying effects and stepping notches."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..scenario.compiled import Effect


def effect_values(state: np.ndarray, effects: Sequence[Effect]) -> list[tuple[Effect, np.ndarray | float]]:
    """Evaluate every effect's formula on the same state (so their order cannot matter)."""
    return [(effect, effect.formula.fn(state)) for effect in effects]


def apply_values(state: np.ndarray, values, where) -> None:
    """Apply evaluated effects where given (a mask or a Where): all additions first, then settings."""
    where = as_where(where)
    for effect, value in values:
        if effect.mode == "add":
            add_where(state[effect.target], value, where)
    for effect, value in values:
        if effect.mode == "set":
            set_where(state[effect.target], value, where)


def apply_effects(state: np.ndarray, effects: Sequence[Effect], where: np.ndarray | None = None) -> None:
    """Evaluate then apply a group of effects, where given."""
    if effects and (where is None or where.any()):
        apply_values(state, effect_values(state, effects), where)


def notches_below(values: np.ndarray, current) -> np.ndarray:
    """How many notches lie below each value: ``np.searchsorted(values, current)``, exactly.

    For a few notches and many games, counting notches at or above each value is
    branch-free and several times faster than a binary search (NaN counts as above all).
    """
    if not isinstance(current, np.ndarray) or current.size < 64 or len(values) > 16:
        return np.searchsorted(values, current)
    at_or_above = np.zeros(current.shape, dtype=np.intp)
    for value in values:
        at_or_above += current <= value
    return len(values) - at_or_above


def step_notch(values: np.ndarray, current: np.ndarray, direction: int) -> np.ndarray:
    """The notch one step up (+1) or down (-1) from the current one, staying within the notches."""
    index = np.clip(notches_below(values, current - 1e-9), 0, len(values) - 1)
    return values[np.clip(index + direction, 0, len(values) - 1)]


def step_toward(values: np.ndarray, current: np.ndarray, target: np.ndarray) -> np.ndarray:
    """One notch from current toward target (no move once there)."""
    up = step_notch(values, current, 1)
    down = step_notch(values, current, -1)
    return np.where(
        target > current + 1e-9,
        np.minimum(up, target),
        np.where(target < current - 1e-9, np.maximum(down, target), current),
    )


def snap(values: np.ndarray, current: np.ndarray) -> np.ndarray:
    """The nearest notch to each value (levers only ever sit on notches)."""
    index = np.clip(notches_below(values, current), 1, len(values) - 1)
    lower, upper = values[index - 1], values[index]
    return np.where(current - lower <= upper - current, lower, upper)


class Where:
    """A mask of games, with how many it holds and (found once, when first needed) their indices."""

    __slots__ = ("_cols", "count", "mask")

    def __init__(self, mask: np.ndarray, cols: np.ndarray | None = None):
        self.mask = np.asarray(mask, dtype=bool)
        self._cols = cols
        self.count = int(np.count_nonzero(self.mask)) if cols is None else cols.size

    @property
    def cols(self) -> np.ndarray:
        """Indices of the games in the mask."""
        if self._cols is None:
            self._cols = np.flatnonzero(self.mask)
        return self._cols

    @property
    def sparse(self) -> bool:
        """Few enough games that touching only theirs beats a pass over the whole batch."""
        return self.count * 4 < self.mask.size


def as_where(where) -> Where | None:
    """None (every game) or a Where."""
    return where if where is None or isinstance(where, Where) else Where(where)


def add_where(row: np.ndarray, value, where: Where | None) -> None:
    """row += value where given; touches only the chosen games when they are few.

    Elsewhere it adds -0.0, which leaves every number exactly as it was (adding +0.0 would turn
    -0.0 into +0.0, so a game's bits would depend on how many others were chosen).
    """
    if where is None:
        row += value
    elif where.sparse:
        if where.count:
            row[where.cols] += value[where.cols] if np.ndim(value) else value
    else:
        row += np.where(where.mask, value, -0.0)


def set_where(row: np.ndarray, value, where: Where | None) -> None:
    """row = value where given."""
    if where is None:
        row[...] = value
    elif where.count:
        row[where.cols] = value[where.cols] if np.ndim(value) else value
