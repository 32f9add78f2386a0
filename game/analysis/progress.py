"""A one-line text progress bar for long runs, written to a stream (standard error by default)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Redraws '[#####.....] 4,000/10,000 games  3.1 s' in place; silent when the stream is not a terminal."""

    def __init__(self, what: str = "games", stream: TextIO | None = None, width: int = 30, force: bool = False):
        self.what = what
        self.stream = sys.stderr if stream is None else stream
        self.width = width
        self.on = force or (hasattr(self.stream, "isatty") and self.stream.isatty())
        self.started = time.perf_counter()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        """Show progress (done of total)."""
        if not self.on:
            return
        filled = round(self.width * done / max(total, 1))
        seconds = time.perf_counter() - self.started
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{total:,} {self.what}  {seconds:.1f} s")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """End the line the bar was drawn on."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
