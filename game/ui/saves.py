"""The hook between the window and saved games (records are another part of the project).

The title screen shows **Continue** when ``saves()`` returns anything.  A records
module plugs in by appending a provider to ``PROVIDERS``: a function returning
``SaveSlot`` objects, newest first.  A slot names a ``GamePlan`` and the weeks
already played; the window rebuilds the game by replaying them through the
engine's checked API (records are re-simulated on load, as DESIGN.md asks).
After every week the window calls each function in ``AUTOSAVE`` with the session,
so a records module can write an autosave.  Nothing here writes files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.game import Order
from .session import GamePlan, Session


@dataclass(frozen=True)
class SaveSlot:
    """A game that can be continued: its plan and the orders of each week played so far."""

    label: str
    detail: str
    plan: GamePlan
    weeks: tuple[tuple[Order, Order, dict], ...] = field(default_factory=tuple)
    """(first side's order, second side's order, contest results) per week played."""


PROVIDERS: list[Callable[[], list[SaveSlot]]] = []
AUTOSAVE: list[Callable[[Session], None]] = []


def saves() -> list[SaveSlot]:
    """Every game that can be continued, from every provider (a failing provider is skipped)."""
    out: list[SaveSlot] = []
    for provider in PROVIDERS:
        try:
            out += list(provider())
        except Exception:  # a broken save list must never stop the title screen
            continue
    return out


def resume(slot: SaveSlot) -> Session:
    """A session with the slot's weeks replayed."""
    session = Session(slot.plan)
    for first, second, contests in slot.weeks:
        session.game.play(first, second, contests or None)
    session.new_week()
    return session


def autosave(session: Session) -> None:
    """Tell every autosave hook that a week was played (failures are ignored)."""
    for hook in AUTOSAVE:
        try:
            hook(session)
        except Exception:
            continue
