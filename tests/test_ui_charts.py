"""The chart module's headless PNG output, and forecasts computed from what a side may see."""

from __future__ import annotations

import multiprocessing
import time

import numpy as np
import pygame

from game.engine.game import Game, Order
from game.engine.state import observe
from game.ui.charts import Panel, Series, fan_series, nice_range, save_chart_grid, save_fan_chart
from game.ui.forecast import Forecaster, MoveRequest, rollout


def test_fan_chart_png_shows_the_band(tmp_path):
    """A saved fan chart has the requested size and the series' colour inside its P10-P90 band."""
    runs = np.random.default_rng(0).normal(50, 5, (400, 8)).cumsum(axis=1) / np.arange(1, 9)
    path = save_fan_chart(
        tmp_path / "fan.png", "Economy", [f"W{i}" for i in range(8)], [fan_series("US", runs, "#3d6fb6")]
    )
    image = pygame.image.load(str(path))
    assert image.get_size() == (960, 540)
    blues = sum(
        1
        for x in range(0, 960, 8)
        for y in range(0, 540, 8)
        if (c := image.get_at((x, y))).b > c.r + 25 and c.b > c.g + 10
    )
    assert blues > 20, "the US band is drawn in the US colour"


def test_chart_grid_png(tmp_path):
    """A grid of panels (both sides in each) saves as one PNG."""
    panels = [
        Panel(name, [Series("US", [1, 2, 3], color="#3d6fb6"), Series("China", [3, 2, 1], color="#c8413b")])
        for name in ("Tension", "Trust", "Economy")
    ]
    path = save_chart_grid(tmp_path / "grid.png", "Three meters", ["a", "b", "c"], panels, size=(800, 450))
    assert pygame.image.load(str(path)).get_size() == (800, 450)


def test_nice_range_covers_values():
    lo, hi = nice_range([3.2, 47.9])
    assert lo <= 3.2 and hi >= 47.9 and hi - lo < 80


def test_forecast_uses_only_the_observation(june):
    """Two worlds that differ only in what the player cannot see give the same forecast."""
    game = Game(june, 4)
    hidden = game.state.copy()
    row = june.row("china.economy")
    hidden[row] += 9.0  # the truth changes; the US estimate (its own row) does not
    obs_a = observe(june, game.state, 0)
    obs_b = observe(june, hidden, 0)
    np.testing.assert_array_equal(obs_a, obs_b)
    orders = game.orders_for(0, Order(("call",)))
    rows = june.key_variables
    a = rollout(june, obs_a, 0, orders, rows, np.random.default_rng(1), runs=300, weeks=3)
    b = rollout(june, obs_b, 0, orders, rows, np.random.default_rng(1), runs=300, weeks=3)
    np.testing.assert_allclose(a.quantiles, b.quantiles)
    p10, p50, p90 = a.row(june.row("tension"))
    assert np.all(p10 <= p50) and np.all(p50 <= p90) and p10[-1] < p90[-1], "a spread, not a single path"


def _move_request(june, game, move: str, runs: int = 300):
    orders = game.orders_for(0, Order((move,)))
    base = game.orders_for(0, Order(()))
    return MoveRequest(game.observation(0), 0, orders, base, tuple(june.key_variables), 7, runs, 3)


def test_forecaster_process_gives_the_same_forecast_and_stops_on_close(june):
    """The worker process computes exactly what an in-process rollout gives, and is gone after close()."""
    game = Game(june, 4)
    request = _move_request(june, game, "call")
    worker = Forecaster()
    try:
        worker.request("call", june, request)
        result = worker.wait("call", 30.0)
        assert result is not None and not isinstance(result, Exception), result
        here = request.run(june, lambda fraction: None)
        np.testing.assert_array_equal(result[0].quantiles, here[0].quantiles)
        np.testing.assert_array_equal(result[1].scores, here[1].scores)
        assert worker.timings["call"] > 0
    finally:
        worker.close()
    assert not worker.alive()
    assert not [p for p in multiprocessing.active_children() if p.name == "brinkmanship-forecast"]


