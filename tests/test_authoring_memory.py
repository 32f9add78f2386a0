"""Memory in formulas: last(x), weeks_since(move) and times(move), for cooldowns and once-a-game moves."""

from __future__ import annotations

import pytest

from game.engine.game import Game, Order
from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.problems import ScenarioError

from .batch_support import play_batch, replay_alone

PLOT = "  - id: plot\n    label: Plot in secret\n"


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def with_plot(text: str, extra: str) -> str:
    """The tiny scenario with lines added to the 'plot' move."""
    assert PLOT in text
    return text.replace(PLOT, PLOT + extra)


def with_rule(text: str, rule: str) -> str:
    """The tiny scenario with a standing rule added before the others."""
    return text.replace("dynamics:\n", f"dynamics:\n{rule}", 1)


def cooldown_with_weeks_since(tiny: str) -> str:
    """Plotting then waits three weeks, written with weeks_since."""
    return with_plot(tiny, "    when: 'weeks_since(plot) >= 3'\n")


def cooldown_with_a_counter(tiny: str) -> str:
    """The same cooldown written the old way: a hidden counter, set by the move, counted down by a rule."""
    text = with_plot(tiny, "    when: 'self.cooldown == 0'\n    set: {self.cooldown: 3}\n")
    text = text.replace(
        "  a.secret:",
        "  a.cooldown: {label: Cooldown, start: 0, max: 3, hidden: true}\n"
        "  b.cooldown: {label: Cooldown, start: 0, max: 3, hidden: true}\n  a.secret:",
    )
    return with_rule(
        text, "  - id: cool_down\n    add: {a.cooldown: '-(a.cooldown > 0)', b.cooldown: '-(b.cooldown > 0)'}\n"
    )


def play_plotting(sc, seed: int) -> list[tuple]:
    """Both sides plot whenever they may (and call every other week); what each week looked like."""
    game, seen = Game(sc, seed), []
    while not game.is_over:
        legal = [[m.id for m in game.legal_moves(side)] for side in ("a", "b")]
        wanted = ("plot", "call") if game.turn % 2 else ("plot",)
        orders = [Order(tuple(m for m in wanted if m in ids)) for ids in legal]
        seen.append((game.turn, tuple(map(tuple, legal)), game.value("a.secret"), game.value("b.economy")))
        game.play(*orders)
    return seen + [tuple(game.scores())]


@pytest.mark.parametrize("seed", [1, 7])
def test_a_cooldown_written_with_weeks_since_plays_like_the_counter_version(tiny, seed):
    new = play_plotting(load_scenario_text(cooldown_with_weeks_since(tiny), "new.yaml"), seed)
    old = play_plotting(load_scenario_text(cooldown_with_a_counter(tiny), "old.yaml"), seed)
    assert new == old
    plotted_weeks = [turn for turn, legal, *_ in new[:-1] if "plot" in legal[0]]
    assert plotted_weeks == [1, 4]


def test_a_once_a_game_move_with_times(tiny):
    sc = load_scenario_text(with_plot(tiny, "    when: 'times(plot) == 0'\n"), "t.yaml")
    game = Game(sc, 1)
    game.play(Order(("plot",)), Order())
    for _ in range(3):
        assert "plot" not in [m.id for m in game.legal_moves("a")]
        assert "plot" in [m.id for m in game.legal_moves("b")]
        game.play(Order(), Order())
    assert game.value("times(a.plot)") == 1.0 and game.value("times(b.plot)") == 0.0


def test_weeks_since_a_move_never_made_is_999(tiny):
    sc = load_scenario_text(with_plot(tiny, "    when: 'weeks_since(other.plot) == 999'\n"), "t.yaml")
    game = Game(sc, 1)
    assert game.value("weeks_since(b.plot)") == 999.0
    game.play(Order(), Order(("plot",)))
    assert game.value("weeks_since(b.plot)") == 1.0 and "plot" not in [m.id for m in game.legal_moves("a")]


