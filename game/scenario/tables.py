"""Tables the engine reads every week, built once by the compiler from the compiled scenario.

Move costs, groups, kinds and flag rows per side; ready-made packages as arrays; the rows each phase of a
turn writes (to clamp them and put levers back on a notch).  Typed and immutable: nothing is cached later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import CompiledScenario


@dataclass(frozen=True)
class MoveTables:
    """Per-side arrays about moves, precomputed once per scenario."""

    cost: np.ndarray
    group: np.ndarray
    partner: np.ndarray
    """For each move, the other member of its group (itself if alone), when groups are pairs."""
    pairs_only: bool
    propose: np.ndarray
    accept: np.ndarray
    reject: np.ndarray
    flags: np.ndarray
    """State row of each move's did-flag."""
    flag_rows: slice | np.ndarray
    """The same rows as a slice when they are contiguous (a faster write)."""
    lever_moves: np.ndarray
    """Indices of notch moves."""
    lever_rows: np.ndarray
    lever_limits: np.ndarray
    lever_up: np.ndarray
    lever_deal: np.ndarray
    """For each notch move, its lever's index among the negotiable levers (-1: no deal can commit it)."""
    formula_moves: tuple
    """(index, when formula, needs an offer) for moves whose legality is a formula."""
    public_escalations: np.ndarray
    """Indices of escalating moves everyone sees: they count towards ``<side>.escalations``."""
    accept_flags: np.ndarray
    """Did-flag rows of the side's accept moves (read each week by the negotiation)."""
    propose_flags: np.ndarray
    """Did-flag rows of its propose moves."""
    answer_flags: np.ndarray
    """Did-flag rows of every move that answers an offer: accept, reject or a counter-proposal."""


def build_move_tables(sc: CompiledScenario, side: int) -> MoveTables:
    """Costs, groups and kinds of one side's moves as arrays."""
    moves = sc.moves[side]
    kind = np.array([m.kind for m in moves], dtype=object)
    group = np.array([m.group for m in moves], dtype=int)
    partner = np.arange(len(moves))
    members: dict[int, list[int]] = {}
    for m in moves:
        members.setdefault(m.group, []).append(m.index)
    for indices in members.values():
        if len(indices) == 2:
            partner[indices[0]], partner[indices[1]] = indices[1], indices[0]
    levers = [m for m in moves if m.lever >= 0]
    flags = np.array([m.flag for m in moves], dtype=np.intp)
    formula_moves = tuple(
        (m.index, m.when, m.kind in ("accept", "reject"))
        for m in moves
        if (m.lever < 0 and (m.when.constant is not True or m.kind in ("accept", "reject"))) or m.condition is not None
    )
    limits = [sc.levers[m.lever].values[-1 if m.kind == "up" else 0] for m in levers]
    return MoveTables(
        cost=np.array([m.cost for m in moves], dtype=int),
        group=group,
        partner=partner,
        pairs_only=all(len(v) <= 2 for v in members.values()),
        propose=kind == "propose",
        accept=kind == "accept",
        reject=kind == "reject",
        flags=flags,
        flag_rows=slice(int(flags[0]), int(flags[-1]) + 1) if len(flags) and np.all(np.diff(flags) == 1) else flags,
        lever_moves=np.array([m.index for m in levers], dtype=np.intp),
        lever_rows=np.array([sc.levers[m.lever].var for m in levers], dtype=np.intp),
        lever_limits=np.array(limits, dtype=float)[:, None] if levers else np.zeros((0, 1)),
        lever_up=np.array([m.kind == "up" for m in levers], dtype=bool)[:, None] if levers else np.zeros((0, 1), bool),
        lever_deal=np.array([_negotiable_index(sc, m.lever) for m in levers], dtype=np.intp),
        formula_moves=formula_moves,
        accept_flags=flags[kind == "accept"],
        propose_flags=flags[kind == "propose"],
        answer_flags=flags[(kind == "accept") | (kind == "reject") | (kind == "propose")],
        public_escalations=np.array(
            [m.index for m in moves if m.stance == "escalate" and m.visibility == "public"], dtype=np.intp
        ),
    )


