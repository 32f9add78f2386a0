"""Secret moves found out later: a move's 'discovered:' (chance each week from 'after' weeks on, news, effects)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.game import Game, Order
from game.engine.viewing import PUBLIC, causes_for, sees_move_in
from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.problems import ScenarioError

from .batch_support import play_batch, replay_alone

PLOT = "  - id: plot\n    label: Plot in secret\n    visibility: secret\n"


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def found_later(tiny: str, discovered: str) -> str:
    """The tiny scenario whose secret 'plot' move may be found out as given."""
    assert PLOT in tiny
    return tiny.replace(PLOT, PLOT + f"    discovered: {discovered}\n")


def weeks_seen_by_b(sc, a_plots_in: set[int], weeks: int, seed: int = 4) -> list[tuple]:
    """What B's leader sees at the start of each week while A plots in the given weeks."""
    game, seen = Game(sc, seed), []
    for _ in range(weeks):
        seen.append((game.turn, game.observation("b")[:, 0].tobytes(), [n.text for n in game.news("b")]))
        game.play(Order(("plot",) if game.turn in a_plots_in else ()), Order())
    return seen


def test_before_it_is_found_out_the_other_side_sees_what_it_would_without_the_move(tiny):
    sc = load_scenario_text(found_later(tiny, "{chance: 1, after: 3, add: {tension: 7}}"), "t.yaml")
    plotted, never = weeks_seen_by_b(sc, {1}, 4), weeks_seen_by_b(sc, set(), 4)
    assert plotted[:3] == never[:3], "weeks 1 to 3: B's numbers and news as if A had not plotted"
    assert plotted[3] != never[3], "week 4: B has found out"


def test_found_out_the_other_side_is_told_and_the_effects_apply(tiny):
    sc = load_scenario_text(found_later(tiny, "{chance: 1, after: 2, add: {tension: 7, self.image: -5}}"), "t.yaml")
    game = Game(sc, 4)
    game.play(Order(("plot",)), Order())
    tension = game.value("tension")
    game.play(Order(), Order())
    assert game.turn == 3 and game.value("tension") == tension + 7 and game.value("a.image") == 45
    told = [n.text for n in game.news("b")]
    assert 'B found out that A made "Plot in secret" in week 1' in told
    assert not [n for n in game.news("a") if "found out" in n.text], "the mover is not told"
    assert not [n for n in game.news(None) if "found out" in n.text], "nor the public"
    plot = sc.move_by_id(0, "plot")
    assert sees_move_in(game, 1, plot, 1) and not sees_move_in(game, 2, plot, 1)
    found = sc.row("a.found.plot")
    assert game.observation("b")[found, 0] == 1 and game.observation("a")[found, 0] == 0
    (change,) = [c for c in game.reports[-1].changes if c.row == sc.row("tension")]
    named = {viewer: [cause for cause, _ in causes_for(sc, change.causes, viewer)] for viewer in (0, 1, PUBLIC)}
    assert "B found out: Plot in secret" in named[1]
    assert not any("found out" in cause for cause in named[0] + named[PUBLIC]), "the mover and public are not told"


def test_a_move_found_out_once_is_not_found_out_again_until_made_again(tiny):
    sc = load_scenario_text(found_later(tiny, "{chance: 1, add: {tension: 5}}"), "t.yaml")
    game = Game(sc, 2)
    game.play(Order(("plot",)), Order())
    game.play(Order(("plot",)), Order())
    game.play(Order(), Order())
    game.play(Order(), Order())
    found = [n.text for n in game.news("b") if "found out" in n.text]
    assert found == [
        'B found out that A made "Plot in secret" in week 1',
        'B found out that A made "Plot in secret" in week 2',
    ]
    assert game.value("a.found.plot") == 2


def test_a_chance_below_one_finds_out_some_games_and_not_others(tiny):
    sc = load_scenario_text(found_later(tiny, "{chance: 0.3, headline: 'A leak: {self.leader} plotted'}"), "t.yaml")
    weeks_until = []
    for seed in range(40):
        game = Game(sc, seed)
        game.play(Order(("plot",)), Order())
        while not game.is_over and not game.value("a.found.plot"):
            game.play(Order(), Order())
        weeks_until.append(game.turn if game.value("a.found.plot") else None)
        if game.value("a.found.plot"):
            assert "A leak: Ada plotted" in [n.text for n in game.news("b")]
    assert None in weeks_until and len(set(weeks_until)) > 2


def test_a_scenario_with_discovery_plays_the_same_alone_as_in_a_batch(tiny):
    text = found_later(tiny, "{chance: 'tension / 100', after: 1, add: {tension: 3}, set: {self.secret: 0}}")
    played = play_batch(load_scenario_text(text, "t.yaml"), 60, seed=9, stop=0.4)
    assert any(s[played.sc.row("a.found.plot")].any() for s in played.states), "something was found out"
    for game in (0, 31, 59):
        replay_alone(played, game)


@pytest.mark.parametrize(
    ("discovered", "pointed", "message"),
    [
        ("{chance: 'tensoin / 100'}", "tensoin", "unknown variable 'tensoin'; did you mean tension"),
        ("{chance: 0.5, add: {self.imagee: -5}}", "self.imagee", "unknown variable 'self.imagee'"),
        ("{chance: 0.5, after: 0}", "0}", "greater than or equal to 1"),
        ("{chance: 0.5, when: x}", "when", "when"),
        ("{chance: 0.5, add: {self.found.plot: 0}}", "0}}", "set by the engine"),
    ],
)
def test_discovery_mistakes_are_located(tiny, discovered, pointed, message):
    text = found_later(tiny, discovered)
    line = f"    discovered: {discovered}"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    problem, *same = [p for p in caught.value.problems if p.severity == "error"]
    assert all((p.line, p.column) == (problem.line, problem.column) for p in same), "once per side at most"
    assert problem.line == text.splitlines().index(line) + 1, problem
    assert problem.column == line.index(pointed) + 1, problem
    assert message in problem.message


def test_only_a_secret_move_can_be_found_out(tiny):
    text = tiny.replace(
        '    headline: "{self.leader} calls {other.leader}"\n',
        '    headline: "{self.leader} calls {other.leader}"\n    discovered: {chance: 1}\n',
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.line == text.splitlines().index("    discovered: {chance: 1}") + 1
    assert "only a secret move can be found out later, and 'call' is 'public'" in problem.message


def test_scenarios_without_discovery_draw_as_before():
    sc = load_scenario(scenarios_dir() / "june_2025.yaml")
    assert sc.discoveries == ()
    assert not [v.name for v in sc.variables if ".found." in v.name]
    assert np.isfinite(sc.start_values).all()
