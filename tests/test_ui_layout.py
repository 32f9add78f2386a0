"""Layout at every window size from 960x600 to 3840x2160.

Every widget stays inside the window, no text is cut and no text is written over other text.
"""

from __future__ import annotations

import json
import time
import warnings

import pygame
import pygame_gui
import pytest

from game.engine.game import Order
from game.ui import theme
from game.ui.app import App
from game.ui.driver import click, find_button, move_mouse, press, pump, scroller_of
from game.ui.screens.board import BoardScreen
from game.ui.screens.setup import start_game
from game.ui.session import GamePlan, SeatPlan
from game.ui.settings import Settings
from tests.conftest import SCENARIO_FILES
from tests.ui_support import PATIENCE

SIZES = [(960, 600), (1280, 720), (1920, 1080), (3840, 2160)]
"""The smallest window allowed, the common ones, and 4K."""
SIZE_IDS = ["600", "720", "1080", "2160"]
IN_BETWEEN = [(1100, 650), (1199, 679), (1366, 768), (2560, 1440)]
"""Sizes between the steps of text scale (the board is checked at these too)."""


def own_elements(app: App) -> list:
    """The widgets of the screen and of the dialog open over it, if any."""
    return [e for owner in (app.screen, app.modal) if owner is not None for e in owner.elements]


def widgets_outside(app: App) -> list[str]:
    """Widgets (of the screen or its dialog, not inside a scrolling area) whose rect leaves the window."""
    window = pygame.Rect((0, 0), app.size)
    out = []
    for element in own_elements(app):
        if not element.alive() or scroller_of(app, element) is not None:
            continue
        if not window.contains(element.rect):
            out.append(f"{type(element).__name__} {getattr(element, 'text', '')!r} at {element.rect}")
    return out


def text_widgets(app: App) -> list:
    """Live labels and buttons with text (of the screen and any dialog), with where they show."""
    out = []
    for owner in (app.screen, app.modal):
        if owner is None:
            continue
        for element in owner.elements:
            if not element.alive() or not getattr(element, "visible", True):
                continue
            kinds = (pygame_gui.elements.UILabel, pygame_gui.elements.UIButton)
            if not isinstance(element, kinds) or not element.text.strip():
                continue
            rect = element.rect
            scroller = scroller_of(app, element)
            if scroller is not None:
                rect = rect.clip(scroller.rect)
                if not rect.width or not rect.height:
                    continue
            out.append((owner, element, rect))
    return out


def widgets_overlapping(app: App) -> list[str]:
    """Pairs of text-bearing widgets (labels, buttons) of one screen that cover each other."""
    found = text_widgets(app)
    out = []
    for i, (owner_a, a, ra) in enumerate(found):
        for owner_b, b, rb in found[i + 1 :]:
            if owner_a is not owner_b:
                continue  # a dialog covers the screen on purpose
            clip = ra.clip(rb)
            if clip.width > 2 and clip.height > 2:
                out.append(f"{a.text!r} at {ra} over {b.text!r} at {rb}")
    return out


def cards_without_cost(app: App) -> list[str]:
    """Move cards whose text lost its cost ("· 1 pt") or its key ("[4]") to fit."""
    board = app.screen
    keys = getattr(board, "keys", {})
    out = []
    for button, move in getattr(board, "cards", {}).items():
        if not button.text.endswith((" pt", " pts", " free")) or (
            move.id in keys and f"[{keys[move.id]}]" not in button.text
        ):
            out.append(button.text)
    return out


def buttons_cut(app: App) -> list[str]:
    """Buttons (of the screen or its dialog) whose text is wider than the button (shortened text is in theme.ELIDED)."""
    cut = []
    for element in own_elements(app):
        if isinstance(element, pygame_gui.elements.UIButton):
            width = element.font.size(element.text)[0] if element.font else 0
            if width > element.rect.width - 8:
                cut.append(element.text)
    return cut


