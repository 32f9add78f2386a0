"""Deals: offers, answers, signing, carrying out and compliance — the negotiation phase of a turn.

An offer made in turn t sits on the table for the other side to answer from turn
t+1, for as many weeks as the scenario's ``negotiation.offer_weeks`` gives when it
is tabled (one by default; longer where trust is high): 'accept' signs it;
'reject' or a counter-proposal ends it, and so does the offerer's new offer; when
its weeks run out unanswered it lapses.  A signed deal commits levers of both sides to target notches
within a deadline.  Each week every committed lever moves one notch toward its
target unless its side is slow-walking (a secret choice); with
``negotiation.lever_effects`` each such notch also applies that lever move's own
effects, as if its side had made it.  A deal signed while another is in force
replaces it: only the new terms are committed, counted from the new signing.  Compliance is the
share of the way each side has come (0-1); the other side sees it only through a
noisy estimate.  What breaking a deal costs is the scenario's business: its
rules read ``deal.overdue``, ``<side>.compliance`` and friends.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compiled import CompiledScenario
from .orders import Orders, move_tables
from .step_tools import apply_effects, apply_values, clip_rows, effect_values, one_game, snap, step_toward_each


def negotiate(sc: CompiledScenario, state: np.ndarray, orders: tuple[Orders, Orders], live: np.ndarray) -> np.ndarray:
    """Answer offers, sign deals, table new offers, carry deals out; return whose offer was signed (or -1)."""
    d = sc.deal
    signed_offer = np.full(state.shape[1], -1, dtype=np.int8)
    if not len(sc.negotiable) and not len(sc.clauses):
        return signed_offer
    pending = state[list(d.offer_pending)] != 0.0
    signed = np.zeros(state.shape[1], dtype=bool)
    for side in (0, 1):
        tables = move_tables(sc, side)
        if not len(tables.accept_flags) or not np.count_nonzero(pending[1 - side]):
            continue
        accepts = any_flag(state, tables.accept_flags) & pending[1 - side] & live
        if np.count_nonzero(accepts):
            _sign(sc, state, 1 - side, np.flatnonzero(accepts))
            signed_offer[accepts] = 1 - side
            signed |= accepts
    for side in (0, 1):
        if np.count_nonzero(pending[side]):
            _close_or_keep_open(sc, state, side, pending[side] & live, signed)
    for side in (0, 1):
        tables = move_tables(sc, side)
        if len(tables.propose_flags):
            proposing = any_flag(state, tables.propose_flags) & live
            if np.count_nonzero(proposing):
                _table_offer(sc, state, side, orders[side], np.flatnonzero(proposing))
    _carry_out(sc, state, live)
    return signed_offer


def any_flag(state: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(games,): whether any of these did-flag rows is set (a batch of one reads its numbers in Python)."""
    if not len(rows):
        return np.zeros(state.shape[1], dtype=bool)
    if one_game(state):
        return np.array([any(state.item(row, 0) != 0.0 for row in rows.tolist())])
    return (state[rows] != 0.0).any(axis=0)


def _close_or_keep_open(sc: CompiledScenario, state: np.ndarray, side: int, on_table: np.ndarray, signed) -> None:
    """A side's tabled offer ends when answered (accept, reject, counter-offer), replaced, or its weeks run out."""
    d = sc.deal
    answered = any_flag(state, move_tables(sc, 1 - side).answer_flags)
    replaced = any_flag(state, move_tables(sc, side).propose_flags)
    weeks = state[d.offer_open[side]] - 1.0
    close = on_table & (answered | replaced | signed | (weeks <= 0.0))
    np.copyto(state[d.offer_pending[side]], 0.0, where=close)
    np.copyto(state[d.offer_open[side]], np.where(close, 0.0, weeks), where=on_table)


def _table_offer(sc: CompiledScenario, state: np.ndarray, side: int, orders: Orders, cols: np.ndarray) -> None:
    """Put a side's proposals on the table in the given games (levers not in a package keep their floor)."""
    d = sc.deal
    state[d.offer_pending[side]][cols] = 1.0
    if len(sc.negotiable):
        offer = orders.offer.take(cols, axis=1)
        has = ~np.isnan(offer)
        target_rows = d.offer_target[side]
        _set_rows_at(state, d.offer_has[side], cols, has)
        _set_rows_at(state, target_rows, cols, np.where(has, offer, sc.low[target_rows][:, None]))
    if len(d.offer_clause[side]):
        _set_rows_at(state, d.offer_clause[side], cols, orders.clauses.take(cols, axis=1))
    state[d.offer_deadline[side]][cols] = orders.deadline.take(cols)
    weeks = 1.0 if d.offer_weeks is None else np.broadcast_to(d.offer_weeks.fn(state), (state.shape[1],)).take(cols)
    state[d.offer_open[side]][cols] = np.clip(np.round(weeks), 1.0, 12.0)


