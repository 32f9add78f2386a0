"""The terminal as a player sees it: a week on one screen, the standing every week, sums that add up,
lapses said out loud, hot-seat screens cleared, each leader's own words, and an ending that fits."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.leaders import make_leader
from game.ai.personality import default_traits
from game.engine.game import Game, Offer, Order
from game.engine.scoring import objective_values, scores
from game.engine.state import observe
from game.engine.viewing import LEADERS, PUBLIC, sees_change
from game.records.recorder import new_recorder
from game.records.textplay import play_recorded
from game.terminal import CLEAR, Seat, TextGame
from game.wording import apportion, ending_title, plural

from .test_secrets import secret_twin, twin_game

WIDTH = 100
SCREEN = 30


class Orders:
    """A person who answers the orders prompt with a few random legal moves, and Enter to anything else."""

    def __init__(self, game: Game, side: int, seed: int, then: list[str] | None = None):
        self.game, self.side = game, side
        self.rng = np.random.default_rng(seed)
        self.then = list(then or [])
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if "orders" not in prompt:
            return ""
        if self.then:
            return self.then.pop(0)
        moves = self.game.legal_moves(self.side)
        cheap = [n for n, m in enumerate(moves, 1) if m.kind in ("up", "down", "action") and m.cost == 1]
        count = int(self.rng.integers(0, 3))
        return " ".join(str(n) for n in self.rng.choice(cheap, size=min(count, len(cheap)), replace=False))


def play(sc, side=0, seed=1, then=None, verbose=False, opponent=None):
    game = Game(sc, seed)
    ask = Orders(game, side, seed, then)
    name = opponent or default_traits(sc, 1 - side).id
    seats = tuple(Seat(s) if s == side else Seat(s, make_leader(name, sc, s, "easy")) for s in (0, 1))
    out = io.StringIO()
    TextGame(game, seats, ask=ask, out=out, width=WIDTH, verbose=verbose).run()
    return game, out.getvalue()


def weeks_of(text: str) -> list[str]:
    """Each week as printed: from its board's title to the next one (the last up to the debrief)."""
    chunks = re.split(r"\n(?=═══ Week \d+ of)", text)[1:]
    chunks[-1] = chunks[-1].split("\n═════")[0]
    return chunks


# -- one screen a week, the standing every week --------------------------------------------------------
@pytest.mark.parametrize("side", [0, 1])
def test_a_week_fits_one_screen_and_shows_the_standing(june, side):
    game, text = play(june, side, seed=3 + side)
    weeks = weeks_of(text)
    assert len(weeks) == len(game.reports)
    for number, week in enumerate(weeks, 1):
        lines = week.rstrip("\n").count("\n") + 1 + 1  # and the orders prompt the player answers
        opening = 3 + 1 if number == 1 else 0  # the opening news, once
        assert lines <= SCREEN + opening, f"week {number} takes {lines} lines:\n{week}"
        assert re.search(r"Your score ~?\d+/100, \S.* ~?\d+", week), week
        shares = re.findall(r"\b\d+%", week.split("Objectives met: ")[1].split("\n  ")[0])
        assert len(shares) >= 1
        assert week.count("Objectives met: ") == 1
    assert "Traceback" not in text


def test_the_standing_is_worked_out_from_what_the_side_may_see(june):
    game = Game(june, 11)
    for side in (0, 1):
        out = io.StringIO()
        text = TextGame(game, (Seat(0), Seat(1)), out=out, width=WIDTH)
        text.board(side)
        view = observe(june, game.state, side)
        both = scores(june, view)[0]
        shown = out.getvalue()
        assert f"{both[side]:.0f}/100" in shown and f"~{both[1 - side]:.0f}" in shown
        values = objective_values(june, view, side)[:, 0]
        for objective, value in zip(june.objectives[side], values):
            assert re.search(rf"{re.escape(objective.label)} ~?{100 * value:.0f}%", shown), objective.label
        twin = twin_game(game, secret_twin(june, game.state, side), game.snapshots)
        again = io.StringIO()
        TextGame(twin, (Seat(0), Seat(1)), out=again, width=WIDTH).board(side)
        assert again.getvalue() == shown, "the standing must not depend on what the side cannot see"


