"""Hot reload in the window: saving the open scenario's file reloads it; a broken save shows its problems.

The scenario is a copy of June 2025 in a temporary user-scenarios folder, opened
in a real (headless) window; edits are written the way an editor saves them.
"""

from __future__ import annotations

import os

import pytest

from game.paths import scenarios_dir, user_scenarios_dir
from game.scenario.compiler import load_scenario
from game.ui import theme
from game.ui.app import App
from game.ui.driver import click, find_button, pump
from game.ui.screens.setup import SetupScreen, start_game
from game.ui.session import GamePlan, SeatPlan
from game.ui.settings import Settings
from tests.test_ui_flow import play_week

TALKS = "label: Send negotiators to talks"
BROKEN = 'when: "not self.offer.pending"'


@pytest.fixture
def scenario_file(tmp_path, monkeypatch):
    """A user's copy of June 2025 (its own id), and a function that saves new text over it."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = user_scenarios_dir()
    folder.mkdir(parents=True)
    path = folder / "my_june.yaml"
    text = (scenarios_dir() / "june_2025.yaml").read_text(encoding="utf-8").replace("id: june_2025", "id: my_june", 1)
    assert TALKS in text and BROKEN in text
    ticks = iter(range(1_000_000, 2_000_000))

    def save(new_text: str) -> None:
        path.write_text(new_text, encoding="utf-8")
        tick = next(ticks) * 10**9  # a new modification time even on file systems with coarse clocks
        os.utime(path, ns=(tick, tick))

    save(text)
    return path, text, save


@pytest.fixture
def window(monkeypatch):
    """A headless window whose drawn text the flow helpers can read."""
    app = App((1280, 720), settings=Settings(forecast_runs=300, show_forecasts=False, reveal_pace=0))
    app.text_log = []
    monkeypatch.setattr(theme, "TEXT_LOG", app.text_log)
    yield app
    app.close()


def open_game(app: App, path, seed: int, opponent: str = "tit_for_tat"):
    """Start a game of the file's scenario against a computer leader; return the scenario."""
    sc = load_scenario(path)
    app.set_screen(start_game(app, GamePlan(sc, seed, (SeatPlan(), SeatPlan(False, opponent)))))
    pump(app, 2)
    return sc


def wait_a_second(app: App) -> None:
    """Run frames for a little over the poll interval."""
    pump(app, 5, dt=0.25)


def test_saving_the_open_scenario_reloads_it_and_the_game_goes_on(scenario_file, window):
    path, text, save = scenario_file
    app = window
    open_game(app, path, 11)
    play_week(app)
    assert app.session.game.turn == 2
    state_before = app.session.game.state.copy()

    save(text.replace(TALKS, "label: Send envoys to the table").replace('title: "June 2025:', 'title: "Revised:', 1))
    wait_a_second(app)

    assert app.session.sc.title.startswith("Revised:"), "the game runs on the new version"
    assert app.session.game.turn == 2 and (app.session.game.state == state_before).all(), "where it was"
    assert "Reloaded my_june.yaml" in app.reloader.notice.text() and "week 2" in app.reloader.notice.text()
    find_button(app, "Send envoys to the table")  # the board shows the new move label
    play_week(app)
    assert app.session.game.turn == 3


def test_a_broken_save_shows_its_problems_and_the_game_carries_on(scenario_file, window):
    path, text, save = scenario_file
    app = window
    sc = open_game(app, path, 12)

    save(text.replace(BROKEN, 'when: "not self.offer.pending and"'))
    wait_a_second(app)

    notice = app.reloader.notice
    line = text[: text.index(BROKEN)].count("\n") + 1
    assert notice is not None and notice.kind == "errors"
    assert f"{path}:{line}:" in notice.text(), notice.text()
    assert app.session.sc is sc, "the last valid version stays in play"
    play_week(app)
    assert app.session.game.turn == 2 and type(app.screen).__name__ == "BoardScreen"

    save(text)  # fixed
    wait_a_second(app)
    assert app.reloader.notice.kind == "reloaded"


def test_a_new_layout_offers_a_restart_on_the_new_version(scenario_file, window):
    path, text, save = scenario_file
    app = window
    open_game(app, path, 13, "hawk")
    play_week(app)

    save(text.replace("variables:\n", "variables:\n  morale:\n    label: Morale\n    start: 50\n", 1))
    wait_a_second(app)

    assert app.reloader.notice.kind == "restart"
    assert "morale" not in app.session.sc.var_index and app.session.game.turn == 2, "nothing changes until asked"
    click(app, find_button(app, "Restart on the new version"))
    assert "morale" in app.session.sc.var_index
    assert app.session.game.turn == 1 and app.session.plan.seed == 13


def test_the_setup_screen_shows_the_saved_version(scenario_file, window):
    path, text, save = scenario_file
    app = window
    app.set_screen(SetupScreen(app, load_scenario(path)))
    pump(app, 2)
    save(text.replace('title: "June 2025:', 'title: "Revised:', 1))
    wait_a_second(app)
    assert app.screen.sc.title.startswith("Revised:")
    assert any(getattr(e, "text", "").startswith("New game — Revised:") for e in app.screen.elements)


def test_the_reloaded_notice_can_restart_the_game_on_the_new_version(scenario_file, window):
    path, text, save = scenario_file
    app = window
    open_game(app, path, 14)
    play_week(app)
    save(text.replace('title: "June 2025:', 'title: "Revised:', 1))
    wait_a_second(app)
    assert app.session.game.turn == 2, "the game went on"
    click(app, find_button(app, "Restart"))
    assert app.session.game.turn == 1 and app.session.sc.title.startswith("Revised:")
    assert app.session.plan.seed == 14
