"""Orders: what one side does in one turn, for a batch of games, and which orders are legal.

Like the state, order arrays put the batch last: ``chosen`` is (moves, games).
A side's orders say which of its moves it makes, plus the package it proposes if
it makes a 'propose' move.  Legality: a move's condition holds, its cost fits the
move budget, no two moves share a group, the game is not over, and no notch move
takes a lever a deal in force commits away from the deal's setting (the deal
would only pull it back: a side breaks a deal by its scenario's own moves, such
as slow-walking or tearing it up, never by a move the deal undoes).
``random_orders`` draws legal orders for a whole batch with a fixed number of
draws; it is also the 'random' baseline leader.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compiled import CompiledScenario
from ..scenario.tables import MoveTables
from .state import alive


@dataclass
class Orders:
    """One side's orders for a batch of games."""

    chosen: np.ndarray
    """(moves, games) bool: the moves made."""
    offer: np.ndarray
    """(negotiable levers, games) float: target notch per lever, NaN where not in the package."""
    clauses: np.ndarray
    """(clauses, games) bool: clauses in the package."""
    deadline: np.ndarray
    """(games,) int: weeks to carry the package out."""

    @classmethod
    def empty(cls, sc: CompiledScenario, side: int, games: int) -> Orders:
        """Orders that do nothing."""
        return cls(
            np.zeros((len(sc.moves[side]), games), dtype=bool),
            np.full((len(sc.negotiable), games), np.nan),
            np.zeros((len(sc.clauses), games), dtype=bool),
            np.full(games, sc.model.negotiation.deadline, dtype=int),
        )

    @property
    def games(self) -> int:
        return self.chosen.shape[1]

    def repeated(self, runs: int) -> Orders:
        """The first game's orders repeated over a batch of ``runs`` games."""
        return Orders(
            np.repeat(self.chosen[:, :1], runs, axis=1),
            np.repeat(self.offer[:, :1], runs, axis=1),
            np.repeat(self.clauses[:, :1], runs, axis=1),
            np.repeat(self.deadline[:1], runs),
        )

    def take(self, cols: np.ndarray) -> Orders:
        """The orders of some games only."""
        return Orders(self.chosen[:, cols], self.offer[:, cols], self.clauses[:, cols], self.deadline[cols])

    def set_package(self, sc: CompiledScenario, package_index, where: np.ndarray | None = None) -> None:
        """Fill the offer with ready-made packages (one index per game, or one for all), where given."""
        tables = package_tables(sc)
        cols = np.arange(self.games) if where is None else np.flatnonzero(where)
        index = np.broadcast_to(np.asarray(package_index), (self.games,))[cols]
        self.offer[:, cols] = tables[0][:, index]
        self.clauses[:, cols] = tables[1][:, index]
        self.deadline[cols] = tables[2][index]