@pytest.fixture
def board_at(tmp_path, monkeypatch, june):
    """Open the main board of June 2025 at a window size, with some weeks played so news and charts are full."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    apps = []

    def make(size):
        app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=500))
        apps.append(app)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            app.set_screen(start_game(app, GamePlan(june, 42, (SeatPlan(), SeatPlan(False, "baseline:hawk")))))
            session = app.session
            for _ in range(5):
                session.submit(0, Order(("hold_talks",)))
                while not session.computers_ready():
                    time.sleep(0.002)
                session.play()
            app.set_screen(BoardScreen(app))
        return app

    yield make
    for app in apps:
        app.close()


@pytest.mark.parametrize("size", SIZES + IN_BETWEEN, ids=SIZE_IDS + [f"{w}x{h}" for w, h in IN_BETWEEN])
def test_board_fits_the_window(board_at, size):
    """Nothing leaves the window, no button text is cut, and no board text had to be shortened."""
    theme.ELIDED.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pygame_gui warns when a label is too small for its text
        app = board_at(size)
        pump(app, 3)
    assert app.screen.__class__.__name__ == "BoardScreen"
    assert widgets_outside(app) == []
    assert buttons_cut(app) == []
    assert widgets_overlapping(app) == []
    assert theme.ELIDED == [], f"text cut on the board: {theme.ELIDED}"
    assert cards_without_cost(app) == []
    assert len(app.session.game.news("us")) > 8, "a full news feed"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_forecast_view_fits(board_at, size):
    """Hovering a move shows its forecast in the chart panel without cutting any text."""
    app = board_at(size)
    board = app.screen
    card = next(b for b, m in board.cards.items() if m.id == "call")
    theme.ELIDED.clear()
    move_mouse(app, card.rect.center)
    end = time.perf_counter() + PATIENCE
    while board._shown_forecast is None and time.perf_counter() < end:
        pump(app, 1)
        time.sleep(0.002)
    assert board._shown_forecast is not None, "the forecast arrived"
    assert theme.ELIDED == []
    assert widgets_outside(app) == [] and widgets_overlapping(app) == []


def texts_outside(app: App, drawn) -> list[str]:
    """Drawn lines of text that leave the window."""
    window = pygame.Rect((0, 0), app.size)
    return [f"{text!r} at {rect}" for text, rect in drawn if not window.contains(rect)]


def texts_overlapping(drawn) -> list[str]:
    """Pairs of drawn lines of text that cover each other (one line written over another)."""
    unique = list({(text, tuple(rect)): rect for text, rect in drawn if text.strip()}.items())
    out = []
    for i, ((text_a, _), a) in enumerate(unique):
        for (text_b, _), b in unique[i + 1 :]:
            if a.clip(b).width > 2 and a.clip(b).height > 3:
                out.append(f"{text_a!r} at {a} over {text_b!r} at {b}")
    return out


def check_fit(app: App, drawn) -> None:
    """Nothing leaves the window, no button or drawn text is cut, and no line is written over another."""
    assert widgets_outside(app) == []
    assert buttons_cut(app) == []
    assert widgets_overlapping(app) == []
    assert theme.ELIDED == [], f"text cut: {theme.ELIDED}"
    assert texts_outside(app, drawn) == []
    assert texts_overlapping(drawn) == []


def wait_for_forecasts(app: App) -> None:
    """Let the table ask for its outlook (after a short pause), then wait for the worker."""
    pump(app, 20)
    end = time.perf_counter() + PATIENCE
    while app.forecaster.pending() and time.perf_counter() < end:
        pump(app, 1)
        time.sleep(0.005)
    pump(app, 3)


def grand_bargain_on_the_table(app: App) -> None:
    """Open the negotiation table and fill in its biggest ready-made package."""
    press(app, pygame.K_n)
    assert type(app.screen).__name__ == "NegotiationScreen"
    click(app, find_button(app, "Grand bargain"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_negotiation_table_fits(board_at, size, monkeypatch):
    """The table with the biggest ready-made package on it, and its outlook, fit at either size."""
    app = board_at(size)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grand_bargain_on_the_table(app)
        wait_for_forecasts(app)
        drawn: list = []
        monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
        theme.ELIDED.clear()
        pump(app, 2)
    assert any("Chance" in text for text, _ in drawn), "the outlook arrived"
    check_fit(app, drawn)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_turn_reveal_fits(board_at, size, monkeypatch):
    """After a week with a proposal and moves on both sides, the reveal fits at either size."""
    app = board_at(size)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grand_bargain_on_the_table(app)
        press(app, pygame.K_RETURN)  # propose it
        drawn: list = []
        monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
        theme.ELIDED.clear()
        press(app, pygame.K_RETURN)  # end the week
        end = time.perf_counter() + PATIENCE
        while type(app.screen).__name__ == "BoardScreen" and time.perf_counter() < end:
            pump(app, 1)
            time.sleep(0.005)
        if type(app.screen).__name__ == "PingPongScreen":
            click(app, find_button(app, "Skip"))
        assert type(app.screen).__name__ == "RevealScreen"
        pump(app, 20)  # the first card turning over
        drawn.clear()
        pump(app, 1)
        check_fit(app, drawn)
        press(app, pygame.K_RETURN)  # everything at once
        assert type(app.screen).__name__ == "RevealScreen" and app.screen.done
        drawn.clear()
        pump(app, 2)
    assert any("Proposed:" in text for text, _ in drawn), "the proposal is shown"
    check_fit(app, drawn)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_text_grows_with_the_window(board_at, size):
    """Text is drawn bigger on a bigger window (1920x1080 reads like 1280x720, not smaller)."""
    app = board_at(size)
    body = theme.font(15).get_height()
    assert (body > 20) == (size[1] >= 1080), f"{body}px text at {size}"
    label = next(e for e in app.screen.elements if getattr(e, "text", "") == "DIPLOMACY")
    assert label.rect.height >= label.font.size("DIPLOMACY")[1], "labels grow with their text"


def test_resize_lays_out_again(board_at, monkeypatch):
    """Resizing the window rebuilds the board for the new size, in the same window (never a new one)."""
    app = board_at((1280, 720))
    window = pygame.display.get_surface()

    def no_new_window(*args, **kwargs):
        raise AssertionError("the window was made anew")

    monkeypatch.setattr(pygame.display, "set_mode", no_new_window)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    pump(app, 2)
    assert app.size == (1600, 900)
    assert widgets_outside(app) == []
    assert max(e.rect.right for e in app.screen.elements) > 1280
    assert theme.SCALE > 1, "a taller window draws bigger text"
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1280, h=720, size=(1280, 720)))
    pump(app, 2)
    assert theme.SCALE == 1 and widgets_outside(app) == []
    assert pygame.display.get_surface() is window and app.window.get_size() == (1280, 720)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=700, y=400))  # below the smallest size
    pump(app, 3)
    assert app.size == (960, 600) and app.window.get_size() == (960, 600)
    assert widgets_outside(app) == [] and widgets_overlapping(app) == []


def test_theme_uses_the_palette():
    """The JSON theme and the custom drawing share one palette (accent, text, border)."""
    data = json.loads(theme.theme_path().read_text(encoding="utf-8"))
    colours = data["defaults"]["colours"]
    assert colours["normal_text"] == theme.PALETTE["text"]
    assert colours["hovered_border"] == theme.PALETTE["accent"]
    assert colours["normal_border"] == theme.PALETTE["border"]
    assert (theme.fonts_dir() / "OFL.txt").exists()
    assert all((theme.fonts_dir() / f).exists() for f in theme.FONT_FILES.values())


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_bundled_scenario_fits_the_board(path, size, tmp_path, monkeypatch):
    """Any bundled scenario (other sides, levers, meters) lays out at either size with no text cut."""
    from game.scenario.compiler import load_scenario

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = App(size, settings=Settings(forecast_runs=500))
    try:
        theme.ELIDED.clear()
        sc = load_scenario(path)
        app.set_screen(start_game(app, GamePlan(sc, 3, (SeatPlan(), SeatPlan(False, "random")))))
        pump(app, 3)
        assert widgets_outside(app) == [] and buttons_cut(app) == []
        assert widgets_overlapping(app) == [] and cards_without_cost(app) == []
        assert theme.ELIDED == [], f"text cut on the board: {theme.ELIDED}"
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_offer_banner_and_deal_in_force_fit(size, june, tmp_path, monkeypatch):
    """The biggest offer on the table, then the same deal in force: its banner and lines are never cut."""
    from game.records.history import package_offer
    from game.ui.session import Session

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=300, show_forecasts=False))
    try:
        app.session = session = Session(GamePlan(june, 7, (SeatPlan(), SeatPlan())))
        session.new_week()
        biggest = max(range(len(june.packages)), key=lambda i: len(package_offer(june, i).terms))
        session.submit(0, Order(("hold_talks",)))
        session.submit(1, Order(("propose",), package_offer(june, biggest)))
        session.play()
        for stage in ("offer", "deal"):
            if stage == "deal":
                session.submit(0, Order(("accept",)))
                session.submit(1, Order())
                assert session.play().signed_by is not None, "the deal was signed"
            drawn: list = []
            monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
            theme.ELIDED.clear()
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                app.set_screen(BoardScreen(app, 0))
                pump(app, 3)
            shown = " ".join(text for text, _ in drawn)
            assert ("offers a deal" in shown) == (stage == "offer") and ("Deal in force" in shown) == (stage == "deal")
            check_fit(app, drawn)
            assert cards_without_cost(app) == []
    finally:
        app.close()


def list_rows(app: App) -> list[tuple[str, pygame.Rect, object]]:
    """Every live button inside a scrolling list of the screen: its text, where it is, and the list."""
    out = []
    for element in app.screen.elements:
        scroller = scroller_of(app, element) if element.alive() else None
        if scroller is not None and isinstance(element, pygame_gui.elements.UIButton):
            out.append((element.text, element.rect, scroller))
    return out


@pytest.mark.parametrize("size", [(1280, 720), (960, 600)], ids=["720", "600"])
def test_move_list_scrolls_cleanly_after_a_counter_offer(size, june, tmp_path, monkeypatch):
    """Offer banner, "Counter…", propose the amended deal, scroll the moves: one list, rows apart, inside the list."""
    from game.records.history import package_offer
    from game.ui.session import Session

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = App(size, settings=Settings(width=size[0], height=size[1], show_forecasts=False))
    try:
        app.session = session = Session(GamePlan(june, 7, (SeatPlan(), SeatPlan())))
        session.new_week()
        session.submit(0, Order(("hold_talks",)))
        session.submit(1, Order(("propose",), package_offer(june, 0)))
        session.play()
        app.set_screen(BoardScreen(app, 0))
        pump(app, 3)
        click(app, find_button(app, "Counter"))
        press(app, pygame.K_RETURN)  # the offer's terms proposed back: the board again, with a proposal ready
        board = app.screen
        assert isinstance(board, BoardScreen) and board.offer is not None
        for _ in range(6):
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_y=-1.0))
            move_mouse(app, board.scroller.rect.center, 3)
        rows = list_rows(app)
        assert all(scroller is board.scroller for _, _, scroller in rows), "one move list"
        clip = board.scroller.rect
        shown = [(text, rect.clip(clip)) for text, rect, _ in rows if rect.colliderect(clip)]
        assert len(shown) >= 3, "rows show in the list"
        assert board.scroller.vert_scroll_bar.start_percentage > 0, "the list scrolled"
        for i, (a, ra) in enumerate(shown):
            for b, rb in shown[i + 1 :]:
                assert not ra.colliderect(rb), f"{a!r} at {ra} drawn over {b!r} at {rb}"
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_debrief_fits(size, june, tmp_path, monkeypatch):
    """The debrief of a finished game: every objective of both score cards is written whole (long ones wrap), and
    no text leaves the window or is written over another."""
    from game.ui.screens.debrief import DebriefScreen
    from tests.test_ui_replay import finish

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(DebriefScreen, "what_if_runs", 4)
    app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=300))
    try:
        app.set_screen(start_game(app, GamePlan(june, 2025, (SeatPlan(), SeatPlan(False, "hawk")))))
        finish(app.session)
        drawn: list = []
        monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
        theme.ELIDED.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            app.set_screen(DebriefScreen(app))
            pump(app, 3)
        shown = " ".join(text for text, _ in drawn)
        for side in (0, 1):
            for label, _ in app.session.game.objectives(side):
                assert all(word in shown for word in label.split()), f"objective {label!r} drawn whole"
        check_fit(app, drawn)
    finally:
        app.close()


def drawn_after(app: App, monkeypatch, frames: int = 2) -> list:
    """The lines of text drawn over a few frames of the current screen (and dialog), each with its rect."""
    drawn: list = []
    monkeypatch.setattr(theme, "TEXT_RECTS", drawn)
    theme.ELIDED.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pygame_gui warns when a label is too small for its text
        pump(app, frames)
    return drawn


@pytest.fixture
def window(tmp_path, monkeypatch):
    """A window of a given size with a fresh data folder (no settings, no saves)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    apps = []

    def make(size):
        app = App(size, settings=Settings(width=size[0], height=size[1], forecast_runs=300, show_forecasts=False))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_title_and_scenario_picker_fit(window, size, june, monkeypatch):
    """The title screen (with a save, so Continue names it) and the scenario picker fit with no text cut."""
    from game.records.files import save_named
    from game.records.recorder import new_recorder
    from game.ui.screens.menus import TitleScreen

    recorder = new_recorder(june, 5, (None, "hawk"))
    recorder.play(Order(), Order())
    save_named(recorder.record(), "a-saved-game")
    app = window(size)
    app.set_screen(TitleScreen(app))
    drawn = drawn_after(app, monkeypatch)
    assert find_button(app, "Continue").is_enabled, "a saved game to continue"
    assert any(text == "BRINKMANSHIP" for text, _ in drawn)
    check_fit(app, drawn)
    click(app, find_button(app, "New game"))
    assert type(app.screen).__name__ == "ScenarioPicker"
    check_fit(app, drawn_after(app, monkeypatch))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_setup_and_briefing_fit(window, size, june, monkeypatch):
    """Each way to play (against a computer, hot-seat, two computers to watch) and the briefing fit."""
    from game.ui.screens.setup import SetupScreen

    app = window(size)
    app.set_screen(SetupScreen(app, june))
    for key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
        press(app, key)
        drawn = drawn_after(app, monkeypatch)
        assert any(" vs " in text for text, _ in drawn), "the sides are named"
        check_fit(app, drawn)
        for menu in app.screen.dropdowns:
            arrow = menu.menu_states["closed"].open_button
            assert arrow.font.size(arrow.text)[0] <= arrow.rect.width - 4, f"{arrow.text} cut by its button"
    press(app, pygame.K_1)
    click(app, find_button(app, "Briefing"))
    assert type(app.screen).__name__ == "BriefingScreen"
    check_fit(app, drawn_after(app, monkeypatch))
    boxes = [e.html_text for e in app.screen.elements if isinstance(e, pygame_gui.elements.UITextBox)]
    assert any("How to play" in text for text in boxes)
    assert not any("&amp;" in text or "&lt;br&gt;" in text for text in boxes), "no markup shown as text"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_settings_fit(window, size, monkeypatch):
    """Every setting's row of choices fits, none cut or over another."""
    from game.ui.screens.menus import SettingsScreen

    app = window(size)
    app.set_screen(SettingsScreen(app))
    drawn = drawn_after(app, monkeypatch)
    for choice in ("960×600", "1920×1080", "4,000", "slow", "muted"):
        assert find_button(app, choice).visible
    current = find_button(app, f"{size[0]}×{size[1]}")
    assert "#toggle_on" in current.object_ids, "the window's own size is the one chosen"
    check_fit(app, drawn)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help_over_the_board_fits(window, size, june, monkeypatch):
    """F1 on the board: the help dialog with every board shortcut fits the window, its button whole."""
    from game.ui.session import Session

    app = window(size)
    app.session = session = Session(GamePlan(june, 7, (SeatPlan(), SeatPlan())))
    session.new_week()
    app.set_screen(BoardScreen(app, 0))
    pump(app, 2)
    press(app, pygame.K_F1)
    assert type(app.modal).__name__ == "HelpOverlay"
    check_fit(app, drawn_after(app, monkeypatch))
    assert app.modal.dialog.rect.width >= min(app.size[0] // 2, theme.px(760)), "the dialog grows with the window"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pingpong_fits(window, size, june, monkeypatch):
    """A hot-seat match under way: the score, the keys of each side and the skip button fit."""
    from game.ui.screens.pingpong import PingPongScreen
    from tests.ui_support import match_due

    app = window(size)
    match_due(app, june)
    app.set_screen(PingPongScreen(app, june.contests[0]))
    pump(app, 90)
    drawn = drawn_after(app, monkeypatch)
    assert any("W / S" in text for text, _ in drawn), "the keys of each side are shown"
    check_fit(app, drawn)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_replay_viewer_fits(window, size, june, monkeypatch):
    """The history viewer at the start, mid-way and at the end: nothing cut, nothing written over other text."""
    from game.records.history import history_record
    from game.records.replay import Replay
    from game.ui.screens.replay import ReplayScreen

    app = window(size)
    app.set_screen(ReplayScreen(app, Replay.of(history_record(june))))
    for position in (0, 3, 11):
        app.screen.jump(position)
        pump(app, 2, dt=0.5)  # the text boxes fill once stepping pauses
        check_fit(app, drawn_after(app, monkeypatch))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_saves_list_fits(window, size, june, monkeypatch):
    """A long list of saves (one broken) with the last chosen: the table, its details and buttons fit."""
    from game.records.files import save_named, saves_dir
    from game.records.recorder import new_recorder
    from game.ui.screens.saves import SaveScreen

    recorder = new_recorder(june, 17, (None, "hawk"))
    for _ in range(3):
        recorder.play(Order(), Order())
    for k in range(14):
        save_named(recorder.record(), f"game-{k}")
    (saves_dir() / "cut-short.json").write_text('{"format": "brinkmanship-record", "kind', encoding="utf-8")
    app = window(size)
    app.set_screen(SaveScreen(app))
    pump(app, 2)
    press(app, pygame.K_END)
    drawn = drawn_after(app, monkeypatch)
    assert any("game-" in text for text, _ in drawn), "the saves are listed"
    check_fit(app, drawn)
