"""A sound game: mutual ruin is nobody's win, words wear out and cost credibility, deals bind, probes are fair tests.

These pin the rules a clever player would try to game (issue: a sound game).  The exploit figures themselves
come from ``brinkmanship exploit`` (too slow for the suite at full size); here it runs small to check its report.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.ai.leaders import make_leader
from game.ai.personality import shaped_values
from game.ai.probes import PROBES, largest_package
from game.analysis.runner import run_games
from game.cli import main
from game.engine import turn as rules
from game.engine.game import Game, Offer, Order
from game.engine.orders import Orders, orders_problems
from game.engine.scoring import BOTH_LOSE, DRAW, LOSS, WIN, results, scores
from game.engine.state import observe


def ended_as(sc, ending_id: str, games: int = 1, seed: int = 0) -> np.ndarray:
    """A batch whose games all ended in the named ending (state forced, for scoring tests)."""
    state, _ = rules.start(sc, games, np.random.default_rng(seed))
    state[sc.ending_row] = [e.id for e in sc.endings].index(ending_id) + 1
    state[sc.over_row] = 1.0
    return state


# -- who wins ----------------------------------------------------------------
def test_a_decoupling_is_a_loss_for_both_whatever_the_scores(june):
    state = ended_as(june, "decoupling")
    state[june.row("us.image")] = 100.0
    state[june.row("china.image")] = 0.0
    both = scores(june, state)
    assert both[0, 0] > both[0, 1] + june.model.draw_margin, "the US is well ahead on score"
    assert results(june, state).tolist() == [[BOTH_LOSE, BOTH_LOSE]]


def test_a_snap_back_is_a_loss_for_both_only_when_it_tips_into_a_trade_war(june):
    state = ended_as(june, "snap_back", games=2)
    state[june.row("tension")] = [85.0, 40.0]
    codes = results(june, state)
    assert codes[0].tolist() == [BOTH_LOSE, BOTH_LOSE]
    assert BOTH_LOSE not in codes[1]


def test_scores_within_the_draw_margin_are_a_draw_and_the_rest_a_win_and_a_loss(june):
    state = ended_as(june, "horizon", games=3)
    both = np.array([[50.0, 50.0 + june.model.draw_margin / 2], [60.0, 40.0], [30.0, 45.0]])
    codes = results(june, state, both)
    assert codes.tolist() == [[DRAW, DRAW], [WIN, LOSS], [LOSS, WIN]]


def test_a_leader_values_a_ruinous_rollout_below_the_same_numbers_without_ruin(june):
    leader = make_leader("strategist", june, 0, "hard")
    ruin = ended_as(june, "decoupling")
    calm = ruin.copy()
    calm[june.ending_row] = len(june.endings)  # the horizon: same numbers, no ruin
    assert shaped_values(june, ruin, 0, leader.traits, 3.0)[0] < shaped_values(june, calm, 0, leader.traits, 3.0)[0]


def test_a_side_that_pushes_the_game_into_ruin_alone_loses_and_the_other_wins(june):
    game = Game(june, 3)
    while not game.is_over:
        game.play(Order(("tariff_up", "accuse") if game.turn % 2 else ("chip_controls_up", "accuse")), Order())
    assert game.ending.id == "decoupling"
    assert game.escalations()[1] == 0 and game.escalations()[0] >= 6
    assert game.results() == (LOSS, WIN)
    assert "pushed there by Donald Trump" in game.verdict() and "Xi Jinping wins" in game.verdict()


def test_a_ruin_both_sides_pushed_is_a_loss_for_both(june):
    game = Game(june, 3)
    while not game.is_over:
        game.play(Order(("tariff_up", "accuse")), Order(("tariff_up", "accuse")))
    assert game.ending.id == "decoupling" and game.escalations()[0] == game.escalations()[1] > 0
    assert game.results() == (BOTH_LOSE, BOTH_LOSE)
    assert game.verdict().startswith("Both lost") and "both escalated" in game.verdict()


def test_secret_escalations_do_not_count_towards_the_public_tally(june):
    secret = [m.id for m in june.moves[0] if m.stance == "escalate" and m.visibility != "public"]
    public = [m.id for m in june.moves[0] if m.stance == "escalate" and m.visibility == "public"]
    assert secret and public, "June has secret and public escalating moves"
    game = Game(june, 1)
    game.play(Order((public[0],)), Order())
    assert game.escalations() == (1, 0)


def test_a_leader_welcomes_a_ruin_blamed_on_the_other_side_and_fears_its_own(june):
    leader = make_leader("strategist", june, 0, "hard")
    state = ended_as(june, "decoupling", games=2)
    state[june.escalation_rows[0]] = [0.0, 9.0]
    state[june.escalation_rows[1]] = [9.0, 0.0]
    value = shaped_values(june, state, 0, leader.traits, 3.0)[0]
    assert value[0] > value[1] + 20, value
    assert results(june, state).tolist() == [[WIN, LOSS], [LOSS, WIN]]


# -- words ---------------------------------------------------------------------
def approval_from(game: Game, move: str, side: int = 0) -> float:
    """What one move added to its own side's approval this week (from the reveal's causes)."""
    row = game.scenario.row(("us" if side == 0 else "china") + ".approval")
    report = game.reports[-1]
    label = game.scenario.move_by_id(side, move).label
    changes = [change for change in report.changes if change.row == row]
    return sum(amount for change in changes for cause, amount in change.causes if label in cause)


def test_repeated_victory_claims_wear_out(june):
    game = Game(june, 1)
    gains = []
    for _ in range(3):  # each claim with talks behind it (a claim with nothing to show wins a third)
        game.play(Order(("hold_talks", "claim_win")), Order())
        gains.append(approval_from(game, "claim_win"))
    assert gains[0] > 1.5 and gains[1] < gains[0] and gains[2] < 0.5 * gains[0], gains


def test_a_claim_contradicted_by_the_facts_costs_more_credibility(june):
    quiet, hit = Game(june, 1), Game(june, 1)
    for game in (quiet, hit):
        game.play(Order(), Order())
        game.play(Order(), Order())  # the opening provocations fade
    hit.play(Order(), Order(("tariff_up",)))
    quiet.play(Order(), Order())
    before = quiet.value("us.credibility"), hit.value("us.credibility")
    quiet.play(Order(("claim_win",)), Order())
    hit.play(Order(("claim_win",)), Order())
    lost = before[0] - quiet.value("us.credibility"), before[1] - hit.value("us.credibility")
    assert lost[1] > lost[0] + 4, lost


def test_an_accusation_without_facts_rallies_nobody_and_costs_credibility(june):
    quiet, hit = Game(june, 2), Game(june, 2)
    for game in (quiet, hit):
        game.play(Order(), Order())
        game.play(Order(), Order())
    hit.play(Order(), Order(("rare_earth_licensing_down",)))
    quiet.play(Order(), Order())
    quiet.play(Order(("accuse",)), Order())
    hit.play(Order(("accuse",)), Order())
    assert approval_from(quiet, "accuse") == 0.0 and approval_from(hit, "accuse") > 1.0
    assert quiet.value("us.credibility") < hit.value("us.credibility")


# -- deals bind ------------------------------------------------------------------
def test_slow_walking_is_found_out_more_likely_every_week(june):
    games = 400
    first, second = make_leader("baseline:dove", june, 0), make_leader("baseline:dove", june, 1)
    world = np.random.default_rng(6)
    offer = Offer.of({"us.chip_controls": 1, "china.rare_earth_licensing": 100}, deadline=4)
    game = Game(june, 7)
    game.play(Order(("propose",), offer), Order())
    game.play(Order(), Order(("accept",)))
    assert game.value("deal.active") == 1
    caught_by_week = []
    batch = np.repeat(game.state, games, axis=1)
    slow = june.move_by_id(1, "slow_walk").index
    for _week in range(5):
        orders = [first.decide(june, observe(june, batch, 0), 0, world).orders, None]
        orders[1] = second.decide(june, observe(june, batch, 1), 1, world).orders
        orders[1].chosen[:] = False
        orders[1].chosen[slow] = batch[june.deal.slow_walking[1]] == 0
        orders[0].chosen[:] = False
        rules.step(june, batch, tuple(orders), world)
        caught_by_week.append(float((batch[june.row("china.caught")] > 0).mean()))
    assert caught_by_week[0] < caught_by_week[2] < caught_by_week[4], caught_by_week
    assert caught_by_week[4] > 0.8, "a deal slow-walked for five weeks is almost always found out"


def test_walking_away_from_a_side_caught_cheating_costs_little(june):
    def torn(caught: bool) -> float:
        game = Game(june, 7)
        game.play(Order(("propose",), Offer.of({"china.rare_earth_licensing": 100}, deadline=4)), Order())
        game.play(Order(), Order(("accept",)))
        game.state[june.row("china.caught")] = 1.0 if caught else 0.0
        before = game.value("trust")
        game.play(Order(("walk_away",)), Order())
        return before - game.value("trust")

    assert torn(caught=False) > torn(caught=True) + 8


def offer_weeks_open(june, trust: float, answer: tuple[str, ...] = ()) -> int:
    """Weeks a US offer stays on the table when tabled at the given trust (China answers as given, then is silent)."""
    game = Game(june, 4)
    game.state[june.row("trust")] = trust
    game.play(Order(("propose",), Offer.of({"china.rare_earth_licensing": 100}, deadline=4)), Order())
    weeks = 0
    while game.value("us.offer.pending") == 1 and weeks < 6:
        game.play(Order(), Order(answer if weeks == 0 else ()))
        weeks += 1
    return weeks


def test_offers_stay_open_longer_between_leaders_who_trust_each_other(june):
    assert offer_weeks_open(june, trust=20) == 1
    assert offer_weeks_open(june, trust=50) == 2
    assert offer_weeks_open(june, trust=80) == 3
    assert offer_weeks_open(june, trust=80, answer=("reject",)) == 1, "a rejection ends an open offer at once"


def test_an_open_offer_can_be_accepted_in_its_second_week(june):
    game = Game(june, 4)
    game.state[june.row("trust")] = 60.0
    game.play(Order(("propose",), Offer.of({"china.rare_earth_licensing": 100}, deadline=4)), Order())
    game.play(Order(), Order())
    assert game.value("us.offer.pending") == 1 and game.value("deal.active") == 0
    game.play(Order(), Order(("accept",)))
    assert game.value("deal.active") == 1 and game.value("us.offer.pending") == 0


def test_one_truce_extension_at_a_time(june):
    """A second extension (a deal's clause on top of the leaders' own) replaces the first instead of adding up."""
    game = Game(june, 1)
    while game.value("truce_weeks") > 4:
        game.play(Order(), Order())
    game.play(Order(("extend_truce",)), Order(("extend_truce",)))
    extended = game.value("truce_weeks")
    assert extended >= 12
    game.play(Order(("propose",), Offer(clauses=("extend_truce",), deadline=1)), Order())
    game.play(Order(), Order(("accept",)))
    assert game.value("deal.active") == 1 and game.value("truce_weeks") <= 13


# -- probes and the exploit report ---------------------------------------------------
@pytest.mark.parametrize("probe", sorted(PROBES))
def test_every_probe_plays_legal_orders_from_both_seats(june, probe):
    for seat in (0, 1):
        leaders = [make_leader("random", june, 0), make_leader("random", june, 1)]
        leaders[seat] = PROBES[probe]
        rng = np.random.default_rng(3)
        state, _ = rules.start(june, 20, rng)
        while not state[june.over_row].all():
            orders = tuple(leaders[s].decide(june, observe(june, state, s), s, rng).orders for s in (0, 1))
            for g in range(0, 20, 7):
                one = type(orders[seat])(
                    orders[seat].chosen[:, g : g + 1],
                    orders[seat].offer[:, g : g + 1],
                    orders[seat].clauses[:, g : g + 1],
                    orders[seat].deadline[g : g + 1],
                )
                if state[june.over_row, g] == 0:
                    assert orders_problems(june, state[:, g : g + 1], seat, one) == []
            rules.step(june, state, orders, rng)


def test_grandstand_claims_and_accuses_and_moves_no_lever(june):
    state, _ = rules.start(june, 3, np.random.default_rng(0))
    orders = PROBES["grandstand"].decide(june, observe(june, state, 0), 0, np.random.default_rng(0)).orders
    made = {june.moves[0][i].id for i in np.flatnonzero(orders.chosen[:, 0])}
    assert made == {"claim_win", "accuse"}


def test_the_charm_probe_phones_when_it_can_and_claims_every_week(june):
    state, _ = rules.start(june, 2, np.random.default_rng(0))
    made = []
    for _week in range(2):
        orders = PROBES["charm"].decide(june, observe(june, state, 0), 0, np.random.default_rng(0)).orders
        made.append({june.moves[0][i].id for i in np.flatnonzero(orders.chosen[:, 0])})
        rules.step(june, state, (orders, Orders.empty(june, 1, 2)), np.random.default_rng(1))
    assert made == [{"call", "claim_win"}, {"claim_win", "hold_talks"}], "no second call while the first is fresh"


def test_the_same_deal_probe_proposes_the_largest_package(june):
    assert june.packages[largest_package(june)].id == "grand_bargain"


def exploit_json(capsys, jobs: int) -> dict:
    """A tiny exploit report as JSON."""
    args = ["exploit", "june_2025", "--games", "3", "--difficulty", "easy", "--probes", "grandstand,do_nothing"]
    assert main([*args, "--jobs", str(jobs), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_exploit_reports_every_probe_from_both_seats_the_same_in_one_process_or_two(capsys):
    report = exploit_json(capsys, jobs=1)
    assert exploit_json(capsys, jobs=2) == report
    assert [(r["probe"], r["seat"]) for r in report["probes"]] == [
        ("grandstand", "us"),
        ("grandstand", "china"),
        ("do_nothing", "us"),
        ("do_nothing", "china"),
    ]
    for row in report["probes"]:
        total = row["win_rate"] + row["draw_rate"] + row["loss_rate"] + row["both_lose_rate"]
        assert total == pytest.approx(1.0, abs=1e-3) and 0 <= row["win_ci"][0] <= row["win_rate"] <= row["win_ci"][1]
    assert report["worst"]["win_rate"] == max(r["win_rate"] for r in report["probes"])


def test_exploit_refuses_an_unknown_probe(capsys):
    assert main(["exploit", "--probes", "bluff"]) == 2
    assert "unknown probe 'bluff'" in capsys.readouterr().err


def test_results_mirror_each_other_unless_both_lose(june):
    result = run_games(june, (make_leader("random", june, 0), make_leader("random", june, 1)), 200, seed=2)
    codes = results(june, result.final, result.scores)
    ruin = codes[:, 0] == BOTH_LOSE
    assert ruin.any() and (~ruin).any(), "the batch has both kinds of game"
    assert (codes[ruin, 1] == BOTH_LOSE).all() and (codes[~ruin, 0] == -codes[~ruin, 1]).all()


# -- trust -----------------------------------------------------------------------------
def test_a_leader_asks_more_and_expects_less_from_a_side_it_distrusts(june):
    from game.ai.negotiation import appraise, build_packages, carry_out_chance, decide_terms
    from game.ai.personality import find_traits

    game = Game(june, 2)
    obs = np.repeat(game.observation(1), 2, axis=1)
    obs[june.trust_row] = [10.0, 60.0]
    obs[june.turn_row] = 8  # late enough that the leader has come down from its best package
    traits = find_traits(june, "reciprocator")
    packages = build_packages(june, obs, 1)
    appraisal = appraise(june, obs, 1, packages, traits, np.random.default_rng(0), 6)
    appraisal.own[1] = appraisal.own[0]  # the same packages, worth the same: only trust differs
    stance = decide_terms(june, obs, packages, appraisal, traits, np.full(2, 0.5), np.ones(2))
    assert stance.bar[0] > stance.bar[1]
    chance = carry_out_chance(june, obs, 1)
    assert chance[0] < chance[1]


def test_the_best_response_search_reports_its_champion_checked_on_fresh_games(june):
    from game.analysis.exploit import search_best_response

    found = search_best_response(june, 1, difficulty="easy", generations=2, population=4, games=2, check_games=12)
    assert found["seat"] == "china" and found["games"] == 12
    lo, hi = found["win_ci"]
    assert lo <= found["win_rate"] <= hi and 0.0 <= found["both_lose_rate"] <= 1.0
    assert "accepts offers" in found["summary"]


# -- no move is worth much on its own ------------------------------------------
TALK = ("claim_win", "accuse", "praise")


@pytest.mark.parametrize("scenario_id", ["june_2025", "october_2025"])
def test_no_move_added_to_the_real_history_pays_its_maker_more_than_a_few_points_a_week(scenario_id):
    """Talk has a price: claims, accusations and praise gain little; no move is a free few points every week."""
    from game.analysis.move_worth import move_worth
    from game.scenarios import find_scenario

    report = move_worth(find_scenario(scenario_id), games=60, seed=3)
    made = [r for r in report["moves"] if r["weeks_made"] >= 1]
    assert len(made) > 10, "most moves can be added to the real history"
    assert max(r["own_per_week"] for r in made) <= 3.0
    talk = [r for r in made if r["move"] in TALK]
    assert talk and all(r["own_per_week"] <= 2.0 for r in talk)


def test_exploit_moves_prints_each_moves_worth(capsys):
    assert main(["exploit", "june_2025", "--moves", "--games", "10", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {r["move"] for r in report["moves"]} >= {"claim_win", "accuse", "call"}
    assert all(r["side"] in ("us", "china") for r in report["moves"])
