"""Dialogs drawn over a screen: the pause menu, the help overlay with every shortcut, and error messages."""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from ..theme import px
from .base import Screen

GENERAL_KEYS = (
    ("F1", "this help"),
    ("Esc", "go back, or open the pause menu"),
)


class Modal(Screen):
    """A dialog: a dimmed scrim over the whole window and a centred panel of a given size."""

    width, height = 520, 360
    heading = ""

    def build(self) -> None:
        w, h = self.size
        self.scrim = self.add(
            pygame_gui.elements.UIPanel(
                pygame.Rect(0, 0, w, h), starting_height=50, manager=self.ui, object_id=ObjectID("#scrim")
            )
        )
        dw, dh = min(px(self.width), w - px(40)), min(px(self.height), h - px(40))
        self.box = pygame.Rect((w - dw) // 2, (h - dh) // 2, dw, dh)
        self.dialog = self.add(
            pygame_gui.elements.UIPanel(self.box, starting_height=51, manager=self.ui, object_id=ObjectID("#dialog"))
        )
        if self.heading:
            self.label(
                pygame.Rect(px(20), px(14), dw - px(40), px(30)), self.heading, "#heading", container=self.dialog
            )
        self.fill(pygame.Rect(px(20), px(52), dw - px(44), dh - px(70)))

    def fill(self, area: pygame.Rect) -> None:
        """Add the dialog's own widgets inside area (relative to the dialog panel)."""

    def draw(self, surface: pygame.Surface) -> None:
        """The screen underneath is already drawn; the scrim panel dims it."""

    def close(self) -> None:
        self.app.close_modal()

    def text_and_close(self, area: pygame.Rect, body: str, button: str) -> None:
        """A scrolling text box filling the dialog, and a button that closes it."""
        self.textbox(pygame.Rect(area.x, area.y, area.width, area.height - px(50)), body, container=self.dialog)
        self.button(
            pygame.Rect(area.right - px(140), area.bottom - px(40), px(140), px(38)),
            button,
            self.close,
            oid="#primary",
            container=self.dialog,
        )

    def key(self, event):
        if event.key == pygame.K_RETURN:
            self.close()
        return None


class PauseMenu(Modal):
    """Esc on a game screen: resume, help, settings, restart, leave."""

    heading = "Paused"
    width, height = 400, 376

    def build(self) -> None:
        self.items = self._items()
        self.height = 72 + 50 * len(self.items)
        super().build()

    def _items(self) -> list[tuple[str, object, str | None]]:
        items = [
            ("Resume", self._resume, "#primary"),
            ("Help and shortcuts", self._help, None),
            ("Settings", self._settings, None),
            ("Quit to title", self._title, None),
            ("Quit the game", self._quit, "#danger"),
        ]
        if self.app.session is not None:
            items.insert(2, ("Restart with the same seed", self._restart, None))
            if not self.app.session.game.is_over:
                items.insert(1, ("Save game…", self._save, None))
        return items

    def fill(self, area: pygame.Rect) -> None:
        y = area.y
        for text, action, oid in self.items:
            self.button(pygame.Rect(area.x, y, area.width, px(40)), text, action, oid=oid, container=self.dialog)
            y += px(50)

    def _resume(self):
        self.close()

    def _help(self):
        self.app.open_help()

    def _save(self):
        from .saves import SaveGameDialog

        self.app.open_modal(SaveGameDialog(self.app))

    def _settings(self):
        from .menus import SettingsScreen

        return SettingsScreen(self.app, back_to=self.app.screen)

    def _restart(self):
        from .setup import start_game

        return start_game(self.app, self.app.session.plan)

    def _title(self):
        from .menus import TitleScreen

        self.app.end_session()
        return TitleScreen(self.app)

    def _quit(self):
        self.app.quit()


class HelpOverlay(Modal):
    """Every shortcut of the current screen and the basics of play."""

    heading = "Help"
    width, height = 760, 560

    def __init__(self, app, screen: Screen | None):
        super().__init__(app)
        self.under = screen

    def fill(self, area: pygame.Rect) -> None:
        keys = list(getattr(self.under, "shortcuts", ())) + list(GENERAL_KEYS)
        rows = "".join(f"<b>{html.escape(k)}</b> — {html.escape(v)}<br>" for k, v in keys)
        text = (
            f"<font color='#e3b34c'><b>Shortcuts on this screen</b></font><br>{rows}<br>"
            "<font color='#e3b34c'><b>How to play</b></font><br>"
            "Each week both leaders choose moves at the same time, up to their move points. "
            "Click move cards to add them to this week's orders; hover a card to see its forecast "
            "(the spread of likely outcomes over the next weeks, from thousands of simulated futures). "
            "Numbers marked ~ are your estimates of the other side's, with ± how far off they may be. "
            "Open the negotiation table to build a deal; the other side answers next week. "
            "Hover any number for what it means and what moves it."
        )
        self.text_and_close(area, text, "Close (Esc)")

    def key(self, event):
        if event.key in (pygame.K_F1, pygame.K_RETURN):
            self.close()
        return None


class ErrorDialog(Modal):
    """A problem shown in the window: what went wrong and where (file:line:column when known)."""

    width, height = 820, 460

    def __init__(self, app, title: str, lines: list[str]):
        super().__init__(app)
        self.heading = title
        self.lines = lines

    def fill(self, area: pygame.Rect) -> None:
        body = "<br>".join(html.escape(line) for line in self.lines) or "Unknown problem."
        self.text_and_close(area, body, "OK")
