"""Watching a record in the terminal: week by week, back and forth, and taking over a side.

``TextReplay`` shows a ``Replay`` one week at a time (the moves with the leaders'
reasons, the real headlines for a history, the news and what changed; all of it
once the game is over, else as its people saw it) and reads a command after each:
Enter for the next week, ``b`` back, a number to jump, ``t SIDE`` (or ``t both``)
to take the wheel, ``q`` to stop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from ..ai.leaders import Leader
from ..engine.viewing import value_kind, view_of
from ..terminal import Quit, Seat, TextGame
from .format import seat_leader
from .history import show_value
from .replay import Replay

HELP = "Enter: next week · b: back · NUMBER: jump to that week · a: show all · t SIDE / t both: take over · q: quit"


@dataclass
class TextReplay:
    """A replay shown in the terminal; ``run`` returns the sides to take over, or None."""

    replay: Replay
    ask: Callable[[str], str] = input
    out: TextIO = field(default_factory=lambda: sys.stdout)
    take_over: bool = True

    def __post_init__(self):
        watcher = Leader()
        seats = (Seat(0, watcher), Seat(1, watcher))
        self.text = TextGame(self.replay.game, seats, ask=self.ask, out=self.out, shown_to=self.replay.viewer)

    @property
    def sc(self):
        return self.replay.scenario

    def say(self, line: str = "") -> None:
        self.text.say(line)

    def header(self) -> None:
        """The title, who played, and how to move around."""
        record, sc = self.replay.record, self.sc
        self.text.rule("═")
        kind = "The real history of" if record.kind == "history" else "Replay of"
        self.say(f"{kind} {sc.title} (seed {record.seed}, {self.replay.length} weeks)")
        for seat in record.settings.seats:
            side = sc.side_texts[sc.side_index(seat.side)]
            who = "a person" if seat.player == "person" else seat_leader(seat, sc)
            who = "the real moves" if record.kind == "history" else who
            self.say(f"  {side['name']} ({side['leader']}): {who}")
        origin = record.settings.origin
        if origin is not None and origin.turn:
            source = "the real history" if origin.kind == "history" else (origin.file or "another record")
            self.say(f"  Weeks 1-{origin.turn} come from {source}; then a person took over.")
        self.text.rule("═")
        for item in self.replay.game.opening_news:
            self.text.wrap(f"{item.date:%b %d}  {item.text}", "  ")

    def show(self) -> None:
        """The week that led to the current position, and where things stand."""
        report = self.replay.report
        if report is None:
            self.say(f"\nThe start: week 1 begins {self.sc.date_of_turn(1):%a %d %b %Y}.")
        else:
            real = self.replay.headlines()
            if real:
                self.say()
                self.say("What really happened")
                for date, text, _ in real:
                    self.text.wrap(f"{date:%b %d}  {text}", "  ")
            self.text.reveal(report, full=True)
        self.text.wrap(self.numbers())
        if self.replay.at_end and self.replay.game.is_over:
            ending = self.replay.game.ending
            scores = self.replay.game.scores()
            names = [self.sc.side_texts[s]["leader"] for s in (0, 1)]
            self.say(f"The end: {ending.title}. Scores: {names[0]} {scores[0]:.0f}, {names[1]} {scores[1]:.0f}.")

    def numbers(self) -> str:
        """Key numbers at the current position, as the replay's viewer may see them."""
        sc = self.sc
        rows = list(sc.key_variables)[:8] or [v.index for v in sc.variables if v.role == "variable"][:8]
        viewer = self.text.viewer()
        seen = view_of(sc, self.replay.state, viewer)[:, 0]
        parts = []
        for row in rows:
            var = sc.variables[row]
            owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
            exact = value_kind(var, viewer) == "exact"
            value = show_value(sc, var.name, seen[row]) if exact else self.text.cell(var, seen, viewer)
            parts.append(f"{owner}{var.label} {value}")
        return "Now: " + " · ".join(parts)

    def run(self, interactive: bool = True) -> tuple[str, ...] | None:
        """Show the replay; return the sides the person takes over (None if they just watch)."""
        self.header()
        self.show()
        if not interactive:
            while self.replay.forward():
                self.show()
            return None
        self.say(HELP)
        while True:
            try:
                line = self.ask(f"week {self.replay.position}/{self.replay.length}> ").strip().lower()
            except (EOFError, KeyboardInterrupt, Quit):
                return None
            result = self.command(line)
            if result == "quit":
                return None
            if isinstance(result, tuple):
                return result

    def command(self, line: str) -> str | tuple[str, ...] | None:
        """Act on one typed command: 'quit', a tuple of sides to take over, or None to go on."""
        replay = self.replay
        if line in ("q", "quit", "exit"):
            return "quit"
        if line in ("", "n", "next"):
            if not replay.forward():
                self.say("That was the last week (b: back, NUMBER: jump, q: quit).")
            else:
                self.show()
        elif line in ("b", "back"):
            if replay.back():
                self.show()
            else:
                self.say("This is the start.")
        elif line in ("a", "all"):
            while replay.forward():
                self.show()
        elif line.isdigit():
            replay.jump(int(line))
            self.show()
        elif line.startswith("t"):
            return self.take(line[1:].strip())
        else:
            self.say(HELP)
        return None

    def take(self, which: str) -> tuple[str, ...] | None:
        """The sides named by 'us', 'china', 'both' (None, with a hint, if that cannot be done)."""
        sides = self.sc.sides
        if not self.take_over:
            self.say("Taking over is not offered here.")
            return None
        if self.replay.game.is_over and self.replay.at_end:
            self.say("The game is over here: go back a week or more to take over.")
            return None
        if which == "both":
            return tuple(sides)
        if which in sides:
            return (which,)
        self.say(f"Take over which side? t {' / t '.join(sides)} / t both")
        return None


def watch(
    replay: Replay,
    interactive: bool = True,
    opponent: str | None = None,
    ask: Callable[[str], str] = input,
    out: TextIO | None = None,
) -> None:
    """Show a replay in the terminal; if the person takes over a side, play on from there."""
    out = out or sys.stdout
    sides = TextReplay(replay, ask, out).run(interactive)
    if not sides:
        return
    from .textplay import play_recorded

    recorder = replay.take_over(sides, opponent)
    print(f"\nYou take over {' and '.join(sides)} after week {replay.position}.", file=out)
    play_recorded(recorder, ask=ask, out=out)
