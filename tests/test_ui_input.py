"""Headless UI: one key press does one thing, move keys keep their meaning, Esc never plays on, thinking shows.

These drive the real screens with the events a person's keyboard makes: a held
key sends one KEYDOWN, then auto-repeated KEYDOWNs, then one KEYUP; presses made
while the window is busy wait in the queue until the loop comes back to them.
"""

from __future__ import annotations

import re
import threading
import time

import pygame
import pytest

from game.ui.app import App
from game.ui.driver import click, find_button, press, pump
from game.ui.screens.setup import start_game
from game.ui.session import GamePlan, SeatPlan
from tests.ui_support import match_due, wait_until


def screen_name(app: App) -> str:
    return type(app.screen).__name__


def shown(app: App) -> str:
    """Everything drawn as text since the last call (then forget it)."""
    text = "\n".join(app.text_log)
    app.text_log.clear()
    return text


def key_event(kind: int, key: int) -> pygame.event.Event:
    return pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0)


def hold(key: int, repeats: int) -> None:
    """Post what holding a key down makes: one KEYDOWN, auto-repeated KEYDOWNs, one KEYUP."""
    for _ in range(1 + repeats):
        pygame.event.post(key_event(pygame.KEYDOWN, key))
    pygame.event.post(key_event(pygame.KEYUP, key))


def solo_board(app: App, june, seed: int = 5) -> None:
    """June 2025 as Trump against a computer Xi, on the board of week 1 with Xi's orders in."""
    app.set_screen(start_game(app, GamePlan(june, seed, (SeatPlan(), SeatPlan(False, "tit_for_tat")))))
    pump(app, 2)
    wait_until(app, app.session.computers_ready)


def settle(app: App, frames: int = 40) -> None:
    """Run frames for a while (the computer's next week is thought out meanwhile)."""
    for _ in range(frames):
        pump(app, 1)
        time.sleep(0.005)


def card_key(board, move_id: str) -> str:
    """The key a move's card shows ('[Q] Call…' or the older '2. Call…')."""
    card = next(b for b, m in board.cards.items() if m.id == move_id)
    found = re.match(r"(?:✓ )?\[?(\w)[\].]", card.text)
    assert found, f"no key on the card {card.text!r}"
    return found.group(1)


def key_code(label: str) -> int:
    return pygame.key.key_code(label.lower())


def test_holding_enter_ends_one_week(app, june):
    """Enter held down (auto-repeats queued behind it) ends the week once; the repeats do not play on."""
    solo_board(app, june)
    app.screen.toggle("hold_talks")
    hold(pygame.K_RETURN, repeats=8)
    settle(app)
    assert app.session.game.turn == 2, "one week played"
    assert screen_name(app) == "RevealScreen"


def test_presses_queued_while_busy_are_dropped(app, june, monkeypatch):
    """Presses that waited in the queue while the week was played do not act on the reveal they never saw."""
    solo_board(app, june)
    session = app.session
    played = session.play

    def play_while_keys_pile_up(*args, **kwargs):
        report = played(*args, **kwargs)
        for _ in range(3):  # a person pressing Enter again and again while the window is busy
            pygame.event.post(key_event(pygame.KEYDOWN, pygame.K_RETURN))
            pygame.event.post(key_event(pygame.KEYUP, pygame.K_RETURN))
        return report

    monkeypatch.setattr(session, "play", play_while_keys_pile_up)
    app.screen.toggle("hold_talks")
    press(app, pygame.K_RETURN)
    settle(app)
    assert screen_name(app) == "RevealScreen" and session.game.turn == 2
    press(app, pygame.K_RETURN)
    assert screen_name(app) == "BoardScreen", "a press made after the reveal was shown still works"


def test_empty_week_asks_once(app, june):
    """Ending a week with no move asks first; Esc goes back to the board, Enter again ends the week."""
    solo_board(app, june)
    press(app, pygame.K_RETURN)
    assert type(app.modal).__name__ == "ConfirmDialog", "asks before ending a week without any move"
    assert "without any move" in shown(app) + app.modal.heading
    assert app.session.game.turn == 1
    press(app, pygame.K_ESCAPE)
    assert app.modal is None and screen_name(app) == "BoardScreen" and app.session.game.turn == 1
    press(app, pygame.K_RETURN)
    assert type(app.modal).__name__ == "ConfirmDialog"
    board = app.screen
    press(app, pygame.K_RETURN)
    settle(app, 10)
    assert app.session.game.turn == 2 and screen_name(app) == "RevealScreen"
    assert board.empty_week_confirmed == 1, "the board remembers the week it was told to end empty"


def test_a_week_with_moves_ends_without_asking(app, june):
    """A week with orders ends on the first Enter (no question)."""
    solo_board(app, june)
    app.screen.toggle("call")
    press(app, pygame.K_RETURN, frames=6)
    assert app.modal is None and screen_name(app) == "RevealScreen"


def test_move_keys_keep_their_meaning(app, june):
    """A move's key is the same every week, even when other cards (accept, reject) come and go."""
    app.set_screen(start_game(app, GamePlan(june, 3, (SeatPlan(), SeatPlan()))))
    press(app, pygame.K_RETURN)
    board = app.screen
    key = card_key(board, "call")
    press(app, key_code(key))
    assert board.selection == ["call"], f"key {key} adds the call in week 1"
    press(app, pygame.K_BACKSPACE)
    board.toggle("hold_talks")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)  # China's curtain
    china = app.screen
    china.toggle("hold_talks")
    press(app, pygame.K_n)
    press(app, pygame.K_1)
    press(app, pygame.K_RETURN)
    assert screen_name(app) == "BoardScreen" and china.offer is not None
    press(app, pygame.K_RETURN)
    settle(app, 6)
    assert screen_name(app) == "RevealScreen"
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)  # Trump's curtain
    board = app.screen
    assert {m.id for m in board.cards.values()} >= {"accept", "reject"}, "China's offer brings new cards"
    assert card_key(board, "call") == key, "the call's card shows the same key"
    press(app, key_code(key))
    assert board.selection == ["call"], f"key {key} still adds the call in week 2"


