"""Records in the terminal game: autosave after every week, 'save' at the prompt, continue a saved game.

``play_recorded`` runs a ``TextGame`` on a recorder's game with the autosave
hooked in, then prints the comparison with history when the scenario has one.
``open_for_play`` loads a record (the autosave or a file) ready to continue,
asking before replaying a record whose scenario has changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..ai.leaders import make_leader
from ..engine.game import Game, Order, TurnReport
from ..engine.orders import Orders
from ..terminal import Seat, TextGame
from .files import save_named, write_autosave
from .history import compare_with_history, overlay_table
from .recorder import Recorder, RecordMismatch, Restored, opponent_for
from .replay import open_game

RESUME_HINT = "It was saved after every week: 'brinkmanship play --text --continue' picks it up again."


@dataclass
class Autosaver:
    """Keeps the autosave in step with a recorded game; also saves named copies on request."""

    recorder: Recorder
    folder: Path | None = None
    err: TextIO | None = None
    failed: bool = False

    def save(self) -> Path | None:
        """Write the autosave now; on a disk error warn once and carry on."""
        try:
            return write_autosave(self.recorder.record(), self.folder, self.recorder.slot)
        except OSError as exc:
            if not self.failed:
                print(f"warning: could not autosave ({exc}); the game goes on unsaved", file=self.err or sys.stderr)
            self.failed = True
            return None

    def after_week(self, orders: tuple[Order | Orders, Order | Orders], report: TurnReport) -> None:
        """The terminal game's after-week hook: record the week and autosave."""
        self.recorder.note(orders, report)
        self.save()

    def command(self, line: str) -> str | None:
        """Answer 'save' or 'save NAME' typed at the orders prompt (None for anything else)."""
        words = line.split()
        if not words or words[0] != "save":
            return None
        try:
            path = save_named(self.recorder.record(), words[1] if len(words) > 1 else None, self.folder)
        except OSError as exc:
            return f"  Could not save: {exc}"
        return f"  Saved to {path} (load it with: brinkmanship play --text --load {path})"


def end_note(text: TextGame, saver: Autosaver) -> Path | None:
    """After a finished game: keep it under its own name (the autosave is the next game's) and say how to use it."""
    try:
        path = save_named(saver.recorder.record(), None, saver.folder)
    except OSError as exc:
        text.say(f"\nCould not keep a copy of this game ({exc}).")
        return None
    text.say()
    text.rule("─", "This game is saved")
    text.say(f"Record:  {path}")
    text.say(f"Replay it week by week:  brinkmanship replay {path}")
    text.say(f"Write a report with charts (Markdown):  brinkmanship report {path}")
    text.say("Every saved game:  brinkmanship saves")
    return path


def seats_for(recorder: Recorder, out: TextIO | None = None) -> tuple[Seat, Seat]:
    """Terminal seats from the record's settings (an unknown computer leader is replaced, with a note)."""
    sc = recorder.scenario
    seats = []
    for side, entry in enumerate(recorder.settings.seats):
        if entry.player == "person":
            seats.append(Seat(side))
            continue
        try:
            seats.append(Seat(side, make_leader(entry.leader, sc, side)))
        except KeyError:
            name = opponent_for(sc, side)
            print(f"note: computer leader {entry.leader!r} is not available here; {name} plays instead", file=out)
            seats.append(Seat(side, make_leader(name, sc, side)))
    return seats[0], seats[1]


def play_recorded(
    recorder: Recorder,
    ask: Callable[[str], str] = input,
    out: TextIO | None = None,
    folder: Path | None = None,
    autosave: bool = True,
    verbose: bool = False,
) -> Game:
    """Play (or go on playing) a recorded game in the terminal, autosaving after every week."""
    out = out or sys.stdout
    saver = Autosaver(recorder, folder)
    if autosave and not recorder.game.reports:
        saver.save()  # a fresh game can be continued even if the first week never ends
    text = TextGame(
        recorder.game,
        seats_for(recorder, out),
        ask=ask,
        out=out,
        hotseat=recorder.settings.hotseat,
        on_week=saver.after_week if autosave else recorder.note,
        extra_command=saver.command,
        quit_note=RESUME_HINT if autosave and not saver.failed else "Nothing was saved.",
        verbose=verbose,
    )
    if recorder.game.reports:
        text.say(f"Continuing at week {recorder.game.turn} ({len(recorder.game.reports)} weeks played).")
    if any(seat.player == "person" for seat in recorder.settings.seats):
        text.say("Type 'save' or 'save NAME' at the orders prompt to keep a named copy.")
    game = text.run()
    if game.is_over and recorder.scenario.history:
        comparison = compare_with_history(game)
        text.say("\nCompared with what really happened")
        for line in comparison.summary():
            text.wrap(line, "  ")
        text.say("\nWeek by week: this game over history (real moves in the model) and real figures")
        for line in overlay_table(comparison):
            text.say(line)
    if game.is_over and autosave:
        end_note(text, saver)
    return game


def open_for_play(
    name: str | Path | None,
    anyway: bool = False,
    confirm: Callable[[str], bool] | None = None,
    folder: Path | None = None,
    out: TextIO | None = None,
) -> Restored:
    """Load a record to continue (None: the autosave), printing notes; RecordError if it cannot be.

    A record that no longer replays as recorded (changed scenario) is replayed on
    the current scenario when ``anyway`` is set or ``confirm(message)`` says yes.
    """
    try:
        opened = open_game(name, anyway, folder)
    except RecordMismatch as err:
        if confirm is None or not confirm(f"{err}. Replay the moves on the current scenario anyway?"):
            raise
        opened = open_game(name, True, folder)
    for note in opened.notes:
        print(f"note: {note}", file=out)
    return opened.restored
