"""Rules an author reaches for: sources on events, conditions and effects on lever moves, deals that respect them."""

from __future__ import annotations

import pytest

from game.engine.game import Game, IllegalOrderError, Offer, Order
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.problems import ScenarioError


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def test_an_event_source_reaches_the_news(tiny):
    text = tiny.replace(
        'headline: "Summit season: tension at {tension:.0f}"',
        'headline: "Summit season: tension at {tension:.0f}"\n    source: https://www.example.org/summit?id=1',
    )
    sc = load_scenario_text(text, "t.yaml")
    assert sc.events[0].source == "https://www.example.org/summit?id=1"
    game = Game(sc, 1)
    game.play(Order(), Order())
    (item,) = [n for n in game.news() if n.kind == "event" and "Summit" in n.text]
    assert item.text == "Summit season: tension at 37 (source: example.org)"
    assert item.source == "https://www.example.org/summit?id=1"


def test_an_event_source_is_at_most_400_characters(tiny):
    text = tiny.replace('headline: "Summit season', f'source: {"x" * 401}\n    headline: "Summit season')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    assert "at most 400 characters" in caught.value.problems[0].message


def test_bundled_events_cite_their_sources():
    from game.paths import scenarios_dir

    for stem in ("october_2025", "japan_korea_2019"):
        sc = load_scenario(scenarios_dir() / f"{stem}.yaml")
        assert any(e.source.startswith("http") for e in sc.events), stem


def with_tariff_moves(text: str, up: str, down: str) -> str:
    """The tiny scenario with a.tariff's up and down moves replaced."""
    old = "    start: 25\n    up: {add: {tension: 10}}\n    down: {add: {tension: -5}}\n  b.tariff:"
    assert old in text
    return text.replace(old, f"    start: 25\n    up: {up}\n    down: {down}\n  b.tariff:")


def test_a_lever_move_takes_a_condition(tiny):
    sc = load_scenario_text(with_tariff_moves(tiny, "{when: 'tension < 50', add: {tension: 10}}", "{}"), "t.yaml")
    game = Game(sc, 1)
    assert "tariff_up" in [m.id for m in game.legal_moves("a")]
    game.state[sc.row("tension"), 0] = 60.0
    assert "tariff_up" not in [m.id for m in game.legal_moves("a")]
    with pytest.raises(IllegalOrderError):
        game.play(Order(("tariff_up",)), Order())


def test_a_lever_move_with_a_condition_still_stops_at_the_last_notch(tiny):
    sc = load_scenario_text(with_tariff_moves(tiny, "{when: 'tension < 50'}", "{}"), "t.yaml")
    game = Game(sc, 1)
    game.state[sc.row("a.tariff"), 0] = 50.0
    assert "tariff_up" not in [m.id for m in game.legal_moves("a")]


def test_a_lever_move_sets_variables(tiny):
    sc = load_scenario_text(with_tariff_moves(tiny, "{}", "{set: {self.image: 70}, add: {tension: -5}}"), "t.yaml")
    game = Game(sc, 1)
    game.play(Order(("tariff_down",)), Order())
    assert game.value("a.image") == 70.0 and game.value("a.tariff") == 0.0


def test_a_package_moving_a_lever_the_way_it_cannot_go_is_refused_at_load(tiny):
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(with_tariff_moves(tiny, "{}", "{enabled: false}"), "t.yaml")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.where == "negotiation.packages.0.terms.a.tariff"
    assert "would move it down from its start (25), but its down move is off (down: enabled: false)" in problem.message


def test_a_proposal_moving_a_lever_the_way_it_cannot_go_is_illegal(tiny):
    text = with_tariff_moves(tiny, "{}", "{enabled: false}").replace(
        "terms: {a.tariff: 0, b.tariff: 0}", "terms: {b.tariff: 0}"
    )
    sc = load_scenario_text(text, "t.yaml")
    game = Game(sc, 1)
    with pytest.raises(IllegalOrderError, match="a deal cannot lower Tariff: that lever has no move that way"):
        game.play(Order(), Order(("propose",), Offer.of({"a.tariff": 0})))


def test_the_deal_builder_leaves_out_packages_a_one_way_lever_cannot_carry_out(tiny):
    from game.ai.negotiation import build_packages

    text = with_tariff_moves(tiny, "{enabled: false}", "{}").replace(
        "    - id: more_time\n",
        "    - id: back_up\n      label: Back up\n      terms: {a.tariff: 25}\n    - id: more_time\n",
    )
    sc = load_scenario_text(text, "t.yaml")
    game = Game(sc, 1)
    game.play(Order(("tariff_down",)), Order())
    built = build_packages(sc, game.observation("b"), 1)
    index = built.names.index("Back up")
    assert not built.valid[0, index]
    assert built.valid[0, built.names.index("Peace")]


def test_a_deal_carries_a_lever_only_while_its_move_is_allowed(tiny):
    sc = load_scenario_text(with_tariff_moves(tiny, "{}", "{when: 'tension < 30'}"), "t.yaml")
    game = Game(sc, 1)
    game.play(Order(), Order(("propose",), Offer.of({"a.tariff": 0, "b.tariff": 0})))
    game.play(Order(("accept",)), Order())
    game.play(Order(), Order())
    assert game.value("tension") >= 30
    assert game.value("b.tariff") == 0.0 and game.value("a.tariff") == 25.0
    game.state[sc.row("tension"), 0] = 10.0
    game.play(Order(), Order())
    assert game.value("a.tariff") == 0.0
