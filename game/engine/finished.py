"""Games already over in a batch where most still play: their numbers kept aside and put back after the step.

``turn.step`` plays every game of such a batch (cheaper than gating every phase by the live games) and then
puts the finished games' numbers back, so a game that is over stays exactly as it was.  Only the rows a step
may write in a game that is over need keeping, and they are known from the scenario's tables:

- the week's flags and per-week rows, and the escalation tallies (cleared or added to in every game);
- every standing rule's targets (rules run in every game);
- the signing flag cleared after the rules, and the noisy estimates redrawn (in every game);
- the turn counter (advanced by 0 in a game that is over);
- the rows each phase clamps and the levers it puts back on a notch (in every game).

Everything else a step writes (moves, contests, deals, endings, discoveries, memory rows, events) is written
only in live games, or elsewhere added -0.0, which leaves every number exactly as it was.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compiled import CompiledScenario
from .orders import move_tables

FEW_COLUMNS = 128
"""Below this many finished games their numbers are picked in one call; from it on, row by row through each
row's view (far cheaper than picking (rows, games) at once in a wide batch)."""


def rows_written_in_every_game(sc: CompiledScenario) -> np.ndarray:
    """The rows a step may write in a game that is over (built on first use, kept in ``sc.extra``)."""
    return sc.kept("engine_rows_written_in_every_game", _build_rows)


def _build_rows(sc: CompiledScenario) -> np.ndarray:
    """The rows listed in this module's docstring, sorted."""
    rows = {int(r) for r in np.atleast_1d(sc.per_turn_rows)}
    for side in (0, 1):
        rows |= set(np.arange(sc.n_rows)[move_tables(sc, side).flag_rows].tolist())
    rows |= {int(r) for r in sc.escalation_rows if r >= 0}
    for rule in sc.rules:
        rows |= {effect.target for effect in rule.effects}
    rows |= {int(sc.deal.signed), int(sc.turn_row)}
    rows |= {int(r) for r in sc.estimate_rows}
    for phase in sc.tables.phases.values():
        rows |= {int(r) for r in phase.rows}
        rows |= {int(lever.var) for lever in phase.levers}
    return np.array(sorted(rows), dtype=np.intp)


class Finished:
    """The finished games' numbers in the rows a step may write, kept to be put back after the step."""

    __slots__ = ("cols", "rows", "saved")

    def __init__(self, sc: CompiledScenario, state: np.ndarray, cols: np.ndarray):
        self.cols = cols
        self.rows = rows_written_in_every_game(sc)
        if cols.size < FEW_COLUMNS:
            self.saved = state[np.ix_(self.rows, cols)]
            return
        self.saved = np.empty((self.rows.size, cols.size), dtype=state.dtype)
        for k, row in enumerate(self.rows.tolist()):
            state[row].take(cols, out=self.saved[k])

    def put_back(self, state: np.ndarray) -> None:
        """Write the kept numbers back where they were."""
        if self.cols.size < FEW_COLUMNS:
            state[np.ix_(self.rows, self.cols)] = self.saved
            return
        for k, row in enumerate(self.rows.tolist()):
            state[row][self.cols] = self.saved[k]
