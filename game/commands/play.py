"""``brinkmanship play``: play a scenario in the window (default) or in the terminal.

In the terminal a person plays one side against a computer leader (``--opponent``,
``--difficulty``), two people share the keyboard (``--hotseat``), or two computer
leaders play while a person watches week by week (``--watch``; name each side's
leader with an option named after its side id, e.g. ``--us hawk --china dove``).
"""

from __future__ import annotations

import argparse
import random
import sys

from ..ai.leaders import leader_names, make_leader
from ..ai.lookahead import DIFFICULTIES
from ..ai.personality import default_traits
from ..engine.game import Game
from ..terminal import Quit, Seat, TextGame
from .common import CommandError, fail, scenario_or_exit, side_index
from .simulate import SideOptionsParser


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("play", help="play a scenario (the default command)")
    parser.__class__ = SideOptionsParser
    parser.add_argument("scenario", nargs="?", help="scenario id or file (default: june_2025)")
    parser.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    parser.add_argument("--side", default=None, help="the side you play (default: the first side)")
    parser.add_argument("--hotseat", action="store_true", help="two people take turns at one keyboard")
    parser.add_argument(
        "--watch", action="store_true", help="watch two computer leaders play (name them with --SIDE LEADER)"
    )
    parser.add_argument(
        "--opponent",
        default=None,
        help="computer leader: a personality of the scenario (e.g. hawk, dove) or a baseline "
        "(random, tit_for_tat, historical, baseline:hawk); default: the other side's own personality",
    )
    parser.add_argument(
        "--difficulty", choices=tuple(DIFFICULTIES), default="normal", help="how hard the computer thinks"
    )
    parser.add_argument("--no-pause", action="store_true", help="when watching, do not wait for Enter each week")
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
    given = dict(getattr(args, "side_leaders", {}))
    unknown = [name for name in given if name not in sc.sides]
    if unknown:
        raise CommandError(f"unknown option --{unknown[0]}: {sc.id}'s sides are {', '.join(sc.sides)}")
    if args.watch:
        seats = tuple(
            Seat(s, computer(sc, s, given.get(sc.sides[s]) or args.opponent, args.difficulty)) for s in (0, 1)
        )
        game = WatchGame(Game(sc, seed), seats, pause=not args.no_pause and sys.stdin.isatty())
    elif args.hotseat:
        game = TextGame(Game(sc, seed), (Seat(0), Seat(1)), hotseat=True)
    else:
        if sc.sides[human] in given:
            raise CommandError(f"you play {sc.sides[human]}: name the computer's side, or use --watch")
        name = given.get(sc.sides[1 - human]) or args.opponent
        opponent = computer(sc, 1 - human, name, args.difficulty)
        game = TextGame(Game(sc, seed), tuple(Seat(s) if s == human else Seat(s, opponent) for s in (0, 1)))
    game.run()
    return 0


def computer(sc, side: int, name: str | None, difficulty: str):
    """A computer leader for a side by name (default: the side's own personality); CommandError if unknown."""
    name = name or default_traits(sc, side).id
    try:
        return make_leader(name, sc, side, difficulty)
    except KeyError as err:
        names = ", ".join(leader_names(sc, side))
        message = err.args[0] if "unknown leader" in err.args[0] else f"{err.args[0]} (leaders: {names})"
        raise CommandError(message) from None


class WatchGame(TextGame):
    """Two computer leaders, shown week by week; Enter plays the next week, q stops."""

    def __init__(self, game: Game, seats, pause: bool = True, **kw):
        super().__init__(game, seats, **kw)
        self.pause = pause

    def play_week(self):
        report = super().play_week()
        if self.pause and not self.game.is_over:
            line = self.prompt("Enter: next week, q: stop watching ").strip().lower()
            if line in ("q", "quit", "exit"):
                raise Quit
        return report
