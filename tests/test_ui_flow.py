"""Headless UI: drive the real screens with synthetic mouse and keyboard events, title screen to debrief."""

from __future__ import annotations

import itertools

import numpy as np
import pygame
import pytest

from game.ui.app import App
from game.ui.driver import click, find_button, press, pump
from tests.ui_support import match_due, wait_until


def shown(app: App) -> str:
    """Everything drawn as text since the last call (then forget it)."""
    text = "\n".join(app.text_log)
    app.text_log.clear()
    return text


def screen_name(app: App) -> str:
    return type(app.screen).__name__


def to_board(app: App, side_button: str) -> None:
    """Title -> picker -> setup (choose a side) -> briefing -> board."""
    from game.ui.screens.menus import TitleScreen

    app.set_screen(TitleScreen(app))
    pump(app, 2)
    assert "BRINKMANSHIP" in shown(app)
    click(app, find_button(app, "New game"))
    assert screen_name(app) == "ScenarioPicker"
    click(app, find_button(app, "Continue"))
    assert screen_name(app) == "SetupScreen"
    click(app, find_button(app, side_button))
    click(app, find_button(app, "Briefing"))
    assert screen_name(app) == "BriefingScreen"
    click(app, find_button(app, "Begin week 1"))
    assert screen_name(app) in ("BoardScreen", "Curtain")


def play_week(app: App, cards: int = 1) -> None:
    """Click the first enabled move cards, end the week, skip any match, and read the reveal."""
    board = app.screen
    week = app.session.game.turn
    for _ in range(cards):
        enabled = [b for b, m in board.cards.items() if b.is_enabled and m.kind not in ("accept", "reject", "propose")]
        if enabled:
            click(app, enabled[0])
    click(app, find_button(app, "End week"))
    wait_until(app, lambda: screen_name(app) != "BoardScreen")
    if screen_name(app) == "PingPongScreen":
        click(app, find_button(app, "Skip"))
    assert screen_name(app) == "RevealScreen"
    assert f"Week {week}" in shown(app)
    press(app, pygame.K_RETURN)


