"""``brinkmanship replay FILE``: watch a recorded game again, week by week, and take over if you like."""

from __future__ import annotations

import argparse
import sys

from ..records.files import find_save
from ..records.format import RecordError
from ..records.recorder import RecordMismatch
from ..records.replay import Replay
from ..records.textview import watch
from .common import fail
from .play import confirm


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("replay", help="watch a recorded game again (and take over a side)")
    parser.add_argument("file", help="a record file, or a name from 'brinkmanship saves' (e.g. autosave)")
    parser.add_argument("--window", action="store_true", help="open the replay viewer in the window")
    parser.add_argument("--all", action="store_true", help="print every week at once (no questions)")
    parser.add_argument("--anyway", action="store_true", help="replay the moves even if the scenario changed")
    parser.add_argument("--opponent", default=None, help="computer leader if you take over a side")
    parser.set_defaults(run=run)


def window_viewer():
    """The window's replay viewer, ``game.ui.app.run_replay(replay, args)``, or None where there is no window."""
    try:
        from ..ui.app import run_replay
    except ImportError:
        return None
    return run_replay


def run(args: argparse.Namespace) -> int:
    viewer = window_viewer() if args.window else None
    if args.window and viewer is None:
        print("The window is not available in this version; showing the replay in the terminal.")
    source = str(find_save(args.file))
    try:
        replay = open_replay(source, args.anyway)
        if viewer is not None:
            return int(viewer(replay, args) or 0)
        watch(replay, interactive=not args.all and sys.stdin.isatty(), opponent=args.opponent)
    except (RecordError, ValueError) as err:
        return fail(str(err))
    return 0


def open_replay(source: str, anyway: bool) -> Replay:
    """A replay of a file, asking before replaying moves on a changed scenario."""
    try:
        return Replay.open(source, anyway)
    except RecordMismatch as err:
        if not confirm(f"{err}. Replay the moves on the current scenario anyway?"):
            raise
        replay = Replay.open(source, anyway=True)
        print(f"note: {source}: {replay.restored.divergence.describe()}" if replay.restored.divergence else "")
        return replay
