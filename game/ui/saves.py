"""Saved games in the window: an autosave after every week, and Continue from the latest game.

Records are the records module's business (``game.records``): a record is the
scenario, the seed and every week's orders, re-simulated on load and checked
against stored state hashes.  The window keeps a ``Recorder`` in step with its
game (``Session.recorder``), writes the autosave after each week, and offers
**Continue** on the title screen for the newest unfinished game.  Other sources
of saves can be added to ``PROVIDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..records.files import list_saves, write_autosave
from ..records.format import RecordError
from ..records.recorder import Recorder, restore
from .session import GamePlan, SeatPlan, Session


@dataclass(frozen=True)
class SaveSlot:
    """A game that can be continued: what to call it, and how to rebuild it."""

    label: str
    detail: str
    load: Callable[[], Session]


def record_slots() -> list[SaveSlot]:
    """Unfinished games in the saves folder, newest first (files that cannot be read are left out)."""
    out = []
    for info in list_saves():
        if info.ok and not info.over and info.record.kind == "game":
            label = f"{info.scenario}, week {info.turn + 1}"
            out.append(SaveSlot(label, f"{info.name} · {info.sides}", lambda path=info.path: resume_file(path)))
    return out


PROVIDERS: list[Callable[[], list[SaveSlot]]] = [record_slots]


def saves() -> list[SaveSlot]:
    """Every game that can be continued, from every provider (a failing provider is skipped)."""
    out: list[SaveSlot] = []
    for provider in PROVIDERS:
        try:
            out += list(provider())
        except (OSError, RecordError, ValueError):
            continue
    return out


def resume_file(path) -> Session:
    """A session rebuilt from a record file (RecordError if it cannot be replayed as recorded)."""
    from ..records.files import keep_slot, read_record

    record = read_record(path)
    recorder = restore(record, str(path)).recorder
    keep_slot(recorder, Path(path))
    return session_for(recorder)


def session_for(recorder: Recorder) -> Session:
    """A session playing on a recorder's game, with people and computer leaders where its settings put them."""
    settings = recorder.settings
    seats = tuple(
        SeatPlan()
        if seat.player == "person"
        else SeatPlan(False, seat.leader or "tit_for_tat", settings.difficulty or "normal")
        for seat in settings.seats
    )
    return Session(GamePlan(recorder.scenario, recorder.game.seed, seats), recorder=recorder)


def autosave(session: Session) -> str | None:
    """Write the autosave after a week; return a message if it could not be written."""
    try:
        write_autosave(session.recorder.record(), slot=session.recorder.slot)
    except OSError as err:
        return f"The autosave could not be written: {err}"
    return None
