"""The seed article's three questions as choices (issue 12): the call's framing, secret talks, ping-pong, and
debrief questions that fit the game played.  Every test plays the June 2025 rules; none hard-codes a result."""

from __future__ import annotations

import numpy as np

from game.ai.leaders import make_leader
from game.engine.game import Game, Offer, Order
from game.engine.orders import orders_problems
from game.engine.state import observe
from game.records.history import history_recorder
from game.records.questions import debrief_questions, scenario_questions


def causes(report, name: str, sc) -> dict[str, float]:
    """The causes of one variable's change in a week's report (empty if it did not change)."""
    row = sc.row(name)
    return next((dict(c.causes) for c in report.changes if c.row == row), {})


def package(sc, package_id: str) -> Offer:
    """A ready-made package as an offer."""
    p = sc.package_by_id(package_id)
    terms = {sc.levers[i].name: v for i, v in zip(sc.negotiable, p.targets) if not np.isnan(v)}
    return Offer.of(terms, [c.id for c in sc.clauses if p.clauses[c.index]], p.deadline)


# -- 1. the call and its framing ---------------------------------------------------------------------------
def test_framing_moves_open_only_after_a_call_and_once_per_call(june):
    game = Game(june, 1)
    legal = {m.id for m in game.legal_moves(1)}
    assert "frame_firm" not in legal and "quiet_readout" not in legal
    game.play(Order(("call",)), Order())
    legal = {m.id for m in game.legal_moves(1)}
    assert {"frame_firm", "quiet_readout"} <= legal
    game.play(Order(), Order(("frame_firm",)))
    assert "frame_firm" not in {m.id for m in game.legal_moves(1)}, "one framing per call"


def test_standing_firm_gains_more_face_when_the_other_leader_asked_for_the_call(june):
    firm = []
    for caller in (0, 1):
        game = Game(june, 2)
        calls = (Order(("call",)), Order()) if caller == 0 else (Order(), Order(("call",)))
        game.play(*calls)
        report = game.play(Order(), Order(("frame_firm",)))
        firm.append(causes(report, "china.image", june).get("China: Frame the call as standing firm", 0.0))
    assert firm[0] > firm[1] > 0, "'at the latter's request' is worth more face than a call one asked for"


def test_the_face_a_caller_loses_is_mostly_the_readout_of_the_other_side(june):
    game = Game(june, 2)
    called = game.play(Order(("call",)), Order())
    asked = causes(called, "us.image", june)['Trump reached out first: Xi "took the call at Trump\'s request"']
    framed = game.play(Order(), Order(("frame_firm",)))
    firm = causes(framed, "us.image", june)["China: Frame the call as standing firm"]
    quiet = Game(june, 2)
    quiet.play(Order(("call",)), Order())
    plain = causes(quiet.play(Order(), Order(("quiet_readout",))), "us.image", june)
    assert firm < asked < 0, "'at Trump's request' in Beijing's readout costs Washington more face than the call"
    assert "China: Say little about the call" not in plain, "a plain readout takes no face from the caller"


def signing(june, call: bool) -> tuple[Game, object]:
    """China tables the London framework in week 1; the US accepts in week 2 (with a call that week or not);
    returns the game and week 3's report, where the rules see the signing."""
    game = Game(june, 4)
    game.play(Order(), Order(("propose",), package(june, "london_framework")))
    game.play(Order(("call", "accept") if call else ("accept",)), Order())
    assert game.value("deal.active") == 1
    return game, game.play(Order(), Order())


def test_a_deal_signed_in_the_call_window_carries_the_presidents_mandate(june):
    label = "The presidents' call gives the deal a mandate"
    _, with_call = signing(june, call=True)
    _, without = signing(june, call=False)
    assert causes(with_call, "trust", june)[label] > 0 and causes(with_call, "us.approval", june)[label] > 0
    assert label not in causes(without, "trust", june), "a deal of negotiators alone has no presidents' mandate"


def test_a_claim_with_nothing_to_show_wins_less_at_home_than_one_after_a_call(june):
    gains = []
    for first in (("call", "claim_win"), ("claim_win",)):
        game = Game(june, 3)
        report = game.play(Order(first), Order())
        gains.append(causes(report, "us.image", june).get("US: Claim victory in public", 0.0))
    after_call, hollow = gains
    assert after_call > 0 and 0 < hollow < 0.5 * after_call, "a claim needs a call, talks or a deal behind it"


