"""Negotiation: packages worth offering, what a deal is worth against no deal, and when to give way.

A *package set* is built per decision and per game: the scenario's ready-made
packages, the offer the other side has on the table, and variations of each
(asking one notch less, giving one notch less, leaving one term out).  Every
package is *appraised* by rollouts on the real engine from the leader's
observation: the deal signed now against no deal, both sides otherwise holding
still, to the end of the game.  That gives this leader's gain and its estimate
of the other side's gain (read from its own observation).

Concession follows the leader's patience (``Traits.aspiration``): it insists on
a share of its best available gain that falls over the game, faster for a
Conceder than for a Boulware.  It accepts an offer that clears both that bar
and its personality's floor, and proposes the package that gives the other
side the most among those that still meet its bar (a Faratin-style trade-off),
so its offers move toward the other side as time runs out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.orders import Orders, blocked_terms, package_tables
from ..engine.scoring import scores
from ..engine.step_tools import step_toward
from ..narration import describe_package
from ..scenario.compiled import CompiledScenario
from ..scenario.compiler import _lower_first
from .personality import Traits, shaped_values
from .rollout import SharedDraws, play_out, rollout_state


@dataclass
class PackageSet:
    """Packages per game: targets (levers, games, P) with NaN where absent, clauses, deadlines, validity."""

    targets: np.ndarray
    clauses: np.ndarray
    deadline: np.ndarray
    valid: np.ndarray
    """(games, P): the package is a real offer in that game (some term changes something)."""
    names: list[str]
    """Per package: where it comes from, e.g. 'London framework' or 'their offer, asking less'."""
    theirs: int = -1
    """Index of the other side's offer on the table (as is), or -1."""
    mine: int = -1
    """Index of this side's own offer still on the table, or -1."""

    @property
    def count(self) -> int:
        return self.targets.shape[2]

    def describe(self, sc: CompiledScenario, game: int, index: int) -> str:
        """One package in one game, in words."""
        return describe_package(sc, self.targets[:, game, index], self.clauses[:, game, index])

    def fill(self, orders: Orders, index: np.ndarray) -> None:
        """Write package ``index[g]`` into the offer of every game g with index >= 0."""
        games = np.flatnonzero(index >= 0)
        chosen = index[games]
        orders.offer[:, games] = self.targets[:, games, chosen]
        orders.clauses[:, games] = self.clauses[:, games, chosen]
        orders.deadline[games] = self.deadline[games, chosen]


def lever_rows(sc: CompiledScenario) -> np.ndarray:
    """State row of each negotiable lever."""
    return np.array([sc.levers[i].var for i in sc.negotiable], dtype=np.intp)


def build_packages(sc: CompiledScenario, obs: np.ndarray, side: int) -> PackageSet:
    """Every package worth appraising in each game: ready-made ones, the offers on the table, variations."""
    games = obs.shape[1]
    d = sc.deal
    targets, clauses, deadlines = package_tables(sc)
    bases: list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    everywhere = np.ones(games, dtype=bool)
    for p in sc.packages:
        bases.append(
            (
                p.label,
                np.repeat(targets[:, p.index, None], games, axis=1),
                np.repeat(clauses[:, p.index, None], games, axis=1),
                np.full(games, deadlines[p.index]),
                everywhere,
            )
        )
    tabled = []
    for who, name in ((1 - side, "their offer"), (side, "our offer on the table")):
        pending = obs[d.offer_pending[who]] != 0.0
        if pending.any():
            has = obs[d.offer_has[who]] != 0.0 if len(d.offer_has[who]) else np.zeros((0, games), bool)
            tabled.append(who)
            bases.append(
                (
                    name,
                    np.where(has, obs[d.offer_target[who]], np.nan),
                    obs[d.offer_clause[who]] != 0.0 if len(d.offer_clause[who]) else np.zeros((0, games), bool),
                    obs[d.offer_deadline[who]].astype(int),
                    pending,
                )
            )
    out: list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    theirs = mine = -1
    for name, t, c, dl, ok in bases:
        if name == "their offer":
            theirs = len(out)
        if name == "our offer on the table":
            mine = len(out)
            out.append((name, t, c, dl, ok))
            continue
        out.append((name, t, c, dl, ok))
        out.extend((f"{name}, {how}", vt, c, dl, ok) for how, vt in _variations(sc, obs, side, t))
        out.extend((f"{name}, {how}", t, vc, dl, ok) for how, vc in _clause_variations(sc, c))
    current = obs[lever_rows(sc)] if len(sc.negotiable) else np.zeros((0, games))
    stacked_t = np.stack([o[1] for o in out], axis=2) if out else np.zeros((len(sc.negotiable), games, 0))
    stacked_c = np.stack([o[2] for o in out], axis=2) if out else np.zeros((len(sc.clauses), games, 0), bool)
    valid = np.stack([o[4] for o in out], axis=1) if out else np.zeros((games, 0), bool)
    moves_something = (~np.isnan(stacked_t) & ~np.isclose(stacked_t, current[:, :, None])).any(axis=0)
    valid = valid & (moves_something | stacked_c.any(axis=0))
    if len(sc.negotiable) and out and sc.tables.deal_ways.gated:
        valid &= ~blocked_terms(sc, stacked_t, current[:, :, None]).any(axis=0)
    return PackageSet(
        targets=stacked_t,
        clauses=stacked_c.astype(bool),
        deadline=np.stack([o[3] for o in out], axis=1).astype(int) if out else np.zeros((games, 0), int),
        valid=valid,
        names=[o[0] for o in out],
        theirs=theirs,
        mine=mine,
    )


