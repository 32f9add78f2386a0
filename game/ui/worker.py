"""The forecast worker process's entry point: step back in priority first, then load the engine and serve.

Kept apart from ``forecast`` (which imports numpy and the engine) so the new
process lowers its priority before the heavy imports, not after.
"""

from __future__ import annotations

import contextlib
import os

NICENESS = 10
"""How much lower the forecast worker's scheduling priority is than the window's (Unix)."""


def main(conn, progress, wanted) -> None:
    """Run in the worker process: lower the priority, then serve forecast requests until told to stop."""
    step_back()
    from .forecast import serve

    serve(conn, progress, wanted)


def step_back() -> None:
    """Lower this process's priority (Unix nice) so the window's process comes first when the cores are busy."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
