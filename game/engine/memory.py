"""The engine's memory of earlier weeks, behind the formula functions last(), weeks_since() and times().

Rows exist only for what some formula uses (``CompiledScenario.memory``), so a
scenario without memory functions plays exactly as before.  Every update is per
game (a column), so a game gives the same bits alone as in any batch.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compiled import CompiledScenario


def note_moves(sc: CompiledScenario, state: np.ndarray, live: np.ndarray) -> None:
    """This week's move flags are set: a move made now was made 0 weeks ago, and once more."""
    memory = sc.memory
    for row, flag in zip(memory.since, memory.since_flag):
        np.copyto(state[row], 0.0, where=live & (state[flag] != 0.0))
    for row, flag in zip(memory.times, memory.times_flag):
        np.add(state[row], state[flag], out=state[row], where=live)


def end_week(sc: CompiledScenario, state: np.ndarray, live: np.ndarray) -> None:
    """The week is over (before next week's events): remember this week's values, and a week more has passed."""
    memory = sc.memory
    for row, source in zip(memory.last, memory.last_of):
        np.copyto(state[row], state[source], where=live)
    for row in memory.since:
        np.copyto(state[row], np.minimum(state[row] + 1.0, sc.high[row]), where=live)
