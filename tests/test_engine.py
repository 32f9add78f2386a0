"""Each phase of a turn, on the tiny scenario: events, simultaneous moves, contests, deals, endings, observation."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import turn as rules
from game.engine.game import Game, IllegalOrderError, Offer, Order
from game.engine.orders import Orders, legal_mask, random_orders
from game.engine.state import observe, state_hash
from game.scenario.compiler import load_scenario, load_scenario_text


@pytest.fixture(scope="module")
def tiny(data_dir):
    return load_scenario(data_dir / "tiny.yaml")


def play(game, a=(), b=(), offer_a=None, offer_b=None, **kw):
    return game.play(Order(tuple(a), offer_a), Order(tuple(b), offer_b), **kw)


PEACE = Offer.of({"a.tariff": 0, "b.tariff": 0}, deadline=2)


def test_a_new_game_starts_in_week_one_at_the_start_values(tiny):
    game = Game(tiny, seed=1)
    assert game.turn == 1 and not game.is_over
    assert game.value("a.tariff") == 25 and game.value("tension") == 40
    assert str(game.date) == "2030-01-07"


def test_scheduled_event_fires_at_the_start_of_its_week(tiny):
    game = Game(tiny, seed=1)
    assert game.value("event.summit") == 0
    report = play(game)
    assert game.turn == 2 and game.value("event.summit") == 1
    assert any("Summit season: tension at" in n.text for n in report.news)
    assert game.value("tension") == pytest.approx(37.0)


def test_moves_resolve_simultaneously_and_symmetrically(tiny):
    game = Game(tiny, seed=1)
    report = play(game, ["tariff_up"], ["tariff_up"])
    assert game.value("a.tariff") == 50 and game.value("b.tariff") == 50
    assert game.value("tension") == pytest.approx(40 + 20 - 3)
    assert game.value("b.economy") == pytest.approx(50 - 0.04 * 50 - 0.02 * 50)
    labels = {cause for change in report.changes for cause, _ in change.causes}
    assert "A: Raise tariff" in labels and "B: Raise tariff" in labels


def test_swapping_sides_mirrors_the_outcome(tiny):
    one, two = Game(tiny, seed=5), Game(tiny, seed=5)
    play(one, ["tariff_up", "call"], ["tariff_down"])
    play(two, ["tariff_down"], ["tariff_up", "call"])
    storms = one.value("event.storm")
    assert storms == two.value("event.storm")  # same seed, same weather whatever the moves
    assert one.value("a.economy") + storms == pytest.approx(two.value("b.economy"))
    assert one.value("b.economy") == pytest.approx(two.value("a.economy") + storms)
    assert one.value("tension") == pytest.approx(two.value("tension"))


def test_a_rule_can_read_what_both_sides_did(tiny):
    alone, together = Game(tiny, seed=2), Game(tiny, seed=2)
    play(alone, ["call"], [])
    play(together, ["call"], ["call"])
    assert together.value("tension") == pytest.approx(alone.value("tension") - 4 - 2)


def test_conditional_event_fires_once_when_its_condition_holds(tiny):
    game = Game(tiny, seed=3)
    play(game)
    assert game.value("event.crisis") == 0
    game.state[tiny.row("tension"), 0] = 85.0
    report = play(game)
    assert game.value("event.crisis") == 1 and any(n.text == "Crisis" for n in report.news)
    play(game)
    assert game.value("event.crisis") == 1


def test_random_event_fires_at_about_its_chance(tiny):
    _state, fired = rules.start(tiny, 4000, np.random.default_rng(0))
    share = fired[[e.id for e in tiny.events].index("storm")].mean()
    assert 0.45 < share < 0.55


def test_a_rule_on_deal_signed_fires_once_the_week_after_the_signing(data_dir):
    # Negotiation comes after the standing rules, so a signing must still be visible to next week's rules, once.
    text = (data_dir / "tiny.yaml").read_text(encoding="utf-8")
    rule = '  - id: signing_warmth\n    when: "deal.signed"\n    add: {tension: -10}\n'
    warm = load_scenario_text(text.replace("dynamics:\n", "dynamics:\n" + rule, 1))
    with_rule, without = Game(warm, seed=4), Game(load_scenario_text(text), seed=4)
    for game in (with_rule, without):
        play(game, [], ["propose"], offer_b=PEACE)
        assert play(game, ["accept"], []).signed_by == "b"
    assert with_rule.value("tension") == pytest.approx(without.value("tension"))  # signed after this week's rules
    play(with_rule), play(without)
    assert with_rule.value("tension") == pytest.approx(without.value("tension") - 10)
    assert with_rule.value("deal.signed") == 0
    play(with_rule), play(without)
    assert with_rule.value("tension") == pytest.approx(without.value("tension") - 10)  # once, not every week


def test_deal_proposed_accepted_and_carried_out_a_notch_a_week(tiny):
    game = Game(tiny, seed=4)
    play(game, [], ["propose"], offer_b=PEACE)
    assert game.value("b.offer.pending") == 1
    assert [m.id for m in game.legal_moves("a") if m.kind == "accept"] == ["accept"]
    report = play(game, ["accept"], [])
    assert report.signed_by == "b" and game.value("deal.active") == 1 and game.value("deal.signed") == 1
    assert game.value("a.tariff") == 25  # carrying out starts the week after signing
    play(game)
    assert game.value("a.tariff") == 0 and game.value("b.tariff") == 0
    assert game.value("a.compliance") == 1 and game.value("b.compliance") == 1
    play(game)
    assert game.is_over and game.ending.id == "peace"


def test_an_unanswered_offer_lapses_after_a_week(tiny):
    game = Game(tiny, seed=4)
    play(game, [], ["propose"], offer_b=PEACE)
    play(game)
    assert game.value("b.offer.pending") == 0
    assert not any(m.kind == "accept" for m in game.legal_moves("a"))


def test_slow_walking_is_secret_and_shows_in_compliance(tiny):
    game = Game(tiny, seed=4)
    play(game, [], ["propose"], offer_b=PEACE)
    play(game, ["accept"], [])
    play(game, ["slow_walk"], [])
    assert game.value("a.tariff") == 25 and game.value("b.tariff") == 0
    assert game.value("a.compliance") == 0 and game.value("b.compliance") == 1
    seen_by_b = observe(tiny, game.state, 1)[:, 0]
    assert seen_by_b[tiny.row("a.slow_walking")] == 0
    assert seen_by_b[tiny.row("a.did.slow_walk")] == 0
    assert not any("Slow-walk" in n.text for n in game.news("b"))


def test_contest_is_drawn_or_decided_by_a_supplied_result(tiny):
    game = Game(tiny, seed=6)
    report = play(game, ["challenge"], ["challenge"], contest_results={"duel": "b"})
    assert report.contests == {"duel": "b"}
    assert game.value("b.image") == 55 and game.value("a.image") == 45
    assert any("Bo beats Ada" in n.text for n in report.news)
    drawn = [play(Game(tiny, seed=s), ["challenge"], ["challenge"]).contests["duel"] for s in range(40)]
    assert {"a", "b"} == set(drawn)


def test_war_ending_applies_its_effects_and_freezes_the_game(tiny):
    game = Game(tiny, seed=7)
    game.state[tiny.row("tension"), 0] = 95.0
    economy = game.value("a.economy")
    play(game, ["tariff_up"], ["tariff_up"])
    assert game.is_over and game.ending.id == "war"
    assert game.value("a.economy") <= economy - 20
    assert not game.legal_moves("a")
    with pytest.raises(IllegalOrderError, match="over"):
        play(game)
    frozen = game.state.copy()
    state = game.state
    rules.step(tiny, state, (Orders.empty(tiny, 0, 1), Orders.empty(tiny, 1, 1)), np.random.default_rng(1))
    assert np.array_equal(state, frozen)


def test_a_finished_game_stays_frozen_while_the_rest_of_its_batch_plays_on(tiny):
    rng = np.random.default_rng(3)
    state, _ = rules.start(tiny, 8, rng)
    state[tiny.row("tension"), 0] = 95.0
    orders = tuple(random_orders(tiny, state, side, rng) for side in (0, 1))
    for side, order in enumerate(orders):
        order.chosen[:, 0] = False
        order.chosen[tiny.move_by_id(side, "tariff_up").index, 0] = True
    rules.step(tiny, state, orders, rng)
    assert state[tiny.over_row, 0] and not state[tiny.over_row, 1:].any(), "only the first game has ended"
    finished = state[:, 0].copy()
    before = state[:, 1:].copy()
    rules.step(tiny, state, (random_orders(tiny, state, 0, rng), random_orders(tiny, state, 1, rng)), rng)
    assert np.array_equal(state[:, 0], finished)
    assert not np.array_equal(state[:, 1:], before)


def test_game_ends_at_the_horizon_and_a_clause_can_extend_it(tiny):
    game = Game(tiny, seed=8)
    while not game.is_over:
        play(game)
    assert game.ending.id == "horizon" and len(game.reports) == 6
    longer = Game(tiny, seed=8)
    play(longer, [], ["propose"], offer_b=Offer.of({}, ["longer"]))
    play(longer, ["accept"], [])
    while not longer.is_over:
        play(longer)
    assert len(longer.reports) == 8


def test_observation_hides_hidden_numbers_and_blurs_noisy_ones(tiny):
    game = Game(tiny, seed=9)
    play(game, ["plot"], [])
    truth = game.state[:, 0]
    seen_by_b = observe(tiny, game.state, 1)[:, 0]
    seen_by_a = observe(tiny, game.state, 0)[:, 0]
    assert truth[tiny.row("a.secret")] == 1 and seen_by_b[tiny.row("a.secret")] == 0
    assert seen_by_a[tiny.row("a.secret")] == 1
    assert seen_by_a[tiny.row("a.economy")] == truth[tiny.row("a.economy")]
    assert seen_by_b[tiny.row("a.economy")] != truth[tiny.row("a.economy")]
    assert abs(seen_by_b[tiny.row("a.economy")] - truth[tiny.row("a.economy")]) <= 2.45 * 5 + 1e-9
    assert seen_by_b[tiny.row("a.tariff")] == truth[tiny.row("a.tariff")]


def test_same_seed_and_moves_give_the_same_game_and_other_seeds_differ(tiny):
    def run(seed):
        game = Game(tiny, seed)
        hashes = []
        for _ in range(4):
            hashes.append(play(game, ["plot"], ["call"]).state_hash)
        return hashes

    assert run(11) == run(11)
    assert any(run(11) != run(s) for s in range(12, 20))


def test_legality_budget_groups_and_offers(tiny):
    game = Game(tiny, seed=1)
    assert "accept" not in {m.id for m in game.legal_moves("a")}
    with pytest.raises(IllegalOrderError, match="cannot be made in the same turn"):
        play(game, ["tariff_up", "tariff_down"], [])
    with pytest.raises(IllegalOrderError, match="budget is 2"):
        play(game, ["tariff_up", "call", "plot"], [])
    with pytest.raises(IllegalOrderError, match="not available"):
        play(game, ["accept"], [])
    with pytest.raises(IllegalOrderError, match="needs a 'propose' move"):
        play(game, ["call"], [], offer_a=PEACE)
    with pytest.raises(IllegalOrderError, match="not a setting"):
        play(game, ["propose"], [], offer_a=Offer.of({"a.tariff": 10}))
    with pytest.raises(IllegalOrderError, match="no move"):
        play(game, ["fly"], [])
    assert game.turn == 1


def test_raw_batch_orders_are_checked_like_any_other_orders(tiny):
    """A script that hands Game.play raw batch orders gets the same refusals as one that names moves."""
    game = Game(tiny, seed=1)
    both_ways = Orders.empty(tiny, 0, 1)
    for move_id in ("tariff_up", "tariff_down"):
        both_ways.chosen[tiny.move_by_id(0, move_id).index, 0] = True
    with pytest.raises(IllegalOrderError, match="cannot be made in the same turn"):
        game.play(both_ways, Orders.empty(tiny, 1, 1))
    accepting = Orders.empty(tiny, 1, 1)
    accepting.chosen[tiny.move_by_id(1, "accept").index, 0] = True
    with pytest.raises(IllegalOrderError, match="not available"):
        game.play(Orders.empty(tiny, 0, 1), accepting)
    with pytest.raises(IllegalOrderError, match="one game"):
        game.play(Orders.empty(tiny, 0, 2), Orders.empty(tiny, 1, 2))
    assert game.turn == 1 and not game.reports
    game.play(Orders.empty(tiny, 0, 1), Orders.empty(tiny, 1, 1))
    assert game.turn == 2


def test_lever_at_its_top_notch_cannot_go_up(tiny):
    game = Game(tiny, seed=1)
    play(game, ["tariff_up"], [])
    ids = {m.id for m in game.legal_moves("a")}
    assert "tariff_up" not in ids and "tariff_down" in ids


def test_random_orders_are_always_legal(tiny):
    rng = np.random.default_rng(3)
    state, _ = rules.start(tiny, 500, rng)
    for _ in range(6):
        for side in (0, 1):
            orders = random_orders(tiny, state, side, rng)
            legal = legal_mask(tiny, state, side)
            assert not (orders.chosen & ~legal).any()
            costs = np.array([m.cost for m in tiny.moves[side]])
            assert (costs @ orders.chosen <= tiny.model.budget).all()
        rules.step(tiny, state, (random_orders(tiny, state, 0, rng), random_orders(tiny, state, 1, rng)), rng)


def test_state_hash_changes_when_any_number_changes(tiny):
    game = Game(tiny, seed=1)
    before = state_hash(game.state)
    game.state[tiny.row("tension"), 0] += 0.01
    assert state_hash(game.state) != before


def test_answers_to_an_offer_are_exclusive_even_for_random_leaders(tiny):
    game = Game(tiny, seed=4)
    play(game, [], ["propose"], offer_b=PEACE)
    state = np.repeat(game.state, 2000, axis=1)
    orders = random_orders(tiny, state, 0, np.random.default_rng(0), stop=0.0)
    accept = orders.chosen[[m.index for m in tiny.moves[0] if m.kind == "accept"]].any(axis=0)
    reject = orders.chosen[[m.index for m in tiny.moves[0] if m.kind == "reject"]].any(axis=0)
    assert accept.any() and reject.any() and not (accept & reject).any()


def test_the_contests_a_week_would_start_are_known_before_it_is_played(june):
    """The window asks which matches this week's orders start (to play them itself) without playing the week."""
    from game.engine.game import Game, Order

    game = Game(june, 8)
    weeks = [(Order(("pingpong_challenge",)), Order()), (Order(), Order(("pingpong_accept",)))]
    for (first, second), expected in zip(weeks, ([], ["pingpong"])):
        before = game.state.copy()
        due = game.contests_due(first, second)
        assert np.array_equal(game.state, before), "asking plays nothing"
        assert [c.id for c in due] == expected
        game.play(first, second)
        assert game.value("us.won.pingpong") + game.value("china.won.pingpong") == len(expected)
