"""The rules of a turn, for a whole batch of games at once.  Read this file to know how a week resolves.

A week, in order (DESIGN.md "A turn"):

1. Events fire at the *start* of the week, before the leaders decide, so the
   state a leader sees already holds this week's news (``start`` does week 1;
   each ``step`` ends by firing the next week's events).
2. Orders: both sides' moves arrive together; their flags (``<side>.did.<move>``)
   are set first, so a move's formula can read what the other side did, and each
   side's public escalating moves are tallied (``<side>.escalations``: who pushed).
3. Resolution: every move's effects are evaluated on the same state and then
   applied together, additions before settings: no side moves first.
4. Contests (ping-pong): drawn from the generator unless a result is supplied
   (the window's match); winner and loser effects apply.
5. Dynamics: every standing rule is evaluated on the same state, then all apply.
   ``deal.signed`` is cleared after them: a deal signed in last week's negotiation
   (which comes after the rules) is seen by the rules exactly once, this week.
6. Negotiation: offers answered, deals signed, new offers tabled, deals carried
   out and compliance measured (``deals.py``).
7. Each side's noisy estimates of the other's numbers are redrawn.
8. The week ends: the turn counter advances, early endings are checked in the
   scenario's order, then the horizon; the other side may find out secret moves
   made earlier (``discovery.py``); the memory functions' rows remember the
   week (``memory.py``); then next week's events fire.

Randomness: every step draws the same number of uniforms whatever the moves, so
the world's dice do not depend on what the leaders chose.  Games that are over
are left exactly as they were.

Batches: a game gives the same bits alone (``play``) as anywhere in a batch of any
size (``simulate``, the lint, look-ahead rollouts), given its orders and its column
of the draws: nothing mixes games, every sum adds its terms in one fixed order,
and where a phase takes a shortcut for few or many games, both ways give the same
bits (``tests/test_batch_identity.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..scenario.compiled import CompiledScenario
from ..scenario.tables import PhaseRows
from .deals import negotiate
from .discovery import find_out, note_secrets
from .finished import Finished
from .memory import end_week, note_moves
from .move_pass import resolve_in_passes
from .orders import Orders, move_tables
from .state import alive, blank_state, clip, draw_estimates
from .step_tools import (
    Where,
    apply_values,
    clip_rows,
    effect_values,
    evaluate_at,
    holds_one,
    one_game,
    snap,
    step_notch,
    step_notch_one,
)


@dataclass
class Trace:
    """Why numbers changed in game 0 of a batch: (cause, row, amount) for every addition."""

    added: list[tuple[str, int, float]] = field(default_factory=list)
    settings: list[tuple[str, int, float]] = field(default_factory=list)

    def record(self, cause: str, values, where) -> None:
        """Note the game-0 part of evaluated effects that apply where given."""
        if where is not None and not bool(np.asarray(where).reshape(-1)[0]):
            return
        for effect, value in values:
            amount = float(np.asarray(value, dtype=float).reshape(-1)[0])
            if effect.mode == "add" and amount != 0.0:
                self.added.append((cause, effect.target, amount))
            elif effect.mode == "set":
                self.settings.append((cause, effect.target, amount))


@dataclass
class TurnLog:
    """What happened in one step, per game."""

    turn: int
    """The week that was played (1-based)."""
    chosen: tuple[np.ndarray, np.ndarray]
    """Each side's (moves, games) orders as played (nothing for games already over)."""
    contests: np.ndarray
    """(contests, games): winning side, or -1 if not played."""
    signed: np.ndarray
    """(games,): whose offer was signed this week, or -1."""
    ended: np.ndarray
    """(games,): the game ended during this step."""
    events: np.ndarray
    """(events, games): events that fired at the start of the next week."""
    trace: Trace | None = None
    found: np.ndarray | None = None
    """(discoveries, games): secret moves the other side found out at the end of the week."""


