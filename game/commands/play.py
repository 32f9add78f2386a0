"""``brinkmanship play``: play a scenario in the window (default) or in the terminal; continue a saved game.

In the terminal a person plays one side against a computer leader (``--opponent``,
``--difficulty``), two people share the keyboard (``--hotseat``), or two computer
leaders play while a person watches week by week (``--watch``; name each side's
leader with an option named after its side id, e.g. ``--us hawk --china dove``).
"""

from __future__ import annotations

import argparse
import sys

from ..ai.leaders import BASELINE_PREFIX, BASELINES, leader_names, make_leader
from ..ai.lookahead import DIFFICULTIES
from ..ai.personality import default_traits, find_traits
from ..engine.game import fresh_seed
from ..records.files import find_save
from ..records.format import RecordError
from ..records.recorder import Recorder, new_recorder
from ..records.textplay import RESUME_HINT, Autosaver, end_note, open_for_play, play_recorded, seats_for
from ..terminal import Quit, TextGame
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit, side_index
from .simulate import SideOptionsParser


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("play", help="play a scenario (the default command)")
    parser.__class__ = SideOptionsParser
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
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
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="in the terminal, print everything each week (the whole board, every headline and change)",
    )
    parser.add_argument(
        "--seed", type=argtypes.seed, default=None, help="fix the game (default: random, shown at start)"
    )
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
        play_recorded(recorder, verbose=args.verbose)
        return 0
    sc = scenario_or_exit(args.scenario)
    seed = args.seed if args.seed is not None else fresh_seed()
    human = side_index(sc, args.side) if args.side else 0
    given = dict(getattr(args, "side_leaders", {}))
    unknown = [name for name in given if name not in sc.sides]
    if unknown:
        raise CommandError(f"unknown option --{unknown[0]}: {sc.id}'s sides are {', '.join(sc.sides)}")
    if args.watch:
        leaders = tuple(leader_spec(sc, s, given.get(sc.sides[s]) or args.opponent, args.difficulty) for s in (0, 1))
    elif args.hotseat:
        leaders = (None, None)
    else:
        if sc.sides[human] in given:
            raise CommandError(f"you play {sc.sides[human]}: name the computer's side, or use --watch")
        name = leader_spec(sc, 1 - human, given.get(sc.sides[1 - human]) or args.opponent, args.difficulty)
        leaders = tuple(None if s == human else name for s in (0, 1))
    recorder = new_recorder(sc, seed, leaders, hotseat=args.hotseat, difficulty=args.difficulty)
    if args.watch and not args.no_pause and sys.stdin.isatty():
        watch(recorder, verbose=args.verbose)
    else:
        play_recorded(recorder, verbose=args.verbose)
    return 0


def leader_spec(sc, side: int, name: str | None, difficulty: str) -> str:
    """The name a record keeps for a computer leader (default: the side's own personality); CommandError if unknown.

    Personalities carry their difficulty ('hawk@hard'); a baseline that shares a
    personality's name keeps its 'baseline:' prefix, so the record names the same leader.
    """
    name = name or default_traits(sc, side).id
    try:
        leader = make_leader(name, sc, side, difficulty)
    except KeyError as err:
        message = err.args[0]
        if "unknown leader" not in message:
            message = f"{message} (leaders: {', '.join(leader_names(sc, side))})"
        raise CommandError(message) from None
    if type(leader) in BASELINES.values():
        return BASELINE_PREFIX + leader.id if find_traits(sc, leader.id) is not None else leader.id
    return leader.id


class WatchGame(TextGame):
    """Two computer leaders shown week by week: Enter plays the next week, q stops watching."""

    def play_week(self):
        report = super().play_week()
        if not self.game.is_over:
            line = self.prompt("Enter: next week, q: stop watching ").strip().lower()
            if line in ("q", "quit", "exit"):
                raise Quit
        return report


def watch(recorder: Recorder, verbose: bool = False) -> None:
    """Watch a recorded computer-against-computer game, pausing after every week (autosaved like any game)."""
    saver = Autosaver(recorder)
    saver.save()
    text = WatchGame(
        recorder.game, seats_for(recorder), on_week=saver.after_week, quit_note=RESUME_HINT, verbose=verbose
    )
    if text.run().is_over:
        end_note(text, saver)
