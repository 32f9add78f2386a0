"""The replay viewer, driven headless: stepping, jumping, history's headlines, taking over, and the debrief after."""

from __future__ import annotations

import time

import pygame
import pytest

from game.cli import main
from game.engine.game import Order
from game.records.files import save_named
from game.records.history import history_record
from game.records.recorder import new_recorder
from game.ui import theme
from game.ui.app import App
from game.ui.driver import click, click_at, find_button, press, pump
from game.ui.settings import Settings
from tests.test_ui_flow import screen_name, shown
from tests.test_ui_layout import buttons_cut, widgets_outside
from tests.test_ui_saves import dialog_inside


def open_history(app: App, title: str = "June 2025") -> None:
    """Title screen -> Replay history -> the scenario chosen in the picker."""
    from game.ui.screens.menus import TitleScreen

    app.set_screen(TitleScreen(app))
    click(app, find_button(app, "Replay history"))
    assert type(app.modal).__name__ == "HistoryPicker", "three bundled scenarios carry their history"
    click(app, find_button(app, title))
    assert screen_name(app) == "ReplayScreen" and app.modal is None
    pump(app, 2)


def click_week(app: App, week: int) -> None:
    """Click a week on the viewer's timeline."""
    rect = next(r for r, p in app.screen.week_rects if p == week)
    click_at(app, rect.center)


def finish(session) -> None:
    """Play the rest of a session's game with no moves from the person."""
    while not session.game.is_over:
        for side in (0, 1):
            if session.is_human(side):
                session.submit(side, Order())
        while not session.computers_ready():
            time.sleep(0.002)
        session.play()


def test_the_viewer_steps_back_and_forth_and_jumps(app, june):
    """Buttons, arrow keys and the timeline move through the weeks; each week shows its own moves and headlines."""
    open_history(app)
    viewer = app.screen
    assert viewer.replay.position == 0 and "The start" in shown(app)
    assert not find_button(app, "← Back").is_enabled
    click(app, find_button(app, "Next"))
    assert viewer.replay.position == 1 and "Week 1 of 11" in shown(app)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)
    assert viewer.replay.position == 3 and "Week 3 of 11" in shown(app)
    press(app, pygame.K_LEFT)
    assert viewer.replay.position == 2
    click_week(app, 7)
    pump(app, 8)
    assert viewer.replay.position == 7
    text = shown(app)
    assert "Week 7 of 11" in text and "Week 7: the moves" in text
    real = [h for step in june.history if step.turn == 7 for h in step.headlines]
    assert real and real[0][1].split()[0] in app.screen.news_box.html_text, "the week's real headline"
    assert "What really happened" in app.screen.news_box.html_text
    report = viewer.replay.game.reports[6]
    moves = " · ".join(m.label for m in report.moves[0]) or "No moves"
    assert moves in text, "the US's moves that week"
    press(app, pygame.K_END)
    assert viewer.replay.at_end and not find_button(app, "Next").is_enabled
    assert not find_button(app, "Play as Donald Trump").is_enabled, "nothing to take over once the game is over"
    assert "The end" in shown(app)
    press(app, pygame.K_HOME)
    assert viewer.replay.position == 0
    press(app, pygame.K_SPACE)
    pump(app, int(app.settings.watch_pace * 60 * 2.5) + 4)
    assert viewer.replay.position >= 2 and find_button(app, "Pause"), "the weeks play by themselves"
    press(app, pygame.K_SPACE)
    assert find_button(app, "Play")
    press(app, pygame.K_ESCAPE)
    assert screen_name(app) == "TitleScreen"


