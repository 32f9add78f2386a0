"""How much a look-ahead leader's choices lose to sampling: its picks judged by many more rollouts.

The leaders decide from a few dozen rollouts per candidate.  To check that this
does not weaken their play, ``decision_regret`` records the decisions of a few
whole games, then for a sample of them compares the leader's pick, and the pick
of a thorough leader (``THOROUGH`` times the rollouts, no added noise), by a
separate estimate from ``truth_runs`` rollouts per candidate on fresh dice.  A
decision's regret is how far its pick falls short of the better of the two (in
the leader's own utility, score points).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from ..scenario.compiled import CompiledScenario
from .candidates import Candidates
from .lookahead import Difficulty, LookaheadLeader
from .personality import default_traits

TRUTH_PIECE = 400
"""Rollouts per candidate rolled at once when judging (the judge's rollouts add up over pieces)."""

THOROUGH = 6
"""The thorough leader's rollouts per candidate, times the difficulty's own."""


@dataclass
class Recorded:
    """One recorded decision: who decided, what it saw, what it remembered."""

    leader: LookaheadLeader
    obs: np.ndarray
    side: int
    memory: object


class _Recorder(LookaheadLeader):
    """A look-ahead leader that keeps a copy of what each decision started from."""

    decisions: list[Recorded]

    def _decide(self, sc, obs, side, rng, memory):
        self.decisions.append(Recorded(self, obs.copy(), side, copy.deepcopy(memory)))
        return super()._decide(sc, obs, side, rng, memory)


def thorough(difficulty: Difficulty) -> Difficulty:
    """The same leader with ``THOROUGH`` times the rollouts and no noise in the pick."""
    more = tuple(
        tuple((runs * THOROUGH, keep) for runs, keep in rounds) for rounds in (difficulty.screen, difficulty.final)
    )
    return replace(difficulty, screen=more[0], final=more[1], noise=0.0)


def record_decisions(sc: CompiledScenario, difficulty: str, games: int, seed: int) -> list[Recorded]:
    """Every decision both sides' own personalities made in ``games`` games at this difficulty."""
    from ..analysis.runner import run_games  # imported here: the runner builds on the leaders

    leaders = tuple(_Recorder(sc, s, default_traits(sc, s), difficulty) for s in (0, 1))
    for leader in leaders:
        leader.decisions = []
    run_games(sc, leaders, games, seed)
    return [d for leader in leaders for d in leader.decisions]


def decision_regret(
    sc: CompiledScenario, difficulty: str, games: int = 8, decisions: int = 24, truth_runs: int = 1600, seed: int = 0
) -> dict:
    """Mean and P90 regret (score points per decision) of the leader's picks and of a thorough leader's."""
    recorded = record_decisions(sc, difficulty, games, seed)
    sample = recorded[:: max(1, len(recorded) // decisions)][:decisions]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11,)))
    own, best = [], []
    for decision in sample:
        regrets = _judge(sc, decision, rng, truth_runs)
        own.extend(regrets[:, 0])
        best.extend(regrets[:, 1])
    own_a, best_a = np.array(own), np.array(best)
    return {
        "difficulty": difficulty,
        "decisions": len(own_a),
        "mean_regret": float(own_a.mean()),
        "p90_regret": float(np.quantile(own_a, 0.9)),
        "thorough_mean_regret": float(best_a.mean()),
        "truth_runs": truth_runs,
    }


def _judge(sc: CompiledScenario, decision: Recorded, rng: np.random.Generator, truth_runs: int) -> np.ndarray:
    """(games, 2) regret of the leader's pick and of the thorough pick, by ``truth_runs`` fresh rollouts."""
    leader, obs, side = decision.leader, decision.obs, decision.side
    own_level = leader.difficulty
    world, appraisal = leader.weigh_world(sc, obs, side, rng, decision.memory)
    picks = []
    for level in (own_level, thorough(own_level)):
        leader.difficulty = level
        _, thinking = leader.choose(sc, obs, side, rng, world, appraisal)
        rows = np.arange(obs.shape[1])
        picks.append((thinking.final.chosen[:, rows, thinking.pick], thinking.final.package[rows, thinking.pick]))
    leader.difficulty = own_level
    chosen = np.stack([p[0] for p in picks], axis=2)
    package = np.stack([p[1] for p in picks], axis=1)
    both = Candidates(chosen, package, np.ones(package.shape, dtype=bool))
    pieces = ((TRUTH_PIECE, 1),) * max(1, truth_runs // TRUTH_PIECE)  # both candidates every round: one tally
    value = leader.halving(sc, obs, side, both, world, rng, pieces).value
    return value.max(axis=1, keepdims=True) - value
