"""Drive the real window with synthetic mouse and keyboard events (screenshots, benchmarks, headless tests)."""

from __future__ import annotations

import pygame
import pygame_gui

from .app import App


def pump(app: App, frames: int = 2, dt: float = 1 / 60) -> None:
    """Run a few frames with a fixed time step."""
    for _ in range(frames):
        app.frame(dt)


def element_center(element) -> tuple[int, int]:
    """Window position of a widget's centre (inside scrolled containers too)."""
    return element.rect.center


def move_mouse(app: App, pos: tuple[int, int], frames: int = 2) -> None:
    """Move the pointer and let hover effects happen."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pump(app, frames)


def click_at(app: App, pos: tuple[int, int], frames: int = 3) -> None:
    """A left click at a window position."""
    move_mouse(app, pos, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pump(app, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pump(app, frames)


def scroll_into_view(app: App, element) -> None:
    """Scroll the widget's scrolling container (if any) until the widget is fully visible."""
    scroller = scroller_of(app, element)
    if scroller is None:
        return
    view = scroller.rect
    for _ in range(60):
        if view.contains(element.rect):
            return
        direction = 1 if element.rect.centery < view.centery else -1
        wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=direction, flipped=False, precise_y=float(direction))
        pygame.event.post(wheel)
        move_mouse(app, view.center, 2)


def scroller_of(app: App, element):
    """The scrolling container a widget sits in, or None."""
    owners = [o for o in (app.screen, app.modal) if o is not None]
    scrollers = [e for o in owners for e in o.elements if isinstance(e, pygame_gui.elements.UIScrollingContainer)]
    for scroller in scrollers:
        if element.ui_container is scroller.get_container():
            return scroller
    return None


def click(app: App, element, frames: int = 3) -> None:
    """Click a widget (scrolling it into view first)."""
    scroll_into_view(app, element)
    click_at(app, element_center(element), frames)


def press(app: App, key: int, frames: int = 3, unicode: str = "") -> None:
    """Press and release a key."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=unicode, scancode=0))
    pump(app, frames)


def buttons(app: App) -> list[pygame_gui.elements.UIButton]:
    """Every live button of the current screen, the modal and the hot-reload notice."""
    out = []
    for owner in (app.screen, app.modal, app.reloader.notice):
        if owner is not None:
            out += [e for e in owner.elements if isinstance(e, pygame_gui.elements.UIButton) and e.alive()]
    return out


def find_button(app: App, text: str) -> pygame_gui.elements.UIButton:
    """The first live button whose text contains `text` (KeyError listing the buttons if none)."""
    found = [b for b in buttons(app) if text.lower() in b.text.lower()]
    if not found:
        raise KeyError(f"no button {text!r}; buttons: {[b.text for b in buttons(app)]}")
    return found[0]


def screenshot(app: App, path) -> None:
    """Save the window as a PNG."""
    pygame.image.save(app.window, str(path))
