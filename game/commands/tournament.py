"""``brinkmanship tournament``: every personality and baseline against every other, from both seats."""

from __future__ import annotations

import argparse
import json
import os

from ..ai.lookahead import DIFFICULTIES
from ..analysis.parallel import ParallelError
from ..analysis.progress import ProgressBar
from ..analysis.tournament import default_entrants, entrant_from_name, format_tournament, run_tournament
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "tournament",
        help="round robin of computer leaders: win rates, scores and ranks",
        description="Every personality and baseline plays every other from both seats on the same seeded games. "
        "Prints win rates (a win: a higher 0-100 score by more than the scenario's draw margin, never in an "
        "ending that ruins both, unless the other side pushed it there alone) and mean scores with 95% "
        "confidence intervals, and ranks.",
    )
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument(
        "--games", type=argtypes.games, default=200, help="games per pairing, split over both seats (default 200)"
    )
    parser.add_argument(
        "--difficulty",
        choices=tuple(DIFFICULTIES),
        default="easy",
        help="how hard the personalities think "
        "(default easy: a full round robin at normal takes about 20 minutes of one core)",
    )
    parser.add_argument(
        "--players",
        default=None,
        help="comma-separated leaders instead of everyone, e.g. 'strategist@hard,random,baseline:hawk'",
    )
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed shared by every pairing (default 0)")
    parser.add_argument(
        "--nash",
        type=argtypes.whole(0, 10_000),
        default=0,
        metavar="N",
        help="check up to N deals per pairing of thinking leaders against the Nash bargaining point",
    )
    argtypes.add_where(parser, "pairings", os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        sc = scenario_or_exit(args.scenario)
        if args.games < 1:
            raise CommandError("--games must be at least 1")
        if args.players:
            names = [n.strip() for n in args.players.split(",") if n.strip()]
            try:
                players = [entrant_from_name(sc, n, args.difficulty) for n in names]
            except KeyError as err:
                raise CommandError(err.args[0]) from None
            if len({p.id for p in players}) != len(players):
                raise CommandError("--players names someone twice")
        else:
            players = default_entrants(sc, args.difficulty)
        if len(players) < 2:
            raise CommandError("a tournament needs at least two players")
        if args.jobs < 1:
            raise CommandError("--jobs must be at least 1")
    except CommandError as err:
        return fail(str(err))
    bar = ProgressBar("games")
    try:
        report = run_tournament(
            sc, players, args.games, args.seed, args.difficulty, bar, args.nash, args.jobs, args.scheduler
        )
    except ParallelError as err:
        return fail(str(err))
    finally:
        bar.close()
    print(json.dumps(report, indent=2) if args.json else format_tournament(report))
    return 0
