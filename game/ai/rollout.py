"""Rollouts on the real engine: many copies of a leader's observation played forward a few weeks.

Columns of a rollout batch are laid out candidate-major: column ``(c * games + g) * runs + r``
is run ``r`` of candidate ``c`` in game ``g``.  ``SharedDraws`` hands the engine and
the rollout policies the same uniforms for every candidate (common random numbers),
so candidates are compared on the same weather and the same opponent dice: the
differences come from the moves, not from luck.

The other side is played by ``StanceModel``: a mix of the baselines (always
escalate, always calm, random) weighted by what this leader saw it do — its
visible moves last week and how far its levers stand from where they started.
It never reads the other side's hidden numbers: everything starts from the
leader's observation (``engine.state.observe``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..engine.loop import last_week, play_weeks
from ..engine.orders import Orders, move_tables, random_orders
from ..scenario.compiled import CompiledScenario


class SharedDraws:
    """A generator stand-in that draws once per (game, run) and hands every candidate the same draws.

    Rollout columns come in blocks of ``runs``, one block per rolled (candidate, game), candidate-major;
    ``blocks[b]`` is the game of block b, so run ``r`` of every candidate in game g reads the draws of
    (g, r), whichever candidates are rolled there (those illegal in some games are left out).
    """

    def __init__(self, rng: np.random.Generator, blocks: np.ndarray, runs: int, games: int):
        self.rng = rng
        self.blocks = blocks
        self.runs = runs
        self.games = games
        """Games drawn for: each draw is games x runs per row."""

    @classmethod
    def for_blocks(cls, rng: np.random.Generator, rolled: np.ndarray, runs: int, games: int) -> SharedDraws:
        """Draws for the rolled (candidate, game) blocks of ``rolled`` ((candidates x games,), candidate-major)."""
        return cls(rng, np.flatnonzero(rolled) % games, runs, games)

    def random(self, size, dtype=np.float64) -> np.ndarray:
        """Uniforms shaped ``size``; columns of one game and run get the same uniforms for every candidate."""
        *lead, _ = size
        return self._share(self.rng.random((*lead, self.games * self.runs), dtype=dtype))

    def integers(self, low, high=None, size=None) -> np.ndarray:
        """Integers like ``Generator.integers``, shared the same way (size is the column count)."""
        return self._share(self.rng.integers(low, high, self.games * self.runs))

    def _share(self, draws: np.ndarray) -> np.ndarray:
        """Each block's game's draws, block after block (whole runs copied at once, quicker than by column)."""
        lead = draws.shape[:-1]
        by_game = draws.reshape(*lead, self.games, self.runs)
        shared = by_game[self.blocks] if not lead else np.take(by_game, self.blocks, axis=-2)
        return shared.reshape(*lead, len(self.blocks) * self.runs)


@dataclass(frozen=True)
class MoveKinds:
    """Per-move masks of one side's moves, cached on the scenario."""

    escalate: np.ndarray
    calm: np.ndarray
    neutral: np.ndarray
    free: np.ndarray
    """Moves that cost nothing (answers, compliance switches)."""
    claim: np.ndarray
    """Public framing that raises the mover's own numbers at the other side's expense."""
    answer: np.ndarray
    """Propose, accept and reject."""
    lever_sign: np.ndarray
    """+1 for a lever move that escalates, -1 for one that eases, 0 otherwise."""
    breaks_deal: np.ndarray
    """Moves that start slow-walking the deal in force (they set the mover's slow-walking on)."""
    keeps_deal: np.ndarray
    """Moves that go back to carrying the deal out (they set the mover's slow-walking off)."""


def move_kinds(sc: CompiledScenario, side: int) -> MoveKinds:
    """Masks of a side's moves by stance and kind."""
    cache = sc.extra.setdefault("ai_move_kinds", {})
    if side not in cache:
        moves = sc.moves[side]
        stance = np.array([m.stance for m in moves])
        kind = np.array([m.kind for m in moves])
        cost = np.array([m.cost for m in moves])
        esc = stance == "escalate"
        calm = stance == "calm"
        sign = np.where(np.isin(kind, ("up", "down")), np.where(esc, 1, np.where(calm, -1, 0)), 0)
        cache[side] = MoveKinds(
            escalate=esc,
            calm=calm,
            neutral=~esc & ~calm,
            free=cost == 0,
            claim=np.array([_is_claim(sc, m, side) for m in moves]),
            answer=np.isin(kind, ("propose", "accept", "reject")),
            lever_sign=sign,
            breaks_deal=np.array([_sets_slow_walking(sc, m, side) == 1.0 for m in moves]),
            keeps_deal=np.array([_sets_slow_walking(sc, m, side) == 0.0 for m in moves]),
        )
    return cache[side]


def _sets_slow_walking(sc: CompiledScenario, move, side: int) -> float | None:
    """The value a move sets its own side's slow-walking flag to, if it sets it to a constant."""
    for effect in move.effects:
        if effect.mode == "set" and effect.target == sc.deal.slow_walking[side]:
            return effect.formula.constant
    return None


