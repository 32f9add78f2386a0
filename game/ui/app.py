"""The window: one pygame_gui manager, the current screen, an optional modal on top, and the main loop.

The loop is a few lines: pump events to the modal (or the screen), let each say
what comes next, update, draw.  Anything that goes wrong inside a screen is shown
on screen instead of crashing the window.  ``run_window(args)`` is what
``brinkmanship`` (and ``brinkmanship play``) calls.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
import warnings
from collections.abc import Mapping

import pygame
import pygame_gui

from . import theme
from .forecast import Forecaster
from .hot_reload import HotReload
from .keys import KEY_REPEAT, STALE, KeyGate
from .screens.base import Screen
from .settings import Settings, load_settings
from .sound import Sounds
from .theme import C, fonts_dir, theme_path

FPS = 60
MIN_SIZE = (960, 600)
"""The smallest window the screens are laid out for."""
RESIZE_EVENTS = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)
TIP_DELAY = 0.35


class Manager(pygame_gui.UIManager):
    """A UIManager whose idea of the mouse comes from events, so headless tests can hover too."""

    def __init__(self, *args, **kwargs):
        self.pointer = (-1, -1)
        super().__init__(*args, **kwargs)

    def _update_mouse_position(self):
        self.mouse_position = self.calculate_scaled_mouse_position(self.pointer)


def load_theme() -> dict:
    """The JSON theme as a dict (pygame_gui accepts either)."""
    return json.loads(theme_path().read_text(encoding="utf-8"))


class App:
    """The game window and its loop."""

    def __init__(self, size: tuple[int, int] | None = None, settings: Settings | None = None):
        started = time.perf_counter()
        sys.setswitchinterval(0.0001)  # hand the GIL back to the drawing loop quickly while workers compute
        pygame.display.init()
        pygame.font.init()
        loaded, self.settings_message = load_settings() if settings is None else (settings, None)
        self.settings = loaded
        self.size = tuple(size or self.settings.size)
        self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pygame-ce would rather we drew through the Window; we only size it
            self._os_window = pygame.Window.from_display_module()
        self._os_window.minimum_size = MIN_SIZE
        pygame.display.set_caption("Brinkmanship")
        pygame.key.set_repeat(*KEY_REPEAT)
        self.keys = KeyGate()
        """Which keys are down: a screen's shortcut acts once per press, not on auto-repeats."""
        self.unseen = False
        """The screen or dialog changed this frame and is not drawn yet: input waiting for it is dropped."""
        self.ui = Manager(self.size, None, enable_live_theme_updates=False)
        self._add_fonts()
        self.apply_scale()
        self.clock = pygame.time.Clock()
        self.screen: Screen | None = None
        self.modal: Screen | None = None
        self.running = True
        self.frame_times: list[float] = []
        self.first_frame_at: float | None = None
        self.started = started
        self._tip: tuple[pygame.Rect, str] | None = None
        self._tip_since = 0.0
        self._tip_element = None
        self._forecaster: Forecaster | None = None
        self.session = None
        """The game in progress (a ui.session.Session), if any."""
        self.pending_error: tuple[str, list[str]] | None = None
        self.reloader = HotReload(self)
        """Reloads the open scenario when its file is saved."""
        self.sounds = Sounds(self.settings.muted)
        """Short cues (end of week, a deal, an ending); silent where no mixer can start."""

    def _add_fonts(self) -> None:
        d = fonts_dir()
        regular, bold, italic = (str(d / n) for n in ("Inter-Regular.otf", "Inter-Bold.otf", "Inter-Italic.otf"))
        self._has_fonts = os.path.exists(regular)
        if self._has_fonts:
            self.ui.add_font_paths("inter", regular, bold, italic, bold)

    def apply_scale(self) -> None:
        """Text and spacing for the window's size (in steps by its height): fonts and the theme at that scale."""
        scale = theme.scale_for(self.size)
        theme.SCALE = scale
        if self._has_fonts:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.ui.preload_fonts(
                    [
                        {"name": "inter", "point_size": theme.px(s), "style": "regular"}
                        for s in (10, 11, 12, 13, 14, 15, 18)
                    ]
                    + [
                        {"name": "inter", "point_size": theme.px(s), "style": "bold"}
                        for s in (12, 13, 14, 15, 16, 18, 20)
                    ]
                    + [{"name": "inter", "point_size": theme.px(s), "style": "italic"} for s in (13, 14)]
                )
        self.ui.get_theme().load_theme(theme.scaled_theme(load_theme(), scale))  # screens then lay out again

    @property
    def forecaster(self) -> Forecaster:
        """The forecast worker (started on first use)."""
        if self._forecaster is None:
            self._forecaster = Forecaster()
        return self._forecaster

    # -- screens ----------------------------------------------------------------
    def set_screen(self, screen: Screen) -> None:
        """Make a screen current (the old one removes its widgets)."""
        self.close_modal()
        if self.screen is not None:
            self.screen.leave()
        self._drop_tip()
        self.screen = screen
        self.unseen = True
        screen.enter()

    def open_modal(self, modal: Screen) -> None:
        """Put a dialog over the screen; it gets every event until it closes."""
        self.close_modal()
        self.modal = modal
        self.unseen = True
        modal.enter()

    def close_modal(self) -> None:
        if self.modal is not None:
            self.modal.leave()
            self.modal = None
            self.unseen = True
            self._drop_tip()

    def show_error(self, title: str, lines: list[str]) -> None:
        """Show a problem on screen (never a traceback in the terminal only)."""
        from .screens.overlays import ErrorDialog

        self.open_modal(ErrorDialog(self, title, lines))

    # -- the loop ---------------------------------------------------------------
    def frame(self, dt: float | None = None) -> bool:
        """Process events, update and draw once; return False when the window should close.

        Once the screen or a dialog changes, the rest of this frame's input and
        whatever queued up while the new one was made are dropped: the person has
        not seen what they would act on (a held Enter must not play week after week).
        """
        t0 = time.perf_counter()
        if dt is None:
            dt = self.clock.tick(FPS) / 1000.0
        self.unseen = False
        for event in pygame.event.get():
            self._event(event)
        self._guard(lambda: self._update(dt), every_frame=True)
        self._draw()
        if self.unseen:
            self.keys.drop_queued()
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
            self.sounds.start()  # after the first frame: opening the window does not wait for the sound
        self.frame_times.append(time.perf_counter() - t0)
        del self.frame_times[:-600]
        return self.running

    def _event(self, event: pygame.event.Event) -> None:
        repeat = self.keys.note(event)
        if self.unseen and event.type in STALE:
            return
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.ui.pointer = event.pos
        if event.type == pygame.WINDOWLEAVE:
            self.ui.pointer = (-1, -1)
        if event.type in RESIZE_EVENTS:
            w, h = (event.w, event.h) if event.type == pygame.VIDEORESIZE else (event.x, event.y)
            self.resize((max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])))
            return
        self.ui.process_events(event)
        if self.reloader.handle(event):
            return
        target = self.modal or self.screen
        if target is None:
            return
        if event.type == pygame.KEYDOWN and event.key != pygame.K_ESCAPE and self._text_focused():
            return
        if event.type == pygame.KEYDOWN and repeat and event.key not in target.repeat_keys:
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_F1,) and self.modal is None:
            self._guard(self.open_help)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self._guard(lambda: self._escape(target))
            return
        self._guard(lambda: self._go(target, target.handle(event)))

    def _text_focused(self) -> bool:
        focus = self.ui.get_focus_set()
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine) for e in (focus or ()))

    def _escape(self, target: Screen) -> None:
        result = target.back()
        if target is self.modal:
            if result is None:
                self.close_modal()
            else:
                self._go(target, result)
            return
        if result is None:
            from .screens.overlays import PauseMenu

            self.open_modal(PauseMenu(self))
        else:
            self._go(target, result)

    def _go(self, source: Screen, result: Screen | None) -> None:
        if result is None:
            return
        if source is self.modal and result is source:
            return
        self.set_screen(result)

    def _update(self, dt: float) -> None:
        if self.screen is not None:
            self._go(self.screen, self.screen.update(dt))
        if self.modal is not None:
            self._go(self.modal, self.modal.update(dt))
        self.reloader.update(dt)
        self.ui.update(dt)
        self._update_tip(dt)

    def _draw(self) -> None:
        surface = self.window
        if self.screen is not None:
            self._guard(lambda: self.screen.draw(surface), every_frame=True)
        else:
            surface.fill(C["bg"])
        if self.modal is not None:
            self._guard(lambda: self.modal.draw(surface), every_frame=True)
        self.ui.draw_ui(surface)
        pygame.display.flip()

    def _guard(self, work, every_frame: bool = False) -> None:
        """Run screen code; show any error on screen instead of crashing.

        An error in code that runs every frame (drawing, updating) would come back at
        once, so the window also returns to the title screen; a third failure in a row
        there means the window itself is broken, and only then is the error raised.
        """
        try:
            work()
            if every_frame:
                self._failures = 0
        except Exception as err:  # the window must never crash on a bad file or a bug
            lines = [f"{type(err).__name__}: {err}"] + traceback.format_exc().splitlines()[-6:]
            if every_frame:
                self._failures = getattr(self, "_failures", 0) + 1
                if self._failures > 3:
                    raise
                from .screens.menus import TitleScreen

                self.end_session()
                self.set_screen(TitleScreen(self))
            if self.modal is not None and type(self.modal).__name__ == "ErrorDialog":
                return
            self.show_error("Something went wrong", lines)

    # -- tooltips for custom-drawn numbers --------------------------------------
    def _update_tip(self, dt: float) -> None:
        owner = self.modal or self.screen
        pos = self.ui.pointer
        hit = None
        if owner is not None and not getattr(self.ui, "hovering_any_ui_element", False):
            hit = next(((r, t) for r, t in reversed(owner.tips) if r.collidepoint(pos)), None)
        if hit is None or self._tip is None or hit[0] != self._tip[0] or hit[1] != self._tip[1]:
            self._drop_tip()
            self._tip = hit
            self._tip_since = 0.0
            return
        self._tip_since += dt
        if self._tip_element is None and self._tip_since >= TIP_DELAY:
            rect, text = hit
            self._tip_element = self.ui.create_tool_tip(
                text, (pos[0], rect.centery), (0, rect.height // 2 + 2), None, None, wrap_width=theme.px(320)
            )

    def _drop_tip(self) -> None:
        if self._tip_element is not None:
            self._tip_element.kill()
        self._tip_element = None
        self._tip = None

    # -- window -----------------------------------------------------------------
    def resize(self, size: tuple[int, int]) -> None:
        """Lay every screen out again for a new window size.

        The window is never made anew: SDL has already resized it when a person drags
        its edge; a size asked for in code (or below the smallest allowed) is given to
        the same window.  Nothing happens if the size is the one laid out for.
        """
        size = tuple(size)
        if self.window.get_size() != size:
            self._os_window.size = size
        self.window = pygame.display.get_surface()
        if size == self.size and self.window.get_size() == size:
            return
        self.size = size
        self.ui.set_window_resolution(self.size)
        if theme.scale_for(self.size) != theme.SCALE:
            self.apply_scale()
        self._drop_tip()
        for target in (self.screen, self.modal):
            if target is not None:
                self._guard(target.rebuild)
        self._guard(self.reloader.rebuild)

    def open_help(self) -> None:
        from .screens.overlays import HelpOverlay

        self.open_modal(HelpOverlay(self, self.screen))

    def end_session(self) -> None:
        """Drop the game in progress (its computer leaders stop thinking)."""
        if self.session is not None:
            self.session.close()
        self.session = None

    def quit(self) -> None:
        """Close the window at the end of this frame."""
        self.running = False

    def close(self) -> None:
        """Stop workers and close the window."""
        if self.session is not None:
            self.session.close()
        if self._forecaster is not None:
            self._forecaster.close()
        self.sounds.close()
        theme.SCALE = 1.0
        pygame.display.quit()

    def run(self) -> int:
        """The main loop, until the window closes."""
        while self.frame():
            pass
        self.close()
        return 0


def first_screen(app: App, args: argparse.Namespace | None) -> Screen:
    """The title screen, or straight to the briefing when the command line chose a game."""
    from .screens.menus import TitleScreen
    from .screens.setup import direct_start

    chosen = args is not None and (
        getattr(args, "scenario", None)
        or getattr(args, "side", None)
        or getattr(args, "seed", None) is not None
        or getattr(args, "hotseat", False)
        or getattr(args, "watch", False)
    )
    if chosen:
        return direct_start(app, args)
    return TitleScreen(app)


HEADLESS_DRIVERS = ("dummy", "offscreen")
"""SDL video drivers that draw nowhere a person can see (tests and screenshots use them on purpose)."""
NO_WINDOW_HINT = "play in the terminal instead: 'brinkmanship play --text' (add --help for the options)"
ALLOW_HEADLESS = "BRINKMANSHIP_ALLOW_HEADLESS"
"""Set to 1 to open the window even where nobody can see it (the tests drive it headless)."""


def no_display_reason(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why no window could be seen here ('' if a display seems to be there), from the environment alone."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get(ALLOW_HEADLESS) == "1":
        return ""
    driver = env.get("SDL_VIDEODRIVER", "").lower()
    if driver in HEADLESS_DRIVERS:
        return f"SDL_VIDEODRIVER is {driver!r}, which draws no visible window"
    unix = platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
    if unix and not driver and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return ""


def open_window() -> App | None:
    """The window, or None (with a message) where none can be opened or none would be seen."""
    reason = no_display_reason()
    if reason:
        print(f"brinkmanship: cannot show the window: {reason}; {NO_WINDOW_HINT}", file=sys.stderr)
        return None
    try:
        app = App()
    except pygame.error as err:
        print(f"brinkmanship: cannot open a window ({err}); {NO_WINDOW_HINT}", file=sys.stderr)
        return None
    driver = pygame.display.get_driver()
    if driver in HEADLESS_DRIVERS and os.environ.get(ALLOW_HEADLESS) != "1":
        pygame.quit()
        print(
            f"brinkmanship: the window would be invisible (video driver {driver!r}); {NO_WINDOW_HINT}", file=sys.stderr
        )
        return None
    return app


def run_window(args: argparse.Namespace | None = None) -> int:
    """Open the window (title screen, or the game the options describe) and play until it closes."""
    app = open_window()
    if app is None:
        return 2
    app.set_screen(first_screen(app, args))
    return start(app)


def run_replay(replay, args: argparse.Namespace | None = None) -> int:
    """Open the window on the replay viewer (``brinkmanship replay FILE --window``); Esc leads to the title."""
    from .screens.replay import ReplayScreen

    app = open_window()
    if app is None:
        return 2
    app.set_screen(ReplayScreen(app, replay))
    return start(app)


def start(app: App) -> int:
    """Show any problem met while opening, then run the loop until the window closes."""
    if app.pending_error:
        app.show_error(*app.pending_error)
    if app.settings_message:
        app.show_error("Settings", [app.settings_message])
    return app.run()
