"""``brinkmanship play``: play a scenario in the window (default) or in the terminal; continue a saved game."""

from __future__ import annotations

import argparse
import sys

from ..ai.leaders import BASELINES
from ..engine.game import fresh_seed
from ..records.files import find_save
from ..records.format import RecordError
from ..records.recorder import new_recorder, playable
from ..records.textplay import open_for_play, play_recorded
from .common import CommandError, fail, scenario_or_exit, side_index


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("play", help="play a scenario (the default command)")
    parser.add_argument("scenario", nargs="?", help="scenario id or file (default: june_2025)")
    parser.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    parser.add_argument("--side", default=None, help="the side you play (default: the first side)")
    parser.add_argument("--hotseat", action="store_true", help="two people take turns at one keyboard")
    parser.add_argument("--watch", action="store_true", help="watch two computer leaders play")
    parser.add_argument("--opponent", default="tit_for_tat", help=f"computer leader ({', '.join(sorted(BASELINES))})")
    parser.add_argument("--seed", type=int, default=None, help="fix the game (default: random, shown at start)")
    parser.add_argument("--continue", dest="resume", action="store_true", help="continue the last game (the autosave)")
    parser.add_argument("--load", metavar="FILE", help="continue a saved game (a file, or a name from 'saves')")
    parser.add_argument("--anyway", action="store_true", help="replay a save's moves even if its scenario changed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.text:
        try:
            from ..ui.app import run_window
        except ImportError:
            print("The window is not available yet; playing in the terminal.")
        else:
            return run_window(args)
    try:
        return play_text(args)
    except CommandError as err:
        return fail(str(err))
    except RecordError as err:
        return fail(str(err))


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (no when input is not interactive or ends)."""
    if not sys.stdin.isatty():
        print(f"{question} (no: not interactive; pass --anyway to do it)", file=sys.stderr)
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower().startswith("y")
    except EOFError:
        return False


def play_text(args: argparse.Namespace) -> int:
    """Set up seats from the options (or a saved game) and play in the terminal, autosaving every week."""
    if args.resume or args.load:
        name = find_save(args.load) if args.load else None
        recorder = open_for_play(name, args.anyway, confirm).recorder
        play_recorded(recorder)
        return 0
    sc = scenario_or_exit(args.scenario)
    seed = args.seed if args.seed is not None else fresh_seed()
    human = side_index(sc, args.side) if args.side else 0
    if not playable(sc, args.opponent, 1 - human):
        raise CommandError(f"unknown leader {args.opponent!r}; choose from {', '.join(sorted(BASELINES))}")
    if args.watch:
        leaders = (args.opponent, args.opponent)
    elif args.hotseat:
        leaders = (None, None)
    else:
        leaders = tuple(None if s == human else args.opponent for s in (0, 1))
    play_recorded(new_recorder(sc, seed, leaders, hotseat=args.hotseat))
    return 0
