"""Screenshots of every screen, made by driving the real window headless (``brinkmanship screenshots DIR``)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pygame

from ..engine.game import Order
from ..scenario.compiled import CompiledScenario
from ..scenarios import find_scenario
from .app import App
from .driver import click, find_button, move_mouse, press, pump, screenshot
from .session import GamePlan, SeatPlan
from .settings import Settings

BROKEN_SCENARIO = """format: 1
id: broken_example
title: "A broken scenario"
start: 2025-06-02
turns: 4
budget: 2
sides:
  a: {name: A, short: A, leader: Ann}
  b: {name: B, short: B, leader: Bob}
variables:
  tension: {label: Tension, start: "lots"}
"""


def wait_for_forecast(app: App, seconds: float = 5.0) -> None:
    """Let the forecast worker finish (frames keep running meanwhile)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pump(app, 1)
        forecaster = app._forecaster
        if forecaster is not None and not forecaster.pending():
            pump(app, 2)
            return
        time.sleep(0.005)


def take_all(out: Path, size: tuple[int, int] = (1280, 720), seed: int = 2025) -> list[Path]:
    """Save a PNG of every screen into out; return the files written."""

    def tours(app: App, shot: Callable[[str], None], home: Path) -> None:
        user = home / "brinkmanship" / "scenarios"
        user.mkdir(parents=True)
        (user / "broken_example.yaml").write_text(BROKEN_SCENARIO, encoding="utf-8")
        _tour(app, shot, seed)
        _reload_tour(app, shot, user, seed)

    return _shoot(out, size, "", tours)