def test_forecaster_drops_a_request_overtaken_by_a_newer_one(june):
    """Hover moves on: the newest request is answered; a replaced one that never started is not."""
    game = Game(june, 4)
    worker = Forecaster()
    try:
        worker.request("a", june, _move_request(june, game, "call", runs=3000))
        worker.request("b", june, _move_request(june, game, "praise", runs=3000))
        worker.request("c", june, _move_request(june, game, "hold_talks"))
        assert worker.wait("c", 30.0) is not None
        assert "b" not in worker.results, "a request replaced before it started is never run"
        assert not worker.pending()
    finally:
        worker.close()


def test_closing_the_window_stops_its_forecast_worker(june, tmp_path, monkeypatch):
    """The board starts the worker in the background; closing the window stops it."""
    from game.ui.app import App
    from game.ui.driver import pump
    from game.ui.screens.setup import start_game
    from game.ui.session import GamePlan, SeatPlan
    from game.ui.settings import Settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = App((1280, 720), settings=Settings(forecast_runs=300))
    app.set_screen(start_game(app, GamePlan(june, 3, (SeatPlan(), SeatPlan(False, "random")))))
    pump(app, 2)
    worker = app.forecaster
    assert worker.alive(), "the board started the worker"
    app.close()
    assert not worker.alive()


def board_in_the_last_week(app, june):
    """A June game played with no moves to its last week (11 of 11), its board on screen; returns the session."""
    from game.ui.screens.board import BoardScreen
    from game.ui.screens.setup import start_game
    from game.ui.session import GamePlan, SeatPlan

    app.set_screen(start_game(app, GamePlan(june, 2025, (SeatPlan(), SeatPlan(False, "tit_for_tat")))))
    session = app.session
    while session.game.turn < session.game.horizon:
        session.submit(0, Order())
        while not session.computers_ready():
            time.sleep(0.002)
        session.play()
    assert not session.game.is_over and session.game.turn == session.game.horizon == 11
    app.set_screen(BoardScreen(app))
    return session


def test_the_hover_forecast_of_the_last_week_stops_at_the_games_end(app, june):
    """In week 11 of 11 a move's forecast covers that week only: no chart runs on into weeks never played."""
    from game.ui.driver import move_mouse, pump
    from game.ui.screens.board import week_labels
    from tests.ui_support import wait_until

    session = board_in_the_last_week(app, june)
    board = app.screen
    pump(app, 2)
    button = next(iter(board.cards))
    app.text_log.clear()
    move_mouse(app, button.rect.center)
    wait_until(app, lambda: board._shown_forecast is not None)
    with_move, without = app.forecaster.get(board._shown_forecast)
    assert with_move.quantiles.shape[1] == 2 and without.quantiles.shape[1] == 2, "now and the last week only"
    pump(app, 2)
    drawn = " | ".join(app.text_log)
    assert "this week" in drawn and "next 4 weeks" not in drawn
    end = week_labels(june, session.game.horizon + 1)[-1]
    past = week_labels(june, session.game.horizon + 4)[-3:]
    assert end in drawn and not any(label in app.text_log for label in past), f"{past} drawn: {drawn}"


def test_the_deal_outlook_of_the_last_week_stops_at_the_games_end(app, june):
    """In week 11 of 11 the negotiation table's outlook charts now and that week only, never a week after the end."""
    from game.ui.driver import click, find_button, press, pump
    from tests.ui_support import wait_until

    board_in_the_last_week(app, june)
    pump(app, 2)
    press(app, pygame.K_n)
    table = app.screen
    assert type(table).__name__ == "NegotiationScreen"
    click(app, find_button(app, "Grand bargain"))
    wait_until(app, lambda: app.forecaster.get(table.outlook_key()) is not None)
    outlook = app.forecaster.get(table.outlook_key())
    assert outlook.with_deal.quantiles.shape[1] == 2 and outlook.without.quantiles.shape[1] == 2, "now and week 11"
    app.text_log.clear()
    pump(app, 2)
    drawn = app.text_log
    assert "+1w" in drawn and "+2w" not in drawn, f"the chart's weeks: {drawn}"
    assert not any("in 1 weeks" in text or "next week" in text for text in drawn), drawn