def test_info_says_in_numbers_what_a_move_would_do(june):
    game = Game(june, 5)
    moves = game.legal_moves(0)
    claim = [m.id for m in moves].index("claim_win") + 1
    tariff = [m.id for m in moves].index("tariff_up") + 1
    out = io.StringIO()
    text = TextGame(game, (Seat(0), Seat(1)), out=out, width=WIDTH)
    text.info(moves, str(claim), 0)
    text.info(moves, str(tariff), 0)
    shown = out.getvalue()
    assert "Now it would do:" in shown
    assert "Trust -4.0" in shown and "Tension +2.0" in shown and "your Approval +" in shown
    assert "Tariff on Chinese goods 30% → 54%" in shown
    twin = twin_game(game, secret_twin(june, game.state, 0), game.snapshots)
    again = io.StringIO()
    other = TextGame(twin, (Seat(0), Seat(1)), out=again, width=WIDTH)
    other.info(moves, str(claim), 0)
    other.info(moves, str(tariff), 0)
    assert again.getvalue() == shown, "'i' must not read what the side cannot see"


def test_verbose_prints_the_whole_board_and_every_change(june):
    _, text = play(june, 0, seed=2, verbose=True)
    assert text.count("Meters") >= 10 and text.count("What changed") >= 10
    assert "(w: all)" not in text


# -- what changed adds up ---------------------------------------------------------------------------------
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def checked_changes(text: TextGame, report, viewer, full):
    sc = text.sc
    listed = text.changes(report, viewer, full)
    for shown in listed:
        if not shown.delta:
            continue
        delta = float(shown.delta)
        causes = [float(amount) for _, amount in shown.causes]
        assert abs(sum(causes) - delta) < 1e-6, (shown, "causes do not add up to the change")
        before, after = (float(NUMBER.search(v).group()) for v in (shown.before, shown.after))
        assert abs((after - before) - delta) < 1e-6, (shown, "the change is not after minus before")
    seen = [c for c in report.changes if sees_change(sc, c.row, viewer)]
    assert len(listed) <= len(seen)
    return listed


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 10_000), min_size=24, max_size=24))
def test_what_changed_adds_up_in_random_games(june, seed, picks):
    game = Game(june, seed)
    text = TextGame(game, (Seat(0), Seat(1)), out=io.StringIO(), width=WIDTH)
    week = 0
    while not game.is_over:
        orders = []
        for side in (0, 1):
            legal = [m for m in game.legal_moves(side) if m.cost <= 1 and m.kind != "propose"]
            pick = picks[(2 * week + side) % len(picks)]
            orders.append(Order((legal[pick % len(legal)].id,)) if pick % 3 else Order())
        report = game.play(*orders)
        week += 1
        for viewer in (0, 1, LEADERS, PUBLIC):
            checked_changes(text, report, viewer, True)
            checked_changes(text, report, viewer, False)