def _shoot(out: Path, size: tuple[int, int], prefix: str, tours: Callable[[App, Callable[[str], None], Path], None]):
    """Open a window with a fresh data folder, run the tours with a ``shot(name)`` that saves numbered PNGs."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = home
        app = App(size, settings=Settings(width=size[0], height=size[1]))

        def shot(name: str) -> None:
            pump(app, 2)
            path = out / f"{len(saved) + 1:02d}_{prefix}{name}.png"
            screenshot(app, path)
            saved.append(path)

        try:
            tours(app, shot, Path(home))
        finally:
            app.close()
    return saved


def _tour(app: App, shot, seed: int) -> None:
    from .screens.menus import TitleScreen
    from .screens.pingpong import PingPongScreen
    from .screens.setup import start_game

    app.set_screen(TitleScreen(app))
    shot("title")
    click(app, find_button(app, "New game"))
    shot("scenario_picker")
    picker = app.screen
    press(app, pygame.K_END)
    shot("scenario_picker_errors")
    picker.index = next(i for i, e in enumerate(picker.entries) if e.ok and e.path.stem == "june_2025")
    picker.rebuild()
    click(app, find_button(app, "Continue"))
    shot("setup")
    click(app, find_button(app, "Briefing"))
    shot("briefing")
    sc = find_scenario("june_2025")
    plan = GamePlan(sc, seed, (SeatPlan(), SeatPlan(False, "tit_for_tat")))
    app.set_screen(start_game(app, plan))
    shot("board")
    board = app.screen
    row = board.rects["leaders"]
    move_mouse(app, (row.x + 60, row.y + 150))
    pump(app, 40)
    shot("board_tooltip")
    card = next(b for b, m in board.cards.items() if m.id == "call")
    move_mouse(app, card.rect.center)
    wait_for_forecast(app)
    shot("board_forecast")
    move_mouse(app, (5, 5))
    press(app, pygame.K_n)
    click(app, find_button(app, "London"))
    pump(app, 20)
    wait_for_forecast(app)
    shot("negotiation")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_F1)
    shot("help")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    shot("pause_menu")
    click(app, find_button(app, "Save game"))
    shot("save_dialog")
    press(app, pygame.K_RETURN)
    shot("game_saved")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    for _ in range(50):
        pump(app, 1)
        if type(app.screen).__name__ != "BoardScreen":
            break
        time.sleep(0.01)
    pump(app, 40)
    shot("reveal_turning")
    press(app, pygame.K_RETURN)  # the rest at once
    shot("reveal")
    press(app, pygame.K_RETURN)
    shot("board_week2")
    press(app, pygame.K_RETURN)
    shot("empty_week_question")
    press(app, pygame.K_ESCAPE)
    app.set_screen(PingPongScreen(app, sc.contests[0]))
    pump(app, 90)
    shot("pingpong")
    session = app.session
    while not session.game.is_over:
        session.submit(0, Order())
        while not session.computers_ready():
            time.sleep(0.002)
        session.play()
    from .screens.debrief import DebriefScreen

    finished = session.recorder.record()
    app.set_screen(DebriefScreen(app))
    shot("debrief")
    hot = GamePlan(sc, seed, (SeatPlan(), SeatPlan()))
    app.set_screen(start_game(app, hot))
    shot("hotseat_curtain")
    watch = GamePlan(sc, seed, (SeatPlan(False, "historical"), SeatPlan(False, "historical")))
    app.set_screen(start_game(app, watch))
    press(app, pygame.K_SPACE)
    for _ in range(50):
        pump(app, 1)
        if type(app.screen).__name__ == "RevealScreen":
            break
        time.sleep(0.01)
    press(app, pygame.K_RETURN)  # everything at once
    press(app, pygame.K_RETURN)
    shot("watch")
    from .screens.menus import SettingsScreen

    app.set_screen(SettingsScreen(app))
    shot("settings")
    _records_tour(app, shot, finished)


def _records_tour(app: App, shot, finished) -> None:
    """The save/load screen (a broken file, a changed scenario), the replay viewer, history and take-over."""
    from ..records.files import save_named, saves_dir
    from .screens.menus import TitleScreen

    save_named(finished, "whole-game")
    turns = list(finished.turns[:4])
    turns[2] = turns[2].model_copy(update={"hash": "0" * 16})
    scenario = finished.scenario.model_copy(update={"hash": "0" * 64})
    save_named(finished.model_copy(update={"turns": tuple(turns), "status": None, "scenario": scenario}), "old-rules")
    (saves_dir() / "cut-short.json").write_text('{"format": "brinkmanship-record", "version": 1, "kind', "utf-8")
    app.set_screen(TitleScreen(app))
    shot("title_with_saves")
    click(app, find_button(app, "Load game"))
    shot("saves")
    screen = app.screen
    screen.select(next(i for i, row in enumerate(screen.rows) if row.info.name == "old-rules"))
    click(app, find_button(app, "Load and continue"))
    shot("saves_scenario_changed")
    press(app, pygame.K_ESCAPE)
    screen.select(next(i for i, row in enumerate(screen.rows) if row.info.name == "whole-game"))
    click(app, find_button(app, "Watch replay"))
    app.screen.jump(6)
    shot("replay_game")
    app.set_screen(TitleScreen(app))
    click(app, find_button(app, "Replay history"))
    shot("history_picker")
    press(app, pygame.K_RETURN)
    shot("replay_history_start")
    app.screen.jump(3)
    move_mouse(app, app.screen.week_rects[3][0].center)
    pump(app, 30)
    shot("replay_history_week3")
    press(app, pygame.K_END)
    shot("replay_history_end")
    app.screen.jump(3)
    click(app, find_button(app, "Play as Donald Trump"))
    shot("history_taken_over")
    session = app.session
    while not session.game.is_over:
        session.submit(0, Order(("call",)) if session.game.turn == 4 else Order())
        while not session.computers_ready():
            time.sleep(0.002)
        session.play()
    from .screens.debrief import DebriefScreen

    app.set_screen(DebriefScreen(app))
    shot("debrief_history")
    press(app, pygame.K_e)
    shot("report_exported")


def _reload_tour(app: App, shot, folder: Path, seed: int) -> None:
    """Hot reload: a game on a user's copy of June 2025, then a broken save, a fixed one, and a new layout."""
    from ..paths import scenarios_dir
    from ..scenario.compiler import load_scenario
    from .screens.setup import start_game

    path = folder / "my_june.yaml"
    text = (scenarios_dir() / "june_2025.yaml").read_text(encoding="utf-8").replace("id: june_2025", "id: my_june", 1)
    stamp = [time.time_ns()]

    def save(new_text: str) -> None:
        path.write_text(new_text, encoding="utf-8")
        stamp[0] += 2 * 10**9
        os.utime(path, ns=(stamp[0], stamp[0]))
        pump(app, 6, dt=0.25)

    save(text)
    plan = GamePlan(load_scenario(path), seed, (SeatPlan(), SeatPlan(False, "tit_for_tat")))
    app.set_screen(start_game(app, plan))
    save(text.replace('when: "not self.offer.pending"', 'when: "not self.offer.pending and"'))
    shot("hot_reload_errors")
    save(text.replace('label: "Call {other.leader}"', 'label: "Phone {other.leader}"'))
    shot("hot_reload_reloaded")
    save(text.replace("variables:\n", "variables:\n  morale:\n    label: Morale\n    start: 50\n", 1))
    shot("hot_reload_restart")