def _variations(sc: CompiledScenario, obs: np.ndarray, side: int, targets: np.ndarray):
    """(how, targets) variations of a package: ask one notch less, give one notch less, leave a term out."""
    present = ~np.isnan(targets)
    if not present.any():
        return
    current = obs[lever_rows(sc)]
    mine = np.array([sc.levers[i].side == side for i in sc.negotiable])
    for who, how in ((~mine, "asking less"), (mine, "giving less")):
        rows = np.flatnonzero(who & present.any(axis=1))
        if not len(rows):
            continue
        varied = targets.copy()
        for j in rows:
            values = sc.levers[sc.negotiable[j]].values
            stepped = step_toward(values, np.nan_to_num(targets[j]), current[j])
            varied[j] = np.where(present[j], stepped, np.nan)
        yield how, varied
    terms = np.flatnonzero(present.any(axis=1))
    if len(terms) < 2:
        return
    for j in terms:
        lever = sc.levers[sc.negotiable[j]]
        dropped = targets.copy()
        dropped[j] = np.nan
        yield f"without {sc.side_texts[lever.side]['short']} {_lower_first(lever.label)}", dropped


def _clause_variations(sc: CompiledScenario, clauses: np.ndarray):
    """(how, clauses) variations: leave one clause out."""
    for clause in sc.clauses:
        if clauses[clause.index].any():
            less = clauses.copy()
            less[clause.index] = False
            yield f"without '{clause.label}'", less


@dataclass
class Appraisal:
    """What each package is worth against no deal, per game: (games, P) arrays in score points."""

    own: np.ndarray
    """This leader's gain in its shaped value (own score plus its face weight on relative standing)."""
    own_score: np.ndarray
    """This leader's gain in its own 0-100 score."""
    other: np.ndarray
    """Its estimate of the other side's gain in that side's score."""
    no_deal: np.ndarray
    """(games, 2) both scores expected with no deal."""