def draws_per_step(sc: CompiledScenario) -> int:
    """How many uniforms one step draws per game (fixed, whatever the moves)."""
    return len(sc.events) + len(sc.contests) + 2 * len(sc.estimate_rows) + len(sc.discoveries)


def start(sc: CompiledScenario, games: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A new batch at the start of week 1, with week 1's events fired; returns (state, events fired)."""
    state = blank_state(sc, games)
    uniforms = rng.random((len(sc.events) + 2 * len(sc.estimate_rows), games), dtype=np.float32)
    draw_estimates(sc, state, uniforms[len(sc.events) :].reshape(2, -1, games))
    live = alive(sc, state)
    fired = fire_events(sc, state, live, uniforms[: len(sc.events)], None)
    check_endings(sc, state, live, horizon=False)
    clip(sc, state)
    return state, fired


def step(
    sc: CompiledScenario,
    state: np.ndarray,
    orders: tuple[Orders, Orders],
    rng: np.random.Generator,
    contest_results: np.ndarray | None = None,
    trace: Trace | None = None,
) -> TurnLog:
    """Play one week for every game in the batch, in place; return what happened."""
    games = state.shape[1]
    uniforms = rng.random((draws_per_step(sc), games), dtype=np.float32)
    n_e, n_c = len(sc.events), len(sc.contests)
    live = alive(sc, state)
    over = np.flatnonzero(~live)
    # When only a few games are over, play every game and put theirs back at the end: cheaper than
    # gating every phase by the live games.
    finished = Finished(sc, state, over) if 0 < over.size * 4 < games else None
    everyone = finished is not None or not over.size
    gate = None if everyone else Where(live)
    turn = int(state[sc.turn_row].max())
    chosen = make_moves(sc, state, orders, live, everyone, trace)
    contests = play_contests(sc, state, live, uniforms[n_e : n_e + n_c], contest_results, trace)
    settle(sc, state, "contests")
    apply_dynamics(sc, state, gate, trace)
    settle(sc, state, "dynamics")
    forget_signing(sc, state, live, everyone)
    signed = negotiate(sc, state, orders, live)
    if np.count_nonzero(signed >= 0):
        settle(sc, state, "clauses")
    n_d = n_e + n_c + 2 * len(sc.estimate_rows)
    draw_estimates(sc, state, uniforms[n_e + n_c : n_d].reshape(2, -1, games), None if everyone else live)

    state[sc.turn_row] += live
    ended = check_endings(sc, state, live, horizon=True)
    still = live & ~ended
    found = find_out(sc, state, still, uniforms[n_d:], trace) if sc.discoveries else None
    if sc.memory.used:
        end_week(sc, state, live)
    fired = fire_events(sc, state, still, uniforms[:n_e], trace)
    if np.count_nonzero(fired):
        ended |= check_endings(sc, state, still, horizon=False)
    if np.count_nonzero(fired) or np.count_nonzero(ended) or (found is not None and np.count_nonzero(found)):
        settle(sc, state, "end")
    clip_rows(sc, state, "always")
    if finished is not None:
        finished.put_back(state)
    return TurnLog(turn, chosen, contests, signed, ended, fired, trace, found)


def make_moves(sc: CompiledScenario, state: np.ndarray, orders, live, everyone: bool, trace=None) -> tuple:
    """Phase 2-3: this week's flags and tallies, then both sides' moves resolved together; return what was chosen."""
    state[sc.per_turn_rows] = 0.0 if everyone else np.where(live, 0.0, state[sc.per_turn_rows])
    chosen = tuple(orders[s].chosen & live for s in (0, 1))
    for s in (0, 1):
        tables = move_tables(sc, s)
        state[tables.flag_rows] = chosen[s] if everyone else np.where(live, chosen[s], state[tables.flag_rows])
        count_escalations(sc, state, s, chosen[s], tables)
    if sc.memory.used:
        note_moves(sc, state, live)
    if sc.discoveries:
        note_secrets(sc, state, live)
    resolve_moves(sc, state, chosen, trace)
    settle(sc, state, "moves")
    return chosen


def contests_starting(sc: CompiledScenario, state: np.ndarray, orders: tuple[Orders, Orders]) -> np.ndarray:
    """(contests, games) bool: which contests these orders would start this week (the state is left untouched)."""
    if not sc.contests:
        return np.zeros((0, state.shape[1]), dtype=bool)
    trial = state.copy()
    live = alive(sc, trial)
    make_moves(sc, trial, orders, live, everyone=bool(live.all()))
    return np.array([live & np.asarray(c.when.fn(trial), dtype=bool) for c in sc.contests]).reshape(
        len(sc.contests), -1
    )


def count_escalations(sc: CompiledScenario, state: np.ndarray, side: int, chosen: np.ndarray, tables) -> None:
    """Add this week's public escalating moves to the side's tally: who pushed the game is a public record."""
    if sc.escalation_rows[side] >= 0 and len(tables.public_escalations):
        state[sc.escalation_rows[side]] += chosen[tables.public_escalations].sum(axis=0)


def resolve_moves(sc: CompiledScenario, state: np.ndarray, chosen, trace: Trace | None) -> None:
    """Apply both sides' moves together: evaluate all on one state, then add, then set.

    Without a trace, ``move_pass`` does the same in a few array passes (the loop below is the rule).
    """
    if trace is None and resolve_in_passes(sc, state, chosen):
        return
    pending, notches = [], []
    one = one_game(state)
    for side in (0, 1):
        for index, cols in _games_per_move(chosen[side]):
            move = sc.moves[side][index]
            made, values = evaluate_at(state, move.effects, chosen[side][index], cols, few=trace is None)
            pending.append((values, made))
            cause = f"{sc.side_texts[side]['short']}: {move.label}" if trace is not None else ""
            if move.lever >= 0:
                lever = sc.levers[move.lever]
                direction = 1 if move.kind == "up" else -1
                if one:
                    before = state.item(lever.var, 0)
                    delta = step_notch_one(lever.values, before, direction) - before
                else:
                    before = state[lever.var].take(cols)
                    delta = step_notch(lever.values, before, direction) - before
                notches.append((lever.var, cols, delta))
                if trace is not None:
                    trace.added.append((cause, lever.var, float(np.ravel(delta)[0])))
            if trace is not None:
                trace.record(cause, values, None if made is None else made.mask)
    for row, cols, delta in notches:
        if one:
            state[row, 0] = state.item(row, 0) + delta
        else:
            state[row][cols] += delta
    for values, made in pending:
        apply_values(state, [(e, v) for e, v in values if e.mode == "add"], made)
    for values, made in pending:
        apply_values(state, [(e, v) for e, v in values if e.mode == "set"], made)


def _games_per_move(chosen: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(move, games that made it) for every move someone made."""
    if chosen.shape[1] == 1:
        return [(int(index), np.zeros(1, dtype=np.intp)) for index in np.flatnonzero(chosen[:, 0])]
    return [(int(index), np.flatnonzero(chosen[index])) for index in np.flatnonzero(chosen.any(axis=1))]


def play_contests(sc, state, live, uniforms, results, trace) -> np.ndarray:
    """Decide every contest being played this week and apply its effects."""
    log = np.full((len(sc.contests), state.shape[1]), -1, dtype=np.int8)
    for contest in sc.contests:
        on = live & contest.when.fn(state)
        if not np.count_nonzero(on):
            continue
        first_wins = uniforms[contest.index] < contest.chance.fn(state)
        if results is not None:
            given = results[contest.index]
            first_wins = np.where(given >= 0, given == 0, first_wins)
        won = (on & first_wins, on & ~first_wins)
        for side in (0, 1):
            np.copyto(state[contest.won[side]], won[side], where=live)
        log[contest.index] = np.where(on, np.where(first_wins, 0, 1), -1)
        groups = [(contest.effects, on), *((contest.winner_effects[s], won[s]) for s in (0, 1))]
        evaluated = [(effect_values(state, effects), where) for effects, where in groups]
        for values, where in evaluated:
            if trace is not None:
                trace.record(contest.label, values, where)
            apply_values(state, values, where)
    return log


def forget_signing(sc: CompiledScenario, state: np.ndarray, live: np.ndarray, everyone: bool) -> None:
    """After the standing rules have read it once, a signing is old news (negotiation may set it again)."""
    row = sc.deal.signed
    state[row] = 0.0 if everyone else np.where(live, 0.0, state[row])


def apply_dynamics(sc: CompiledScenario, state: np.ndarray, gate: Where | None, trace: Trace | None) -> None:
    """Every standing rule, evaluated on one state and then applied together (only in live games)."""
    if gate is None and trace is None and one_game(state):
        _dynamics_of_one(sc, state)
        return
    evaluated = []
    for rule in sc.rules:
        constant = rule.when.constant
        if constant is False:
            continue
        if constant is True and gate is None:
            found = None, effect_values(state, rule.effects)
        else:
            mask = gate.mask if constant is True else rule.when.fn(state)
            if constant is not True and gate is not None:
                mask = mask & gate.mask
            found = evaluate_at(state, rule.effects, mask, few=trace is None)
            if found is None:
                continue
        evaluated.append(found)
        if trace is not None:
            where = found[0]
            trace.record(rule.label, found[1], None if where is None else where.mask)
    for where, values in evaluated:
        apply_values(state, values, where)


def _dynamics_of_one(sc: CompiledScenario, state: np.ndarray) -> None:
    """apply_dynamics for a batch of one live game, in Python numbers (the same rules, the same bits)."""
    evaluated = [effect_values(state, rule.effects) for rule in sc.rules if holds_one(rule.when, state)]
    for values in evaluated:
        apply_values(state, values, None)


def fire_events(sc, state, live, uniforms, trace) -> np.ndarray:
    """Fire this week's due events (scheduled, conditional, random); return (events, games) fired."""
    fired = np.zeros((len(sc.events), state.shape[1]), dtype=bool)
    if not len(sc.events):
        return fired
    due = events_due(sc, state, live)
    if trace is None and one_game(state):
        _fire_for_one(sc, state, due[:, 0], uniforms[:, 0], fired[:, 0])
        return fired
    for index in np.flatnonzero(due.any(axis=1)):
        event = sc.events[index]
        now = due[index] if event.when.constant is True else due[index] & event.when.fn(state)
        if event.chance.constant is None or float(event.chance.constant) < 1.0:
            now = now & (uniforms[index] < event.chance.fn(state))
        fired[index] = now
    evaluated = []
    for index in np.flatnonzero(fired.any(axis=1)):
        event, where = sc.events[index], fired[index]
        found = evaluate_at(state, event.effects, where, few=trace is None)
        evaluated.append((found[1], found[0]))
        np.add(state[event.counter], 1.0, out=state[event.counter], where=where)
        if trace is not None:
            trace.record(f"Event: {event.id.replace('_', ' ')}", found[1], where)
    for values, where in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "add"], where)
    for values, where in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "set"], where)
    return fired


