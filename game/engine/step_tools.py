"""Small vector helpers every phase of a turn uses: applying effects and stepping notches."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..scenario.compiled import CompiledScenario, Effect


def effect_values(state: np.ndarray, effects: Sequence[Effect]) -> list[tuple[Effect, np.ndarray | float]]:
    """Evaluate every effect's formula on the same state (so their order cannot matter); a batch of one game gets
    plain Python numbers from each formula's one-game form (the same bits, fewer calls)."""
    if one_game(state):
        return [(effect, _one_value(effect.formula, state)) for effect in effects]
    return [(effect, effect.formula.fn(state)) for effect in effects]


def one_game(state: np.ndarray) -> bool:
    """Whether the batch is one game in doubles: phases may then run number by number in Python floats (IEEE
    doubles, so the same bits as the arrays, with far fewer calls)."""
    return state.shape[1] == 1 and state.ndim == 2 and state.dtype == np.float64


def holds_one(condition, state: np.ndarray) -> bool:
    """A condition's truth in a batch of one game, from its one-game form where it has one."""
    if condition.constant is not None:
        return bool(condition.constant)
    return bool(condition.one(state) if condition.one is not None else condition.fn(state)[0])


def _one_value(formula, state: np.ndarray):
    """A formula's value for a batch of one: its one-game form where it has one (else its array form)."""
    return formula.fn(state) if formula.one is None else formula.one(state)


def apply_values(state: np.ndarray, values, where) -> None:
    """Apply evaluated effects where given (a mask, a Where, or Few for values of those games only): additions
    first, then settings."""
    if one_game(state):
        if where is None or (where.count if isinstance(where, (Few, Where)) else where):
            _apply_one(state, values)
        return
    if isinstance(where, Few):
        where.apply(state, values, "add")
        where.apply(state, values, "set")
        return
    where = as_where(where)
    for effect, value in values:
        if effect.mode == "add":
            add_where(state[effect.target], value, where)
    for effect, value in values:
        if effect.mode == "set":
            set_where(state[effect.target], value, where)


def _apply_one(state: np.ndarray, values) -> None:
    """apply_values for a batch of one game, number by number in Python floats (IEEE doubles: the same bits).

    A value that is an array (a view of a state row) is read when applied, as ``row += value`` reads it.
    """
    for effect, value in values:
        if effect.mode == "add":
            row = effect.target
            state[row, 0] = state.item(row, 0) + (value.item() if isinstance(value, np.ndarray) else value)
    for effect, value in values:
        if effect.mode == "set":
            state[effect.target, 0] = value.item() if isinstance(value, np.ndarray) else value


def evaluate_at(
    state: np.ndarray, effects: Sequence[Effect], mask: np.ndarray, cols: np.ndarray | None = None, few: bool = True
) -> tuple | None:
    """(where, values) for effects that apply in the masked games, or None if no game is masked.

    where is None when every game is (the plain path), Few when few are and ``few`` allows it (values for
    those games only), else a Where; ``cols`` are the masked games' indices if already known.
    """
    if mask.size == 1:
        return (None, effect_values(state, effects)) if mask else None
    count = int(np.count_nonzero(mask)) if cols is None else cols.size
    if not count:
        return None
    if count == mask.size:
        return None, effect_values(state, effects)
    if few and count * 2 < mask.size:
        chosen = Few(np.flatnonzero(mask) if cols is None else cols)
        values = chosen.values(state, effects)
        if values is not None:
            return chosen, values
    return Where(mask, cols), effect_values(state, effects)


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


def step_notch_one(values: np.ndarray, current: float, direction: int) -> float:
    """step_notch for one game's number, as a Python float: the same notch, fewer calls."""
    top = len(values) - 1
    below = int(np.searchsorted(values, current - 1e-9))
    index = min(max(below, 0), top)
    return values.item(min(max(index + direction, 0), top))


def step_notch(values: np.ndarray, current: np.ndarray, direction: int) -> np.ndarray:
    """The notch one step up (+1) or down (-1) from the current one, staying within the notches."""
    return values[_notch_index(values, current, direction)]


def _notch_index(values: np.ndarray, current, direction: int, below=None):
    """Index of the notch one step from the current one (``below`` the notches under current - 1e-9, if known).

    Indices are whole numbers, so clamping them with minimum/maximum is exact (and cheaper than np.clip).
    """
    top = len(values) - 1
    if below is None:
        below = notches_below(values, current - 1e-9)
    index = np.minimum(np.maximum(below, 0), top)
    return np.minimum(np.maximum(index + direction, 0), top)