def _negotiable_index(sc: CompiledScenario, lever: int) -> int:
    """Where a lever sits among the negotiable levers (-1 if it is not one)."""
    found = np.flatnonzero(np.asarray(sc.negotiable) == lever)
    return int(found[0]) if found.size else -1


def build_package_tables(sc: CompiledScenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ready-made packages as arrays: targets (levers, packages), clauses (clauses, packages), deadlines."""
    n = len(sc.packages)
    targets = np.stack([p.targets for p in sc.packages], axis=1) if n else np.zeros((len(sc.negotiable), 0))
    clauses = np.stack([p.clauses for p in sc.packages], axis=1) if n else np.zeros((len(sc.clauses), 0), bool)
    return targets, clauses, np.array([p.deadline for p in sc.packages], dtype=int)


def _effect_groups(sc: CompiledScenario) -> dict[str, list]:
    return {
        "moves": [m.effects for side in sc.moves for m in side],
        "contests": [c.effects for c in sc.contests] + [w for c in sc.contests for w in c.winner_effects],
        "dynamics": [r.effects for r in sc.rules],
        "clauses": [c.effects for c in sc.clauses],
        "end": [e.effects for e in sc.events] + [e.effects for e in sc.endings] + [d.effects for d in sc.discoveries],
    }


@dataclass(frozen=True)
class PhaseRows:
    """The rows a phase's formulas write (to clamp), with their bounds, and the levers among them."""

    rows: np.ndarray
    low: np.ndarray
    """(rows, 1): each row's lower bound."""
    high: np.ndarray
    levers: tuple = ()


def _phase(sc: CompiledScenario, rows, levers: tuple = ()) -> PhaseRows:
    rows = np.array(sorted(rows), dtype=np.intp)
    return PhaseRows(rows, sc.low[rows][:, None], sc.high[rows][:, None], levers)


def build_phase_rows(sc: CompiledScenario) -> dict[str, PhaseRows]:
    """Per phase: rows its formulas write (to clamp) and levers they write (to put back on a notch)."""
    out: dict = {}
    for phase, groups in _effect_groups(sc).items():
        targets = {e.target for group in groups for e in group}
        out[phase] = _phase(sc, targets, tuple(lever for lever in sc.levers if lever.var in targets))
    out["always"] = _phase(sc, [*map(int, sc.estimate_rows), sc.turn_row])
    return out


@dataclass(frozen=True)
class DealWays:
    """Which way a deal may carry each negotiable lever: the ways its own moves go."""

    can_up: np.ndarray
    """(negotiable levers,) bool: the lever has an up move (not 'enabled: false' nor 'when: false')."""
    can_down: np.ndarray
    conditions: tuple
    """Per negotiable lever, (up condition, down condition): a lever move's own condition, or None."""

    @property
    def gated(self) -> bool:
        """Whether any deal-carried lever is held back by a condition or a missing move."""
        return not (self.can_up.all() and self.can_down.all()) or any(c for pair in self.conditions for c in pair)


def build_deal_ways(sc: CompiledScenario) -> DealWays:
    """For each negotiable lever, whether its up and down moves exist and their own conditions."""
    up, down, conditions = [], [], []
    for lever_i in sc.negotiable:
        lever = sc.levers[lever_i]
        moves = {m.kind: m for m in sc.moves[lever.side] if m.lever == lever.index}
        ways = [moves.get(kind) for kind in ("up", "down")]
        up.append(ways[0] is not None and ways[0].when.constant is not False)
        down.append(ways[1] is not None and ways[1].when.constant is not False)
        conditions.append(tuple(m.condition if m is not None else None for m in ways))
    return DealWays(np.array(up, dtype=bool), np.array(down, dtype=bool), tuple(conditions))


@dataclass(frozen=True)
class EngineTables:
    """Everything the engine precomputes from a scenario."""

    moves: tuple[MoveTables, MoveTables]
    packages: tuple[np.ndarray, np.ndarray, np.ndarray]
    phases: dict[str, PhaseRows]
    deal_ways: DealWays | None = None


def build_tables(sc: CompiledScenario) -> EngineTables:
    """The engine's tables for a compiled scenario."""
    return EngineTables(
        (build_move_tables(sc, 0), build_move_tables(sc, 1)),
        build_package_tables(sc),
        build_phase_rows(sc),
        build_deal_ways(sc),
    )
