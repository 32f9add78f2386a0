"""Hot reload in the window: saving the open scenario's file reloads it while you play.

About once a second the app calls ``HotReload.update``: the current screen says
which scenario it has open (``Screen.scenario_in_use``: setup, briefing, and every
screen of a game in progress) and a ``ScenarioWatcher`` polls that file (one
``stat`` unless it changed).  A valid new version is announced and taken up at
once where it can be (``Screen.use_scenario``: a game goes on when the layout is
the same, its state carried over); when a game cannot go on under it, a restart
with the same seed is offered.  A broken save shows its problems
(``file:line:column: message``) in a panel while the game carries on with the
last valid version.  Notices are panels over the window that never stop the game.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from ..authoring.reload import Failed, Reloaded, ScenarioWatcher
from ..scenario.compiled import CompiledScenario
from .forecast import source_text
from .screens.base import Screen
from .theme import px

if TYPE_CHECKING:
    from .app import App

POLL_SECONDS = 1.0
"""How often the open scenario's file is checked."""
TOAST_SECONDS = 8.0
"""How long 'reloaded' stays on screen."""
LAYER = 60
"""Notices sit above screens and dialogs (pygame_gui layers)."""


class Notice(Screen):
    """A panel over the window that leaves the game running: a reload announced, a restart offered, or problems."""

    def __init__(self, app: App, kind: str, title: str, lines: list[str], buttons=()):
        super().__init__(app)
        self.kind = kind
        """'reloaded', 'restart' or 'errors'."""
        self.heading = title
        self.lines = list(lines)
        self.choices = list(buttons)
        self.age = 0.0

    def text(self) -> str:
        """Everything the notice says (title first)."""
        return "\n".join([self.heading, *self.lines])

    def build(self) -> None:
        w, h = self.size
        pad = px(14)
        if self.kind in ("errors", "restart"):
            # bottom left, clear of the board's right column (the orders and "End week")
            lines = min(len(self.lines), 12) if self.kind == "errors" else 0
            width = min(px(1000), int(w * 0.69) - px(12))
            height = min(px(150) if self.kind == "restart" else px(76) + lines * px(21), int(h * 0.45))
            box = pygame.Rect(px(12), h - height - px(12), width, height)
        else:
            width, height = min(px(640), w - px(40)), px(76)
            box = pygame.Rect((w - width) // 2, px(64), width, height)
        self.box = box
        oid = "#notice_error" if self.kind == "errors" else "#notice"
        panel = self.add(pygame_gui.elements.UIPanel(box, LAYER, self.ui, object_id=ObjectID(object_id=oid)))
        inner = box.width - 2 * pad
        buttons_w = px(120) if self.kind == "errors" or (self.kind == "reloaded" and self.choices) else 0
        self.label(pygame.Rect(pad, px(8), inner - buttons_w, px(28)), self.heading, "#heading_small", container=panel)
        if self.kind == "errors":
            body = "<br>".join(html.escape(line) for line in self.lines)
            self.textbox(pygame.Rect(pad, px(42), inner, box.height - px(42) - pad), body, "#problems", container=panel)
            self.button(
                pygame.Rect(box.width - pad - px(110), px(8), px(110), px(28)),
                "Hide",
                self.app.reloader.dismiss,
                "Hide this panel (the game goes on)",
                "#small",
                container=panel,
            )
            return
        y = px(38)
        for line in self.lines:
            self.label(pygame.Rect(pad, y, inner - buttons_w, px(24)), line, "#dim", container=panel)
            y += px(24)
        if self.kind == "reloaded":
            for text, action, tip in self.choices[:1]:  # a toast: one small button at its right
                rect = pygame.Rect(box.width - pad - px(110), (box.height - px(32)) // 2, px(110), px(32))
                self.button(rect, text, action, tip, "#small", container=panel)
            return
        x = box.width - pad
        for text, action, oid in reversed(self.choices):
            bw = px(260) if oid == "#primary" else px(200)
            x -= bw
            self.button(pygame.Rect(x, box.height - pad - px(38), bw, px(38)), text, action, oid=oid, container=panel)
            x -= px(10)


class HotReload:
    """Watches the open scenario's file and shows what a save changed."""

    def __init__(self, app: App):
        self.app = app
        self.watcher: ScenarioWatcher | None = None
        self.notice: Notice | None = None
        self.waiting: CompiledScenario | None = None
        """A new version that needs a restart, until the person chooses."""
        self._since = 0.0

    # -- the loop ---------------------------------------------------------------
    def update(self, dt: float) -> None:
        """Advance the notice's clock; check the file about once a second."""
        if self.notice is not None:
            self.notice.age += dt
            if self.notice.kind == "reloaded" and self.notice.age >= TOAST_SECONDS:
                self.dismiss()
        self._since += dt
        if self._since >= POLL_SECONDS:
            self._since = 0.0
            self.check()

    def handle(self, event: pygame.event.Event) -> bool:
        """Let the notice's buttons act; True if the event was theirs."""
        if self.notice is None or event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        action = self.notice.actions.get(event.ui_element)
        if action is None:
            return False
        action()
        return True

    def rebuild(self) -> None:
        """Lay the notice out again (the window was resized)."""
        if self.notice is not None:
            self.notice.rebuild()

    # -- watching ---------------------------------------------------------------
    def open_scenario(self) -> CompiledScenario | None:
        """The scenario the current screen has open, if it comes from a file."""
        screen = self.app.screen
        sc = screen.scenario_in_use() if screen is not None else None
        if sc is None or not Path(sc.path).is_file():
            return None
        return sc

    def check(self) -> None:
        """Poll the open scenario's file once and act on what changed."""
        sc = self.open_scenario()
        if sc is None:
            self.watcher = None
            if self.notice is not None and self.notice.kind != "reloaded":
                self.dismiss()
            return
        path = Path(sc.path)
        if self.watcher is None or self.watcher.path != path:
            self.watcher = ScenarioWatcher(path, sc)
            self.dismiss()
        result = self.watcher.poll()
        if isinstance(result, Failed):
            self.show_problems(path, result)
        elif isinstance(result, Reloaded):
            self.take_up(path, result.scenario)

    def show_problems(self, path: Path, failed: Failed) -> None:
        """A broken save: list its problems; the game goes on with the last valid version."""
        lines = [str(p) for p in failed.problems] or ["the file cannot be used"]
        title = f"{path.name} has errors: the game goes on with the last valid version"
        self.show(Notice(self.app, "errors", title, [*lines, "Fix the file and save it again to reload it."]))

    def take_up(self, path: Path, new: CompiledScenario) -> None:
        """A valid save: the screen takes the new version up, or a restart is offered."""
        source_text(new)  # keep this version's text for the forecast worker, whatever the file becomes
        self.waiting = None
        screen = self.app.screen
        if screen.use_scenario(new):
            session = self.app.session
            in_game = session is not None and session.sc is new
            where = f"the game goes on at week {session.game.turn}" if in_game else "showing the new version"
            lines = [f"Your saved changes are in play: {where}."]
            restart = [("Restart", self.restart, "Start this game again on the new version, same seed")]
            self.waiting = new if in_game else None
            self.show(Notice(self.app, "reloaded", f"Reloaded {path.name}", lines, restart if in_game else ()))
            return
        self.waiting = new
        self.show(
            Notice(
                self.app,
                "restart",
                f"{path.name} changed: this game cannot go on under it",
                [
                    "Its variables, moves or lever settings differ from the version this game started on.",
                    "Restart on the new version with the same seed, or keep playing this one.",
                ],
                [
                    ("Keep playing this version", self.dismiss, None),
                    ("Restart on the new version", self.restart, "#primary"),
                ],
            )
        )

    # -- notices ----------------------------------------------------------------
    def show(self, notice: Notice) -> None:
        """Replace the notice on screen."""
        self.dismiss(keep_waiting=True)
        self.notice = notice
        notice.enter()

    def dismiss(self, keep_waiting: bool = False) -> None:
        """Take the notice off the screen."""
        if self.notice is not None:
            self.notice.leave()
        self.notice = None
        if not keep_waiting:
            self.waiting = None

    def restart(self) -> None:
        """Start the game again on the new version, same seats and seed."""
        from .screens.setup import start_game

        new, session = self.waiting, self.app.session
        self.dismiss()
        if new is None or session is None:
            return
        self.app.set_screen(start_game(self.app, replace(session.plan, scenario=new)))
        self.show(Notice(self.app, "reloaded", f"Restarted on {Path(new.path).name}", ["Week 1, same seats and seed."]))