def step_toward(values: np.ndarray, current: np.ndarray, target: np.ndarray) -> np.ndarray:
    """One notch from current toward target (no move once there)."""
    below = notches_below(values, current - 1e-9)
    up = values[_notch_index(values, current, 1, below)]
    down = values[_notch_index(values, current, -1, below)]
    return np.where(
        target > current + 1e-9,
        np.minimum(up, target),
        np.where(target < current - 1e-9, np.maximum(down, target), current),
    )


def step_toward_each(notches: np.ndarray, count: np.ndarray, current: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``step_toward`` for several levers at once: row j of current and target moves on notches[j, :count[j]]
    (rows padded with NaN, which no number is at or below)."""
    shifted = current - 1e-9
    at_or_above = np.zeros(current.shape, dtype=np.intp)
    for k in range(notches.shape[1]):
        at_or_above += shifted <= notches[:, k : k + 1]
    below = count[:, None] - at_or_above
    top = (count - 1)[:, None]
    index = np.minimum(np.maximum(below, 0), top)
    first = (np.arange(len(count)) * notches.shape[1])[:, None]
    up = notches.ravel()[first + np.minimum(np.maximum(index + 1, 0), top)]
    down = notches.ravel()[first + np.minimum(np.maximum(index - 1, 0), top)]
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


class Late:
    """An evaluated value that is a view of a state row: read at the chosen games only when applied."""

    __slots__ = ("row",)

    def __init__(self, row: np.ndarray):
        self.row = row


class Few:
    """Some games (their indices) with effects evaluated for those games only: one value per chosen game.

    A formula computes each game's value from that game's column alone, the same way for any number of
    games, so evaluating it on the chosen games' columns gives the same bits as on the whole batch.
    """

    __slots__ = ("cols", "count")

    def __init__(self, cols: np.ndarray):
        self.cols = cols
        self.count = cols.size

    def values(self, state: np.ndarray, effects: Sequence[Effect]) -> list | None:
        """Evaluate the effects on these games' columns (None if some formula reads the state other than by row);
        constants need no columns."""
        if all(effect.formula.constant is not None for effect in effects):
            return [(effect, effect.formula.fn(state)) for effect in effects]
        rows: set[int] = set()
        for effect in effects:
            if effect.formula.rows is None:
                return None
            rows |= effect.formula.rows
        part = np.empty((state.shape[0], self.count), dtype=state.dtype)
        for row in rows:
            state[row].take(self.cols, out=part[row])
        out = []
        for effect in effects:
            value = effect.formula.fn(part)
            if isinstance(value, np.ndarray) and np.may_share_memory(value, part):
                value = Late(effect.formula.fn(state))
            out.append((effect, value))
        return out

    def apply(self, state: np.ndarray, values, mode: str) -> None:
        """Add (mode 'add') or set ('set') the evaluated values at these games."""
        cols = self.cols
        for effect, value in values:
            if effect.mode != mode:
                continue
            if isinstance(value, Late):
                value = value.row[cols]
            # Through the row's own view: the same numbers, twice as fast as indexing the state by (row, games)
            if mode == "add":
                state[effect.target][cols] += value
            else:
                state[effect.target][cols] = value


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


def clip_rows(sc: CompiledScenario, state: np.ndarray, phase: str) -> None:
    """Clamp the rows a phase writes, and only those, to their bounds (through one copy of them when the batch
    is small, else one clamp per run of neighbouring rows)."""
    rows = sc.tables.phases[phase]
    if not len(rows.rows):
        return
    if state.shape[1] <= 64:
        state[rows.rows] = np.clip(state[rows.rows], rows.low, rows.high)
        return
    for run, low, high in row_runs(sc, phase):
        np.clip(state[run], low, high, out=state[run])


def row_runs(sc: CompiledScenario, phase: str) -> list[tuple[slice, np.ndarray, np.ndarray]]:
    """A phase's rows as runs of neighbouring rows, each with its rows' bounds as columns (kept in ``sc.extra``)."""
    cache = sc.extra.setdefault("engine_row_runs", {})
    if phase not in cache:
        rows = sc.tables.phases[phase]
        breaks = np.flatnonzero(np.diff(rows.rows) != 1) + 1
        starts, ends = np.concatenate(([0], breaks)), np.concatenate((breaks, [len(rows.rows)]))
        cache[phase] = [
            (slice(int(rows.rows[a]), int(rows.rows[b - 1]) + 1), rows.low[a:b], rows.high[a:b])
            for a, b in zip(starts, ends)
        ]
    return cache[phase]
