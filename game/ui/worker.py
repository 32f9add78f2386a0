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
    """Make the window's process come first when the cores are busy.

    SCHED_BATCH (Linux) marks the worker as a number cruncher: waking it with a
    request never preempts the window mid-frame (with plain nice it did, for 2-3
    ms a request).  A higher nice value lowers its share of a busy core besides.
    """
    if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_BATCH"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
