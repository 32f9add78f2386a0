"""``brinkmanship play``: play a scenario in the window (default) or in the terminal."""

from __future__ import annotations

import argparse
import random

from ..ai.leaders import BASELINES, make_leader
from ..engine.game import Game
from ..terminal import Seat, TextGame
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


def play_text(args: argparse.Namespace) -> int:
    """Set up seats from the options and play a whole game in the terminal."""
    sc = scenario_or_exit(args.scenario)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    human = side_index(sc, args.side) if args.side else 0
    try:
        opponent = make_leader(args.opponent, sc)
    except KeyError as err:
        raise CommandError(err.args[0]) from None
    if args.watch:
        seats = (Seat(0, make_leader(args.opponent, sc)), Seat(1, make_leader(args.opponent, sc)))
    elif args.hotseat:
        seats = (Seat(0), Seat(1))
    else:
        seats = tuple(Seat(s) if s == human else Seat(s, opponent) for s in (0, 1))
    TextGame(Game(sc, seed), seats, hotseat=args.hotseat).run()
    return 0
