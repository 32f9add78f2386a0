"""Ping-pong: S moves the paddle and never skips; Backspace skips; hot-seat shows whose keys are whose."""

from __future__ import annotations

import pygame

from game.ui.driver import press, pump
from game.ui.screens.pingpong import PingPongScreen
from tests.ui_support import match_due


def hotseat_match(app, june) -> PingPongScreen:
    match_due(app, june)
    screen = PingPongScreen(app, june.contests[0])
    app.set_screen(screen)
    pump(app, 2)
    return screen


def test_s_never_skips_and_backspace_does(app, june):
    screen = hotseat_match(app, june)
    screen.mouse_side = 0  # as in a game against the computer: S is a paddle key there too
    press(app, pygame.K_s)
    assert app.screen is screen, "S moves the paddle; it does not skip the match"
    assert app.session.game.turn == 2
    press(app, pygame.K_BACKSPACE)
    assert type(app.screen).__name__ == "RevealScreen" and app.session.game.turn == 3


def test_hotseat_shows_whose_keys(app, june):
    hotseat_match(app, june)
    app.text_log.clear()
    pump(app, 2)
    text = "\n".join(app.text_log)
    assert "W / S" in text and "↑ / ↓" in text
    assert "(you)" not in text, "two people: neither is 'you'"
    assert "Left: W/S · right: ↑/↓." in text