def test_keys_of_unavailable_moves_do_nothing(app, june):
    """The key of a move that is not on the board this week changes nothing."""
    from game.ui.screens.board import move_keys

    solo_board(app, june)
    board = app.screen
    keys = move_keys(june, 0)
    assert len(set(keys.values())) == len(keys), "every move has its own key"
    missing = [m for m in june.moves[0] if m.id in keys and m not in board.card_order]
    assert missing, "some moves are not available in week 1"
    for move in missing:
        press(app, key_code(keys[move.id]))
    assert board.selection == [] and board.message == ""
    for card, move in board.cards.items():
        if move.id in keys:
            assert f"[{keys[move.id]}]" in card.text, f"the card of {move.id} shows its key"


def test_escape_on_the_reveal_does_not_play_on(app, june):
    """Esc on the reveal opens the pause menu; closing it leaves the reveal where it was."""
    solo_board(app, june)
    app.screen.toggle("hold_talks")
    press(app, pygame.K_RETURN, frames=6)
    assert screen_name(app) == "RevealScreen"
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "RevealScreen" and type(app.modal).__name__ == "PauseMenu"
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "RevealScreen" and app.modal is None
    assert app.session.game.turn == 2


@pytest.fixture
def slow_computer(monkeypatch):
    """Tit for tat thinks until the test lets it go."""
    from game.ai.leaders import BASELINES

    gate = threading.Event()
    cls = BASELINES["tit_for_tat"]
    decide = cls.decide

    def slow_decide(self, *args, **kwargs):
        gate.wait(20)
        return decide(self, *args, **kwargs)

    monkeypatch.setattr(cls, "decide", slow_decide)
    yield gate
    gate.set()


def test_thinking_shows(app, june, slow_computer):
    """While the computer thinks after End week, the board says so and End week waits."""
    app.set_screen(start_game(app, GamePlan(june, 5, (SeatPlan(), SeatPlan(False, "tit_for_tat")))))
    pump(app, 2)
    app.screen.toggle("call")
    shown(app)
    press(app, pygame.K_RETURN, frames=5)
    assert screen_name(app) == "BoardScreen"
    assert "Xi Jinping is thinking" in shown(app)
    assert not app.screen.end_button.is_enabled, "End week waits"
    press(app, pygame.K_RETURN)
    assert screen_name(app) == "BoardScreen" and app.session.game.turn == 1
    slow_computer.set()
    wait_until(app, lambda: screen_name(app) == "RevealScreen")
    assert app.session.game.turn == 2


def test_a_frame_is_drawn_before_the_week_is_played(app, june):
    """End week first draws the board saying the week is being played, then plays it (the next frame)."""
    solo_board(app, june)
    app.screen.toggle("call")
    shown(app)
    press(app, pygame.K_RETURN, frames=1)
    assert screen_name(app) == "BoardScreen" and app.session.game.turn == 1
    assert "Playing the week" in shown(app)
    pump(app, 1)
    assert screen_name(app) == "RevealScreen"


def test_watching_says_both_leaders_think(app, june, slow_computer):
    """Watching two computers, Next week shows that they are thinking."""
    plan = GamePlan(june, 11, (SeatPlan(False, "tit_for_tat"), SeatPlan(False, "tit_for_tat")))
    app.set_screen(start_game(app, plan))
    shown(app)
    click(app, find_button(app, "Next week"))
    assert "thinking" in shown(app)
    slow_computer.set()
    wait_until(app, lambda: screen_name(app) == "RevealScreen")


def test_escape_pauses_pingpong_without_playing_on(app, june):
    """Esc during a ping-pong match opens the pause menu and stops the ball; the week is not played."""
    from game.ui.screens.pingpong import PingPongScreen

    session = match_due(app, june)
    screen = PingPongScreen(app, june.contests[0])
    app.set_screen(screen)
    pump(app, 90)
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "PingPongScreen" and type(app.modal).__name__ == "PauseMenu"
    ball = screen.match.ball.copy()
    pump(app, 30)
    assert (screen.match.ball == ball).all(), "the match waits under the pause menu"
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "PingPongScreen" and session.game.turn == 2


def test_a_click_made_while_the_briefing_loads_does_not_skip_it(app, june):
    """A double click on 'Briefing →' (its second click lands where 'Begin week 1' appears) leaves the briefing
    shown (how fast it comes is measured by ``bench --ui``, not asserted here: machines are shared)."""
    from game.ui.driver import element_center, move_mouse
    from game.ui.screens.setup import SetupScreen

    app.set_screen(SetupScreen(app, june))
    pump(app, 2)
    pos = element_center(find_button(app, "Briefing"))
    move_mouse(app, pos)

    def click_here() -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))

    click_here()
    pump(app, 1)  # the button's press waits in the queue: the next frame makes the briefing
    click_here()  # the second click, made while the briefing is being made
    pump(app, 6)
    assert screen_name(app) == "BriefingScreen", "the briefing is shown, not skipped"
    assert find_button(app, "Begin week 1").rect.collidepoint(pos), "the second click was aimed at Begin"
    click(app, find_button(app, "Begin week 1"))
    assert screen_name(app) == "BoardScreen", "a click once it is shown begins the game"
