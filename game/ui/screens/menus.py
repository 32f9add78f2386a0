"""The title screen, the scenario picker (errors of invalid files included) and the settings screen."""

from __future__ import annotations

import datetime as dt
import html
import math

import pygame
import pygame_gui

from ...records.format import RecordError
from ...scenarios import DEFAULT_SCENARIO, Entry, catalog
from .. import saves
from ..settings import PACES, RUNS, SIZES, save_settings
from ..theme import C, draw_text, font, html_size, mix, px
from .base import Screen


def backdrop(surface: pygame.Surface, seed: int = 7) -> None:
    """The dark backdrop of menu screens: a vertical gradient and faint drifting lines."""
    w, h = surface.get_size()
    top, bottom = C["bg"], mix(C["bg"], (40, 30, 20), 0.5)
    for y in range(0, h, 4):
        pygame.draw.rect(surface, mix(top, bottom, y / h), (0, y, w, 4))
    for k in range(5):
        color = mix(C["bg"], C["accent"] if k == 2 else C["border"], 0.35 if k == 2 else 0.5)
        points = []
        for i in range(0, w + 40, 40):
            y = h * (0.55 + 0.07 * k) + math.sin(i / (170 + 40 * k) + k * 1.7 + seed) * 38 - i * 0.04 * (k - 2)
            points.append((i, y))
        pygame.draw.aalines(surface, color, False, points)


