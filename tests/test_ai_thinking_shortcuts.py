"""The look-ahead's shortcuts change no answer: copies of a candidate or of a package and packages that cannot be
signed are not rolled, and the pick after successive halving is among the candidates measured in every round."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.ai.candidates import Candidates, singles
from game.ai.leaders import make_leader
from game.ai.lookahead import _no_terms
from game.ai.memory import Memory
from game.ai.negotiation import PackageSet, appraise, build_packages, first_package_copies
from game.ai.personality import find_traits
from game.ai.rollout import SharedDraws, StanceModel, rollout_state
from game.engine import turn as rules
from game.engine.orders import legal_mask
from game.engine.state import observe

from .batch_support import play_with_offers


@pytest.fixture(scope="module")
def midgame(june):
    """Four June games four weeks in, with offers on the table."""
    rng = np.random.default_rng(3)
    state, _ = rules.start(june, 4, rng)
    play_with_offers(june, state, rng, weeks=4, offer_week=3)
    return state


def evaluated(june, obs, cands: Candidates):
    """A normal leader's estimates of some candidates on fixed dice."""
    leader = make_leader("strategist", june, 0, "normal")
    packages = build_packages(june, obs, 0)
    model = StanceModel(1, np.full(obs.shape[1], 0.5), np.zeros(obs.shape[1]))
    stance = _no_terms(obs.shape[1], packages.count)
    return leader.evaluate(june, obs, 0, cands, packages, stance, model, np.random.default_rng(4), 24)


def test_a_candidate_listed_twice_reads_the_same_as_when_listed_once(june, midgame):
    obs = observe(june, midgame, 0)
    first = singles(june, 0, legal_mask(june, obs, 0), np.full(obs.shape[1], -1))
    copied = 1 + int(np.argmax(first.legal[:, 1:].all(axis=0)))
    index = np.tile(np.append(np.arange(first.count), copied), (obs.shape[1], 1))
    once, twice = evaluated(june, obs, first), evaluated(june, obs, first.pick(index))
    assert np.array_equal(twice.value[:, -1], twice.value[:, copied])
    assert np.array_equal(twice.value[:, :-1], once.value)
    assert np.array_equal(twice.forecast[:, :, :-1], once.forecast)
    assert np.all(twice.runs[:, -1] == 24)


def test_packages_left_out_of_an_appraisal_change_nothing_for_the_others(june, midgame):
    obs = observe(june, midgame, 1)
    packages = build_packages(june, obs, 1)
    traits = find_traits(june, "reciprocator")
    assert packages.count > 2 and not packages.valid.all(), "the position should offer some packages that are void"
    every = appraise(june, obs, 1, packages, traits, np.random.default_rng(9), 6, 8)
    some = appraise(june, obs, 1, packages, traits, np.random.default_rng(9), 6, 8, packages.valid)
    for name in ("own", "own_score", "other"):
        ours, theirs = getattr(some, name), getattr(every, name)
        assert np.array_equal(ours[packages.valid], theirs[packages.valid]), name
        assert np.all(ours[~packages.valid] == 0.0), name
    assert np.array_equal(some.no_deal, every.no_deal)


def with_copy(packages: PackageSet, index: int) -> PackageSet:
    """The same packages with package ``index`` listed again at the end."""
    last = lambda a, axis: np.concatenate([a, np.take(a, [index], axis=axis)], axis=axis)
    return replace(
        packages,
        targets=last(packages.targets, 2),
        clauses=last(packages.clauses, 2),
        deadline=last(packages.deadline, 1),
        valid=last(packages.valid, 1),
        names=[*packages.names, packages.names[index]],
    )


def test_a_package_listed_twice_is_appraised_the_same_as_when_listed_once(june, midgame):
    obs = observe(june, midgame, 1)
    packages = build_packages(june, obs, 1)
    traits = find_traits(june, "reciprocator")
    copied = int(np.argmax(packages.valid.all(axis=0)))
    assert packages.valid[:, copied].all(), "the position should offer a package valid in every game"
    twice = with_copy(packages, copied)
    assert np.all(first_package_copies(twice, twice.valid)[:, -1] == copied)
    once = appraise(june, obs, 1, packages, traits, np.random.default_rng(9), 6, 8, packages.valid)
    both = appraise(june, obs, 1, twice, traits, np.random.default_rng(9), 6, 8, twice.valid)
    for name in ("own", "own_score", "other"):
        ours, theirs = getattr(both, name), getattr(once, name)
        assert np.array_equal(ours[:, :-1], theirs), name
        assert np.array_equal(ours[:, -1], theirs[:, copied]), name
    assert np.array_equal(both.no_deal, once.no_deal)


def test_the_pick_after_halving_is_among_the_candidates_measured_in_every_round(june, midgame):
    leader = make_leader("strategist", june, 0, "normal")
    assert len(leader.difficulty.final) > 1, "normal's play-off halves its finalists"
    leader.difficulty = replace(leader.difficulty, noise=1000.0)  # a pick near random among those allowed
    picked_short = 0
    for seed in range(6):
        obs = observe(june, midgame, 0)
        rng = np.random.default_rng(seed)
        world, appraisal = leader.weigh_world(june, obs, 0, rng, Memory.fresh(obs.shape[1]))
        _, thinking = leader.choose(june, obs, 0, rng, world, appraisal)
        runs = thinking.played.runs
        rows = np.arange(obs.shape[1])
        assert (runs[thinking.final.legal] < runs.max()).any(), "some finalists were dropped after the first round"
        picked_short += int((runs[rows, thinking.pick] < runs.max(axis=1)).sum())
    assert picked_short == 0


def test_every_rolled_candidate_reads_its_game_and_runs_dice_and_starts_from_its_games_view():
    games, runs, count = 3, 4, 3
    rolled = np.ones((count, games), dtype=bool)
    rolled[1, 2] = rolled[2, 0] = False  # candidates illegal in some games are left out
    draws = SharedDraws.for_blocks(np.random.default_rng(5), rolled.reshape(-1), runs, games)
    uniforms = draws.random((2, int(rolled.sum()) * runs))
    fresh = np.random.default_rng(5).random((2, games * runs)).reshape(2, games, runs)
    obs = np.arange(2.0 * games).reshape(2, games)
    state = rollout_state(obs, rolled.reshape(-1), runs)
    column = 0
    for candidate, game in zip(*np.nonzero(rolled)):
        block = slice(column, column + runs)
        assert np.array_equal(uniforms[:, block], fresh[:, game]), (candidate, game)
        assert np.all(state[:, block] == obs[:, game : game + 1]), (candidate, game)
        column += runs
