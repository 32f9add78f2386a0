"""Theory on the batch engine: the one-shot tariff war is a prisoner's dilemma whose equilibrium is mutual tariffs.

Best responses are computed by enumerating every pure strategy (each subset of
legal moves within the budget) of both sides in one batch and reading the scores.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from game.authoring.lint import lint
from game.engine import turn as rules
from game.engine.orders import Orders, legal_mask, orders_problems
from game.engine.scoring import scores
from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario


@pytest.fixture(scope="module")
def dilemma():
    return load_scenario(scenarios_dir() / "tariff_dilemma.yaml")


def strategies(sc, side: int) -> list[tuple[int, ...]]:
    """Every legal set of moves at the start (including doing nothing)."""
    state, _ = rules.start(sc, 1, np.random.default_rng(0))
    legal = np.flatnonzero(legal_mask(sc, state, side)[:, 0])
    out = []
    for size in range(sc.model.budget + 1):
        for combo in itertools.combinations(legal, size):
            orders = Orders.empty(sc, side, 1)
            orders.chosen[list(combo), 0] = True
            if not orders_problems(sc, state, side, orders):
                out.append(tuple(int(i) for i in combo))
    return out


def payoffs(sc) -> tuple[list, list, np.ndarray]:
    """Strategies of both sides and the (east, west) score of every pairing, played as one batch."""
    mine, theirs = strategies(sc, 0), strategies(sc, 1)
    pairs = list(itertools.product(range(len(mine)), range(len(theirs))))
    state, _ = rules.start(sc, len(pairs), np.random.default_rng(0))
    orders = (Orders.empty(sc, 0, len(pairs)), Orders.empty(sc, 1, len(pairs)))
    for game, (a, b) in enumerate(pairs):
        orders[0].chosen[list(mine[a]), game] = True
        orders[1].chosen[list(theirs[b]), game] = True
    rules.step(sc, state, orders, np.random.default_rng(0))
    assert state[sc.over_row].all(), "a one-shot game ends after one week"
    table = scores(sc, state).reshape(len(mine), len(theirs), 2)
    return mine, theirs, table


def names(sc, side, strategy) -> str:
    return "+".join(sc.moves[side][i].id for i in strategy) or "nothing"


def test_tariff_is_each_sides_best_response_to_anything(dilemma):
    mine, theirs, table = payoffs(dilemma)
    for b in range(len(theirs)):
        best = int(np.argmax(table[:, b, 0]))
        assert names(dilemma, 0, mine[best]) == "tariff_up"
    for a in range(len(mine)):
        best = int(np.argmax(table[a, :, 1]))
        assert names(dilemma, 1, theirs[best]) == "tariff_up"


def test_the_only_equilibrium_is_a_tariff_war_both_would_rather_avoid(dilemma):
    mine, theirs, table = payoffs(dilemma)
    equilibria = [
        (a, b)
        for a in range(len(mine))
        for b in range(len(theirs))
        if table[a, b, 0] >= table[:, b, 0].max() and table[a, b, 1] >= table[a, :, 1].max()
    ]
    assert [(names(dilemma, 0, mine[a]), names(dilemma, 1, theirs[b])) for a, b in equilibria] == [
        ("tariff_up", "tariff_up")
    ]
    (a, b), free = equilibria[0], (mine.index(()), theirs.index(()))
    assert (table[free][0] > table[a, b, 0]) and (table[free][1] > table[a, b, 1]), "free trade is better for both"


def test_payoffs_have_the_prisoners_dilemma_order(dilemma):
    mine, _, table = payoffs(dilemma)
    free, war = mine.index(()), next(i for i, s in enumerate(mine) if s)
    temptation, reward = table[war, free, 0], table[free, free, 0]
    punishment, sucker = table[war, war, 0], table[free, war, 0]
    assert temptation > reward > punishment > sucker
    assert 2 * reward > temptation + sucker


def test_the_lint_recognises_the_dominant_strategy(dilemma):
    report = lint(dilemma, games=160, seed=0, lever_games=16, rollouts=2)
    flagged = sorted(re.search(r"move '(\w+)'", f.message).group(1) for f in report.findings if f.kind == "dominant")
    assert flagged == ["tariff_up", "tariff_up"]
