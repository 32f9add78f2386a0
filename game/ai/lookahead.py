"""The look-ahead leader: decides for a whole batch of games by rollouts of the real engine.

For each game it screens candidate orders (doing nothing, every single move, the
package its negotiation stance would offer, free switches such as slow-walking)
with a few hundred rollouts each, then plays off the best few and every legal
pair of them with more rollouts.  A rollout starts from the leader's own
observation, plays the candidate this week and a model of the other side for a
few weeks (``rollout.StanceModel``), then lets the game run on with nobody
moving, and scores the end with the scenario's objectives.  A hard leader plans
courses rather than single weeks: in its rollouts it keeps making the
candidate's moves through the modelled weeks, and it plays the other side as
each kind of player in ``rollout.TYPES`` as often as what it has seen makes
that kind likely (``Memory.type_beliefs``).  All games,
candidates and rollouts of a stage are one array: (rows, candidates x games x runs).

A move's value is the mean of the leader's shaped value (its own score, plus its
face weight and its difficulty's ambition times its lead over the other side)
minus its risk aversion times the expected shortfall, plus small character
bonuses (aggression, reciprocity, claims).  Difficulty sets the rollouts, the horizon and how noisy the final pick
is.  Every random draw comes from the generator passed to ``decide``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..engine.orders import Orders, legal_mask, move_tables
from ..scenario.compiled import CompiledScenario
from .candidates import Candidates, pairs, singles
from .explain import LazyReasons, Thinking
from .leaders import Decision, Leader
from .memory import Memory
from .negotiation import PackageSet, Stance, appraise, build_packages, decide_terms, slow_walk_suspicion
from .personality import Traits, shaped_values
from .rollout import (
    SharedDraws,
    StanceModel,
    last_week_stance,
    move_kinds,
    play_out,
    rollout_state,
    signing_by_type,
    typed_model,
)


@dataclass(frozen=True)
class Difficulty:
    """How hard a computer leader thinks."""

    name: str
    screen: tuple[tuple[int, int], ...]
    """Successive halving over every single move: rounds of (rollouts per candidate, candidates per game
    kept for the next round, besides doing nothing).  Later rounds add rollouts to the survivors, on the
    same dice for every candidate (common random numbers)."""
    final: tuple[tuple[int, int], ...]
    """The same for the play-off of the best moves and their pairs (its estimates start afresh); the pick is
    made among the candidates that went through every round (an estimate on fewer rollouts is left out rather
    than set against better-measured ones)."""
    top: int
    """How many single moves go through to the play-off."""
    weeks: int
    """Weeks the other side is modelled as moving (the horizon)."""
    tail: int
    """Further weeks rolled on with nobody moving, so slow effects show."""
    appraisal_runs: int
    """Rollouts per package when weighing deals."""
    appraisal_weeks: int
    """Weeks a deal is rolled forward against no deal (at most to the end of the game)."""
    noise: float
    """Spread (score points) of the random error added before picking the best candidate."""
    ambition: float
    """Weight on its lead over the other side added to the character's own: harder leaders play to win."""
    follow_through: bool = False
    """Whether the rollouts have this leader keep making the candidate's moves in the modelled weeks (a course),
    rather than holding still after this week."""
    reads_types: bool = False
    """Whether the rollouts play the other side as each kind of player in ``rollout.TYPES``, as often as
    its stances so far make that kind likely (else one observation-weighted mix)."""


DIFFICULTIES = {
    "easy": Difficulty("easy", ((8, 0),), ((16, 0),), 4, 2, 1, 2, 3, 2.5, 0.0),
    "normal": Difficulty("normal", ((32, 0),), ((48, 6), (48, 0)), 5, 3, 3, 8, 8, 0.2, 1.5, reads_types=True),
    "hard": Difficulty(
        "hard", ((96, 0),), ((256, 0),), 7, 4, 7, 16, 24, 0.05, 3.0, follow_through=True, reads_types=True
    ),
}
"""Rollouts per candidate were cut from 200/320 (normal) and 600/1200 (hard) with the pick's noise lowered
to match: with common random numbers the choices lose about as much to sampling as they used to lose to the
noise (``bench --ai``'s regret figures; issue notes).  Normal's play-off then became successive halving: 48
rollouts for every finalist, 48 more for the best six and doing nothing (96 for all before): 30% fewer
engine column-steps in the play-off; mean regret over four seeds of ``ai.regret.decision_regret`` 0.39 (0.41
before), no exploit probe above 3%, the computer's mean score against the probes 51.4 (51.2)."""


