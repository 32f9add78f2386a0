"""The terminal game driven by scripted input: a whole game, bad input, deals, hot-seat, quitting."""

from __future__ import annotations

import io

from game.ai.leaders import make_leader
from game.engine.game import Game
from game.terminal import Seat, TextGame


class Script:
    """Answers prompts from a list of lines, then presses Enter forever (or ends input)."""

    def __init__(self, lines, then=""):
        self.lines = list(lines)
        self.then = then
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.lines:
            return self.lines.pop(0)
        if self.then is None:
            raise EOFError
        return self.then


def run(sc, lines, side=0, seed=3, then="", hotseat=False, opponent="tit_for_tat"):
    out = io.StringIO()
    ask = Script(lines, then)
    seats = (
        (Seat(0), Seat(1))
        if hotseat
        else tuple(Seat(s) if s == side else Seat(s, make_leader(opponent, sc, s)) for s in (0, 1))
    )
    game = TextGame(Game(sc, seed), seats, ask=ask, out=out, hotseat=hotseat, width=100).run()
    return game, out.getvalue(), ask


def test_a_whole_game_as_the_us_reaches_a_debrief(june):
    game, text, _ = run(june, ["10 12"])
    assert game.is_over
    assert "Week 1 of 11 · Mon 02 Jun 2025" in text and "Week 2 of 11 · Mon 09 Jun 2025" in text
    assert "Donald Trump: Call Xi Jinping, Claim victory in public" in text
    assert "THE END — " + game.ending.title in text
    assert "score" in text and "To discuss" in text
    assert "Traceback" not in text


def test_playing_china_shows_the_other_side_as_estimates(june):
    game, text, _ = run(june, [], side=1)
    assert "China (you)" in text
    assert "Economy ~" in text and "±" in text
    assert game.is_over


def test_bad_input_gets_a_hint_and_the_game_goes_on(june):
    game, text, _ = run(june, ["xyz", "99", "1 2", "i 3", "i 999", "?", "10"])
    assert '"xyz" is not a move number' in text
    assert "There is no move 99" in text
    assert "Not allowed: two of those moves cannot be made in the same turn" in text
    assert "Usage: i NUMBER" in text
    assert "Donald Trump: Call Xi Jinping" in text
    assert game.is_over


def test_orders_over_the_budget_are_refused_in_lines_that_fit(june):
    """Three moves on two points, two of one lever: one refusal naming both rules, wrapped to the width."""
    game, text, _ = run(june, ["1 2 10", "10 11"])
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Not allowed: those moves cost 3 points" in line)
    refusal = " ".join(line.strip() for line in lines[start : start + 3])
    assert "the budget is 2" in refusal and "cannot be made in the same turn" in refusal
    assert all(len(line) <= 100 for line in lines[start : start + 3]), "the refusal wraps to the width"
    assert "Donald Trump: Call Xi Jinping, Send negotiators to talks" in text, "the next orders are taken"
    assert game.is_over


def test_proposing_a_ready_made_package_reaches_the_engine(june):
    moves = [m.id for m in Game(june, 3).legal_moves("us")]
    propose = str(moves.index("propose") + 1)
    package = str([p.id for p in june.packages].index("london_framework") + 1)
    game, text, _ = run(june, [propose, package])
    first = game.reports[0]
    assert [m.id for m in first.moves[0]] == ["propose"]
    assert first.offers[0] is not None and ("china.rare_earth_licensing", 100.0) in first.offers[0].terms
    assert "US proposes a deal — US: " in text and "China: rare-earth licensing normal" in text


def test_building_a_custom_package_with_a_wrong_value(june):
    moves = [m.id for m in Game(june, 3).legal_moves("us")]
    propose = str(moves.index("propose") + 1)
    answers = [propose, "c", "", "", "", "", "", "", "", "33", "100", "", "", "y", "", "", "5"]  # no side letter
    game, text, _ = run(june, answers)
    assert "33 is not a setting" in text
    offer = game.reports[0].offers[0]
    assert dict(offer.terms) == {"china.rare_earth_licensing": 100.0}
    assert offer.clauses == ("extend_truce",) and offer.deadline == 5


def test_quitting_or_closed_input_abandons_politely(june):
    game, text, _ = run(june, ["q"])
    assert "Game abandoned" in text and not game.is_over
    game, text, _ = run(june, [], then=None)
    assert "Game abandoned" in text and "Traceback" not in text


def test_hotseat_passes_the_keyboard_between_leaders(june):
    start = Game(june, 3)
    calls = [str([m.id for m in start.legal_moves(side)].index("call") + 1) for side in (0, 1)]
    game, text, ask = run(june, ["", calls[0], "", calls[1]], hotseat=True, then=None)
    assert "Pass the keyboard to Donald Trump" in text and "Pass the keyboard to Xi Jinping" in text
    assert any(p.startswith("Donald Trump, press Enter") for p in ask.prompts)
    assert any(p.startswith("Xi Jinping, press Enter") for p in ask.prompts)
    assert [m.id for m in game.reports[0].moves[0]] == ["call"]
    assert [m.id for m in game.reports[0].moves[1]] == ["call"]


def test_watching_two_computers_needs_no_input(june):
    out = io.StringIO()
    seats = (Seat(0, make_leader("hawk", june, 0)), Seat(1, make_leader("dove", june, 1)))
    game = TextGame(Game(june, 8), seats, ask=Script([], None), out=out, width=100).run()
    assert game.is_over and "THE END" in out.getvalue()


def test_a_challenge_waiting_for_an_answer_is_named_on_the_board(june):
    """China challenges to ping-pong: the US board says so the next week, like an offer on the table."""
    moves = [m.id for m in Game(june, 3).legal_moves("china")]
    challenge = str(moves.index("pingpong_challenge") + 1)
    _, text, _ = run(june, ["", "", "", challenge], hotseat=True)
    week2 = text[text.index("Week 2 of 11") :]
    assert "Xi Jinping's “Challenge Donald Trump to ping-pong” waits for your answer, or it lapses." in week2
    week1 = text[: text.index("Week 2 of 11")]
    assert "waits for your answer" not in week1
