"""Shared set-up for the window's tests: a hot-seat June game with a ping-pong match due."""

from __future__ import annotations

import time

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


PATIENCE = 600.0
"""Seconds a test waits for the window's workers (computer leaders, forecasts) before calling them hung: generous,
because the machines that run the tests are shared and sometimes very busy (speed is measured by bench --ui)."""


def wait_until(app, predicate, seconds: float = PATIENCE) -> None:
    """Run frames until the predicate holds (computer leaders and forecasts work off the main thread)."""
    from game.ui.driver import pump

    end = time.perf_counter() + seconds
    while not predicate():
        assert time.perf_counter() < end, f"timed out on {type(app.screen).__name__}"
        pump(app, 1)
        time.sleep(0.002)
