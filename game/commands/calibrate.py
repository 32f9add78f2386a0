"""``brinkmanship calibrate [SCENARIO] --games N``: do AI-vs-AI games bracket what really happened?"""

from __future__ import annotations

import argparse
import json
import sys

from ..analysis.parallel import ParallelError
from ..analysis.progress import ProgressBar
from ..records.calibrate import HIGH, KINDS, LOW, TARGET, calibrate
from ..records.charts import UNAVAILABLE, plot_calibration
from ..records.history import HistoryError
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("calibrate", help="compare AI-vs-AI games with the real history")
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument("--games", type=argtypes.games, default=1000, help="games to simulate (default 1000)")
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed of the simulated games (default 0)")
    parser.add_argument("--leader", default=None, help="play both sides with this leader instead of the personalities")
    parser.add_argument("--meters", action="store_true", help="also track the key meters against the modelled history")
    parser.add_argument(
        "--plot", type=argtypes.output_file, metavar="FILE", help="draw the bands as PNG charts (FILE-variable.png)"
    )
    argtypes.add_where(parser, "chunks of games", None)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        sc = scenario_or_exit(args.scenario)
        bar = ProgressBar("games")
        try:
            cal = calibrate(sc, args.games, args.seed, args.leader, args.meters, bar, args.jobs, args.scheduler)
        finally:
            bar.close()
    except (CommandError, HistoryError, ValueError, ParallelError) as err:
        return fail(str(err))
    except KeyError as err:
        return fail(err.args[0])
    if args.json:
        print(json.dumps(cal.to_json(), indent=1))
    else:
        print(f"{sc.title}: {cal.games} games from the start, seed {cal.seed}")
        print(f"Leaders: {cal.leaders[0]} ({sc.sides[0]}) vs {cal.leaders[1]} ({sc.sides[1]})")
        for note in cal.notes:
            print(f"  note: {note}")
        print()
        print("\n".join(cal.table()))
        misses = cal.misses()
        if misses:
            print("\nOutside the band:")
            print("\n".join(f"  {line}" for line in misses))
        print(
            f"\nCoverage: {cal.coverage:.1%} of variable-weeks lie inside P{LOW}-P{HIGH} "
            f"(target {TARGET:.0%}: {'met' if cal.coverage >= TARGET else 'not met'}; bands that span a "
            "variable's whole range are left out: they cover anything)"
        )
        print("\n".join(coverage_lines(cal)))
    if args.plot:
        written = plot_calibration(cal, args.plot)
        message = f"Charts: {', '.join(map(str, written))}" if written else f"No charts: {UNAVAILABLE}."
        print(message, file=sys.stderr if args.json else sys.stdout)
    return 0


def coverage_lines(cal) -> list[str]:
    """Coverage of each kind of cell, with the cells left out because their band covers anything."""
    lines = []
    for kind, figures in cal.by_kind().items():
        share = "-" if figures["coverage"] is None else f"{figures['coverage']:.1%}"
        left = f", {figures['whole_range']} left out (whole range)" if figures["whole_range"] else ""
        lines.append(f"  {KINDS[kind]}: {share} of {figures['cells']} variable-weeks{left}")
    return lines