def test_taking_over_history_at_week_3_then_the_debrief_and_report(app, june, tmp_path):
    """The new game's first three weeks are history's; the debrief says where it left history; a report is written."""
    open_history(app)
    click_week(app, 3)
    assert "Take over after week 3" in shown(app)
    click(app, find_button(app, "Play as Donald Trump"))
    assert screen_name(app) == "BoardScreen"
    session = app.session
    assert session.is_human(0) and not session.is_human(1)
    history = history_record(june)
    game = session.game
    assert game.turn == 4 and [r.state_hash for r in game.reports] == [t.hash for t in history.turns[:3]]
    assert session.recorder.settings.origin.kind == "history" and session.recorder.settings.origin.turn == 3

    session.submit(0, Order(("call",)))
    finish(session)
    from game.ui.screens.debrief import DebriefScreen

    app.set_screen(DebriefScreen(app))
    pump(app, 2)
    debrief = app.screen
    assert debrief.comparison is not None and debrief.comparison.left_at == 4
    text = next(e for e in debrief.elements if type(e).__name__ == "UITextBox").html_text
    assert "Against history" in text and "The game left history in week 4" in text
    assert "Taken over after week 3 of history" in shown(app)

    click(app, find_button(app, "Export report"))
    assert type(app.modal).__name__ == "NoticeDialog"
    reports = list((tmp_path / "brinkmanship" / "reports").glob("*.md"))
    assert len(reports) == 1 and str(reports[0]) in next(
        e.html_text for e in app.modal.elements if type(e).__name__ == "UITextBox"
    )
    body = reports[0].read_text(encoding="utf-8")
    assert "Taken over** from the real history after week 3" in body and "## Compared with what really happened" in body
    assert list(reports[0].parent.glob("*.png")), "charts beside the report"
    press(app, pygame.K_RETURN)
    pump(app, 2)
    assert "Report saved in" in shown(app) and find_button(app, "Report saved")


def test_export_errors_are_shown_not_raised(app, june, tmp_path):
    """A reports folder that cannot be written gives a message on screen, and the debrief stays."""
    from game.ui.screens.debrief import DebriefScreen
    from game.ui.screens.setup import start_game
    from game.ui.session import GamePlan, SeatPlan

    (tmp_path / "brinkmanship").mkdir()
    (tmp_path / "brinkmanship" / "reports").write_text("a file where the folder should be", encoding="utf-8")
    app.set_screen(start_game(app, GamePlan(june, 8, (SeatPlan(), SeatPlan(False, "hawk")))))
    finish(app.session)
    app.set_screen(DebriefScreen(app))
    press(app, pygame.K_e)
    assert type(app.modal).__name__ == "ErrorDialog" and screen_name(app) == "DebriefScreen"
    assert app.screen.exported is None


def test_taking_over_a_saved_game_for_both_sides(app, june):
    """A recorded game opened from the save screen can be taken over by two people (hot-seat) at any week."""
    recorder = new_recorder(june, 21, ("hawk", "dove"))
    leaders = recorder.leaders()
    for _ in range(5):
        orders = [
            leaders[s].decide(june, recorder.game.observation(s), s, recorder.game.leader_rngs[s]).orders
            for s in (0, 1)
        ]
        recorder.play(*orders)
    save_named(recorder.record(), "hawk-v-dove")
    from game.ui.screens.saves import SaveScreen

    app.set_screen(SaveScreen(app))
    press(app, pygame.K_w)
    assert screen_name(app) == "ReplayScreen"
    assert "computer: Hawk" in shown(app)
    click_week(app, 2)
    click(app, find_button(app, "Both sides"))
    assert screen_name(app) == "Curtain"
    session = app.session
    assert session.plan.mode == "hotseat" and session.game.turn == 3
    assert [r.state_hash for r in session.game.reports] == [t.hash for t in recorder.turns[:2]]