def _sign(sc: CompiledScenario, state: np.ndarray, offerer: int, cols: np.ndarray) -> None:
    """Turn the offerer's tabled offer into the deal in force, in the given games."""
    d = sc.deal
    scope = np.zeros(len(cols))
    if len(sc.negotiable):
        has = _rows_at(state, d.offer_has[offerer], cols)
        _set_rows_at(state, d.has, cols, has)
        _set_rows_at(state, d.target, cols, _rows_at(state, d.offer_target[offerer], cols))
        _set_rows_at(state, d.origin, cols, _rows_at(state, negotiable_levers(sc).var, cols))
        scope += has.sum(axis=0)
    clause_flags = np.zeros((0, len(cols)))
    if len(d.clause):
        clause_flags = _rows_at(state, d.offer_clause[offerer], cols)
        _set_rows_at(state, d.clause, cols, clause_flags)
        scope += clause_flags.sum(axis=0)
    state[d.scope][cols] = scope
    for row in (d.active, d.signed):
        state[row][cols] = 1.0
    for row in (d.age, d.overdue, *d.slow_walking):
        state[row][cols] = 0.0
    state[d.weeks_left][cols] = state[d.offer_deadline[offerer]].take(cols)
    for clause in sc.clauses:
        where = np.zeros(state.shape[1], dtype=bool)
        where[cols] = clause_flags[clause.index] != 0.0
        apply_effects(state, clause.effects, where)


def _carry_out(sc: CompiledScenario, state: np.ndarray, live: np.ndarray) -> None:
    """Move committed levers a notch toward their targets and update compliance and the clock.

    All negotiable levers at once, as (levers, games) arrays; the compliance sums still add lever by lever.
    """
    d = sc.deal
    active = (state[d.active] != 0.0) & live
    idle = live & ~active
    for row in d.compliance:
        np.copyto(state[row], 1.0, where=idle)
    np.copyto(state[d.overdue], 0.0, where=idle)
    if not np.count_nonzero(active):
        return
    cols = slice(None) if active.all() else np.flatnonzero(active)
    fresh = state[d.signed][cols] != 0.0
    progress_sum = np.zeros((2, len(fresh)))
    committed = np.zeros((2, len(fresh)))
    if len(sc.negotiable):
        _carry_levers(sc, state, cols, fresh, progress_sum, committed)
    for s in (0, 1):
        share = np.where(committed[s] > 0, progress_sum[s] / np.maximum(committed[s], 1.0), 1.0)
        state[d.compliance[s]][cols] = share
    working = ~fresh
    weeks_left = np.where(working, np.maximum(state[d.weeks_left][cols] - 1.0, 0.0), state[d.weeks_left][cols])
    state[d.weeks_left][cols] = weeks_left
    state[d.age][cols] += working
    state[d.overdue][cols] = (weeks_left <= 0.0) & working


def _carry_levers(sc: CompiledScenario, state: np.ndarray, cols, fresh, progress_sum, committed) -> None:
    """Step every committed lever a notch (unless its side slow-walks or the deal is fresh) and add each
    lever's progress to its side's sums, in the levers' order (levers no game committed are left out)."""
    d, levers = sc.deal, negotiable_levers(sc)
    has = _rows_at(state, d.has, cols) != 0.0
    keep = np.flatnonzero(has.any(axis=1))
    if not keep.size:
        return
    has, var, side = has[keep], levers.var[keep], levers.side[keep]
    slow = np.array([state[d.slow_walking[s]][cols] != 0.0 for s in (0, 1)])
    target, current = _rows_at(state, d.target[keep], cols), _rows_at(state, var, cols)
    moving = has & ~fresh & ~slow[side]
    if sc.tables.deal_ways.gated:
        up, down = allowed_ways(sc, state, cols)
        moving &= np.where(target > current, up[keep], np.where(target < current, down[keep], True))
    if sc.model.negotiation.lever_effects:
        steps = [(j, sc.levers[sc.negotiable[j]], has[k], target[k], current[k], moving[k]) for k, j in enumerate(keep)]
        carried = _lever_move_effects(sc, state, cols, steps)
    else:
        carried = []
    if moving.any():
        notched = step_toward_each(levers.notches[keep], levers.count[keep], current, target)
        current = np.where(moving, notched, current)
        _set_rows_at(state, var, cols, current)
    span = np.abs(_rows_at(state, d.origin[keep], cols) - target)
    gap = np.abs(current - target)
    progress = np.where(span > 0, 1.0 - gap / np.where(span > 0, span, 1.0), (gap == 0).astype(float))
    progress = np.where(has, np.clip(progress, 0.0, 1.0), 0.0)
    for k, s in enumerate(side):
        progress_sum[s] += progress[k]
        committed[s] += has[k]
    if carried:
        _apply_carried(sc, state, carried)


