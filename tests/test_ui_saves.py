"""The save/load screen, driven headless: save by name, load from the list, broken files, changed scenarios."""

from __future__ import annotations

import html

import pygame
import pytest

from game.engine.game import Order
from game.records.files import save_named, saves_dir
from game.records.recorder import new_recorder
from game.ui.app import App
from game.ui.driver import click, click_at, find_button, press, pump
from game.ui.settings import Settings
from tests.test_ui_flow import play_week, screen_name, shown, to_board
from tests.test_ui_layout import buttons_cut, widgets_outside

CUT_SHORT = '{"format": "brinkmanship-record", "version": 1, "kind'


def open_saves(app: App) -> None:
    """Title screen -> Load game."""
    from game.ui.screens.menus import TitleScreen

    app.end_session()
    app.set_screen(TitleScreen(app))
    click(app, find_button(app, "Load game"))
    assert screen_name(app) == "SaveScreen"
    pump(app, 2)


def choose(app: App, name: str) -> None:
    """Click the row of the save with this file name."""
    screen = app.screen
    index = next(i for i, row in enumerate(screen.rows) if row.info.name == name)
    rect = next(r for r, i in screen.row_rects if i == index)
    click_at(app, rect.center)
    assert screen.selected.name == name


def dialog_text(app: App) -> str:
    """The text in the open dialog's text box."""
    return next(e for e in app.modal.elements if type(e).__name__ == "UITextBox").html_text


def dialog_inside(app: App) -> bool:
    """Whether every widget of the open dialog lies inside the window."""
    window = pygame.Rect((0, 0), app.size)
    return app.modal is not None and all(window.contains(e.rect) for e in app.modal.elements)


def recorded_game(june, weeks: int):
    """A record of a game with a person (US) against the hawk, after some quiet weeks."""
    recorder = new_recorder(june, 17, (None, "hawk"))
    for _ in range(weeks):
        recorder.play(Order(), Order(("tariff_up",)) if recorder.game.turn == 2 else Order())
    return recorder.record()


def test_save_by_name_then_load_continues_at_the_same_week(app, june):
    """Save from the pause menu, quit, load from the save screen: the same week and the same state hash."""
    to_board(app, "Play as Donald Trump")
    play_week(app)
    play_week(app)
    state, week = app.session.game.hash(), app.session.game.turn
    press(app, pygame.K_ESCAPE)
    click(app, find_button(app, "Save game"))
    assert type(app.modal).__name__ == "SaveGameDialog"
    app.modal.entry.set_text("before the deadline")
    click(app, find_button(app, "Save"))
    assert type(app.modal).__name__ == "NoticeDialog"
    assert "before_the_deadline.json" in dialog_text(app)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_ESCAPE)
    click(app, find_button(app, "Quit to title"))
    assert app.session is None

    open_saves(app)
    choose(app, "before_the_deadline")
    text = shown(app)
    assert "before_the_deadline" in text and "June 2025: The Rare-Earth Squeeze" in text
    assert f"week {week} of 11" in text and "US: you · China:" in text and "in progress" in text
    click(app, find_button(app, "Load and continue"))
    assert screen_name(app) == "BoardScreen"
    assert app.session.game.turn == week and app.session.game.hash() == state
    assert app.session.is_human(0) and not app.session.is_human(1)
    play_week(app)
    assert app.session.game.turn == week + 1


def test_a_broken_save_is_listed_with_its_problem_and_cannot_be_loaded(app, june):
    """A cut-short file shows its problem in the list; Load is disabled and the file is left as it was."""
    folder = saves_dir()
    folder.mkdir(parents=True)
    (folder / "cut-short.json").write_text(CUT_SHORT, encoding="utf-8")
    save_named(recorded_game(june, 2), "fine")
    open_saves(app)
    choose(app, "cut-short")
    pump(app, 2)
    text = shown(app)
    assert "cut-short" in text and "not valid JSON" in text and "cannot load" in text
    assert "This file cannot be loaded" in text
    assert not find_button(app, "Load and continue").is_enabled
    assert not find_button(app, "Watch replay").is_enabled
    press(app, pygame.K_RETURN)
    press(app, pygame.K_w)
    assert screen_name(app) == "SaveScreen" and app.session is None and app.modal is None
    assert (folder / "cut-short.json").read_text(encoding="utf-8") == CUT_SHORT
    choose(app, "fine")
    assert find_button(app, "Load and continue").is_enabled


def test_a_changed_scenario_asks_first_and_names_the_first_diverging_week(app, june):
    """A record made with another version of the scenario asks before replaying, showing where it diverges."""
    record = recorded_game(june, 4)
    turns = list(record.turns)
    turns[2] = turns[2].model_copy(update={"hash": "0" * 16})
    scenario = record.scenario.model_copy(update={"hash": "f" * 64})
    save_named(record.model_copy(update={"turns": tuple(turns), "scenario": scenario}), "old-rules")
    open_saves(app)
    choose(app, "old-rules")
    assert "check first" in shown(app)
    click(app, find_button(app, "Load and continue"))
    assert type(app.modal).__name__ == "ConfirmDialog"
    text = dialog_text(app)
    assert "another version of the scenario" in text and "First diverging week: 3" in text
    click(app, find_button(app, "Cancel"))
    assert app.modal is None and app.session is None
    click(app, find_button(app, "Load and continue"))
    click(app, find_button(app, "Replay anyway"))
    assert screen_name(app) == "BoardScreen"
    assert app.session.game.turn == 5 and len(app.session.game.reports) == 4


