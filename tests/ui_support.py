"""Shared set-up for the window's tests: a hot-seat June game with a ping-pong match due."""

from __future__ import annotations

from game.engine.game import Order
from game.ui.screens.setup import start_game
from game.ui.session import GamePlan, SeatPlan


def match_due(app, scenario, seed: int = 3):
    """Start a hot-seat game, challenge in week 1 and accept in week 2's orders: the match is due; the session."""
    app.set_screen(start_game(app, GamePlan(scenario, seed, (SeatPlan(), SeatPlan()))))
    session = app.session
    session.submit(0, Order(("pingpong_challenge",)))
    session.submit(1, Order())
    session.play()
    session.submit(0, Order())
    session.submit(1, Order(("pingpong_accept",)))
    return session