def test_a_claim_of_success_the_facts_later_contradict_costs_credibility(june):
    ends = []
    for china in ((), ("rare_earth_licensing_down",)):
        game = Game(june, 4)
        game.play(Order(("call", "claim_win")), Order())
        report = game.play(Order(), Order(china))
        ends.append((game.value("us.contradicted"), game.value("us.credibility"), report))
    (calm_count, calm_cred, _), (hit_count, hit_cred, hit) = ends
    assert calm_count == 0 and hit_count == 1
    assert hit_cred < calm_cred
    assert "The facts contradict Trump's claim of success" in causes(hit, "us.credibility", june)


def test_who_asked_first_is_remembered_and_a_later_call_does_not_change_it(june):
    game = Game(june, 5)
    game.play(Order(), Order(("call",)))
    assert "call" not in {m.id for m in game.legal_moves(0)}, "no new call while the last one is being framed"
    for _ in range(2):
        game.play(Order(), Order())
    game.play(Order(("call",)), Order())
    assert game.value("china.asked_first") == 1 and game.value("us.asked_first") == 0
    assert game.value("us.asked_last") == 1 and game.value("china.asked_last") == 0


# -- 2. secret talks ---------------------------------------------------------------------------------------
def test_a_back_channel_can_leak_again_in_a_later_week(june):
    leaks = []
    for seed in range(12):
        game = Game(june, seed)
        for _ in range(8):
            game.play(Order(("backchannel",)), Order(("backchannel",)))
        leaks.append(game.value("event.backchannel_leak"))
    assert max(leaks) >= 2, f"a channel that stays open leaks more than once: {leaks}"


def test_the_leak_risk_rises_with_weeks_open_and_with_distrust(june):
    event = next(e for e in june.events if e.id == "backchannel_leak")
    game = Game(june, 0)
    state = np.repeat(game.state, 3, axis=1)
    state[june.row("backchannel")] = 1
    state[june.row("backchannel_weeks")] = [1, 5, 5]
    state[june.row("trust")] = [40, 40, 10]
    chance = np.broadcast_to(event.chance.fn(state), (3,))
    assert chance[0] < chance[1] < chance[2]


def signed_with_letter(june, seed: int) -> Game:
    """A game in which the London framework with its side letter is signed in week 2."""
    game = Game(june, seed)
    game.play(Order(("propose",), package(june, "london_side_letter")), Order())
    game.play(Order(), Order(("accept",)))
    return game


def test_a_side_letter_stays_out_of_the_public_news_but_both_leaders_see_it(june):
    game = signed_with_letter(june, 3)
    signed = [n for n in game.reports[-1].news if n.kind == "deal"]
    public = [n.text for n in signed if n.seen_by(None)]
    assert public and all("side letter" not in t for t in public)
    assert any("side letter" in n.text for n in signed if n.seen_by("us") and n.seen_by("china"))


def test_a_leaked_side_letter_changes_how_the_public_deal_is_judged(june):
    label = "A leaked side letter makes the public deal look like a front"
    for leaked in (0.0, 1.0):
        game = signed_with_letter(june, 3)
        game.state[june.row("letter_leaked")] = leaked
        report = game.play(Order(), Order())
        judged = causes(report, "us.approval", june)
        assert (label in judged) == bool(leaked)
        if leaked:
            assert judged[label] < 0 and causes(report, "china.approval", june)[label] < 0


def test_a_side_letter_can_leak_and_the_leak_is_news(june):
    leaked = [g for g in (signed_with_letter(june, s) for s in range(10)) if not g.is_over]
    for game in leaked:
        for _ in range(4):
            if not game.is_over:
                game.play(Order(), Order())
    fired = [g for g in leaked if g.value("event.side_letter_leak") > 0]
    assert fired, "over four weeks some side letter leaks"
    assert all(any("secret side letter" in n.text for n in g.news(None)) for g in fired)


# -- 3. ping-pong ------------------------------------------------------------------------------------------
def test_a_ping_pong_match_opens_the_doors_a_round_of_talks_opens(june):
    talks = Game(june, 6)
    talks.play(Order(), Order())
    at_table = talks.play(Order(("hold_talks",)), Order(("hold_talks",)))
    match = Game(june, 6)
    match.play(Order(), Order(("pingpong_challenge",)))
    played = match.play(Order(("pingpong_accept",)), Order(), contest_results={"pingpong": "us"})
    label = "Both sides at the table (or at the ping-pong table)"
    for game, report in ((talks, at_table), (match, played)):
        assert causes(report, "trust", june)[label] == 4
        assert game.value("talks_recent") == 2
    weeks = june.deal.offer_weeks
    for game in (talks, match):
        quiet = game.state.copy()
        quiet[june.row("talks_recent")] = 0
        assert float(np.ravel(weeks.fn(game.state))[0]) == float(np.ravel(weeks.fn(quiet))[0]) + 1