def _fire_for_one(sc: CompiledScenario, state: np.ndarray, due: np.ndarray, uniforms: np.ndarray, fired) -> None:
    """fire_events for a batch of one game (``due``: the events due in it), in Python numbers: the same events,
    draws and bits."""
    for index in np.flatnonzero(due).tolist():
        event = sc.events[index]
        fired[index] = holds_one(event.when, state) and _drawn_for_one(event.chance, state, uniforms[index])
    evaluated = []
    for index in np.flatnonzero(fired).tolist():
        event = sc.events[index]
        evaluated.append(effect_values(state, event.effects))
        state[event.counter, 0] = state.item(event.counter, 0) + 1.0
    for values in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "add"], None)
    for values in evaluated:
        apply_values(state, [(e, v) for e, v in values if e.mode == "set"], None)


def _drawn_for_one(chance, state: np.ndarray, uniform: np.float32) -> bool:
    """Whether one game's draw (a float32) falls under an event's chance, compared as the batch compares it: in
    float32 against a constant, in doubles against a formula's numbers."""
    if chance.constant is not None:
        return float(chance.constant) >= 1.0 or bool(uniform < chance.constant)
    if chance.one is not None:
        return float(uniform) < chance.one(state)
    return bool((uniform < chance.fn(state))[0])


