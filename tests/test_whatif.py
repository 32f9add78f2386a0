"""What if: a finished game's decision taken the other way, forecast on the same engine with the same dice."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.leaders import make_leader
from game.analysis.whatif import decisions, what_if
from game.engine.game import Game, Order
from game.engine.state import observe


@pytest.fixture(scope="module")
def finished(june):
    """A June 2025 game played to the end: the US calls in week 1, China answers as its historical self."""
    game = Game(june, 5)
    china = make_leader("historical_china", june, 1, "easy")
    rng = np.random.default_rng(2)
    while not game.is_over:
        us = Order(("call",)) if game.turn == 1 else Order()
        game.play(us, china.decide(june, observe(june, game.state, 1), 1, rng).orders)
    return game


def test_decisions_are_the_first_week_a_move_was_made_or_could_have_been(finished):
    found = {move.id: (week, made) for week, move, made in decisions(finished, 0, ["call", "claim_win", "nope"])}
    assert found["call"] == (1, True)
    assert found["claim_win"][1] is False and found["claim_win"][0] >= 1
    assert "nope" not in found


def test_a_decision_taken_the_other_way_is_forecast_on_the_same_dice(finished):
    week, move, made = next(d for d in decisions(finished, 0, ["call"]))
    first = what_if(finished, 0, week, move, made, runs=12, seed=4)
    again = what_if(finished, 0, week, move, made, runs=12, seed=4)
    assert first == again, "the same seed gives the same forecast"
    lo, mid, hi = first.played
    assert 0 <= lo <= mid <= hi <= 100 and 0 <= first.instead[0] <= first.instead[2] <= 100
    assert first.actual == pytest.approx(float(finished.scores()[0]))
    assert first.describe("your").startswith("Week 1, had you not made 'Call Xi Jinping': your score ")


def test_the_alternative_really_changes_the_week(finished, june):
    """Adding a costly escalation instead of doing nothing moves the forecast (the branch is not a copy)."""
    week, move, made = next(d for d in decisions(finished, 0, ["tariff_up"]))
    assert not made
    result = what_if(finished, 0, week, move, made, runs=12, seed=1)
    assert result.gap != 0.0


def test_the_debrief_forecasts_the_decisions_its_questions_are_about(finished):
    """June's call question names the call: having called first, the player sees the call taken back."""
    from game.records.questions import asked_questions, what_if_lines

    assert any("call" in q.what_if for q in asked_questions(finished))
    lines = what_if_lines(finished, 0, runs=8)
    assert lines and lines[0].startswith("Week 1, had you not made 'Call Xi Jinping': your score ")
    assert len(lines) <= 3


def test_a_question_about_a_move_no_side_has_is_a_located_problem(june):
    from pathlib import Path

    from game.scenario.compiler import load_scenario_text
    from game.scenario.problems import ScenarioError

    text = Path(june.path).read_text(encoding="utf-8").replace("what_if: [call]", "what_if: [cal]", 1)
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(text, "june.yaml")
    problem = err.value.problems[0]
    assert "no side has a move 'cal' (did you mean call" in problem.message and problem.line > 1000


def test_a_computer_offer_is_kept_in_the_week_report_so_the_week_can_be_replayed(june):
    """Orders given as a batch (a computer's) keep their offer in the report, as a person's do."""
    from game.ai.probes import PROBES

    game = Game(june, 7)
    proposer = PROBES["same_deal"]
    orders = proposer.decide(june, observe(june, game.state, 1), 1, np.random.default_rng(0)).orders
    report = game.play(Order(), orders)
    assert [m.kind for m in report.moves[1]] == ["propose"]
    offer = report.offers[1]
    assert offer is not None and offer.terms, "the package proposed is in the report"
