"""The one play loop: every week both sides' policies give orders from the state, then the engine plays the week.

Play, simulate, calibration, the lint, the benchmark, forecasts and the computer leaders' look-ahead all run
their weeks through ``play_weeks``, so a game is played the same way wherever it is played.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..scenario.compiled import CompiledScenario
from . import turn as rules
from .orders import Orders
from .state import alive, observe

Policy = Callable[[np.ndarray, int], Orders]
"""(state, week) -> one side's orders for every game in the batch (week counts from 1 in this loop)."""

OnWeek = Callable[[int, np.ndarray, "rules.TurnLog", "np.ndarray | None"], None]
"""Called after each week with (week, state, what happened, the state before the week if kept)."""


def leader_policy(sc: CompiledScenario, leader, side: int, rng: np.random.Generator) -> Policy:
    """A computer leader as a policy: it decides from what its side observes, with its own generator."""
    return lambda state, week: leader.decide(sc, observe(sc, state, side), side, rng).orders


def still(sc: CompiledScenario, side: int) -> Policy:
    """A side that makes no move."""
    return lambda state, week: Orders.empty(sc, side, state.shape[1])


def last_week(sc: CompiledScenario) -> int:
    """The most weeks a game of this scenario can last."""
    return int(sc.model.max_turns or sc.model.turns)


def play_weeks(
    sc: CompiledScenario,
    state: np.ndarray,
    policies: tuple[Policy, Policy],
    rng: np.random.Generator,
    weeks: int | None = None,
    on_week: OnWeek | None = None,
    keep_before: bool = False,
) -> int:
    """Play weeks in place until every game is over or ``weeks`` weeks pass (default: the scenario's last
    possible week); return the weeks played.  ``keep_before`` hands ``on_week`` a copy of the state before."""
    limit = last_week(sc) if weeks is None else weeks
    week = 0
    while week < limit and alive(sc, state).any():
        orders = (policies[0](state, week + 1), policies[1](state, week + 1))
        before = state.copy() if keep_before else None
        log = rules.step(sc, state, orders, rng)
        week += 1
        if on_week is not None:
            on_week(week, state, log, before)
    return week
