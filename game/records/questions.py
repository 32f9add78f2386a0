"""Debrief questions that fit the game played: the scenario's templates, and the player's own turning points.

A scenario's questions are plain text (always asked) or templates with a condition
read on the final state, an optional fit with history (followed, left, far) and a
topic: of the questions sharing a topic only the first that fits is asked.  To
them the debrief adds one or two questions about the weeks that moved the
player's own score most.  Game logic only: no pygame.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..analysis.whatif import RUNS, decisions, what_if
from ..engine.game import Game
from ..engine.scoring import scores
from ..scenario.compiled import QuestionInfo
from .history import Comparison, compare_with_history

WHAT_IFS = 3
"""Most decisions the debrief forecasts the other way (each takes a second or two of rollouts)."""
FAR = 0.5
"""A game is far from history when more than this share of its key numbers end apart from history's."""


def history_fit(game: Game, comparison: Comparison | None = None) -> str | None:
    """'followed', 'left' or 'far' for a game with a history to compare with (None without one)."""
    sc = game.scenario
    if not sc.history:
        return None
    comparison = comparison or compare_with_history(game)
    if comparison.left_at is None:
        return "followed"
    names = {sc.variables[row].name for row in sc.key_variables}
    keys = [v for v in comparison.variables if v.name in names] or comparison.variables
    apart = sum(v.apart_at_end for v in keys)
    return "far" if apart > FAR * len(keys) else "left"


def fits(game: Game, question: QuestionInfo, fit: str | None) -> bool:
    """Whether a question's condition and history fit hold on the game's final state."""
    if question.history is not None and question.history != fit:
        return False
    held = question.when.fn(game.state) if question.when.constant is None else question.when.constant
    return bool(np.asarray(held).reshape(-1)[0])


def asked_questions(game: Game, comparison: Comparison | None = None) -> list[QuestionInfo]:
    """The scenario's questions that fit this game, one per topic, in the scenario's order."""
    sc = game.scenario
    needs_history = any(q.history is not None for q in sc.questions)
    fit = history_fit(game, comparison) if needs_history else None
    asked, topics = [], set()
    for question in sc.questions:
        if question.topic is not None and question.topic in topics:
            continue
        if fits(game, question, fit):
            asked.append(question)
            if question.topic is not None:
                topics.add(question.topic)
    return asked


def scenario_questions(game: Game, comparison: Comparison | None = None) -> list[str]:
    """The texts of the scenario's questions that fit this game, one per topic, in the scenario's order."""
    return [" ".join(q.text.render(lambda row: game.state[row, 0]).split()) for q in asked_questions(game, comparison)]


def what_if_lines(
    game: Game,
    side: int,
    comparison: Comparison | None = None,
    limit: int = WHAT_IFS,
    runs: int = RUNS,
    progress: Callable[[float], None] | None = None,
) -> list[str]:
    """For the asked questions that name moves: the player's decision on each taken the other way, forecast.

    ``progress`` hears the share done before each decision (the window's worker stops a stale job there).
    """
    wanted = list(dict.fromkeys(m for q in asked_questions(game, comparison) for m in q.what_if))
    found = decisions(game, side, wanted)[:limit]
    lines = []
    for k, (week, move, made) in enumerate(found):
        if progress is not None:
            progress(k / len(found))
        lines.append(what_if(game, side, week, move, made, runs=runs, seed=game.seed).describe("your"))
    return lines


def turning_questions(game: Game, side: int, count: int = 2) -> list[str]:
    """Questions about the weeks that moved this side's own score most, naming its own moves that week."""
    sc = game.scenario
    if len(game.snapshots) < 2:
        return []
    own = scores(sc, np.concatenate(game.snapshots, axis=1))[:, side]
    swings = np.diff(own)
    weeks = sorted(int(w) for w in np.argsort(-np.abs(swings), kind="stable")[:count] if abs(swings[w]) >= 0.5)
    out = []
    for week in weeks:
        report = game.reports[week]
        moves = [m.label for m in report.moves[side]]
        did = "you chose " + " and ".join(moves) if moves else "you made no move"
        turn = "rose" if swings[week] > 0 else "fell"
        out.append(
            f"Week {report.turn}: {did}, and your score {turn} from {own[week]:.0f} to {own[week + 1]:.0f}. "
            "What led you there, and would you choose the same again knowing what followed?"
        )
    return out


def debrief_questions(game: Game, side: int | None = None, comparison: Comparison | None = None) -> list[str]:
    """Everything the debrief asks: the scenario's fitting questions, then the player's turning points."""
    asked = scenario_questions(game, comparison)
    if side is not None:
        asked += turning_questions(game, side)
    return asked