def package_tables(sc: CompiledScenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ready-made packages as arrays: targets (levers, packages), clauses (clauses, packages), deadlines."""
    return sc.tables.packages


def move_tables(sc: CompiledScenario, side: int) -> MoveTables:
    """Costs, groups and kinds of one side's moves as arrays (built by the compiler)."""
    return sc.tables.moves[side]


def legal_mask(sc: CompiledScenario, state: np.ndarray, side: int) -> np.ndarray:
    """(moves, games) bool: which single moves are allowed now (before the budget is spent)."""
    tables = move_tables(sc, side)
    games = state.shape[1]
    mask = np.ones((len(tables.cost), games), dtype=bool)
    if len(tables.lever_moves):
        values = state[tables.lever_rows]
        mask[tables.lever_moves] = np.where(tables.lever_up, values < tables.lever_limits, values > tables.lever_limits)
        if len(sc.negotiable):
            mask[tables.lever_moves] &= ~held_by_deal(sc, state, tables)
    other_offer = state[sc.deal.offer_pending[1 - side]] != 0.0
    for index, when, needs_offer in tables.formula_moves:
        ok = when.fn(state)
        mask[index] = np.logical_and(ok, other_offer) if needs_offer else ok
    mask &= alive(sc, state)
    mask &= (tables.cost <= sc.model.budget)[:, None]
    return mask


def held_by_deal(sc: CompiledScenario, state: np.ndarray, tables: MoveTables) -> np.ndarray:
    """(notch moves, games) bool: moves that would take a committed lever away from the deal in force's setting."""
    games = state.shape[1]
    held = np.zeros((len(tables.lever_moves), games), dtype=bool)
    active = state[sc.deal.active] != 0.0
    committable = np.flatnonzero(tables.lever_deal >= 0)
    if not committable.size or not active.any():
        return held
    j = tables.lever_deal[committable]
    has = state[sc.deal.has[j]] != 0.0
    target = state[sc.deal.target[j]]
    current = state[tables.lever_rows[committable]]
    away = np.where(tables.lever_up[committable], current >= target, current <= target)
    held[committable] = active & has & away
    return held


def orders_problems(sc: CompiledScenario, state: np.ndarray, side: int, orders: Orders) -> list[str]:
    """Why a batch-of-one's orders are not legal, in plain words (empty if they are)."""
    tables = move_tables(sc, side)
    chosen = orders.chosen[:, 0]
    legal = legal_mask(sc, state[:, :1], side)[:, 0]
    held = _held_labels(sc, state, side)
    problems = [
        held.get(m.index, f"'{m.label}' is not available now")
        for m in sc.moves[side]
        if chosen[m.index] and not legal[m.index]
    ]
    spent = int(tables.cost[chosen].sum())
    if spent > sc.model.budget:
        problems.append(f"those moves cost {spent} points; the budget is {sc.model.budget}")
    groups = tables.group[chosen]
    if len(groups) != len(set(groups.tolist())):
        problems.append("two of those moves cannot be made in the same turn (e.g. raising and lowering one lever)")
    if chosen[tables.propose].any():
        if np.all(np.isnan(orders.offer[:, 0])) and not orders.clauses[:, 0].any():
            problems.append("a proposal needs at least one term")
        for j, lever_i in enumerate(sc.negotiable):
            value = orders.offer[j, 0]
            lever = sc.levers[lever_i]
            if not np.isnan(value) and not np.any(np.isclose(lever.values, value)):
                problems.append(f"{value:g} is not a setting of {lever.label}")
        problems += _blocked_problems(sc, state, orders)
        if not 1 <= orders.deadline[0] <= 52:
            problems.append("a deadline runs from 1 to 52 weeks")
    if chosen[tables.accept].any() and chosen[tables.reject].any():
        problems.append("cannot both accept and reject the offer")
    return problems


def _held_labels(sc: CompiledScenario, state: np.ndarray, side: int) -> dict[int, str]:
    """Why each notch move a deal holds back is unavailable (batch of one), by move index."""
    tables = move_tables(sc, side)
    if not len(sc.negotiable) or not len(tables.lever_moves):
        return {}
    held = held_by_deal(sc, state[:, :1], tables)[:, 0]
    out = {}
    for k in np.flatnonzero(held):
        move = sc.moves[side][int(tables.lever_moves[k])]
        lever = sc.levers[move.lever]
        target = state[sc.deal.target[tables.lever_deal[k]], 0]
        shown = lever.notch_name(target) or sc.variables[lever.var].show(target)
        out[move.index] = f"'{move.label}' would break the deal in force, which sets {lever.label} at {shown}"
    return out


def blocked_terms(sc: CompiledScenario, targets: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Terms (negotiable levers first, then games, ...) that need a lever to move a way it has no move for."""
    ways = sc.tables.deal_ways
    shape = (-1,) + (1,) * (targets.ndim - 1)
    up = (targets > current + 1e-9) & ~ways.can_up.reshape(shape)
    down = (targets < current - 1e-9) & ~ways.can_down.reshape(shape)
    return (up | down) & ~np.isnan(targets)


def _blocked_problems(sc: CompiledScenario, state: np.ndarray, orders: Orders) -> list[str]:
    """Why a proposal's terms ask a lever to move a way none of its moves goes (batch of one)."""
    if not len(sc.negotiable):
        return []
    current = state[[sc.levers[i].var for i in sc.negotiable], :1]
    blocked = blocked_terms(sc, orders.offer[:, :1], current)[:, 0]
    out = []
    for j in np.flatnonzero(blocked):
        lever = sc.levers[sc.negotiable[j]]
        way = "raise" if orders.offer[j, 0] > current[j, 0] else "lower"
        out.append(f"a deal cannot {way} {lever.label}: that lever has no move that way")
    return out


def random_orders(
    sc: CompiledScenario,
    state: np.ndarray,
    side: int,
    rng: np.random.Generator,
    stop: float | np.ndarray = 0.25,
    legal: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> Orders:
    """Legal orders drawn at random for every game, one move per slot until the budget or a stop.

    Each slot picks a legal move with probability proportional to ``weights`` ((moves,) or
    (moves, games); default uniform); a zero weight rules a move out.  ``stop`` (one, or per
    game) is the chance of leaving each slot unused.  The number of
    draws is fixed, so the generator advances the same whatever is chosen.
    """
    games = state.shape[1]
    tables = move_tables(sc, side)
    orders = Orders.empty(sc, side, games)
    if not len(tables.cost):
        return orders
    legal = legal_mask(sc, state, side) if legal is None else legal
    weight = legal.astype(np.float32)
    if weights is not None:
        weight *= np.broadcast_to(np.asarray(weights, dtype=np.float32).reshape(len(tables.cost), -1), legal.shape)
    slots = sc.model.budget
    uniforms = rng.random((2, slots, games))
    budget = np.full(games, slots)
    going = np.ones(games, dtype=bool)
    cols = np.arange(games)
    for slot in range(slots):
        if tables.cost.max() > 1:
            weight *= tables.cost[:, None] <= budget
        total = weight.sum(axis=0)
        going &= (total > 0) & (uniforms[0, slot] >= stop)
        if not going.any():
            break
        pick = _weighted_pick(weight, (uniforms[1, slot] * total).astype(np.float32))
        take = going & (tables.cost[pick] <= budget)
        orders.chosen[pick[take], cols[take]] = True
        budget -= np.where(take, tables.cost[pick], 0)
        weight[pick, cols] = 0.0
        if tables.pairs_only:
            weight[tables.partner[pick], cols] = 0.0
        else:
            weight *= tables.group[:, None] != tables.group[pick][None, :]
    if tables.propose.any():
        proposing = orders.chosen[tables.propose].any(axis=0)
        if len(sc.packages):
            orders.set_package(sc, rng.integers(0, len(sc.packages), games), where=proposing)
        else:
            orders.chosen[tables.propose] = False
    return orders


def _weighted_pick(weight: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Per game (column), the row where the running sum of weights first passes the threshold."""
    running = np.zeros(weight.shape[1], dtype=weight.dtype)
    row = np.zeros(weight.shape[1], dtype=np.int64)
    for w in weight:
        running += w
        row += running <= threshold
    row = np.minimum(row, weight.shape[0] - 1)
    cols = np.arange(weight.shape[1])
    stray = np.flatnonzero(weight[row, cols] <= 0)
    if stray.size:  # rounding put the threshold past the last weight: take the last positive row
        row[stray] = weight.shape[0] - 1 - np.argmax(weight[::-1, stray] > 0, axis=0)
    return row
