"""Watching a recorded game again, and taking over from any week: the API the replay viewer calls.

``Replay`` re-simulates a record once (checking its hashes) and then steps
through it without recomputing: position ``k`` is the state after ``k`` weeks
(0 is the start).  ``take_over`` starts a new game from a week of any record
(including the scenario's real history), with a person on the sides they choose.
A finished game or a history is shown whole; a game still going on is shown as its
people saw it (``Replay.viewer``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine.game import Game, NewsItem, TurnReport
from ..engine.viewing import EVERYONE, LEADERS, PUBLIC, Viewer
from ..scenario.compiled import CompiledScenario
from .files import keep_slot, load_autosave, read_record
from .format import Origin, Record, RecordError
from .recorder import Recorder, RecordMismatch, Restored, opponent_for, restore, settings_for


@dataclass
class Replay:
    """A recorded game to step through; ``position`` is the number of weeks shown (0: the start)."""

    restored: Restored
    position: int = 0

    @classmethod
    def open(cls, path: str | Path, anyway: bool = False) -> Replay:
        """Read and re-simulate a record file (RecordError / RecordMismatch if it cannot be)."""
        return cls(restore(read_record(path), str(path), anyway=anyway))

    @classmethod
    def of(
        cls, record: Record, source: str = "<record>", anyway: bool = False, scenario: CompiledScenario | None = None
    ) -> Replay:
        """Re-simulate a record already in memory (on ``scenario`` if given, else the installed one it names)."""
        return cls(restore(record, source, scenario=scenario, anyway=anyway))

    # -- where we are ----------------------------------------------------------
    @property
    def viewer(self) -> Viewer:
        """Whose eyes the replay uses: everyone's once the game is over (or for a history); until then the
        eyes of whoever played it (the one person's side, both leaders in hot-seat, the public for computers)."""
        if self.record.kind == "history" or self.game.is_over:
            return EVERYONE
        people = [side for side, seat in enumerate(self.record.settings.seats) if seat.player == "person"]
        if len(people) == 1:
            return people[0]
        return LEADERS if people else PUBLIC

    @property
    def game(self) -> Game:
        """The whole replayed game (do not play on it: use ``take_over``)."""
        return self.restored.game

    @property
    def record(self) -> Record:
        return self.restored.record

    @property
    def scenario(self) -> CompiledScenario:
        return self.game.scenario

    @property
    def length(self) -> int:
        """How many weeks the record holds (that replay)."""
        return len(self.game.reports)

    @property
    def at_end(self) -> bool:
        return self.position >= self.length

    def forward(self) -> bool:
        """Show one more week; False if already at the end."""
        return self.jump(self.position + 1) if not self.at_end else False

    def back(self) -> bool:
        """Show one week less; False if already at the start."""
        return self.jump(self.position - 1) if self.position > 0 else False

    def jump(self, position: int) -> bool:
        """Go to a position (clamped to 0..length); True if it moved."""
        new = max(0, min(self.length, int(position)))
        moved = new != self.position
        self.position = new
        return moved

    # -- what to show -----------------------------------------------------------
    @property
    def turn(self) -> int:
        """The week about to be played at this position (1-based)."""
        return int(self.state[self.scenario.turn_row, 0])

    @property
    def date(self) -> dt.date:
        """Monday of the week about to be played (of the last week once over)."""
        return self.scenario.date_of_turn(min(self.turn, int(self.state[self.scenario.horizon_row, 0])))

    @property
    def state(self) -> np.ndarray:
        """The true state at this position, (rows, 1)."""
        return self.game.snapshots[self.position]

    def value(self, name: str) -> float:
        """A variable's true value at this position."""
        return float(self.state[self.scenario.row(name), 0])

    @property
    def report(self) -> TurnReport | None:
        """The week that led to this position (moves, reasons, news, changes), None at the start."""
        return self.game.reports[self.position - 1] if self.position else None

    def reports(self) -> list[TurnReport]:
        """Every week played up to this position."""
        return self.game.reports[: self.position]

    def news(self, side: str | None = None) -> list[NewsItem]:
        """The news up to this position that a side (None: the public; 'all': everything) may see."""
        items = self.game.opening_news + [n for r in self.reports() for n in r.news]
        return items if side == "all" else [n for n in items if n.seen_by(side)]

    def headlines(self, week: int | None = None) -> list[tuple[dt.date, str, str]]:
        """The scenario's real headlines (date, text, source) for a week (default: the one just shown)."""
        week = self.position if week is None else week
        return [h for step in self.scenario.history if step.turn == week for h in step.headlines]

    def series(self, name: str) -> list[float]:
        """A variable's values from the start up to this position (for charts)."""
        row = self.scenario.row(name)
        return [float(snap[row, 0]) for snap in self.game.snapshots[: self.position + 1]]

    def take_over(self, sides: Iterable[str | int], opponent: str | None = None) -> Recorder:
        """A new game from this position with a person on the given sides (see ``take_over``)."""
        return take_over(self.record, self.position, sides, opponent, self.restored.source, self.scenario)


def take_over(
    record: Record,
    turn: int,
    sides: Iterable[str | int],
    opponent: str | None = None,
    source: str | None = None,
    scenario: CompiledScenario | None = None,
) -> Recorder:
    """A new game whose first ``turn`` weeks are the record's, with a person on ``sides``.

    The other side gets a computer leader: ``opponent`` if given, else the
    scenario's historical personality when the AI can play it, else a baseline.
    Raise RecordMismatch if the record does not replay, ValueError for a bad week (or one after the end).
    """
    if not 0 <= turn <= len(record.turns):
        raise ValueError(f"week {turn} is outside the record (0 to {len(record.turns)})")
    restored = restore(record, source or "<record>", scenario=scenario, upto=turn)
    if restored.game.is_over:
        raise ValueError(f"the game is over after week {turn}: there is nothing left to play")
    sc = restored.game.scenario
    people = {side_number(sc, s) for s in sides}
    leaders = tuple(None if side in people else opponent_for(sc, side, opponent) for side in (0, 1))
    kind = "history" if record.kind == "history" else "record"
    origin = Origin(kind=kind, file=source, turn=turn)
    settings = settings_for(sc, leaders, hotseat=len(people) == 2, origin=origin)
    old = restored.recorder
    return Recorder(old.game, settings, "game", old.turns, old.start_hash)


def side_number(sc: CompiledScenario, side: str | int) -> int:
    """A side's index from its id or index; ValueError naming the sides if unknown."""
    try:
        return sc.side_index(side)
    except (KeyError, ValueError):
        raise ValueError(f"no side {side!r}; the sides are {', '.join(sc.sides)}") from None


@dataclass
class Opened:
    """A saved game ready to continue, with notes worth showing (backup used, divergence)."""

    restored: Restored
    notes: list[str]

    @property
    def recorder(self) -> Recorder:
        return self.restored.recorder


def open_game(path: str | Path | None = None, anyway: bool = False, folder: Path | None = None) -> Opened:
    """Load a saved game to continue (None: the autosave, or its backup); the window's Continue and Load.

    Raises RecordError for a file that cannot be used, RecordMismatch (a RecordError)
    when the moves do not replay as recorded and ``anyway`` is not set (ask the
    person, then call again with ``anyway=True``), and RecordError for a game that is over.
    """
    notes = []
    if path is None:
        loaded = load_autosave(folder)
        record, source = loaded.record, str(loaded.path)
        notes += [loaded.note] if loaded.note else []
    else:
        record, source = read_record(path), str(path)
    restored = restore(record, source, anyway=anyway)
    keep_slot(restored.recorder, Path(source))
    if restored.divergence is not None:
        notes.append(f"{source}: {restored.divergence.describe()}")
    if restored.game.is_over:
        raise RecordError(source, f"that game is over; watch it again with 'brinkmanship replay {source}'")
    return Opened(restored, notes)


__all__ = ["Opened", "RecordMismatch", "Replay", "open_game", "side_number", "take_over"]
