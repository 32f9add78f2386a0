"""Both sides' moves resolved in a few array passes, whatever the number of different moves made.

The rule is ``turn.resolve_moves``'s: every made move's effects are evaluated on the same state, then
lever notches are added, then every addition, then every setting, each in the order of the moves (side 0's
by index, then side 1's).  Instead of a loop over the moves made, this lists every (game, move) pair, the
k-th move a game made being its *slot* k, and applies slot by slot: within one slot a game made one move,
so no number is touched twice, and slot order is move order, so every number sees its additions and
settings in the same order, with the same bits, as move by move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compiled import CompiledScenario, Effect


@dataclass
class EntryTable:
    """One mode's (add or set) effects of every move, flat: move m's are entries ``start[m]:start[m+1]``."""

    start: np.ndarray
    count: np.ndarray
    row: np.ndarray
    value: np.ndarray
    """The constant value, or NaN for a formula evaluated each week."""


@dataclass
class MoveEffects:
    """Both sides' moves (side 0's numbered first) as tables, built once per scenario."""

    usable: bool
    """False if some move writes one row twice in one mode (then the move-by-move loop keeps its order)."""
    add: EntryTable
    set: EntryTable
    formula_moves: list
    """(move number, side, move index, [(entry table, position within the move's entries, effect)])."""
    formula_rows: np.ndarray | None
    """Rows the formula effects read (None if some formula reads the state other than by row)."""
    lever_of: np.ndarray
    """(moves,) lever index of a lever move, else -1."""
    direction: np.ndarray
    """(moves,) +1 for an 'up' lever move, -1 otherwise."""
    lever_var: np.ndarray
    notches: np.ndarray
    """(levers, most notches) every lever's notches, padded with NaN."""
    n_notches: np.ndarray


def move_effects(sc: CompiledScenario) -> MoveEffects:
    """The scenario's move tables (built on first use, kept in ``sc.extra``)."""
    return sc.kept("engine_move_effects", _build)


def _build(sc: CompiledScenario) -> MoveEffects:
    """Flatten both sides' moves' effects and lever notches into arrays."""
    moves = [*sc.moves[0], *sc.moves[1]]
    usable = True
    tables, formula_moves = {}, []
    for mode in ("add", "set"):
        start, rows, values = [0], [], []
        for move in moves:
            mine = [e for e in move.effects if e.mode == mode]
            usable &= len({e.target for e in mine}) == len(mine)
            rows += [e.target for e in mine]
            values += [np.nan if e.formula.constant is None else float(e.formula.constant) for e in mine]
            start.append(len(rows))
        start_arr = np.array(start, dtype=np.intp)
        tables[mode] = EntryTable(start_arr, np.diff(start_arr), np.array(rows, dtype=np.intp), np.array(values))
    for number, move in enumerate(moves):
        side = 0 if number < len(sc.moves[0]) else 1
        parts = []
        for mode in ("add", "set"):
            mine = [e for e in move.effects if e.mode == mode]
            parts += [(tables[mode], k, e) for k, e in enumerate(mine) if e.formula.constant is None]
        if parts:
            formula_moves.append((number, side, move.index, parts))
    widest = max((len(lever.values) for lever in sc.levers), default=1)
    notches = np.full((max(len(sc.levers), 1), widest), np.nan)
    for lever in sc.levers:
        notches[lever.index, : len(lever.values)] = lever.values
    return MoveEffects(
        usable=usable,
        add=tables["add"],
        set=tables["set"],
        formula_moves=formula_moves,
        formula_rows=_rows_read([effect for *_, parts in formula_moves for _, _, effect in parts]),
        lever_of=np.array([m.lever for m in moves], dtype=np.intp),
        direction=np.array([1 if m.kind == "up" else -1 for m in moves], dtype=np.intp),
        lever_var=np.array([lever.var for lever in sc.levers] or [0], dtype=np.intp),
        notches=notches,
        n_notches=np.array([len(lever.values) for lever in sc.levers] or [1], dtype=np.intp),
    )


def _rows_read(effects: list[Effect]) -> np.ndarray | None:
    """Every row the effects' formulas read, or None if one reads the state other than by row."""
    rows: set[int] = set()
    for effect in effects:
        if effect.formula.rows is None:
            return None
        rows |= effect.formula.rows
    return np.array(sorted(rows), dtype=np.intp)


@dataclass
class Pairs:
    """Every (game, move) made this week, ordered by game then move, with the move's slot in its game."""

    game: np.ndarray
    move: np.ndarray
    slot: np.ndarray
    slots: int


def made_pairs(chosen: tuple[np.ndarray, np.ndarray]) -> Pairs:
    """The (game, move) pairs of both sides' orders (side 0's moves numbered first)."""
    both = np.concatenate(chosen)
    games = both.shape[1]
    move, game = np.divmod(np.flatnonzero(both), games)
    # Move by move, then (a stable sort) game by game: small whole numbers sort by radix, far faster than
    # finding the pairs of the transposed array.
    order = np.argsort(game.astype(np.uint16 if games <= 65536 else np.intp), kind="stable")
    game, move = game[order], move[order]
    if not game.size:
        return Pairs(game, move, game, 0)
    new_game = np.flatnonzero(np.diff(game)) + 1
    starts = np.concatenate(([0], new_game))
    lengths = np.diff(np.concatenate((starts, [game.size])))
    slot = np.arange(game.size) - np.repeat(starts, lengths)
    return Pairs(game, move, slot, int(lengths.max()))


@dataclass
class Entries:
    """One mode's effects of the made moves, one per (pair, effect): flat state index, value, slot."""

    index: np.ndarray
    value: np.ndarray
    slot: np.ndarray
    first: np.ndarray
    """(pairs,) where each pair's entries begin."""


def expand(table: EntryTable, pairs: Pairs, games: int) -> Entries:
    """List the effects of every made move in one mode, with constants filled in."""
    counts = table.count[pairs.move]
    first = np.cumsum(counts) - counts
    pair_of = np.repeat(np.arange(pairs.move.size), counts)
    entry = np.repeat(table.start[pairs.move] - first, counts) + np.arange(pair_of.size)
    index = table.row[entry] * games + pairs.game[pair_of]
    return Entries(index, table.value[entry], pairs.slot[pair_of], first)


PASS_GAMES = (2, 1024)
"""Batch sizes where the passes beat the loop: one game makes too few moves to gain, and in a big batch the
loop's per-move row operations are cheaper than the passes' scattered ones (measured on june_2025)."""


def resolve_in_passes(sc: CompiledScenario, state: np.ndarray, chosen: tuple[np.ndarray, np.ndarray]) -> bool:
    """Apply both sides' moves as ``turn.resolve_moves`` does; False (nothing done) if this batch, state or
    scenario is better or only served by the move-by-move loop."""
    games = state.shape[1]
    if not PASS_GAMES[0] <= games <= PASS_GAMES[1]:
        return False
    table = move_effects(sc)
    if not table.usable or not state.flags.c_contiguous or state.dtype != np.float64:
        return False
    pairs = made_pairs(chosen)
    if not pairs.slots:
        return True
    adds, sets = expand(table.add, pairs, games), expand(table.set, pairs, games)
    if not _fill_formulas(table, state, pairs, {id(table.add): adds, id(table.set): sets}):
        return False
    flat = state.reshape(-1)
    notch_index, notch_delta, notch_slot = _notches(table, state, pairs)
    for slot in range(pairs.slots):
        at = notch_slot == slot
        flat[notch_index[at]] += notch_delta[at]
    for slot in range(pairs.slots):
        at = adds.slot == slot
        flat[adds.index[at]] += adds.value[at]
    for slot in range(pairs.slots):
        at = sets.slot == slot
        flat[sets.index[at]] = sets.value[at]
    return True


def _fill_formulas(table: MoveEffects, state: np.ndarray, pairs: Pairs, entries: dict) -> bool:
    """Evaluate the made moves' formula effects on their games (all before any is applied); False if one
    is a view of the state (the loop reads those when applying)."""
    made = np.bincount(pairs.move, minlength=len(table.lever_of)) > 0
    todo = [(np.flatnonzero(pairs.move == move[0]), move[3]) for move in table.formula_moves if made[move[0]]]
    if not todo:
        return True
    part, position = _formula_columns(table, state, pairs, [at for at, _ in todo])
    for at, parts in todo:
        for mode_table, k, effect in parts:
            value = effect.formula.fn(part)
            if isinstance(value, np.ndarray) and np.may_share_memory(value, part):
                return False
            found = entries[id(mode_table)]
            found.value[found.first[at] + k] = value[position[at]] if np.ndim(value) else value
    return True


def _formula_columns(table: MoveEffects, state: np.ndarray, pairs: Pairs, made: list) -> tuple:
    """The state at only the games that made a formula move, when they are few (else the whole state), and
    each pair's column in it.

    A formula computes each game's value from that game's column alone, the same way for any number of
    games, so evaluating it on some games' columns gives the same bits as on the whole batch.
    """
    games = state.shape[1]
    chosen = np.zeros(games, dtype=bool)
    for at in made:
        chosen[pairs.game[at]] = True
    count = int(np.count_nonzero(chosen))
    if table.formula_rows is None or count * 2 >= games:
        return state, pairs.game
    cols = np.flatnonzero(chosen)
    part = np.empty((state.shape[0], count), dtype=state.dtype)
    part[table.formula_rows] = state[table.formula_rows[:, None], cols]
    position = np.zeros(games, dtype=np.intp)
    position[cols] = np.arange(count)
    return part, position[pairs.game]


def _notches(table: MoveEffects, state: np.ndarray, pairs: Pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lever moves: (flat index, notch step, slot) per made lever move, read before anything is applied."""
    lever = table.lever_of[pairs.move]
    at = np.flatnonzero(lever >= 0)
    lever, game = lever[at], pairs.game[at]
    row = table.lever_var[lever]
    before = state[row, game]
    values, n = table.notches[lever], table.n_notches[lever]
    below = n - np.count_nonzero((before - 1e-9)[:, None] <= values, axis=1)
    index = np.clip(below, 0, n - 1)
    index = np.clip(index + table.direction[pairs.move[at]], 0, n - 1)
    after = values[np.arange(at.size), index]
    return row * state.shape[1] + game, after - before, pairs.slot[at]
