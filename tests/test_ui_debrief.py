"""The window's debrief: what-if forecasts worked out by the forecast worker while the screen keeps drawing."""

from __future__ import annotations

import html
import time

import pygame
import pytest

from game.engine.game import Order
from game.records.questions import what_if_lines
from game.ui.driver import press, pump
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.setup import start_game
from game.ui.session import GamePlan, SeatPlan
from tests.test_ui_flow import screen_name
from tests.test_ui_replay import finish
from tests.ui_support import PATIENCE

RUNS = 6
"""Rollouts per branch here (the real debrief's 48 take a minute on a busy machine; the lines are the same code's)."""


@pytest.fixture(autouse=True)
def few_runs(monkeypatch):
    monkeypatch.setattr(DebriefScreen, "what_if_runs", RUNS)


def finished_game(app, june) -> None:
    """A person as the US who called Xi in week 1 and did nothing else, against the hawk, played to the end."""
    app.set_screen(start_game(app, GamePlan(june, 12, (SeatPlan(), SeatPlan(False, "hawk")))))
    session = app.session
    session.submit(0, Order(("call",)))
    while not session.computers_ready():
        time.sleep(0.002)
    session.play()
    finish(session)


def test_the_debrief_shows_the_what_if_forecasts_once_worked_out(app, june):
    """It says it is forecasting, frames go on meanwhile, then it shows the lines the terminal and report give."""
    finished_game(app, june)
    app.set_screen(DebriefScreen(app))
    pump(app, 2)
    debrief = app.screen
    assert "Forecasting what if…" in debrief.summary.html_text
    frames = 0
    deadline = time.monotonic() + PATIENCE
    while debrief.what_if is None and time.monotonic() < deadline:
        pump(app, 1)
        frames += 1
        time.sleep(0.01)
    assert frames > 1, "the screen kept drawing while the forecast ran"
    expected = what_if_lines(app.session.game, 0, runs=RUNS)
    assert debrief.what_if == expected and expected, "the window's lines are the terminal's and the report's"
    assert any("had you not made 'Call Xi Jinping'" in line for line in expected), "the week-1 call taken back"
    text = html.unescape(debrief.summary.html_text)
    assert "Forecasting" not in text and all(line in text for line in expected)
    pump(app, 2)
    app.resize((960, 600))
    pump(app, 2)
    assert all(line in html.unescape(app.screen.summary.html_text) for line in expected), "kept after a resize"


def test_leaving_the_debrief_while_forecasting_stops_the_work(app, june):
    """Esc while the what-if is worked out: the title screen, the job dropped, the worker idle and still alive."""
    finished_game(app, june)
    app.set_screen(DebriefScreen(app))
    pump(app, 2)
    key = app.screen.what_if_key
    assert app.forecaster.asked(key)
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "TitleScreen"
    assert not app.forecaster.asked(key)
    deadline = time.monotonic() + PATIENCE
    while app.forecaster.pending() and time.monotonic() < deadline:
        pump(app, 1)
        time.sleep(0.01)
    assert not app.forecaster.pending() and app.forecaster.alive()
    assert key not in app.forecaster.results, "stopped before its answer, not worked out for nobody"


def test_every_debrief_chart_has_history_dashed_beside_the_game(app, june):
    """Truce weeks left and every other meter chart carry history's dashed path, one per line of the game."""
    from game.ui.screens.debrief import whole_game_panels

    finished_game(app, june)
    app.set_screen(DebriefScreen(app))
    pump(app, 2)
    debrief = app.screen
    assert debrief.comparison is not None
    panels = whole_game_panels(debrief.session, debrief.comparison)
    titles = [p.title for p in panels]
    assert "Truce weeks left" in titles
    for p in panels:
        played = [s for s in p.series if not s.dashed]
        dashed = [s for s in p.series if s.dashed and s.label == "history"]
        assert played and len(dashed) == len(played), f"{p.title}: history's line beside each line of the game"
        assert all(len(s.values) == len(played[0].values) for s in dashed), p.title