@pytest.mark.parametrize("side", [0, 1])
def test_whole_game_as_each_leader(app, side, june):
    """From the title screen to the debrief as either leader, with a negotiation on the way."""
    leader = june.side_texts[side]["leader"]
    to_board(app, f"Play as {leader}")
    assert app.session.is_human(side) and not app.session.is_human(1 - side)
    pump(app, 2)
    assert f"You: {leader}" in shown(app)

    press(app, pygame.K_n)
    assert screen_name(app) == "NegotiationScreen"
    click(app, find_button(app, "London framework"))
    click(app, find_button(app, "Propose this deal"))
    assert screen_name(app) == "BoardScreen"
    click(app, find_button(app, "End week"))
    wait_until(app, lambda: screen_name(app) != "BoardScreen")
    if screen_name(app) == "PingPongScreen":
        click(app, find_button(app, "Skip"))
    report = app.session.game.reports[-1]
    package = june.package_by_id("london_framework")
    expected = {june.levers[june.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
    assert report.offers[side] is not None and dict(report.offers[side].terms) == expected
    assert any(n.kind == "offer" and "proposes a deal" in n.text for n in report.news)
    press(app, pygame.K_RETURN)

    dates = [app.session.game.date]
    while screen_name(app) == "BoardScreen":
        play_week(app)
        dates.append(app.session.game.date)
    assert all(b > a for a, b in itertools.pairwise(dates[:-1])), "the date advances every week"
    assert screen_name(app) == "DebriefScreen"
    pump(app, 2)
    text = shown(app)
    assert app.session.game.ending.title in text
    assert f"{app.session.game.scores()[side]:.0f}" in text


def test_hotseat_curtain_and_pingpong_skip(app, june):
    """Two people: a curtain between them, a ping-pong match when a challenge is accepted, skipped to the draw."""
    to_board(app, "Hot-seat")
    assert screen_name(app) == "Curtain"
    assert "Pass the screen to Donald Trump" in shown(app)
    press(app, pygame.K_RETURN)
    board = app.screen
    challenge = next(b for b, m in board.cards.items() if m.id == "pingpong_challenge")
    click(app, challenge)
    click(app, find_button(app, "End week"))
    assert screen_name(app) == "Curtain" and app.screen.side == 1
    press(app, pygame.K_RETURN)
    click(app, find_button(app, "End week"))
    assert type(app.modal).__name__ == "ConfirmDialog", "a week without any move is ended only when confirmed"
    click(app, find_button(app, "End the week"))
    assert screen_name(app) == "RevealScreen"
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.screen.viewer == 0
    click(app, find_button(app, "End week"))
    press(app, pygame.K_RETURN)  # yes, without any move
    press(app, pygame.K_RETURN)  # the curtain
    assert app.screen.viewer == 1
    accept = next(b for b, m in app.screen.cards.items() if m.id == "pingpong_accept")
    click(app, accept)
    click(app, find_button(app, "End week"))
    assert screen_name(app) == "PingPongScreen"
    pump(app, 30)
    click(app, find_button(app, "Skip"))
    assert screen_name(app) == "RevealScreen"
    report = app.session.game.reports[-1]
    assert "pingpong" in report.contests, "the seeded draw decided the match"
    assert any(n.kind == "contest" for n in report.news)


def test_pingpong_result_reaches_the_engine(app, june):
    """A finished match passes its winner to the engine as the contest result."""
    from game.ui.screens.pingpong import PingPongScreen

    session = match_due(app, june)
    assert session.contests_due() == [0]
    screen = PingPongScreen(app, june.contests[0])
    app.set_screen(screen)
    screen.match.score = [4, 0]
    screen.match._point(0)
    wait_until(app, lambda: screen_name(app) == "RevealScreen")
    assert app.session.game.reports[-1].contests == {"pingpong": "us"}


def test_a_contest_that_is_not_a_match_is_drawn_not_played(app, june):
    """Only a contest marked 'match: pingpong' opens the mini-game; any other contest is drawn by the engine."""
    import dataclasses

    from game.ui.screens.board import resolve_week

    drawn = dataclasses.replace(june, contests=tuple(dataclasses.replace(c, match=None) for c in june.contests))
    session = match_due(app, drawn)
    assert session.contests_due() == [0]
    assert type(resolve_week(app)).__name__ == "RevealScreen"
    assert "pingpong" in session.game.reports[-1].contests, "the engine drew the winner"


def test_watch_two_computers_and_take_over(app, june):
    """Watching: next week plays both computers; taking over gives the person that side's moves."""
    from game.ui.screens.setup import start_game
    from game.ui.session import GamePlan, SeatPlan

    plan = GamePlan(june, 11, (SeatPlan(False, "historical"), SeatPlan(False, "historical")))
    app.set_screen(start_game(app, plan))
    press(app, pygame.K_SPACE)
    wait_until(app, lambda: screen_name(app) == "RevealScreen")
    assert "Trump and Xi speak" in shown(app) or app.session.game.reports[0].moves[0]
    press(app, pygame.K_RETURN)
    click(app, find_button(app, "Autoplay"))
    week = app.session.game.turn
    wait_until(app, lambda: app.session.game.turn >= week + 2 and screen_name(app) == "BoardScreen")
    click(app, find_button(app, "Autoplay"))
    click(app, find_button(app, "Take over Xi Jinping"))
    assert app.session.is_human(1) and screen_name(app) == "BoardScreen" and app.screen.viewer == 1
    assert app.screen.cards


def test_escape_opens_pause_menu_and_help(app, june):
    """Esc on the board opens the pause menu; F1 opens the help overlay listing the board's shortcuts."""
    from game.ui.screens.setup import start_game
    from game.ui.session import GamePlan, SeatPlan

    app.set_screen(start_game(app, GamePlan(june, 5, (SeatPlan(), SeatPlan(False, "hawk")))))
    press(app, pygame.K_ESCAPE)
    assert type(app.modal).__name__ == "PauseMenu"
    click(app, find_button(app, "Resume"))
    assert app.modal is None
    press(app, pygame.K_F1)
    assert type(app.modal).__name__ == "HelpOverlay"
    box = next(e for e in app.modal.elements if type(e).__name__ == "UITextBox")
    assert "negotiation table" in box.html_text
    press(app, pygame.K_ESCAPE)
    assert app.modal is None and screen_name(app) == "BoardScreen"
    shown(app)
    press(app, pygame.K_c)
    assert "Scores over time" in shown(app)


def test_broken_scenario_is_listed_with_its_position(app, tmp_path):
    """An invalid user scenario appears in the picker with file:line:column problems, and cannot be chosen."""
    from game.ui.screens.menus import ScenarioPicker
    from game.ui.shots import BROKEN_SCENARIO

    folder = tmp_path / "brinkmanship" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text(BROKEN_SCENARIO, encoding="utf-8")
    app.set_screen(ScenarioPicker(app))
    press(app, pygame.K_END)
    assert "broken.yaml:11:" in app.screen.details.html_text
    assert not find_button(app, "Continue").is_enabled


def test_errors_are_shown_not_raised(app, tmp_path):
    """A bug inside a screen, or a broken scenario named on the command line, is shown in the window."""
    import argparse

    from game.ui.app import first_screen
    from game.ui.screens.base import Screen
    from game.ui.shots import BROKEN_SCENARIO

    class Faulty(Screen):
        def key(self, event):
            raise RuntimeError("boom")

    class Broken(Screen):
        def draw(self, surface):
            raise ValueError("cannot draw")

    app.set_screen(Broken(app))
    pump(app, 3)
    assert screen_name(app) == "TitleScreen" and type(app.modal).__name__ == "ErrorDialog" and app.running
    app.close_modal()

    app.set_screen(Faulty(app))
    press(app, pygame.K_x)
    assert type(app.modal).__name__ == "ErrorDialog" and app.running
    assert "boom" in next(e for e in app.modal.elements if type(e).__name__ == "UITextBox").html_text

    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN_SCENARIO, encoding="utf-8")
    args = argparse.Namespace(scenario=str(bad), side=None, seed=None, opponent=None, hotseat=False, watch=False)
    app.close_modal()
    app.set_screen(first_screen(app, args))
    _title, lines = app.pending_error
    assert screen_name(app) == "ScenarioPicker" and any("bad.yaml:11:" in line for line in lines)


def test_continue_resumes_the_autosave(app, june):
    """Each week is autosaved; Continue on the title screen rebuilds the game at the same week and state."""
    from game.ui.screens.menus import TitleScreen

    app.set_screen(TitleScreen(app))
    assert not find_button(app, "Continue").is_enabled
    to_board(app, "Play as Donald Trump")
    play_week(app)
    play_week(app)
    state = app.session.game.hash()
    press(app, pygame.K_ESCAPE)
    click(app, find_button(app, "Quit to title"))
    assert app.session is None
    click(app, find_button(app, "Continue"))
    assert screen_name(app) == "BoardScreen" and app.session.game.turn == 3
    assert app.session.game.hash() == state
    play_week(app)
    assert app.session.game.turn == 4