@dataclass(frozen=True)
class EventSchedule:
    """Every event's week, once-only flag and fired-count row as columns, so one pass finds the events due."""

    week: np.ndarray
    """(events, 1) the week an event is scheduled for."""
    scheduled: np.ndarray
    """(events, 1) whether it has a week (else it may fire any week)."""
    once: np.ndarray
    """(events, 1) whether it fires at most once."""
    counter: np.ndarray
    """(events,) the rows counting how often each has fired."""


def event_schedule(sc: CompiledScenario) -> EventSchedule:
    """The scenario's events as arrays (built on first use, kept in ``sc.extra``)."""
    return sc.kept("engine_event_schedule", _build_event_schedule)


def _build_event_schedule(sc: CompiledScenario) -> EventSchedule:
    """Every event's schedule as columns."""
    events = sc.events
    return EventSchedule(
        week=np.array([[float(e.turn or 0)] for e in events]),
        scheduled=np.array([[bool(e.turn)] for e in events]),
        once=np.array([[e.once] for e in events]),
        counter=np.array([e.counter for e in events], dtype=np.intp),
    )


def events_due(sc: CompiledScenario, state: np.ndarray, live: np.ndarray) -> np.ndarray:
    """(events, games): scheduled for this week (or unscheduled), not yet fired if once-only, game live.

    A few games check every event at once, many check one event at a time (no (events, games) temporaries).
    """
    plan = event_schedule(sc)
    if state.shape[1] <= 64:
        due = live & (~plan.scheduled | (state[sc.turn_row] == plan.week))
        due &= ~plan.once | (state[plan.counter] == 0.0)
        return due
    due = np.empty((len(sc.events), state.shape[1]), dtype=bool)
    for index, event in enumerate(sc.events):
        now = live & (state[sc.turn_row] == event.turn) if event.turn else live
        if event.once:
            now = now & (state[event.counter] == 0.0)
        due[index] = now
    return due


