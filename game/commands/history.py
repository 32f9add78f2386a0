"""``brinkmanship history [SCENARIO]``: relive the real moves week by week, and take over a leader at any week."""

from __future__ import annotations

import argparse
import sys

from ..records.format import RecordError
from ..records.history import HISTORY_SEED, HistoryError, history_record, history_transcript
from ..records.replay import Replay, side_number, take_over
from ..records.textplay import play_recorded
from ..records.textview import watch
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit
from .replay import window_viewer


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("history", help="replay what really happened, and take over at any week")
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument(
        "--seed", type=argtypes.seed, default=HISTORY_SEED, help=f"the world's dice (default {HISTORY_SEED})"
    )
    parser.add_argument("--all", action="store_true", help="print every week at once (no questions)")
    parser.add_argument("--window", action="store_true", help="open the history in the window's replay viewer")
    parser.add_argument("--transcript", action="store_true", help="print the plain transcript (golden file)")
    parser.add_argument(
        "--take-over", type=argtypes.weeks, metavar="WEEK", help="skip to playing after WEEK real weeks"
    )
    parser.add_argument("--side", default=None, help="with --take-over: the side you play (or 'both')")
    parser.add_argument("--opponent", default=None, help="computer leader for the other side")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        sc = scenario_or_exit(args.scenario)
        if args.transcript:
            sys.stdout.write(history_transcript(sc, args.seed))
            return 0
        record = history_record(sc, args.seed)
        viewer = window_viewer() if args.window else None
        if args.window and viewer is None:
            print("The window is not available in this version; showing the history in the terminal.")
        if viewer is not None or args.take_over is None:
            replay = Replay.of(record, f"{sc.id} history", scenario=sc)  # the scenario may be any file
            if viewer is not None:
                return int(viewer(replay, args) or 0)
            watch(replay, not args.all and sys.stdin.isatty(), args.opponent)
            return 0
        side = args.side or sc.sides[0]
        sides = tuple(sc.sides) if side == "both" else (sc.sides[side_number(sc, side)],)
        play_recorded(take_over(record, args.take_over, sides, args.opponent, scenario=sc))
    except (CommandError, HistoryError, RecordError, ValueError, KeyError) as err:
        return fail(err.args[0] if isinstance(err, KeyError) else str(err))
    return 0