def _is_claim(sc: CompiledScenario, move, side: int) -> bool:
    """A public action that adds to the mover's own numbers and takes from the other side's."""
    if move.kind != "action" or move.visibility != "public" or move.stance == "calm":
        return False
    owners = [(sc.variables[e.target].owner, e.formula.constant) for e in move.effects if e.mode == "add"]
    gains = any(owner == side and (c or 0) > 0 for owner, c in owners)
    hurts = any(owner == 1 - side and (c or 0) < 0 for owner, c in owners)
    return gains and hurts


def lever_stance(sc: CompiledScenario, obs: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """(escalated notches, eased notches) of a side's levers against their start, per game."""
    up = np.zeros(obs.shape[1])
    down = np.zeros(obs.shape[1])
    for lever in sc.levers:
        if lever.side != side:
            continue
        var = sc.variables[lever.var]
        now = np.searchsorted(lever.values, obs[lever.var] - 1e-9)
        start = int(np.searchsorted(lever.values, var.start - 1e-9))
        toward = _escalation_sign(sc, lever.index) * (now - start)
        up += np.maximum(toward, 0)
        down += np.maximum(-toward, 0)
    return up, down


def _escalation_sign(sc: CompiledScenario, lever_index: int) -> int:
    """+1 if raising the lever escalates, -1 if lowering it does."""
    lever = sc.levers[lever_index]
    for move in sc.moves[lever.side]:
        if move.lever == lever_index and move.kind == "up":
            return 1 if move.stance != "calm" else -1
    return 1


def last_week_stance(sc: CompiledScenario, obs: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """(escalating, calming) moves a side was seen to make last week, per game."""
    kinds = move_kinds(sc, side)
    flags = move_tables(sc, side).flags
    return _count_set(obs, flags[kinds.escalate]), _count_set(obs, flags[kinds.calm])


def _count_set(obs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(games,) how many of the rows are set (non-zero), row by row rather than copying them out first."""
    count = np.zeros(obs.shape[1])
    for row in rows:
        count += obs[row] != 0.0
    return count


@dataclass
class StanceModel:
    """A model of one side as a stochastic policy: a mix of always-escalate, always-calm and tit-for-tat.

    ``escalate`` is its leaning of its own; ``mirror`` is how much it answers the
    other side's stance of the week before in kind (Axelrod & Hamilton's
    tit-for-tat), both per column.
    """

    side: int
    escalate: np.ndarray
    """(columns,) probability weight on escalating moves (the rest on calming ones)."""
    mirror: np.ndarray | float = 0.0
    """(columns,) weight on copying the other side's last stance."""
    activity: float | np.ndarray = 0.7
    """Chance of using each move slot (per column, or one for all)."""

    @classmethod
    def from_observation(
        cls,
        sc: CompiledScenario,
        obs: np.ndarray,
        side: int,
        seen: tuple[np.ndarray, np.ndarray] | None = None,
        mirror: np.ndarray | float = 0.0,
    ) -> StanceModel:
        """Weights from what the side was seen doing: its (remembered) moves and its levers' positions.

        ``seen`` is (escalating, calming) moves remembered per game; default: last week's.
        """
        esc, calm = last_week_stance(sc, obs, side) if seen is None else seen
        up, down = lever_stance(sc, obs, side)
        p = (1.0 + 2.0 * esc + 0.5 * up) / (2.0 + 2.0 * (esc + calm) + 0.5 * (up + down))
        return cls(side, p, np.broadcast_to(np.asarray(mirror, dtype=float), p.shape))

    def take(self, cols: np.ndarray) -> StanceModel:
        """The model for some columns only."""
        activity = self.activity[cols] if np.ndim(self.activity) else self.activity
        return StanceModel(
            self.side, self.escalate[cols], np.broadcast_to(self.mirror, self.escalate.shape)[cols], activity
        )

    def repeat(self, runs: int, copies: int) -> StanceModel:
        """The same model for every run of every candidate (columns candidate-major)."""
        spread_out = (np.tile(np.repeat(v, runs), copies) for v in (self.escalate, self.mirror))
        return StanceModel(self.side, *spread_out, self.activity)

    def orders(self, sc: CompiledScenario, state: np.ndarray, rng) -> Orders:
        """Legal orders drawn for every column (no proposals or answers: those are handled apart)."""
        kinds = move_kinds(sc, self.side)
        usable = ~kinds.answer & ~kinds.free
        esc, calm = last_week_stance(sc, state, 1 - self.side)
        answer = np.sign(esc - calm)
        p = np.where(answer > 0, (1 - self.mirror) * self.escalate + self.mirror, self.escalate)
        p = np.where(answer < 0, (1 - self.mirror) * self.escalate, p)
        # Row by row in the engine's float32: escalating moves p, calming ones 1 - p, the others 0.3.
        weights = np.zeros((len(usable), state.shape[1]), dtype=np.float32)
        weights[kinds.escalate & usable] = p.astype(np.float32)
        weights[kinds.calm & usable] = (1.0 - p).astype(np.float32)
        weights[kinds.neutral & usable] = np.float32(0.3)
        return random_orders(sc, state, self.side, rng, stop=1.0 - self.activity, weights=weights)


TYPES = ("presses", "eases", "mirrors", "mixed")
"""Kinds of player a leader may take the other side for: one that escalates every week and refuses every
offer, one that calms every week and signs, one that answers our last stance in kind (starting calm), and
one that does a bit of everything (the observation-weighted ``StanceModel``)."""

STANCE_LIKELIHOOD = np.array(
    [
        # P(seen calming, neither, escalating | type), after our calming or quiet week, then after our escalation
        [[0.05, 0.20, 0.75], [0.05, 0.20, 0.75]],
        [[0.75, 0.20, 0.05], [0.75, 0.20, 0.05]],
        [[0.75, 0.20, 0.05], [0.05, 0.20, 0.75]],
        [[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3]],
    ]
)
"""(types, our stance the week before: not escalating / escalating, their stance seen) chance of each stance."""

TYPE_ACTIVITY = np.array([0.9, 0.9, 0.8, 0.7])
"""Per type: chance of using each move slot."""


def typed_model(base: StanceModel, beliefs: np.ndarray, runs: int, copies: int) -> tuple[StanceModel, np.ndarray]:
    """The other side per rollout column, each run playing one type in proportion to the beliefs.

    ``base`` is the mixed type's model (per game) and ``beliefs`` (games, types) sum to 1.
    Runs take types by stratified quantiles of the beliefs (no random draw), the same
    for every candidate.  Returns the model and the type of each column.
    """
    quantile = (np.arange(runs) + 0.5) / runs
    cumulative = np.cumsum(beliefs, axis=1)
    kind = np.minimum((quantile[None, :, None] >= cumulative[:, None, :]).sum(axis=2), len(TYPES) - 1)
    kind = np.tile(kind.reshape(-1), copies)
    mixed = base.repeat(runs, copies)
    presses, eases, mirrors = (kind == TYPES.index(t) for t in ("presses", "eases", "mirrors"))
    escalate = np.where(presses, 1.0, np.where(eases | mirrors, 0.0, mixed.escalate))
    mirror = np.where(mirrors, 1.0, np.where(presses | eases, 0.0, mixed.mirror))
    return StanceModel(base.side, escalate, mirror, TYPE_ACTIVITY[kind]), kind


def signing_by_type(chance: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Chance of signing an offer per column once the other side's type is set: one that presses refuses,
    one that eases signs, the others as estimated."""
    return np.where(kind == TYPES.index("presses"), 0.0, np.where(kind == TYPES.index("eases"), 1.0, chance))


def tile_state(obs: np.ndarray, runs: int, copies: int) -> np.ndarray:
    """(rows, copies * games * runs): every game's observation repeated for each run and candidate."""
    games = obs.shape[1]
    return np.take(obs, np.tile(np.repeat(np.arange(games), runs), copies), axis=1)


def rollout_state(obs: np.ndarray, rolled: np.ndarray, runs: int) -> np.ndarray:
    """(rows, rolled.sum() * runs) C-ordered: the games' columns tiled once per candidate, each rolled
    (candidate, game) of ``rolled`` (candidate-major) repeated ``runs`` times, the rest left out.

    The array is this thread's scratch memory, written over by its next rollout state: read what is needed
    from it before building another.  Reusing the memory spares the fresh pages of a new array of this size
    (tens of megabytes) on every round of rollouts."""
    games = obs.shape[1]
    blocks = np.flatnonzero(rolled) % games
    rows, cols = obs.shape[0], len(blocks) * runs
    scratch = getattr(_SCRATCH, "memory", None)
    if scratch is None or scratch.size < rows * cols:
        scratch = _SCRATCH.memory = np.empty(rows * cols)
    state = scratch[: rows * cols].reshape(rows, cols)
    state.reshape(rows, len(blocks), runs)[...] = obs[:, blocks, None]
    return state


_SCRATCH = threading.local()
"""Per thread, the memory ``rollout_state`` reuses."""


def play_out(
    sc: CompiledScenario,
    state: np.ndarray,
    first: tuple[Orders, Orders],
    policies: tuple,
    rng,
    policy_weeks: int,
    tail_weeks: int,
    on_week=None,
) -> None:
    """Play rollouts forward in place: ``first`` orders, then ``policies`` for the policy weeks, then nobody moves.

    ``policies[s]`` is a function (state, week) -> Orders for side s.  ``on_week(week, state)``
    is called after each policy week (for forecasts).  Stops early when every column is over.
    """
    cols = state.shape[1]

    def course(side: int):
        def orders(st: np.ndarray, week: int) -> Orders:
            if week == 1:
                return first[side]
            return policies[side](st, week) if week <= policy_weeks else Orders.empty(sc, side, cols)

        return orders

    def note(week: int, st: np.ndarray, log, before) -> None:
        if on_week is not None and (week == 1 or week <= policy_weeks):
            on_week(week, st)

    weeks = min(policy_weeks + tail_weeks, max(1, last_week(sc)))
    play_weeks(sc, state, (course(0), course(1)), rng, weeks, note)