def check_endings(sc: CompiledScenario, state: np.ndarray, live: np.ndarray, horizon: bool) -> np.ndarray:
    """End games whose early ending holds (first in the scenario's order wins), then at the horizon."""
    ended = np.zeros(state.shape[1], dtype=bool)
    going = live  # live games not ended yet, kept up to date as endings are reached
    one = one_game(state)
    for ending in sc.endings:
        if ending.when is None:
            if horizon:
                due = going & (state[sc.turn_row] > state[sc.horizon_row])
                np.copyto(state[sc.ending_row], ending.index + 1, where=due)
                ended |= due
                going = live & ~ended
            continue
        due = going & (holds_one(ending.when, state) if one else ending.when.fn(state))
        if np.count_nonzero(due):
            apply_values(state, effect_values(state, ending.effects), due)
            np.copyto(state[sc.ending_row], ending.index + 1, where=due)
            ended |= due
            going = live & ~ended
    if np.count_nonzero(ended):
        np.copyto(state[sc.over_row], 1.0, where=ended)
    return ended


def phase_rows(sc: CompiledScenario) -> dict[str, PhaseRows]:
    """Per phase: rows its formulas write (to clamp) and levers they write (to put back on a notch)."""
    return sc.tables.phases


def settle(sc: CompiledScenario, state: np.ndarray, phase: str) -> None:
    """After a phase: levers it wrote back on a notch, and every row it wrote within bounds."""
    rows = phase_rows(sc)[phase]
    for lever in rows.levers:
        state[lever.var] = snap(lever.values, state[lever.var])
    clip_rows(sc, state, phase)
