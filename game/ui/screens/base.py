"""The screen protocol: build widgets for a window size, handle events, draw, and name the next screen.

A screen owns the pygame_gui elements it creates (``self.elements``) and the
custom hover tips it registers (``self.tips``); the app rebuilds a screen when the
window is resized.  Button callbacks return the next screen (or None to stay).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from ..theme import C, elide, font, px

if TYPE_CHECKING:
    from ...scenario.compiled import CompiledScenario
    from ..app import App


BUTTON_FONTS = {"#primary": (16, "bold"), "#big": (18, "bold"), "#small": (13, "regular"), "#flat": (14, "regular")}
"""Font (size, style) of each button style in assets/theme.json, to fit text before pygame_gui draws it."""
LABEL_FONTS = {"#heading": (20, "bold"), "#heading_small": (16, "bold")}
"""The same for labels (others: 15, regular)."""


class Screen:
    """Base class: subclasses override build, draw and the handlers they need."""

    title = ""
    shortcuts: tuple[tuple[str, str], ...] = ()
    """(keys, what they do) shown in the help overlay."""
    repeat_keys: frozenset[int] = frozenset()
    """Keys whose auto-repeat acts again while held (moving through a list); any other key acts once a press."""

    def __init__(self, app: App):
        self.app = app
        self.elements: list[pygame_gui.core.UIElement] = []
        self.actions: dict[object, Callable[[], Screen | None]] = {}
        self.tips: list[tuple[pygame.Rect, str]] = []

    # -- life cycle -------------------------------------------------------------
    @property
    def ui(self) -> pygame_gui.UIManager:
        return self.app.ui

    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def enter(self) -> None:
        """Called when the screen becomes current: its widgets are laid out afresh (any left from before go)."""
        self.rebuild()

    def build(self) -> None:
        """Create widgets for the current window size."""

    def clear(self) -> None:
        """Remove every widget this screen made."""
        for element in self.elements:
            element.kill()
        self.elements.clear()
        self.actions.clear()
        self.tips.clear()

    def rebuild(self) -> None:
        """Lay the screen out again (after a resize or a change of state)."""
        self.clear()
        self.build()

    def leave(self) -> None:
        """Called when another screen takes over."""
        self.clear()

    # -- events -----------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> Screen | None:
        """React to one event; return the next screen to switch to."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.actions:
            return self.actions[event.ui_element]()
        if event.type == pygame.KEYDOWN:
            return self.key(event)
        return None

    def key(self, event: pygame.event.Event) -> Screen | None:
        """A key press not taken by a text field."""
        return None

    def back(self) -> Screen | None:
        """What Escape does: a screen to go back to, or None to open the pause menu."""
        return None

    def update(self, dt: float) -> Screen | None:
        """Advance timers and background work; may return the next screen."""
        return None

    # -- hot reload -------------------------------------------------------------
    def scenario_in_use(self) -> CompiledScenario | None:
        """The scenario this screen has open (hot reload watches its file), if any."""
        return None

    def use_scenario(self, new: CompiledScenario) -> bool:
        """Take up a new version of the open scenario; False if this screen cannot (its game needs a restart)."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Draw below the widgets."""
        surface.fill(C["bg"])

    # -- widget helpers ---------------------------------------------------------
    def add(self, element):
        """Track a widget so clear() removes it."""
        self.elements.append(element)
        return element

    def button(
        self,
        rect,
        text: str,
        action: Callable[[], Screen | None] | None = None,
        tip: str | None = None,
        oid: str | None = None,
        container=None,
        font_size: int = 15,
        height: int = 1,
        cls: str | None = None,
    ) -> pygame_gui.elements.UIButton:
        """A button whose text always fits (shortened only if it must be) and an optional action."""
        rect = pygame.Rect(rect)
        size, style = BUTTON_FONTS.get(oid or "", (font_size, "regular"))
        fitted = elide(text, font(size, style), rect.width - px(16))
        object_id = ObjectID(object_id=oid, class_id=cls) if (oid or cls) else None
        button = self.add(
            pygame_gui.elements.UIButton(
                rect,
                fitted,
                self.ui,
                container=container,
                tool_tip_text=tip,
                object_id=object_id,
                starting_height=height,
            )
        )
        if action is not None:
            self.actions[button] = action
        return button

    def label(self, rect, text: str, oid: str | None = None, container=None, tip: str | None = None):
        """A one-line label (text fitted to its width)."""
        rect = pygame.Rect(rect)
        size, style = LABEL_FONTS.get(oid or "", (15, "regular"))
        text = elide(text, font(size, style), rect.width - px(4))
        element = self.add(
            pygame_gui.elements.UILabel(
                rect, text, self.ui, container=container, object_id=ObjectID(object_id=oid) if oid else None
            )
        )
        if tip:
            element.set_tooltip(tip)
        return element

    def textbox(self, rect, html: str, oid: str | None = None, container=None):
        """A scrolling box of formatted text."""
        return self.add(
            pygame_gui.elements.UITextBox(
                html,
                pygame.Rect(rect),
                self.ui,
                container=container,
                object_id=ObjectID(object_id=oid) if oid else None,
            )
        )

    def tip(self, rect: pygame.Rect, text: str) -> None:
        """Register a hover region that shows a tooltip (for custom-drawn numbers)."""
        if text:
            self.tips.append((pygame.Rect(rect), text))


class InGame:
    """Mixin for the screens of a game in progress: hot reload follows the session's scenario."""

    app: App

    def scenario_in_use(self) -> CompiledScenario | None:
        session = self.app.session
        return session.sc if session is not None and not session.game.is_over else None

    def use_scenario(self, new: CompiledScenario) -> bool:
        """The game goes on under the new version when its layout allows (the screen is laid out again)."""
        if not self.app.session.switch_scenario(new):
            return False
        self.rebuild()
        return True