class TitleScreen(Screen):
    """New game, Continue (when saves exist), Load game, Replay history, Scenarios, Settings, Quit."""

    shortcuts = (
        ("N", "new game"),
        ("C", "continue"),
        ("L", "load a saved game"),
        ("R", "replay history"),
        ("S", "scenarios"),
        ("Q", "quit"),
    )

    def build(self) -> None:
        w, h = self.size
        bw, bh, gap = px(300), px(44), px(8)
        x = (w - bw) // 2
        y = min(int(h * 0.44), h - px(56) - 7 * (bh + gap))
        self.has_saves = bool(saves.saves())
        entries = [
            ("New game", self.new_game, "#primary", "Choose a scenario and a side (N)"),
            ("Continue", self.continue_game, None, "Resume your last game (C)"),
            ("Load game", self.load_game, None, "Every saved game: continue one, or watch it again (L)"),
            (
                "Replay history",
                self.replay,
                None,
                "Watch what really happened, week by week; take over at any time (R)",
            ),
            ("Scenarios", self.scenarios, None, "Browse bundled and your own scenario files (S)"),
            ("Settings", self.settings, None, "Window size, forecasts, pace"),
            ("Quit", self.quit, "#flat", "Close the game (Q)"),
        ]
        for text, action, oid, tip in entries:
            button = self.button(pygame.Rect(x, y, bw, bh), text, action, tip, oid or "#big")
            if text == "Continue" and not self.has_saves:
                button.disable()
                button.set_tooltip("No saved game yet")
            elif text == "Continue":
                slot = saves.saves()[0]
                button.set_tooltip(f"{slot.label} ({slot.detail})")
            y += bh + gap

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        w, h = self.size
        draw_text(
            surface,
            "BRINKMANSHIP",
            font(min(84, w // 14), "display"),
            C["text"],
            (w // 2, int(h * 0.12)),
            align="center",
        )
        sub = "A game of leverage, face and trade — each week both leaders move at once"
        draw_text(
            surface, sub, font(18), C["dim"], (w // 2, int(h * 0.12) + px(min(84, w // 14) + 18)), w - px(40), "center"
        )
        pygame.draw.line(surface, C["accent"], (w // 2 - px(60), int(h * 0.39)), (w // 2 + px(60), int(h * 0.39)), 2)
        foot = "F1 help · Esc back · pygame-ce + pygame_gui · Inter font (SIL OFL)"
        draw_text(surface, foot, font(12), C["faint"], (w // 2, h - px(28)), w - px(40), "center")

    def key(self, event):
        keys = {
            pygame.K_n: self.new_game,
            pygame.K_c: self.continue_game if self.has_saves else None,
            pygame.K_l: self.load_game,
            pygame.K_r: self.replay,
            pygame.K_s: self.scenarios,
            pygame.K_q: self.quit,
        }
        action = keys.get(event.key)
        return action() if action else None

    def back(self):
        return self

    def new_game(self):
        return ScenarioPicker(self.app)

    def continue_game(self):
        from .board import BoardScreen

        slots = saves.saves()
        if not slots:
            return None
        self.app.end_session()
        try:
            self.app.session = slots[0].load()
        except (RecordError, OSError) as err:
            self.app.show_error("Cannot continue this game", [str(err)])
            return None
        if self.app.session.plan.mode == "hotseat":
            from .board import Curtain

            return Curtain(self.app, 0)
        return BoardScreen(self.app)

    def load_game(self):
        from .saves import SaveScreen

        return SaveScreen(self.app)

    def replay(self):
        from .replay import choose_history

        return choose_history(self.app)

    def scenarios(self):
        return ScenarioPicker(self.app, browse=True)

    def settings(self):
        return SettingsScreen(self.app, back_to=TitleScreen(self.app))

    def quit(self):
        self.app.quit()


def entry_title(entry: Entry) -> str:
    """One line for the list: the title, or the file name for an invalid file."""
    if entry.ok:
        mark = "" if entry.bundled else "  (yours)"
        return f"{entry.scenario.title}{mark}"
    return f"⚠ {entry.path.name} — has errors"


def scenario_details(entry: Entry) -> str:
    """HTML describing a scenario (or its problems) for the picker."""
    if not entry.ok:
        rows = "<br>".join(html.escape(str(p)) for p in entry.problems)
        return (
            f"<font color='#e0605a'><b>{html.escape(entry.path.name)} cannot be played</b></font><br><br>"
            f"Fix these problems and the scenario appears here (file:line:column):<br><br>{rows}"
        )
    sc = entry.scenario
    m = sc.model
    end = sc.date_of_turn(m.turns) + dt.timedelta(days=6)
    sides = "<br>".join(
        f"<font color='{m.sides[s].color or '#e6edf3'}'><b>{html.escape(t['name'])}</b></font> — "
        f"{html.escape(t['title'])} {html.escape(t['leader'])}"
        for s, t in zip(sc.sides, sc.side_texts)
    )
    where = "bundled with the game" if entry.bundled else html.escape(str(entry.path))
    return (
        f"<font {html_size(18)}><b>{html.escape(sc.title)}</b></font><br>"
        f"<i>{html.escape(m.subtitle or '')}</i><br><br>"
        f"<b>{m.start:%d %b %Y} – {end:%d %b %Y}</b> · {m.turns} weekly turns · {m.budget} move points a week<br><br>"
        f"{html.escape(m.summary or '')}<br><br><b>Sides</b><br>{sides}<br><br>"
        f"<font color='#5f6f80'>File: {where}</font>"
    )


class ScenarioPicker(Screen):
    """Every bundled and user scenario; invalid files with their problems."""

    shortcuts = (
        ("↑ ↓ Home End", "choose a scenario"),
        ("Enter", "continue with it"),
        ("F5", "reload the files"),
    )
    repeat_keys = frozenset((pygame.K_UP, pygame.K_DOWN))

    def __init__(self, app, browse: bool = False):
        super().__init__(app)
        self.browse = browse
        self.entries = catalog()
        flagship = [i for i, e in enumerate(self.entries) if e.ok and e.path.stem == DEFAULT_SCENARIO]
        self.index = flagship[0] if flagship else next((i for i, e in enumerate(self.entries) if e.ok), 0)

    def build(self) -> None:
        w, h = self.size
        self.label(
            pygame.Rect(px(32), px(24), w - px(64), px(34)),
            "Scenarios" if self.browse else "Choose a scenario",
            "#heading",
        )
        list_w = max(px(300), int(w * 0.32))
        items = [entry_title(e) for e in self.entries] or ["No scenario files found"]
        self.list = self.add(
            pygame_gui.elements.UISelectionList(
                pygame.Rect(px(32), px(72), list_w, h - px(72) - px(84)),
                items,
                self.ui,
                default_selection=items[self.index],
            )
        )
        self.detail_rect = pygame.Rect(px(32) + list_w + px(16), px(72), w - list_w - px(80), h - px(72) - px(84))
        self.details = self.textbox(self.detail_rect, self._details_html())
        self.button(pygame.Rect(px(32), h - px(62), px(140), px(42)), "Back", self.back)
        self.button(pygame.Rect(px(184), h - px(62), px(190), px(42)), "Reload files (F5)", self.reload)
        self.choose = self.button(
            pygame.Rect(w - px(32) - px(220), h - px(62), px(220), px(42)), "Continue →", self.pick, oid="#primary"
        )
        self._sync()

    def _details_html(self) -> str:
        if not self.entries:
            return "No scenario files were found."
        return scenario_details(self.entries[self.index])

    def _sync(self) -> None:
        ok = bool(self.entries) and self.entries[self.index].ok
        self.choose.enable() if ok else self.choose.disable()

    def handle(self, event):
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            items = [entry_title(e) for e in self.entries]
            if event.text in items:
                self.index = items.index(event.text)
                self.details.set_text(self._details_html())
                self._sync()
            return None
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            return self.pick()
        return super().handle(event)

    def key(self, event):
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.entries:
            self.index = (self.index + (1 if event.key == pygame.K_DOWN else -1)) % len(self.entries)
            self.rebuild()
        elif event.key in (pygame.K_HOME, pygame.K_END) and self.entries:
            self.index = 0 if event.key == pygame.K_HOME else len(self.entries) - 1
            self.rebuild()
        elif event.key == pygame.K_RETURN:
            return self.pick()
        elif event.key == pygame.K_F5:
            return self.reload()
        return None

    def reload(self):
        self.entries = catalog()
        self.index = min(self.index, max(len(self.entries) - 1, 0))
        self.rebuild()

    def pick(self):
        from .setup import SetupScreen

        if not self.entries or not self.entries[self.index].ok:
            return None
        return SetupScreen(self.app, self.entries[self.index].scenario)

    def back(self):
        return TitleScreen(self.app)


class SettingsScreen(Screen):
    """Window size, forecast rollouts and the pace of watched games, saved between sessions."""

    def __init__(self, app, back_to: Screen | None = None):
        super().__init__(app)
        self.back_to = back_to

    def build(self) -> None:
        w, h = self.size
        s = self.app.settings
        self.label(pygame.Rect(px(32), px(24), w - px(64), px(34)), "Settings", "#heading")
        y = px(90)
        self.sizes = SIZES if s.size in SIZES else (*SIZES, s.size)  # a size of the player's own is shown too
        rows = [
            ("Window size", [f"{a}×{b}" for a, b in self.sizes], self.sizes.index(s.size), self._size),
            (
                "Forecast rollouts",
                [f"{r:,}" for r in RUNS],
                RUNS.index(s.forecast_runs) if s.forecast_runs in RUNS else -1,
                self._runs,
            ),
            (
                "Pace when watching",
                ["fast", "normal", "slow"],
                PACES.index(s.watch_pace) if s.watch_pace in PACES else -1,
                self._pace,
            ),
            ("Forecast on hover", ["on", "off"], 0 if s.show_forecasts else 1, self._forecasts),
            ("Sound cues", ["on", "muted"], 1 if s.muted else 0, self._sound),
        ]
        for title, options, current, setter in rows:
            self.label(pygame.Rect(px(32), y + px(6), px(220), px(28)), title)
            x = px(260)
            for i, text in enumerate(options):
                oid = "#toggle_on" if i == current else None
                self.button(pygame.Rect(x, y, px(150), px(40)), text, (lambda i=i, f=setter: f(i)), oid=oid)
                x += px(160)
            y += px(60)
        self.button(pygame.Rect(px(32), h - px(62), px(140), px(42)), "Back", self.back, oid="#primary")

    def _apply(self):
        try:
            save_settings(self.app.settings)
        except OSError as err:
            self.app.show_error("Settings not saved", [str(err)])
        self.rebuild()

    def _size(self, i):
        self.app.settings.width, self.app.settings.height = self.sizes[i]
        self.app.resize(self.sizes[i])
        self._apply()

    def _runs(self, i):
        self.app.settings.forecast_runs = RUNS[i]
        self._apply()

    def _pace(self, i):
        self.app.settings.watch_pace = PACES[i]
        self._apply()

    def _forecasts(self, i):
        self.app.settings.show_forecasts = i == 0
        self._apply()

    def _sound(self, i):
        self.app.settings.muted = self.app.sounds.muted = i == 1
        self._apply()
        if not self.app.sounds.muted:
            self.app.sounds.play("week")  # what it sounds like

    def draw(self, surface):
        backdrop(surface)

    def back(self):
        return self.back_to or TitleScreen(self.app)
