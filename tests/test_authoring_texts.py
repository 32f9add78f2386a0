"""Texts in scenarios: placeholders are checked when the file loads, with the place of any mistake."""

from __future__ import annotations

import pytest

from game.authoring.scaffold import scaffold_text
from game.engine.game import Game, Order
from game.scenario.compiler import load_scenario_text
from game.scenario.problems import ScenarioError

BASE = scaffold_text("x")
HEADLINE = 'headline: "{self.leader} phones {other.leader}"'


def problems_with(headline: str) -> list:
    text = BASE.replace(HEADLINE, f"headline: {headline}")
    assert text != BASE
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "x.yaml")
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("headline", "message"),
    [
        ('"Tension at {tenson:.0f}"', "unknown name 'tenson'"),
        ('"Tension at {tension:.1q}"', "bad number format"),
        ('"{self.leader:.0f} calls"', "is text and takes no format"),
        ('"{self.nickname} calls"', "unknown name 'self.nickname'"),
        ('"{tension!r}"', "conversions"),
        ('"{} calls"', "empty placeholder"),
        ('"an open { brace"', "bad placeholder"),
    ],
)
def test_bad_placeholders_are_load_errors_with_their_place(headline, message):
    (problem,) = problems_with(headline)
    assert message in problem.message
    assert problem.where == "moves.0.headline" and problem.line > 0 and problem.column > 0


def test_the_column_points_at_the_placeholder():
    (problem,) = problems_with('"Tension at {tenson:.0f}"')
    line = BASE.replace(HEADLINE, 'headline: "Tension at {tenson:.0f}"').splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("{tenson")


def test_self_and_other_mean_nothing_outside_moves():
    text = BASE.replace('headline: "Talks stall as steel piles up"', 'headline: "{self.leader} is worried"')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "x.yaml")
    assert caught.value.problems[0].where == "events.0.headline"


def test_placeholders_render_numbers_names_and_literal_braces():
    text = BASE.replace(HEADLINE, 'headline: "{{{self.short}}} calls {other.leader} at tension {tension:.1f}"')
    sc = load_scenario_text(text, "x.yaml")
    game = Game(sc, 1)
    report = game.play(Order(("call",)), Order(()))
    headline = next(n.text for n in report.news if "calls" in n.text)
    assert headline == f"{{North}} calls The South leader at tension {game.value('tension'):.1f}"