def test_last_reads_the_value_as_the_week_before_ended(tiny):
    rule = "  - id: answer_last_call\n    when: 'last(b.did.call)'\n    add: {a.image: 1}\n"
    rule += "  - id: follow\n    add: {tension: 'last(a.image) - a.image'}\n"
    sc = load_scenario_text(with_rule(tiny, rule), "t.yaml")
    game = Game(sc, 1)
    game.play(Order(), Order(("call",)))
    assert game.value("a.image") == 50.0 and game.value("last(a.image)") == 50.0
    tension = game.value("tension")
    game.play(Order(), Order())
    assert game.value("a.image") == 51.0, "b called last week"
    assert game.value("tension") == tension, "the rules see a.image as it stood, equal to last week's"
    game.play(Order(), Order())
    assert game.value("a.image") == 51.0, "b did not call last week"


def test_memory_tells_a_side_nothing_it_could_not_see(tiny):
    rule = "  - id: watch\n    when: 'weeks_since(b.plot) < 999 or last(b.secret) > 0 or last(b.economy) > 0'\n"
    sc = load_scenario_text(with_rule(tiny, rule + "    add: {tension: 0}\n"), "t.yaml")
    game = Game(sc, 3)
    game.play(Order(), Order(("plot",)))
    game.play(Order(), Order())
    truth, seen = game.state[:, 0], game.observation("a")[:, 0]
    since, last_secret, last_economy = (sc.row(n) for n in ("weeks_since(b.plot)", "last(b.secret)", "last(b.economy)"))
    assert truth[since] == 2.0 and seen[since] == 999.0, "b's plot is secret, and so is when it was"
    assert truth[last_secret] == 1.0 and seen[last_secret] == 0.0, "b's hidden number stays hidden a week on"
    assert seen[last_economy] != truth[last_economy], "b's noisy number is seen a week on as roughly as today"
    assert game.observation("b")[last_economy, 0] == truth[last_economy]


def test_a_scenario_with_memory_plays_the_same_alone_as_in_a_batch(tiny):
    rule = "  - id: memory\n    add: {tension: 'times(b.call) - last(tension) / 50 + (weeks_since(a.call) < 2)'}\n"
    text = with_rule(cooldown_with_weeks_since(tiny), rule)
    played = play_batch(load_scenario_text(text, "t.yaml"), 50, seed=5)
    for game in (0, 17, 49):
        replay_alone(played, game)


@pytest.mark.parametrize(
    ("formula", "pointed", "message"),
    [
        ("weeks_since(plott) < 3", "plott", "no side has a move 'plott' (did you mean plot?)"),
        ("weeks_since(call) < 3", "call", "both sides have a move 'call': say whose, weeks_since(a.call) or "),
        ("last(b.econmy) > 0", "b.econmy", "unknown variable 'b.econmy' (did you mean b.economy"),
        ("last(b.economy + 1) > 0", "b.economy", "last() takes a variable's name"),
        ("weeks_snce(a.call) > 0", "weeks_snce", "unknown function 'weeks_snce'; did you mean weeks_since?"),
        ("times(a.kall) > 0", "a.kall", "a has no move 'kall' (did you mean a.call?)"),
        ("times(self.call) > 0", "self.call", "'self' can only be used in moves"),
    ],
)
def test_memory_mistakes_are_located_with_suggestions(tiny, formula, pointed, message):
    line = f"    when: '{formula}'"
    text = with_rule(tiny, f"  - id: watch\n{line}\n    add: {{tension: 1}}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.line == text.splitlines().index(line) + 1 and problem.where == "dynamics.0.when"
    assert problem.column == line.index(pointed) + 1
    assert message in problem.message


def test_scenarios_without_memory_functions_keep_no_memory_rows():
    sc = load_scenario(scenarios_dir() / "october_2025.yaml")
    assert not sc.memory.used
    assert not [v.name for v in sc.variables if "(" in v.name]
