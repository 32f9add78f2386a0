"""What one move is worth: the real history replayed with that move added every week it is legal.

Both sides play the scenario's recorded real moves (``ai.leaders.HistoricalLeader``);
one side also makes one extra move every week it is legal and fits its budget
and groups.  The same seeded games are played with and without it (common random
numbers: the engine draws the same dice whatever is chosen), so the difference in
final scores is the move's own effect.  A sound game gives no move (least of all
talk: claims, accusations, praise) a large gain for its maker in every situation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..ai.leaders import HistoricalLeader
from ..ai.probes import pick_by_priority
from ..engine import turn as rules
from ..engine.loop import Policy, leader_policy, play_weeks
from ..engine.orders import Orders, move_tables
from ..engine.scoring import scores
from ..engine.state import observe
from ..scenario.compiled import CompiledScenario, MoveInfo

Progress = Callable[[int, int], None]

ANSWERS = ("propose", "accept", "reject")
"""Move kinds left out: they answer or make offers, whose worth depends on the package."""


def move_worth(sc: CompiledScenario, games: int = 200, seed: int = 0, progress: Progress | None = None) -> dict:
    """Every move's effect on both final scores when added to the real history every week it can be made."""
    if not sc.history:
        raise KeyError(f"{sc.id} has no history of real moves to add a move to")
    plain, _ = _play(sc, games, seed, None)
    moves = [m for side in (0, 1) for m in sc.moves[side] if m.kind not in ANSWERS]
    rows = []
    for done, move in enumerate(moves, 1):
        finals, made = _play(sc, games, seed, move)
        rows.append(_row(sc, move, finals - plain, made))
        if progress is not None:
            progress(done, len(moves))
    rows.sort(key=lambda r: -r["own_per_week"])
    return {"scenario": sc.id, "games": games, "seed": seed, "moves": rows}


def _row(sc: CompiledScenario, move: MoveInfo, delta: np.ndarray, made: np.ndarray) -> dict:
    """One move's line: mean score change for its maker and the other side, in all and per week made."""
    weeks = float(made.mean())
    own, other = float(delta[:, move.side].mean()), float(delta[:, 1 - move.side].mean())
    return {
        "side": sc.sides[move.side],
        "move": move.id,
        "label": move.label,
        "weeks_made": round(weeks, 2),
        "own": round(own, 2),
        "other": round(other, 2),
        "own_per_week": round(own / weeks, 2) if weeks else 0.0,
    }


def _play(sc: CompiledScenario, games: int, seed: int, extra: MoveInfo | None) -> tuple[np.ndarray, np.ndarray]:
    """(final scores (games, 2), weeks the extra move was made per game) of the history, with ``extra`` added."""
    rng = np.random.default_rng(seed)
    state, _ = rules.start(sc, games, rng)
    made = np.zeros(games)
    history = HistoricalLeader()
    policies = [leader_policy(sc, history, side, rng) for side in (0, 1)]
    if extra is not None:
        policies[extra.side] = _with_move(sc, extra, policies[extra.side], made)
    play_weeks(sc, state, tuple(policies), rng)
    return scores(sc, state), made


def _with_move(sc: CompiledScenario, move: MoveInfo, real: Policy, made: np.ndarray) -> Policy:
    """The real moves first, then ``move`` if it is legal and fits the budget and groups (counted in ``made``)."""

    def orders(state: np.ndarray, week: int) -> Orders:
        first = real(state, week)
        wanted = first.chosen.astype(float) * 2.0
        wanted[move.index] = np.maximum(wanted[move.index], 1.0)
        chosen = pick_by_priority(sc, observe(sc, state, move.side), move.side, wanted)
        propose = move_tables(sc, move.side).propose
        chosen.chosen[propose] = first.chosen[propose]
        chosen.offer[:], chosen.clauses[:], chosen.deadline[:] = first.offer, first.clauses, first.deadline
        made[:] += chosen.chosen[move.index] & ~first.chosen[move.index]
        return chosen

    return orders


def format_move_worth(report: dict) -> str:
    """The report as a plain-text table, the moves worth most to their maker first."""
    lines = [
        f"What one move is worth: {report['scenario']}, the real history with the move added every week it can "
        f"be made, {report['games']} games (seed {report['seed']})",
        "",
        f"{'side':<8} {'move':<34} {'weeks':>6} {'own':>7} {'other':>7} {'own/week':>9}",
    ]
    for r in report["moves"]:
        lines.append(
            f"{r['side'][:8]:<8} {r['label'][:34]:<34} {r['weeks_made']:6.1f} {r['own']:+7.2f} {r['other']:+7.2f} "
            f"{r['own_per_week']:+9.2f}"
        )
    return "\n".join(lines)