def appraise(
    sc: CompiledScenario,
    obs: np.ndarray,
    side: int,
    packages: PackageSet,
    traits: Traits,
    rng: np.random.Generator,
    runs: int,
    weeks: int = 60,
    only: np.ndarray | None = None,
) -> Appraisal:
    """Roll every package forward from the observation as if signed this week, against no deal, for some weeks.

    ``only`` (games, P) limits the rollouts to the packages that matter (the rest read 0 gain); each rolled
    package gets the same dice as it would among all of them."""
    games, count = obs.shape[1], packages.count
    copies = count + 1
    d = sc.deal
    per_col = np.repeat(np.arange(copies * games) % games, runs)
    pkg = np.repeat(np.arange(copies * games) // games, runs) - 1
    wanted = np.ones((games, count), dtype=bool) if only is None else only
    source = first_package_copies(packages, wanted)
    firsts = wanted & (source == np.arange(count)[None, :])
    rolled = np.concatenate([np.ones((games, 1), dtype=bool), firsts], axis=1)
    keep = np.flatnonzero(np.repeat(rolled.T.reshape(-1), runs))
    per_col, pkg = per_col[keep], pkg[keep]
    state = rollout_state(obs, rolled.T.reshape(-1), runs)
    cols = state.shape[1]
    other = 1 - side
    state[list(d.offer_pending)] = 0.0
    signs = pkg >= 0
    index = np.flatnonzero(signs)
    state[d.offer_pending[side], index] = 1.0
    t = packages.targets[:, per_col[index], pkg[index]]
    if len(d.offer_has[side]):
        has = ~np.isnan(t)
        state[np.ix_(d.offer_has[side], index)] = has
        floor = sc.low[d.offer_target[side]][:, None]
        state[np.ix_(d.offer_target[side], index)] = np.where(has, t, floor)
    if len(d.offer_clause[side]):
        state[np.ix_(d.offer_clause[side], index)] = packages.clauses[:, per_col[index], pkg[index]]
    state[d.offer_deadline[side], index] = packages.deadline[per_col[index], pkg[index]]
    first = (Orders.empty(sc, 0, cols), Orders.empty(sc, 1, cols))
    accept = np.flatnonzero(_accept_moves(sc, other))
    if len(accept):
        first[other].chosen[accept[0], index] = True
    draws = SharedDraws.for_blocks(rng, rolled.T.reshape(-1), runs, games)
    play_out(sc, state, first, (None, None), draws, 1, weeks - 1)
    final = _spread(scores(sc, state), keep, copies * games * runs).reshape(copies, games, runs, 2)
    shaped = _spread(shaped_values(sc, state, side, traits)[0], keep, copies * games * runs)
    shaped = shaped.reshape(copies, games, runs)
    copy = (source.T, np.arange(games)[None, :])
    final[1:], shaped[1:] = final[1:][copy], shaped[1:][copy]
    base_shaped = shaped[0].mean(axis=-1)
    base = final[0].mean(axis=1)
    gains = final[1:].mean(axis=2) - base[None]
    rolled = wanted.T[..., None]
    return Appraisal(
        own=np.where(rolled[..., 0], shaped[1:].mean(axis=-1) - base_shaped[None], 0.0).T,
        own_score=np.where(rolled, gains, 0.0)[..., side].T,
        other=np.where(rolled, gains, 0.0)[..., other].T,
        no_deal=base,
    )


def first_package_copies(packages: PackageSet, wanted: np.ndarray) -> np.ndarray:
    """(games, P): the first wanted package in each game with the same terms, clauses and deadline (itself if
    none comes earlier): signed on the same dice, a copy's rollouts are the same, so only the first is rolled."""
    bits = np.where(np.isnan(packages.targets), np.nan, packages.targets).view(np.int64)
    same = (bits[:, :, :, None] == bits[:, :, None, :]).all(axis=0)
    same &= (packages.clauses[:, :, :, None] == packages.clauses[:, :, None, :]).all(axis=0)
    same &= packages.deadline[:, :, None] == packages.deadline[:, None, :]
    same &= wanted[:, :, None] & wanted[:, None, :]
    return np.where(wanted, np.argmax(same, axis=2), np.arange(packages.count)[None, :])


def _spread(values: np.ndarray, keep: np.ndarray, total: int) -> np.ndarray:
    """Per rolled column values placed among ``total`` columns (0 where a column was not rolled)."""
    out = np.zeros((total, *values.shape[1:]))
    out[keep] = values
    return out


def _accept_moves(sc: CompiledScenario, side: int) -> np.ndarray:
    return np.array([m.kind == "accept" for m in sc.moves[side]], dtype=bool)


@dataclass
class Stance:
    """The negotiation choices for a batch of games."""

    accept: np.ndarray
    """(games,) accept the other side's offer."""
    offer: np.ndarray
    """(games,) index of the package to propose if it pays, or -1."""
    bar: np.ndarray
    """(games,) least gain it insists on now (score points)."""
    best: np.ndarray
    """(games,) the best gain any package offers it."""
    p_accept: np.ndarray
    """(games, P) its estimate that the other side would accept each package."""


def progress(sc: CompiledScenario, obs: np.ndarray) -> np.ndarray:
    """How far through the game each game is: 0 in week 1, 1 in the last week."""
    turn = obs[sc.turn_row]
    horizon = np.maximum(obs[sc.horizon_row], 2.0)
    return np.clip((turn - 1.0) / (horizon - 1.0), 0.0, 1.0)


def acceptance(appraisal: Appraisal, escalate: np.ndarray, willingness: np.ndarray) -> np.ndarray:
    """(games, P) chance the other side signs: its estimated gain, how hawkish it looks, how it answered before."""
    lean = (1.25 - 0.5 * escalate) * willingness
    return np.clip(lean[:, None] / (1.0 + np.exp(-(appraisal.other - 1.0) / 4.0)), 0.01, 0.99)


def decide_terms(
    sc: CompiledScenario,
    obs: np.ndarray,
    packages: PackageSet,
    appraisal: Appraisal,
    traits: Traits,
    escalate: np.ndarray,
    willingness: np.ndarray,
) -> Stance:
    """Accept or not, and which package to offer, by the leader's concession curve."""
    valid = packages.valid.copy()
    if packages.mine >= 0:
        valid[:, packages.mine] = False
    own = np.where(packages.valid, appraisal.own, -np.inf)
    best = np.max(own, axis=1, initial=-np.inf)
    floor = traits.deal_floor
    bar = floor + traits.aspiration(progress(sc, obs)) * np.maximum(best - floor, 0.0)
    bar = np.minimum(bar + distrust_premium(sc, obs), np.maximum(bar, best))  # doubt asks more, never the impossible
    accept = np.zeros(obs.shape[1], dtype=bool)
    if packages.theirs >= 0:
        theirs = packages.theirs
        accept = packages.valid[:, theirs] & (appraisal.own[:, theirs] >= bar - 1e-9)
        accept &= appraisal.own[:, theirs] >= floor
    eligible = valid & (appraisal.own >= bar[:, None] - 1e-9) & (appraisal.own >= floor)
    if packages.theirs >= 0:
        eligible[:, packages.theirs] = False
    score = np.where(eligible, appraisal.other + 1e-3 * appraisal.own, -np.inf)
    offer = np.where(eligible.any(axis=1), np.argmax(score, axis=1), -1)
    return Stance(accept, offer, bar, best, acceptance(appraisal, escalate, willingness))


DISTRUST_PREMIUM = 0.1
"""Score points more a leader asks before signing, per point of trust below 50 (at most 5 points)."""


def distrust_premium(sc: CompiledScenario, obs: np.ndarray) -> np.ndarray:
    """(games,) what low trust adds to the gain a leader insists on: a promise from a side it doubts is worth less."""
    if sc.trust_row < 0:
        return np.zeros(obs.shape[1])
    return DISTRUST_PREMIUM * np.clip(50.0 - obs[sc.trust_row], 0.0, 50.0)


def carry_out_chance(sc: CompiledScenario, obs: np.ndarray, side: int) -> np.ndarray:
    """(games,) a side's estimate that the other side would carry a deal out in full: trust, and its record so far."""
    trust = obs[sc.trust_row] / 100.0 if sc.trust_row >= 0 else np.full(obs.shape[1], 0.5)
    record = 1.0 - slow_walk_suspicion(sc, obs, 1 - side)
    return np.clip((0.45 + 0.5 * trust) * record, 0.05, 0.95)


def expected_compliance(sc: CompiledScenario, obs: np.ndarray) -> np.ndarray:
    """(games,) how far a deal in force should have been carried out by now, going by its clock."""
    d = sc.deal
    age, left = obs[d.age], obs[d.weeks_left]
    return np.clip(age / np.maximum(age + left, 1.0), 0.0, 1.0)


def slow_walk_suspicion(sc: CompiledScenario, obs: np.ndarray, side: int) -> np.ndarray:
    """(games,) chance a side is slow-walking the deal, from its observed compliance against the clock."""
    d = sc.deal
    active = (obs[d.active] != 0.0) & (obs[d.age] >= 1)
    seen = obs[d.compliance[side]]
    return np.where(active, np.clip((expected_compliance(sc, obs) - seen - 0.1) / 0.3, 0.0, 0.95), 0.0)