def test_ping_pong_is_a_gesture_once_a_game_not_a_weekly_tool(june):
    game = Game(june, 7)
    game.play(Order(), Order(("pingpong_challenge",)))
    game.play(Order(("pingpong_decline",)), Order())
    assert "pingpong_challenge" not in {m.id for m in game.legal_moves(1)}, "each leader challenges once a game"
    assert "pingpong_challenge" in {m.id for m in game.legal_moves(0)}, "the other leader still may"
    game.play(Order(("pingpong_challenge",)), Order())
    game.play(Order(), Order(("pingpong_accept",)), contest_results={"pingpong": "china"})
    assert game.value("pingpong_matches") == 1
    for side in (0, 1):
        assert "pingpong_challenge" not in {m.id for m in game.legal_moves(side)}, "one match a game"


def test_the_winner_gains_face_and_a_gracious_loser_goodwill(june):
    game = Game(june, 7)
    game.play(Order(), Order(("pingpong_challenge",)))
    report = game.play(Order(("pingpong_accept",)), Order(), contest_results={"pingpong": "china"})
    assert causes(report, "china.image", june)["Ping-pong diplomacy"] > 0
    assert causes(report, "us.credibility", june)["Ping-pong diplomacy"] > 0
    assert game.value("pingpong_matches") == 1


def test_declining_or_ducking_a_public_challenge_costs_face(june):
    image = []
    for answer in (("pingpong_accept",), ("pingpong_decline",), ()):
        game = Game(june, 8)
        game.play(Order(), Order(("pingpong_challenge",)))
        report = game.play(Order(answer), Order(), contest_results={"pingpong": "us"})
        image.append(sum(v for k, v in causes(report, "us.image", june).items() if "ping-pong" in k.lower()))
    accepted, declined, ducked = image
    assert accepted > 0 > declined and ducked < 0


def test_a_computer_leader_says_why_it_accepts_or_declines_a_challenge(june):
    game = Game(june, 9)
    game.play(Order(), Order(("pingpong_challenge",)))
    leader = make_leader("strategist", june, 0, "easy")
    decision = leader.decide(june, observe(june, game.state, 0), 0, np.random.default_rng(0))
    assert orders_problems(june, game.state, 0, decision.orders) == [], "never accept and decline at once"
    lines = " ".join(decision.reasons[0])
    assert "ping-pong challenge" in lines
    told = " ".join(decision.reasons[0].told)
    assert "ping-pong challenge" in told and "rollouts" not in told


# -- 4. debrief questions ----------------------------------------------------------------------------------
def test_the_debrief_asks_the_questions_that_fit_what_happened(june):
    real = history_recorder(june).game
    asked_real = scenario_questions(real)
    other = Game(june, 1)
    other.play(Order(), Order(("call", "pingpong_challenge")))
    other.play(Order(("pingpong_accept",)), Order(), contest_results={"pingpong": "china"})
    while not other.is_over:
        other.play(Order(), Order())
    asked_other = scenario_questions(other)
    assert any("asked for the first call, as he really did" in q for q in asked_real)
    assert any("followed what really happened" in q for q in asked_real)
    assert any("In this game Xi Jinping asked for the first call" in q for q in asked_other)
    assert any("played a ping-pong match" in q for q in asked_other)
    assert not any("followed what really happened" in q for q in asked_other)
    assert any(q.startswith("What the framing did") for q in asked_real), "Trump claimed success in history"
    assert not any(q.startswith("What the framing did") for q in asked_other), "nobody framed anything"
    topics = {q.topic for q in june.questions if q.topic}
    assert len(asked_real) == len(topics) and len(asked_other) == len(topics) - 1, "one question per topic"


def test_the_debrief_adds_questions_about_the_players_own_turning_points(june):
    game = history_recorder(june).game
    mine = debrief_questions(game, 0)[len(scenario_questions(game)) :]
    assert 1 <= len(mine) <= 2 and all(q.startswith("Week ") for q in mine)
    assert debrief_questions(game, None) == scenario_questions(game)