def test_a_deal_carried_out_and_the_truce_extended_are_named(june):
    game = Game(june, 4)
    package = june.package_by_id("grand_bargain")
    terms = {june.levers[june.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
    clauses = [c.id for c in june.clauses if package.clauses[c.index]]
    game.play(Order(("propose",), Offer.of(terms, clauses, 4)), Order())
    signed = game.play(Order(), Order(("accept",)))
    text = TextGame(game, (Seat(0), Seat(1)), out=io.StringIO(), width=WIDTH)
    shown = {text.change_name(s.change): s for s in checked_changes(text, signed, 0, True)}
    truce = shown["Truce weeks left"]
    assert float(truce.delta) == sum(float(a) for _, a in truce.causes) and truce.delta.startswith("+")
    carried = game.play(Order(), Order())
    shown = {text.change_name(s.change): s for s in checked_changes(text, carried, 0, True)}
    assert "the deal carried out" in dict(shown["US Tariff on Chinese goods"].causes)


def test_apportioned_amounts_always_add_up():
    rng = np.random.default_rng(0)
    for _ in range(500):
        amounts = rng.normal(0, 5, rng.integers(1, 6)).tolist()
        step = float(rng.choice([1.0, 0.1, 0.01]))
        total = round(sum(amounts) / step) * step
        rounded = apportion(amounts, total, step)
        assert abs(sum(rounded) - total) < 1e-6


# -- lapses, deals, quotes ------------------------------------------------------------------------------------
def reveal_text(game: Game, report, viewer=0) -> str:
    out = io.StringIO()
    TextGame(game, (Seat(0), Seat(1)), out=out, width=WIDTH).reveal(report, viewer)
    return out.getvalue()


def test_a_challenge_and_an_offer_that_lapse_are_announced(june):
    game = Game(june, 6)
    game.play(Order(), Order(("pingpong_challenge", "propose"), Offer.of({"us.tariff": 20.0}, [], 3)))
    lapsed = game.play(Order(), Order())
    shown = reveal_text(game, lapsed)
    assert "Lapsed unanswered: Xi Jinping's “Challenge Donald Trump to ping-pong”" in shown
    assert "Lapsed: Xi Jinping's offer went unanswered." in shown
    assert "Lapsed: Your offer went unanswered." in reveal_text(game, lapsed, 1)
    assert "offer" not in reveal_text(game, lapsed, PUBLIC), "the public never hears of offers"
    answered = Game(june, 6)
    answered.play(Order(), Order(("pingpong_challenge", "propose"), Offer.of({"us.tariff": 20.0}, [], 3)))
    report = answered.play(Order(("pingpong_accept", "reject")), Order())
    assert "Lapsed" not in reveal_text(answered, report)


def test_a_deals_terms_are_printed_once_and_a_proposal_is_not_announced_twice(june):
    _, text = play(june, 0, seed=9, opponent="historical_china")
    for week in weeks_of(text):
        assert week.count("proposes a deal") + week.count("proposes the same deal") <= 1, week
    assert "Propose a deal (private)" not in text and "China: Propose a deal" not in text
    assert "proposes a deal —" in text


def test_each_leader_claims_victory_in_its_own_words(june):
    game = Game(june, 1)
    report = game.play(Order(("claim_win",)), Order(("claim_win",)))
    claims = [n.text for n in report.news if "Jinping" in n.text or "Trump" in n.text]
    us = next(t for t in claims if t.startswith("Donald Trump"))
    china = next(t for t in claims if t.startswith("Xi Jinping"))
    assert '"a very positive conclusion"' in us and '"a very positive conclusion"' not in china
    shown = reveal_text(game, report)
    assert 'Claim victory in public ("a very positive conclusion")' in shown
    assert 'Claim victory in public ("seriously and earnestly")' in shown


# -- hot-seat ------------------------------------------------------------------------------------------------------
def test_hotseat_clears_the_screen_and_each_leader_reads_its_own_results(june):
    game = Game(june, 3)
    calls = [str([m.id for m in game.legal_moves(s)].index("call") + 1) for s in (0, 1)]
    answers = iter(["", calls[0], "", calls[1], "", "", "", ""])

    def ask(prompt):
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    TextGame(game, (Seat(0), Seat(1)), ask=ask, out=out, hotseat=True, width=WIDTH, clear_screen=True).run()
    screens = out.getvalue().split(CLEAR)
    for screen in screens:
        assert not ("US (you)" in screen and "China (you)" in screen), "one screen shows both leaders' boards"
    us_turns = [s for s in screens if "US (you)" in s]
    china_turns = [s for s in screens if "China (you)" in s]
    assert len(us_turns) == 2 and len(china_turns) == 2
    assert "Week 1 (02 Jun): what happened" in us_turns[1] and "US Magnet stockpile" in us_turns[1]
    assert "Week 1 (02 Jun): what happened" in china_turns[1] and "US Magnet stockpile" not in china_turns[1]
    assert "what happened" not in us_turns[0] + china_turns[0]
    assert all("Pass the keyboard" not in s for s in us_turns + china_turns)
    passing = [s for s in screens[1:] if "Pass the keyboard to" in s]
    assert len(passing) == 4 and all("(you)" not in s and "what happened" not in s for s in passing)


# -- the end --------------------------------------------------------------------------------------------------------
def test_the_ending_fits_the_state_and_the_words_read_right(june):
    _, text = play(june, 1, seed=21)
    assert not re.search(r"(?<![\d.])1 weeks", text) and "a week a week" not in text and "US's offer" not in text
    assert "with People's Republic of China" not in text and "Accuse US " not in text
    table = text.split("Week  ")[1].splitlines()[0]
    assert "Magnet stockpile" in table and "Econo " not in table
    assert plural(1, "week") == "1 week" and plural(2, "week") == "2 weeks"
    quiet = Game(june, 5)
    quiet.state[june.ending_row, 0] = len(june.endings)
    quiet.state[june.over_row, 0] = 1
    quiet.state[june.row("tension"), 0] = 94
    assert ending_title(quiet) == "August 12, truce intact, but only on paper: Trade war (tension 94)"
    quiet.state[june.row("tension"), 0] = 40
    assert ending_title(quiet) == "August 12, truce intact"


def test_the_end_screen_names_the_record_and_the_report_command(june, tmp_path):
    recorder = new_recorder(june, 7, (None, "tit_for_tat"))
    out = io.StringIO()
    game = play_recorded(recorder, ask=lambda prompt: "", out=out, folder=tmp_path)
    assert game.is_over
    text = out.getvalue()
    saved = re.search(r"brinkmanship report (\S+\.json)", text)
    assert saved and (tmp_path / saved.group(1).split("/")[-1]).exists()
    assert f"brinkmanship replay {saved.group(1)}" in text