def test_replay_and_history_commands_open_the_viewer(tmp_path, monkeypatch, june):
    """`brinkmanship replay FILE --window` and `brinkmanship history --window` open the window on the viewer."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    opened = []

    def run(self):
        opened.append((type(self.screen).__name__, self.screen.replay.length, self.screen.replay.record.kind))
        self.close()
        return 0

    monkeypatch.setattr(App, "run", run)
    recorder = new_recorder(june, 2, (None, "hawk"))
    recorder.play(Order(), Order())
    path = save_named(recorder.record(), "one-week")
    assert main(["replay", str(path), "--window"]) == 0
    assert main(["history", "june_2025", "--window"]) == 0
    assert opened == [("ReplayScreen", 1, "game"), ("ReplayScreen", 11, "history")]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_viewer_fits_the_window(size, tmp_path, monkeypatch, june):
    """At the start, mid-history and at the end, every widget stays in the window and no text is cut."""
    from game.records.replay import Replay
    from game.ui.screens.replay import ReplayScreen

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=500))
    try:
        app.set_screen(ReplayScreen(app, Replay.of(history_record(june))))
        for position in (0, 3, 5, 11):
            theme.ELIDED.clear()
            app.screen.jump(position)
            pump(app, 2)
            assert widgets_outside(app) == [] and buttons_cut(app) == []
            assert theme.ELIDED == [], f"text cut at week {position}: {theme.ELIDED}"
        press(app, pygame.K_ESCAPE)
        click(app, find_button(app, "Replay history"))
        assert dialog_inside(app)
    finally:
        app.close()


def test_the_viewer_names_lever_settings_like_the_reveal(app, june):
    """Each week's lever changes read as settings ('H20 held + Ascend → …'), never raw notches ('2 → 1')."""
    import html

    open_history(app)
    viewer = app.screen
    checked = 0
    for week in range(1, viewer.replay.length + 1):
        viewer.jump(week)
        pump(app, 2, dt=0.5)  # the text boxes fill once stepping pauses
        assert not viewer.text_pending
        text = html.unescape(app.screen.changed_box.html_text)
        for change in viewer.replay.report.changes:
            var = june.variables[change.row]
            if var.role != "lever" or change.before == change.after:
                continue
            lever = june.lever_by_name(var.name)
            if not lever.notch_names:
                continue
            name = {v: n for v, n in zip(lever.values.tolist(), lever.notch_names)}
            line = next(line for line in text.split("<br>") if f"{var.label}</b>" in line)
            before, after = line.split(" → ")
            assert name[change.before] in before and name[change.after] in after, (week, line)
            assert f"{change.before:g} → {change.after:g}" not in line, (week, line)
            checked += 1
    assert checked >= 3, "the history moves some named levers"


def test_a_secret_move_found_out_shows_in_the_finders_replay(app):
    """East's night fishing in week 1: West's replay of that week hides it until West finds out, then shows it."""
    from game.records.replay import Replay
    from game.scenario.compiler import load_scenario_text
    from game.ui.screens.replay import ReplayScreen, moves_text, week_tip
    from tests.test_authoring_guide import HERRING

    sc = load_scenario_text(HERRING, "herring_bay.yaml")
    label = sc.move_by_id(1, "night_fishing").label
    recorder = new_recorder(sc, 1, (None, "dove"))
    recorder.play(Order(), Order(("night_fishing",)))
    before = Replay.of(recorder.record(), scenario=sc)
    assert before.viewer == 0 and before.game.value("east.found.night_fishing") == 0
    week1 = before.game.reports[0]
    assert label not in moves_text(before.game, week1, 1, before.viewer) and label not in week_tip(before, 1)
    while recorder.game.value("east.found.night_fishing") == 0:
        recorder.play(Order(), Order())
    after = Replay.of(recorder.record(), scenario=sc)
    assert after.viewer == 0 and not after.game.is_over
    assert label in moves_text(after.game, after.game.reports[0], 1, after.viewer) and label in week_tip(after, 1)
    assert label not in moves_text(after.game, after.game.reports[1], 1, after.viewer), "week 2: no night fishing"
    app.set_screen(ReplayScreen(app, after))
    pump(app, 2)
    click_week(app, 1)
    pump(app, 2)
    assert app.screen.replay.position == 1