def test_a_finished_game_can_be_watched_but_not_continued(app, june):
    """A game that is over cannot be loaded to continue; Watch replay opens it in the viewer."""
    recorder = new_recorder(june, 3, (None, "hawk"))
    while not recorder.game.is_over:
        recorder.play(Order(), Order())
    save_named(recorder.record(), "over")
    open_saves(app)
    choose(app, "over")
    assert "finished" in shown(app)
    assert not find_button(app, "Load and continue").is_enabled
    press(app, pygame.K_w)
    assert screen_name(app) == "ReplayScreen" and app.screen.replay.length == len(recorder.turns)
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "SaveScreen"


@pytest.mark.parametrize("size", [(960, 600), (1280, 720), (1920, 1080)])
def test_the_save_screen_and_dialogs_fit_the_window(size, tmp_path, monkeypatch, june):
    """With two dozen saves (one broken), every widget of the screen and the save dialog stays in the window."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    record = recorded_game(june, 2)
    for k in range(24):
        save_named(record, f"game-{k}")
    (saves_dir() / "cut-short.json").write_text(CUT_SHORT, encoding="utf-8")
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=500))
    try:
        open_saves(app)
        screen = app.screen
        assert len(screen.rows) == 25 and len(screen.row_rects) < 25, "a long list scrolls"
        press(app, pygame.K_END)
        assert screen.index == 24 and any(i == 24 for _, i in screen.row_rects), "the chosen row is in view"
        assert widgets_outside(app) == [] and buttons_cut(app) == []
        table = screen.rects["table"]
        assert all(table.contains(r) for r, _ in screen.row_rects)
        from game.ui.screens.setup import start_game
        from game.ui.session import GamePlan, SeatPlan

        app.set_screen(start_game(app, GamePlan(june, 1, (SeatPlan(), SeatPlan(False, "hawk")))))
        press(app, pygame.K_ESCAPE)
        click(app, find_button(app, "Save game"))
        assert dialog_inside(app)
    finally:
        app.close()


@pytest.mark.parametrize("size", [(960, 600), (1280, 720), (3840, 2160)], ids=["600", "720", "2160"])
def test_the_players_column_fits_scripted_leaders(size, tmp_path, monkeypatch, june):
    """Scripted leaders ('Fixed script: tit for tat') fit the table's Players column; no cell is cut, none overlaps."""
    from game.ui import theme
    from game.ui.screens.saves import FIXED
    from tests.test_ui_layout import texts_outside, texts_overlapping

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    for leaders in ((None, "tit_for_tat"), (None, "historical"), ("random", None), ("tit_for_tat", "hawk")):
        recorder = new_recorder(june, 17, leaders)
        recorder.play(Order(), Order())
        save_named(recorder.record(), f"versus {'-'.join(x or 'you' for x in leaders)}")
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=500))
    try:
        open_saves(app)
        drawn: list = []
        monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
        theme.ELIDED.clear()
        pump(app, 2)
        assert theme.ELIDED == [], f"text cut: {theme.ELIDED}"
        assert texts_outside(app, drawn) == [] and texts_overlapping(drawn) == []
        texts = {text for text, _ in drawn}
        for row in app.screen.rows:
            shown = [w for w in row.wordings(4) if w in texts]
            assert shown, f"the players of {row.info.name} are drawn in full or in short: {row.wordings(4)}"
            assert FIXED in row.cells[4] and len(row.wordings(4)) == 2
            if size[0] >= 1280:
                assert row.cells[4] in texts, "a wide window shows the leaders' full names"
    finally:
        app.close()


@pytest.mark.parametrize("size", [(960, 600), (1280, 720)], ids=["600", "720"])
def test_a_damaged_files_status_stays_whole_beside_a_long_row(size, tmp_path, monkeypatch, june):
    """Damaged files (cut short, garbage, wrong shape) beside a finished game with long names: each row's status
    reads "cannot load" in full; the whole error is in the row's tip and in the details when it is selected."""
    import os

    from game.ui import theme

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = saves_dir()
    folder.mkdir(parents=True)
    (folder / "cut-short.json").write_text(CUT_SHORT, encoding="utf-8")
    (folder / "garbage.json").write_bytes(os.urandom(300))
    wrong = '{"format": "brinkmanship-record", "version": 1, "kind": "game", "scenario": 5}'
    (folder / "wrong-shape.json").write_text(wrong, encoding="utf-8")
    recorder = new_recorder(june, 17, ("tit_for_tat", "historical"))
    while not recorder.game.is_over:
        recorder.play(Order(), Order())
    save_named(recorder.record(), "a finished game between two scripted leaders")
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=500))
    try:
        open_saves(app)
        screen = app.screen
        drawn: list = []
        monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
        theme.ELIDED.clear()
        pump(app, 1)
        broken = [(r, screen.rows[i]) for r, i in screen.row_rects if not screen.rows[i].info.ok]
        assert len(broken) == 3
        for rect, row in broken:
            status = [text for text, at in drawn if rect.contains(at) and text.startswith("canno")]
            assert status == ["cannot load"], f"{row.info.name}: status drawn as {status}"
            assert row.info.problem in html.unescape(row.tip), "the row's tip gives the whole error"
        assert not any(text.startswith("canno") for text in theme.ELIDED)
        choose(app, "wrong-shape")
        drawn.clear()
        pump(app, 1)
        problem = screen.selected.problem
        details = " ".join(text for text, at in drawn if screen.rects["details"].contains(at))
        assert len(problem) > 100 and f"This file cannot be loaded: {problem}" in details
    finally:
        app.close()
