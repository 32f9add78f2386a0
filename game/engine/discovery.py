"""Secret moves the other side finds out later (a move's ``discovered:``).

Each making of such a move is remembered per game (the week of the oldest one not
yet found out, and of the latest).  At the end of every week, from ``after`` weeks
after the oldest pending making on, one uniform per discoverable move decides
whether the other side finds out: every pending making is then found out at once,
the finder's tally ``<mover>.found.<move>`` goes up and the move's ``discovered``
effects apply.  Scenarios without ``discovered:`` draw nothing more.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compiled import CompiledScenario
from .step_tools import apply_values, effect_values


def note_secrets(sc: CompiledScenario, state: np.ndarray, live: np.ndarray) -> None:
    """After this week's move flags are set: remember the week of each discoverable move made."""
    turn = state[sc.turn_row]
    for d in sc.discoveries:
        made = live & (state[sc.moves[d.side][d.move].flag] != 0.0)
        np.copyto(state[d.pending], turn, where=made & (state[d.pending] == 0.0))
        np.copyto(state[d.latest], turn, where=made)


def find_out(sc: CompiledScenario, state: np.ndarray, live: np.ndarray, uniforms: np.ndarray, trace=None) -> np.ndarray:
    """The week is over (turn counter advanced): draw who finds out what; return (discoveries, games) found."""
    found = np.zeros((len(sc.discoveries), state.shape[1]), dtype=bool)
    turn = state[sc.turn_row]
    for i, d in enumerate(sc.discoveries):
        pending = state[d.pending]
        due = live & (pending > 0.0) & (turn - pending >= d.after)
        if due.any():
            found[i] = due & (uniforms[i] < d.chance.fn(state))
    hits = [int(i) for i in np.flatnonzero(found.any(axis=1))]
    evaluated = [(effect_values(state, sc.discoveries[i].effects), found[i]) for i in hits]
    for i, (values, where) in zip(hits, evaluated):
        d = sc.discoveries[i]
        if trace is not None:
            cause = f"{sc.side_texts[1 - d.side]['short']} found out: {sc.moves[d.side][d.move].label}"
            trace.record(cause, values, where)
        np.copyto(state[d.found_from], state[d.pending], where=where)
        np.copyto(state[d.found_to], state[d.latest], where=where)
        np.add(state[d.found], 1.0, out=state[d.found], where=where)
        np.copyto(state[d.pending], 0.0, where=where)
    for values, where in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "add"], where)
    for values, where in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "set"], where)
    return found