ROW_BY_ROW = 1024
"""From this many chosen games on, rows are read and written one at a time through each row's view (far cheaper
than picking rows and games at once); fewer games are picked at once (fewer calls)."""


def _rows_at(state: np.ndarray, rows: np.ndarray, cols) -> np.ndarray:
    """(rows, chosen games) copy of some rows at some games (cols a slice of every game, or indices)."""
    if isinstance(cols, slice):
        return state.take(rows, axis=0)
    if len(cols) < ROW_BY_ROW:
        return state.take(rows, axis=0).take(cols, axis=1)
    out = np.empty((len(rows), len(cols)), dtype=state.dtype)
    for k, row in enumerate(rows.tolist()):
        state[row].take(cols, out=out[k])
    return out


def _set_rows_at(state: np.ndarray, rows: np.ndarray, cols, values: np.ndarray) -> None:
    """Write (rows, chosen games) values back (cols a slice of every game, or indices)."""
    if isinstance(cols, slice):
        state[rows] = values
        return
    if len(cols) < ROW_BY_ROW:
        state[rows[:, None], cols] = values
        return
    values = np.broadcast_to(values, (len(rows), len(cols)))
    for k, row in enumerate(rows.tolist()):
        state[row][cols] = values[k]


def _lever_move_effects(sc: CompiledScenario, state: np.ndarray, cols, steps: list) -> list:
    """Each carried notch's lever-move effects, evaluated on the state before any lever steps: (values, games)."""
    out = []
    games = state.shape[1]
    for _j, lever, _has, target, current, moving in steps:
        moves = {m.kind: m for m in sc.moves[lever.side] if m.lever == lever.index}
        for kind, way in (("up", target > current), ("down", target < current)):
            move = moves.get(kind)
            where = np.zeros(games, dtype=bool)
            where[cols] = moving & way
            if move is not None and move.effects and where.any():
                out.append((effect_values(state, move.effects), where))
    return out


def _apply_carried(sc: CompiledScenario, state: np.ndarray, carried: list) -> None:
    """Apply carried lever moves' effects (additions, then settings), then clamp as after the moves."""
    for values, where in carried:
        apply_values(state, [(e, v) for e, v in values if e.mode == "add"], where)
    for values, where in carried:
        apply_values(state, [(e, v) for e, v in values if e.mode == "set"], where)
    rows = sc.tables.phases["moves"]
    for lever in rows.levers:
        state[lever.var] = snap(lever.values, state[lever.var])
    clip_rows(sc, state, "moves")


def allowed_ways(sc: CompiledScenario, state: np.ndarray, cols) -> tuple[np.ndarray, np.ndarray]:
    """(up, down), each (negotiable levers, games in cols) bool: which way a deal may step each lever now."""
    ways = sc.tables.deal_ways
    games = state.shape[1]
    out = []
    for direction, static in enumerate((ways.can_up, ways.can_down)):
        rows = np.repeat(static[:, None], games, axis=1)
        for j, pair in enumerate(ways.conditions):
            if pair[direction] is not None and static[j]:
                rows[j] = np.broadcast_to(np.asarray(pair[direction].fn(state), dtype=bool), (games,))
        out.append(rows[:, cols])
    return out[0], out[1]


def package_arrays(sc: CompiledScenario, terms: dict[str, float]) -> np.ndarray:
    """Targets per negotiable lever (NaN where absent) from a {lever name: notch} mapping."""
    out = np.full(len(sc.negotiable), np.nan)
    names = [sc.levers[i].name for i in sc.negotiable]
    for name, value in terms.items():
        if name not in names:
            raise KeyError(f"{name!r} is not a negotiable lever")
        out[names.index(name)] = value
    return out


def proposal_flags(sc: CompiledScenario, side: int) -> np.ndarray:
    """Which of a side's moves are proposals."""
    return move_tables(sc, side).propose


class NegotiableLevers:
    """The negotiable levers' rows, sides and notches (padded with NaN) as arrays, built once per scenario."""

    def __init__(self, sc: CompiledScenario):
        levers = [sc.levers[i] for i in sc.negotiable]
        self.var = np.array([lever.var for lever in levers], dtype=np.intp)
        self.side = np.array([lever.side for lever in levers], dtype=np.intp)
        self.count = np.array([len(lever.values) for lever in levers], dtype=np.intp)
        self.notches = np.full((len(levers), max(self.count, default=1)), np.nan)
        for j, lever in enumerate(levers):
            self.notches[j, : len(lever.values)] = lever.values


def negotiable_levers(sc: CompiledScenario) -> NegotiableLevers:
    """The scenario's negotiable levers as arrays (kept in ``sc.extra``)."""
    return sc.kept("engine_negotiable_levers", NegotiableLevers)
