"""Progress for long runs on standard error: a bar redrawn in place on a terminal, a line every few seconds
when piped (so logs and CI show that work goes on), both with an estimate of the time left."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


def time_left(seconds: float, done: int, total: int) -> str:
    """'about 2 min left' from the pace so far ('' before anything is done)."""
    if done <= 0 or done >= total:
        return ""
    left = seconds * (total - done) / done
    if left < 60:
        return f"about {max(1, round(left))} s left"
    if left < 3600:
        return f"about {round(left / 60)} min left"
    return f"about {left / 3600:.1f} h left"


class ProgressBar:
    """Redraws '[#####.....] 4,000/10,000 games  3.1 s  about 5 s left' in place on a terminal; when the stream
    is not a terminal, writes one such line at most every ``every`` seconds, and the last one (silent if quiet)."""

    def __init__(
        self,
        what: str = "games",
        stream: TextIO | None = None,
        width: int = 30,
        force: bool = False,
        every: float = 5.0,
        quiet: bool = False,
        clock: Callable[[], float] = time.perf_counter,
    ):
        self.what = what
        self.stream = sys.stderr if stream is None else stream
        self.width = width
        self.tty = force or (hasattr(self.stream, "isatty") and self.stream.isatty())
        self.quiet = quiet
        self.every = every
        self.clock = clock
        self.started = clock()
        self.last_line = self.started
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        """Show progress (done of total)."""
        if self.quiet:
            return
        now = self.clock()
        seconds = now - self.started
        text = f"{done:,}/{total:,} {self.what}  {seconds:.1f} s"
        eta = time_left(seconds, done, total)
        if eta:
            text += f"  {eta}"
        if self.tty:
            filled = round(self.width * done / max(total, 1))
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {text}   ")
            self.drawn = True
        elif now - self.last_line >= self.every or done >= total:
            self.stream.write(text + "\n")
            self.last_line = now
        else:
            return
        self.stream.flush()

    def close(self) -> None:
        """End the line the bar was drawn on."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