RETALIATION = 0.5
"""Weekly chance the modelled other side starts slow-walking once this leader is slow-walking the deal."""


@dataclass
class Evaluation:
    """What the rollouts said about each candidate, per game."""

    value: np.ndarray
    """(games, candidates) utility: shaped value, risk-adjusted, plus character bonuses."""
    raw: np.ndarray
    """(games, candidates) utility without the character bonuses."""
    own: np.ndarray
    """(games, candidates) mean own 0-100 score at the end of the rollouts."""
    lead: np.ndarray
    """(games, candidates) mean lead of its own score over the other side's."""
    forecast: np.ndarray
    """(forecast rows, games, candidates) mean values at the end of the modelled weeks."""
    weeks: int
    rollouts: int
    runs: np.ndarray
    """(games, candidates) rollouts behind each estimate (fewer for candidates dropped in successive halving)."""


class LookaheadLeader(Leader):
    """A computer leader with a personality that thinks by batched rollouts."""

    max_columns = 48_000
    """Most rollout columns in one array (games are split into chunks above this)."""

    def __init__(self, sc: CompiledScenario, side: int, traits: Traits, difficulty: str = "normal"):
        if difficulty not in DIFFICULTIES:
            raise KeyError(f"unknown difficulty {difficulty!r}; choose from {', '.join(DIFFICULTIES)}")
        self.traits = traits
        self.difficulty = DIFFICULTIES[difficulty]
        self.id = traits.id if difficulty == "normal" else f"{traits.id}@{difficulty}"
        self.label = f"{traits.label} ({difficulty})"
        self.forecast_rows = np.array(
            [v.index for v in sc.variables if v.role == "variable" and v.shown and v.kind != "flag"], dtype=np.intp
        )
        self.last_rollouts = 0
        self.memory: Memory | None = None
        self.chunk_games = 256 if difficulty == "easy" else 64

    def decide(self, sc: CompiledScenario, obs: np.ndarray, side: int, rng: np.random.Generator) -> Decision:
        """Orders and reasons for every game in the batch (games that are over get no orders)."""
        games = obs.shape[1]
        if self.memory is None or not self.memory.fits(sc, obs):
            self.memory = Memory.fresh(games)
        self.memory.update(sc, obs, side)
        live = np.flatnonzero(obs[sc.over_row] == 0.0)
        per_game = self.columns_per_game(sc, side)
        step = max(1, self.max_columns // per_game)
        orders = Orders.empty(sc, side, games)
        thoughts: list[tuple[np.ndarray, Thinking]] = []
        self.last_rollouts = 0
        for start in range(0, len(live), step):
            cols = live[start : start + step]
            part, thinking = self._decide(sc, obs[:, cols], side, rng, self.memory.select(cols))
            orders.chosen[:, cols] = part.chosen
            orders.offer[:, cols] = part.offer
            orders.clauses[:, cols] = part.clauses
            orders.deadline[cols] = part.deadline
            thoughts.append((cols, thinking))
        return Decision(orders, LazyReasons(games, thoughts))

    # -- one chunk of games -----------------------------------------------------
    def _decide(self, sc, obs, side, rng, memory: Memory) -> tuple[Orders, Thinking]:
        world, appraisal = self.weigh_world(sc, obs, side, rng, memory)
        return self.choose(sc, obs, side, rng, world, appraisal)

    def weigh_world(self, sc, obs, side, rng, memory: Memory) -> tuple[World, object]:
        """This week's view: its model of the other side, the deals on offer and its stance on them."""
        d, traits = self.difficulty, self.traits
        model = StanceModel.from_observation(
            sc, obs, 1 - side, (memory.escalations, memory.calmings), memory.reciprocity()
        )
        beliefs = memory.type_beliefs() if d.reads_types else None
        packages = build_packages(sc, obs, side)
        appraisal, stance = None, _no_terms(obs.shape[1], packages.count)
        if packages.count and packages.valid.any():
            appraisal = appraise(
                sc, obs, side, packages, traits, rng, d.appraisal_runs, d.appraisal_weeks, packages.valid
            )
            self.last_rollouts += (packages.count + 1) * obs.shape[1] * d.appraisal_runs
            stance = decide_terms(sc, obs, packages, appraisal, traits, model.escalate, memory.willingness())
        stance.offer = np.where(stance.accept, -1, stance.offer)
        return World(packages, stance, model, beliefs), appraisal

    def choose(self, sc, obs, side, rng, world: World, appraisal) -> tuple[Orders, Thinking]:
        """Screen every single move, play off the best and their pairs, and pick (with a little noise)."""
        d, traits, packages, stance = self.difficulty, self.traits, world.packages, world.stance
        tables = move_tables(sc, side)
        legal = legal_mask(sc, obs, side)
        first = singles(sc, side, legal, stance.offer)
        groups = np.array([m.group for m in sc.moves[side]])
        # Each move is screened together with this week's answer to the offer on the table, as it would be
        # played: a move that pays only alongside the answer (a call that gives a signing its mandate) shows.
        answer = _answers(sc, side, legal, stance, packages)
        screened = self.halving(sc, obs, side, first.with_moves(answer, groups), world, rng, d.screen)
        extra = self._free_switches(sc, side, legal, first, screened) | answer
        final = _with_references(sc, side, pairs(sc, side, first, screened.value, d.top), first, screened)
        final = final.with_moves(extra, groups)
        played = self.halving(sc, obs, side, final, world, rng, d.final)
        gumbel = -np.log(-np.log(rng.random(played.value.shape).clip(1e-12, 1 - 1e-12)))
        through = played.runs == played.runs.max(axis=1, keepdims=True)
        noisy = np.where(final.legal & through, played.value + d.noise * gumbel, -np.inf)
        pick = np.argmax(noisy, axis=1)
        rows = np.arange(obs.shape[1])
        orders = Orders.empty(sc, side, obs.shape[1])
        orders.chosen[:] = final.chosen[:, rows, pick] & legal
        orders.chosen[tables.propose] &= (final.package[rows, pick] >= 0)[None, :]
        packages.fill(orders, np.where(orders.chosen[tables.propose].any(axis=0), final.package[rows, pick], -1))
        thinking = Thinking(
            sc, side, traits, obs, first, screened, final, played, pick, packages, appraisal, stance, world.beliefs
        )
        thinking.made = orders.chosen
        return orders, thinking

    def _free_switches(self, sc, side, legal, first: Candidates, screened: Evaluation) -> np.ndarray:
        """(moves, games): costless moves besides the answer to add to every finalist, where they pay."""
        kinds = move_kinds(sc, side)
        extra = np.zeros(legal.shape, dtype=bool)
        for c in range(1, first.count):
            made = np.flatnonzero(first.chosen[:, 0, c])
            if len(made) == 1 and kinds.free[made[0]] and not kinds.answer[made[0]]:
                extra[made[0]] = legal[made[0]] & (screened.value[:, c] > screened.value[:, 0])
        return extra

    # -- rollouts -------------------------------------------------------------------
    def columns_per_game(self, sc: CompiledScenario, side: int) -> int:
        """Most rollout columns one game needs in any round (to cut a batch into chunks that fit)."""
        d = self.difficulty
        finalists = 4 + d.top + d.top * (d.top - 1) // 2
        widest = [(len(sc.moves[side]) + 2) * d.screen[0][0], finalists * d.final[0][0]]
        widest += [
            (keep + 1) * runs for rounds in (d.screen, d.final) for (_, keep), (runs, _) in itertools.pairwise(rounds)
        ]
        return max(widest)

    def halving(
        self,
        sc: CompiledScenario,
        obs: np.ndarray,
        side: int,
        cands: Candidates,
        world: World,
        rng: np.random.Generator,
        rounds: tuple[tuple[int, int], ...],
    ) -> Evaluation:
        """Successive halving: every candidate gets the first round's rollouts, then only the best few per game
        (and doing nothing, the yardstick) get each later round's, added to what they had."""
        games, count = cands.package.shape
        tally = Tally.empty(count, games, sum(runs for runs, _ in rounds), len(self.forecast_rows))
        index, offset = None, 0
        for k, (runs, _) in enumerate(rounds):
            part = cands if index is None else cands.pick(index)
            tally.absorb(index, self.roll(sc, obs, side, part, world, rng, runs), offset)
            offset += runs
            if k + 1 < len(rounds):
                ranked = np.where(cands.legal, self.judge(sc, obs, side, cands, tally).value, -np.inf)
                ranked[:, 0] = np.inf
                index = np.argsort(-ranked, axis=1, kind="stable")[:, : 1 + rounds[k][1]]
        return self.judge(sc, obs, side, cands, tally)

    def evaluate(
        self,
        sc: CompiledScenario,
        obs: np.ndarray,
        side: int,
        cands: Candidates,
        packages: PackageSet,
        stance: Stance,
        model: StanceModel,
        rng: np.random.Generator,
        runs: int,
        beliefs: np.ndarray | None = None,
    ) -> Evaluation:
        """Roll every candidate forward ``runs`` times and score it (``beliefs``: (games, types) how likely
        the other side is each kind of player, if this leader reads types)."""
        return self.halving(sc, obs, side, cands, World(packages, stance, model, beliefs), rng, ((runs, 0),))

    def judge(self, sc: CompiledScenario, obs: np.ndarray, side: int, cands: Candidates, tally: Tally) -> Evaluation:
        """What the rollouts so far say of each candidate (candidates never rolled in a game: -inf)."""
        rolled = tally.runs > 0
        raw = np.where(rolled, self.utility(tally.shaped), -np.inf).T
        return Evaluation(
            value=raw + character_bonus(sc, side, self.traits, obs, cands, self.difficulty.ambition),
            raw=raw,
            own=_mean(tally.own).T,
            lead=_mean(tally.own - tally.other).T,
            forecast=(tally.forecast / np.maximum(tally.runs, 1)).transpose(0, 2, 1),
            weeks=tally.weeks,
            rollouts=tally.rollouts,
            runs=tally.runs.T,
        )

    def roll(
        self,
        sc: CompiledScenario,
        obs: np.ndarray,
        side: int,
        cands: Candidates,
        world: World,
        rng: np.random.Generator,
        runs: int,
    ) -> Rolled:
        """Roll every legal candidate forward ``runs`` times in one array (illegal ones and copies left out)."""
        games, count = cands.package.shape
        source = first_copies(cands)
        rolled = cands.legal & (source == np.arange(count)[None, :])
        layout = Layout(games, runs, count, np.flatnonzero(np.repeat(rolled.T.reshape(-1), runs)))
        state = rollout_state(obs, rolled.T.reshape(-1), runs)
        cols = state.shape[1]
        draws = SharedDraws.for_blocks(rng, rolled.T.reshape(-1), runs, games)
        _believe_slow_walking(sc, state, 1 - side, draws, layout.spread(slow_walk_suspicion(sc, obs, 1 - side)))
        mine = candidate_orders(sc, side, cands, world.packages, runs, np.flatnonzero(rolled.T.reshape(-1)))
        sign_now, sign_next = _acceptance_by_column(cands, world.packages, world.stance, runs)
        if world.beliefs is None:
            reply_model = world.model.repeat(runs, count)
        else:
            reply_model, kind = typed_model(world.model, world.beliefs, runs, count)
            sign_now, sign_next = (signing_by_type(chance, kind) for chance in (sign_now, sign_next))
        keep = layout.keep
        reply = Reply(sc, side, reply_model.take(keep), draws, sign_now[keep], sign_next[keep])
        kept: dict = {}

        def remember(week, st):
            kept["forecast"], kept["weeks"] = st[self.forecast_rows], week

        repeat = mine.chosen & ~move_kinds(sc, side).answer[:, None] if self.difficulty.follow_through else None

        def own_course(st, week):
            """This leader after this week: holds still, or (following through) makes the candidate's moves again."""
            orders = Orders.empty(sc, side, cols)
            if repeat is not None:
                orders.chosen[:] = repeat & legal_mask(sc, st, side)
            return orders

        policies = (own_course, reply) if side == 0 else (reply, own_course)
        first = (mine, reply(state, 1)) if side == 0 else (reply(state, 1), mine)
        play_out(sc, state, first, policies, draws, self.difficulty.weeks, self.difficulty.tail, remember)
        estimated = int(cands.legal.sum()) * runs
        self.last_rollouts += estimated
        shaped, both = shaped_values(sc, state, side, self.traits, self.lead_weight)
        copy = (source.T, np.arange(games)[None, :])
        return Rolled(
            shaped=layout.gather(shaped)[copy],
            own=layout.gather(both[:, side])[copy],
            other=layout.gather(both[:, 1 - side])[copy],
            forecast=layout.gather(kept["forecast"])[(slice(None), *copy)],
            weeks=int(kept["weeks"]),
            rollouts=estimated,
        )

    @property
    def lead_weight(self) -> float:
        """Weight, when choosing moves, on its lead over the other side: its character's plus its ambition."""
        return self.traits.rivalry + self.difficulty.ambition

    def utility(self, shaped: np.ndarray) -> np.ndarray:
        """Risk-adjusted shaped value over the last axis (runs, NaN where not rolled): mean minus risk
        aversion times the expected shortfall below it."""
        mean = _mean(shaped)
        return mean - self.traits.risk_aversion * _mean(np.maximum(mean[..., None] - shaped, 0.0))


@dataclass(frozen=True)
class World:
    """What a leader's rollouts assume this week: the deals on offer, its stance on them, its model of the
    other side and (if it reads types) what kind of player it takes the other side for."""

    packages: PackageSet
    stance: Stance
    model: StanceModel
    beliefs: np.ndarray | None


@dataclass(frozen=True)
class Layout:
    """Where each rolled column sits: candidate-major (candidate, game, run), only the columns in ``keep``."""

    games: int
    runs: int
    count: int
    keep: np.ndarray

    def spread(self, per_game: np.ndarray) -> np.ndarray:
        """A per-game value (or (games, runs) values) for every rolled column."""
        per_run = per_game.reshape(-1) if per_game.ndim == 2 else np.repeat(per_game, self.runs)
        return np.tile(per_run, self.count)[self.keep]

    def gather(self, values: np.ndarray) -> np.ndarray:
        """(..., candidates, games, runs) of per-column values (..., columns), NaN where a column was not rolled."""
        out = np.full((*values.shape[:-1], self.count * self.games * self.runs), np.nan)
        out[..., self.keep] = values
        return out.reshape(*values.shape[:-1], self.count, self.games, self.runs)


@dataclass(frozen=True)
class Rolled:
    """One round of rollouts: (candidates, games, runs) results, NaN where not rolled."""

    shaped: np.ndarray
    own: np.ndarray
    other: np.ndarray
    forecast: np.ndarray
    """(forecast rows, candidates, games, runs) values at the end of the modelled weeks."""
    weeks: int
    rollouts: int


@dataclass
class Tally:
    """Every round's rollouts per candidate and game: (candidates, games, slots), NaN where not rolled."""

    shaped: np.ndarray
    own: np.ndarray
    other: np.ndarray
    forecast: np.ndarray
    """(forecast rows, candidates, games) sums."""
    runs: np.ndarray
    """(candidates, games) rollouts so far."""
    weeks: int = 0
    rollouts: int = 0

    @classmethod
    def empty(cls, count: int, games: int, slots: int, rows: int) -> Tally:
        """Nothing rolled yet."""
        blank = lambda: np.full((count, games, slots), np.nan)
        return cls(blank(), blank(), blank(), np.zeros((rows, count, games)), np.zeros((count, games), dtype=int))

    def absorb(self, index: np.ndarray | None, rolled: Rolled, offset: int) -> None:
        """Add a round's rollouts into slots from ``offset``; ``index`` (games, k) says which candidate each of
        the round's k candidates is in each game (None: all, in order)."""
        games = self.runs.shape[1]
        which = (slice(None), slice(None)) if index is None else (index.T, np.arange(games)[None, :])
        slots = slice(offset, offset + rolled.shaped.shape[2])
        for name in ("shaped", "own", "other"):
            getattr(self, name)[(*which, slots)] = getattr(rolled, name)
        done = ~np.isnan(rolled.shaped)
        self.runs[which] += done.sum(axis=2)
        self.forecast[(slice(None), *which)] += np.where(done, rolled.forecast, 0.0).sum(axis=3)
        self.weeks, self.rollouts = rolled.weeks, self.rollouts + rolled.rollouts


def _mean(values: np.ndarray) -> np.ndarray:
    """Mean over the last axis ignoring NaN (NaN where there is nothing to average)."""
    done = ~np.isnan(values)
    count = done.sum(axis=-1)
    total = np.where(done, values, 0.0).sum(axis=-1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def first_copies(cands: Candidates) -> np.ndarray:
    """(games, candidates): the first legal candidate in each game making the same moves with the same package
    (itself if none comes earlier): on the same dice a copy's rollouts are the same, so only the first is rolled."""
    chosen = cands.chosen.transpose(1, 2, 0)
    same = (chosen[:, :, None, :] == chosen[:, None, :, :]).all(axis=3)
    same &= cands.package[:, :, None] == cands.package[:, None, :]
    same &= cands.legal[:, :, None] & cands.legal[:, None, :]
    count = cands.count
    return np.where(cands.legal, np.argmax(same, axis=2), np.arange(count)[None, :])


def candidate_orders(
    sc: CompiledScenario,
    side: int,
    cands: Candidates,
    packages: PackageSet,
    runs: int,
    blocks: np.ndarray | None = None,
) -> Orders:
    """This week's orders for every rollout column: each candidate's moves, and its package if it proposes.

    ``blocks`` (default all) are the rolled (candidate, game) pairs, as indices candidate-major: ``runs``
    columns each."""
    games, count = cands.package.shape
    blocks = np.arange(games * count) if blocks is None else blocks
    mine = Orders.empty(sc, side, len(blocks) * runs)
    by_block = cands.chosen.transpose(0, 2, 1).reshape(cands.chosen.shape[0], -1)
    mine.chosen[:] = np.repeat(by_block[:, blocks], runs, axis=1)
    game_col = np.repeat(blocks % games, runs)
    pkg_col = np.repeat(cands.package.T.reshape(-1)[blocks], runs)
    offering = np.flatnonzero(pkg_col >= 0)
    mine.offer[:, offering] = packages.targets[:, game_col[offering], pkg_col[offering]]
    mine.clauses[:, offering] = packages.clauses[:, game_col[offering], pkg_col[offering]]
    mine.deadline[offering] = packages.deadline[game_col[offering], pkg_col[offering]]
    return mine


def _acceptance_by_column(cands: Candidates, packages: PackageSet, stance: Stance, runs: int):
    """Per rollout column: the chance the other side signs our offer already on the table (this week), and
    the chance it signs the candidate's new offer (next week)."""
    games, count = cands.package.shape
    game_col = np.repeat(np.tile(np.arange(games), count), runs)
    pkg_col = np.repeat(cands.package.T.reshape(-1), runs)
    now = np.zeros(len(game_col))
    if packages.mine >= 0:
        now = stance.p_accept[game_col, packages.mine] * packages.valid[game_col, packages.mine]
    later = np.zeros(len(game_col))
    if packages.count:
        later = np.where(pkg_col >= 0, stance.p_accept[game_col, np.maximum(pkg_col, 0)], 0.0)
    return now, later


@dataclass
class Reply:
    """The other side in the rollouts: the stance model's moves, its answers to our offers, and retaliation
    (it may start slow-walking once we do)."""

    sc: CompiledScenario
    side: int
    """This leader's side (the reply is the other's)."""
    model: StanceModel
    draws: SharedDraws
    sign_now: np.ndarray
    sign_next: np.ndarray

    def __call__(self, state: np.ndarray, week: int) -> Orders:
        """The other side's orders in one rollout week."""
        sc, other, d = self.sc, 1 - self.side, self.sc.deal
        orders = self.model.orders(sc, state, self.draws)
        u = self.draws.random((state.shape[1],))
        chance = self.sign_now if week == 1 else (self.sign_next if week == 2 else None)
        accept = np.flatnonzero(move_tables(sc, other).accept)
        if chance is not None and len(accept):
            orders.chosen[accept[0]] = (u < chance) & (state[d.offer_pending[self.side]] != 0.0)
        breaks = np.flatnonzero(move_kinds(sc, other).breaks_deal)
        if week >= 2 and len(breaks):
            cheated = (state[d.slow_walking[self.side]] != 0.0) & (state[d.active] != 0.0)
            honest = state[d.slow_walking[other]] == 0.0
            orders.chosen[breaks[0]] |= cheated & honest & (u > 1.0 - RETALIATION)
        return orders


def _no_terms(games: int, count: int) -> Stance:
    """A stance that neither accepts nor offers anything."""
    return Stance(
        accept=np.zeros(games, dtype=bool),
        offer=np.full(games, -1),
        bar=np.zeros(games),
        best=np.zeros(games),
        p_accept=np.zeros((games, count)),
    )


def _answers(sc, side, legal: np.ndarray, stance: Stance, packages: PackageSet) -> np.ndarray:
    """(moves, games): this week's answer to the other side's offer, as its stance on the terms decided."""
    tables = move_tables(sc, side)
    answer = np.zeros(legal.shape, dtype=bool)
    if packages.theirs >= 0:
        accept, reject = np.flatnonzero(tables.accept), np.flatnonzero(tables.reject)
        if len(accept):
            answer[accept[0]] = legal[accept[0]] & stance.accept
        if len(reject):
            answer[reject[0]] = legal[reject[0]] & ~stance.accept
    return answer


def _with_references(sc, side, final: Candidates, first: Candidates, screened: Evaluation) -> Candidates:
    """Add the best calming and the best escalating single move, so choices can be explained against them."""
    kinds = move_kinds(sc, side)
    extra_chosen, extra_pkg, extra_legal = [], [], []
    rows = np.arange(screened.value.shape[0])
    for mask in (kinds.calm & ~kinds.free, kinds.escalate & ~kinds.free):
        fits = np.einsum("m,mgc->gc", mask.astype(float), first.chosen) > 0
        ranked = np.where(fits & first.legal, screened.value, -np.inf)
        best = np.argmax(ranked, axis=1)
        extra_chosen.append(first.chosen[:, rows, best])
        extra_pkg.append(first.package[rows, best])
        extra_legal.append(np.isfinite(ranked[rows, best]))
    return Candidates(
        np.concatenate([final.chosen, np.stack(extra_chosen, axis=2)], axis=2),
        np.concatenate([final.package, np.stack(extra_pkg, axis=1)], axis=1),
        np.concatenate([final.legal, np.stack(extra_legal, axis=1)], axis=1),
    )


def _believe_slow_walking(sc, state, other: int, draws: SharedDraws, lag: np.ndarray) -> None:
    """Set the other side's hidden slow-walking in each rollout column by how far its compliance seems to lag."""
    d = sc.deal
    u = draws.random((state.shape[1],))
    state[d.slow_walking[other]] = np.where(state[d.active] != 0.0, (u < lag).astype(float), 0.0)


def character_bonus(
    sc: CompiledScenario, side: int, traits: Traits, obs: np.ndarray, cands: Candidates, ambition: float = 0.0
) -> np.ndarray:
    """(games, candidates) score points the leader's character adds to each candidate.

    Habits count ``1 + ambition`` times their points: a harder leader weighs its lead over the other side that
    much more, so a habit keeps about the same pull against what a move costs it in standing."""
    kinds = move_kinds(sc, side)
    lean = cands.counts(kinds.escalate) - cands.counts(kinds.calm)
    esc, calm = last_week_stance(sc, obs, 1 - side)
    cheated = slow_walk_suspicion(sc, obs, 1 - side) > 0.5
    answer = np.sign(esc - calm + 2.0 * cheated)
    word = np.where(cheated, traits.retaliation_bonus, -traits.word_weight)[:, None]
    return (
        traits.aggression_bonus * lean
        + traits.reciprocity_bonus * answer[:, None] * lean
        + traits.claims_bonus * cands.counts(kinds.claim)
        + (1.0 + ambition) * np.einsum("m,mgc->gc", traits.habit_points(sc, side), cands.chosen)
        + word * (cands.counts(kinds.breaks_deal) - cands.counts(kinds.keeps_deal))
    )
