"""Deals and levers: a carried notch may apply the lever move's own effects; a second deal replaces the first."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.game import Game, IllegalOrderError, Offer, Order
from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario, load_scenario_text

from .batch_support import play_batch, replay_alone

PEACE = Offer.of({"a.tariff": 0, "b.tariff": 0}, deadline=2)


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def with_lever_effects(tiny: str, on: bool) -> str:
    """The tiny scenario with negotiation.lever_effects set."""
    return tiny.replace("negotiation:\n", f"negotiation:\n  lever_effects: {'true' if on else 'false'}\n", 1)


def sign_peace(sc, seed: int = 3) -> Game:
    """B offers both tariffs to 0 in week 1, A signs in week 2."""
    game = Game(sc, seed)
    game.play(Order(), Order(("propose",), PEACE))
    game.play(Order(("accept",)), Order())
    assert game.value("deal.active") == 1
    return game


def test_a_notch_a_deal_carries_applies_the_lever_moves_effects_when_the_scenario_says_so(tiny):
    games = [sign_peace(load_scenario_text(with_lever_effects(tiny, on), "t.yaml")) for on in (False, True)]
    before = [g.value("tension") for g in games]
    assert before[0] == before[1]
    for g in games:
        g.play(Order(), Order())
        assert (g.value("a.tariff"), g.value("b.tariff")) == (0, 0), "both tariffs came down a notch"
    moved = [g.value("tension") - b for g, b in zip(games, before)]
    assert moved[1] - moved[0] == pytest.approx(-10), "each 'lower tariff' move's tension -5 applied once"
    on = games[1]
    assert on.value("a.did.tariff_down") == 0, "the side made no move: its move flag stays down"


def test_without_the_setting_a_carried_notch_only_moves_the_lever(tiny):
    sc = load_scenario_text(tiny, "t.yaml")
    assert sc.model.negotiation.lever_effects is False
    off = sign_peace(load_scenario_text(with_lever_effects(tiny, False), "t.yaml"))
    default = sign_peace(sc)
    for g in (off, default):
        g.play(Order(), Order())
    assert off.hash() == default.hash()


def test_a_second_deal_replaces_the_first_and_counts_from_its_own_signing(tiny):
    sc = load_scenario_text(tiny, "t.yaml")
    game = sign_peace(sc)
    game.play(Order(("propose",), Offer.of({}, ["longer"])), Order())
    assert game.value("a.tariff") == 0, "the first deal carried A's tariff down this week"
    game.play(Order(), Order(("accept",)))
    assert game.value("deal.active") == 1 and game.value("deal.age") == 0
    assert game.value("deal.longer") == 1 and game.value("deal.scope") == 1
    assert game.value("deal.has.a.tariff") == 0 and game.value("deal.has.b.tariff") == 0
    assert game.value("a.compliance") == 1 and game.value("b.compliance") == 1, "nothing left to carry out"
    tariffs = game.value("a.tariff"), game.value("b.tariff")
    game.play(Order(("tariff_up",)), Order())
    assert game.value("a.tariff") == tariffs[0] + 25, "A's tariff is free again"


def test_bundled_scenarios_keep_levers_moving_without_their_moves_effects():
    for path in sorted(scenarios_dir().glob("*.yaml")):
        assert load_scenario(path).model.negotiation.lever_effects is False, path.name


def test_carried_lever_effects_play_the_same_alone_as_in_a_batch(tiny):
    sc = load_scenario_text(with_lever_effects(tiny, True), "t.yaml")
    played = play_batch(sc, 80, seed=11, stop=0.3)
    assert any(s[sc.row("deal.active")].any() for s in played.states), "some games signed a deal"
    for game in (0, 40, 79):
        replay_alone(played, game)


def test_a_deal_in_force_holds_its_levers_a_move_back_is_refused_not_undone_with_news(tiny):
    sc = load_scenario_text(tiny, "t.yaml")
    game = sign_peace(sc)
    game.play(Order(), Order())
    assert game.value("a.tariff") == 0, "the deal carried A's tariff to its setting"
    assert "tariff_up" not in {m.id for m in game.legal_moves("a")}, "raising it would only be undone by the deal"
    with pytest.raises(IllegalOrderError, match="would break the deal in force, which sets Tariff at 0%"):
        game.play(Order(("tariff_up",)), Order())
    game.play(Order(("slow_walk",)), Order())
    assert "tariff_up" not in {m.id for m in game.legal_moves("a")}, "slow-walking drags feet; it does not reverse"


def test_a_committed_lever_may_still_move_toward_the_deals_setting(tiny):
    sc = load_scenario_text(tiny, "t.yaml")
    game = sign_peace(sc)
    legal = {m.id for m in game.legal_moves("a")}
    assert "tariff_down" in legal and "tariff_up" not in legal
    report = game.play(Order(("tariff_down",)), Order())
    assert game.value("a.tariff") == 0 and game.value("a.compliance") == 1
    assert "A lowers tariff to 0%" in [n.text for n in report.news]


def test_random_leaders_in_a_batch_never_move_a_committed_lever_away_from_its_deal(tiny):
    sc = load_scenario_text(tiny, "t.yaml")
    played = play_batch(sc, 120, seed=5, stop=0.2)
    away = 0
    for before, orders in zip(played.states, played.orders):
        held = (before[sc.row("deal.active")] != 0) & (before[sc.row("deal.has.a.tariff")] != 0)
        current, target = before[sc.row("a.tariff")], before[sc.row("deal.a.tariff")]
        up, down = (orders[0].chosen[sc.move_by_id(0, m).index] for m in ("tariff_up", "tariff_down"))
        away += int(np.count_nonzero(held & ((up & (current >= target)) | (down & (current <= target)))))
    assert any((s[sc.row("deal.has.a.tariff")] != 0).any() for s in played.states), "some deals held A's tariff"
    assert away == 0
