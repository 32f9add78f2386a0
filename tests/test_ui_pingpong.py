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


def test_the_match_shows_the_score_in_side_colours_whose_serve_and_the_last_point(app, june):
    """Like a scoreboard: each side's score in its scenario colour, who serves, who took the last point."""
    from game.ui import theme
    from game.ui.theme import side_color

    screen = hotseat_match(app, june)
    names = [june.side_texts[s]["leader"] for s in (0, 1)]
    m = screen.match
    app.text_log.clear()
    pump(app, 2)
    assert f"First to 5 points · {names[m.server]} serves" in app.text_log
    m._point(0)
    m._point(1)
    m._point(0)
    drawn: list = []
    theme.TEXT_RECTS = drawn
    try:
        pump(app, 1)
    finally:
        theme.TEXT_RECTS = None
    texts = [t for t, _ in drawn]
    assert f"Point to {names[0]} · {names[1]} serves" in texts, texts
    assert screen.status() == (f"Point to {names[0]} · {names[1]} serves", 0)
    left, right = (next(r for t, r in drawn if t == str(n) and r.y < screen.table().y) for n in (2, 1))
    assert left.right < app.size[0] // 2 < right.x, "2 – 1: the left side's score on the left"
    pixels = {app.window.get_at((x, y))[:3] for x in range(left.x, left.right) for y in range(left.y, left.bottom)}
    assert side_color(june, 0) in pixels and side_color(june, 1) not in pixels, "the score in its side's colour"