def take_scenario(out: Path, sc: CompiledScenario, size: tuple[int, int] = (1280, 720), seed: int = 2025) -> list[Path]:
    """Save a PNG of each screen of one scenario (an author's own file) into out; return the files written."""
    return _shoot(out, size, f"{sc.id}_", lambda app, shot, home: _scenario_tour(app, shot, sc, seed))


def _scenario_tour(app: App, shot: Callable[[str], None], sc: CompiledScenario, seed: int) -> None:
    """Setup, briefing, board, forecast, negotiation, reveal, a match if any, and the debrief of one scenario."""
    from .screens.setup import SetupScreen, start_game

    app.set_screen(SetupScreen(app, sc))
    shot("setup")
    click(app, find_button(app, "Briefing"))
    shot("briefing")
    plan = GamePlan(sc, seed, (SeatPlan(), SeatPlan(False, "tit_for_tat")))
    app.set_screen(start_game(app, plan))
    shot("board")
    board = app.screen
    card = next(iter(board.cards), None)
    if card is not None:
        move_mouse(app, card.rect.center)
        wait_for_forecast(app)
        shot("board_forecast")
        move_mouse(app, (5, 5))
    if any(m.kind == "propose" for m in sc.moves[0]):
        press(app, pygame.K_n)
        pump(app, 20)
        wait_for_forecast(app)
        shot("negotiation")
        app.set_screen(board)
    _reveal_and_debrief(app, shot, sc)


def _reveal_and_debrief(app: App, shot: Callable[[str], None], sc: CompiledScenario) -> None:
    """End the first week (the reveal), then a match if the scenario has one, then play out to the debrief."""
    from .screens.debrief import DebriefScreen
    from .screens.pingpong import PingPongScreen

    board = app.screen
    first = next((m for m in app.session.game.legal_moves(0) if m.kind in ("action", "up", "down")), None)
    if first is not None:
        board.toggle(first.id)
    press(app, pygame.K_RETURN)
    if first is None:
        press(app, pygame.K_RETURN)  # end the week without a move
    for _ in range(50):
        pump(app, 1)
        if type(app.screen).__name__ != "BoardScreen":
            break
        time.sleep(0.01)
    shot("reveal")
    press(app, pygame.K_RETURN)
    shot("board_week2")
    matches = [c for c in sc.contests if c.match == "pingpong"]
    if matches:
        app.set_screen(PingPongScreen(app, matches[0]))
        pump(app, 90)
        shot("pingpong")
    session = app.session
    while not session.game.is_over:
        session.submit(0, Order())
        while not session.computers_ready():
            time.sleep(0.002)
        session.play()
    app.set_screen(DebriefScreen(app))
    shot("debrief")
