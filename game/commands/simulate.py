"""``brinkmanship simulate``: many games between two computer leaders, summarised as distributions.

Each side's leader is given with an option named after the scenario's side id
(``--us hawk --china dove`` for June 2025), or ``--side0`` / ``--side1``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from ..ai.leaders import leader_names
from ..ai.lookahead import DIFFICULTIES, LookaheadLeader
from ..analysis.nash import deal_quality, format_deal_quality
from ..analysis.parallel import ParallelError
from ..analysis.progress import ProgressBar
from ..analysis.runner import jobs_for, named_leaders, run_named
from ..analysis.simulate import fan_rows, format_summary, meter_label, path_of, summarise
from ..records.recorder import historical_personality, opponent_for
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit

SIDE_OPTION = re.compile(r"^--([a-z][a-z0-9_]*)(?:=(.*))?$")
DEFAULT_DIFFICULTY = "easy"
"""How hard the historical personalities think when no leader is named (games stay quick, play stays plausible)."""


class SideOptionsParser(argparse.ArgumentParser):
    """A parser that also takes '--SIDE LEADER' for side ids it cannot know in advance."""

    def parse_known_args(self, args=None, namespace=None):
        """Pull out '--name value' pairs that are not options of this parser, then parse the rest."""
        rest, sides = [], {}
        items = list(args or [])
        i = 0
        while i < len(items):
            item = items[i]
            match = SIDE_OPTION.match(item) if isinstance(item, str) else None
            if match and f"--{match.group(1)}" not in self._option_string_actions:
                if match.group(2) is not None:
                    sides[match.group(1)] = match.group(2)
                    i += 1
                    continue
                if i + 1 < len(items) and not items[i + 1].startswith("-"):
                    sides[match.group(1)] = items[i + 1]
                    i += 2
                    continue
            rest.append(item)
            i += 1
        parsed, extras = super().parse_known_args(rest, namespace)
        parsed.side_leaders = {**getattr(parsed, "side_leaders", {}), **sides}
        return parsed, extras


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "simulate",
        help="play many games between computer leaders and summarise the outcomes",
        description="Play many games between two computer leaders and report how they end: shares of each "
        "ending, score and meter quantiles, and deals. Name each side's leader with an option named after the "
        "scenario's side id, e.g. '--us hawk --china dove' (or --side0/--side1). A side you do not name is "
        "played by the scenario's historical personality for it, thinking at easy.",
    )
    parser.__class__ = SideOptionsParser
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument("--games", type=argtypes.games, default=1000, help="number of games (default 1000)")
    parser.add_argument("--side0", default=None, help="leader of the first side")
    parser.add_argument("--side1", default=None, help="leader of the second side")
    parser.add_argument(
        "--difficulty",
        choices=tuple(DIFFICULTIES),
        default=None,
        help="how hard computer personalities think (default: normal for a leader you name, easy for a side "
        "left to its historical personality)",
    )
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed of the run (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        type=argtypes.output_file_name,
        default=None,
        help="write a P10-P50-P90 fan chart of the meters",
    )
    parser.add_argument(
        "--nash",
        type=argtypes.whole(0, 10_000),
        default=30,
        metavar="N",
        help="check up to N signed deals against the Nash bargaining point when both leaders think (0: off)",
    )
    parser.add_argument("--list", action="store_true", help="list the leaders each side may use, then stop")
    argtypes.add_where(parser, "chunks of games", None)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        sc = scenario_or_exit(args.scenario)
        if args.list:
            for side, name in enumerate(sc.sides):
                print(f"--{name}: {', '.join(leader_names(sc, side))}")
            return 0
        names = choose_names(sc, args)
        leaders = named(sc, names, args.difficulty or "normal")
        if args.games < 1:
            raise CommandError("--games must be at least 1")
        if args.plot is not None:
            check_plot_path(args.plot)
    except CommandError as err:
        return fail(str(err))
    bar = ProgressBar("games")
    started = time.perf_counter()
    try:
        jobs = jobs_for(args.jobs, leaders)
        result = run_named(sc, names, args.games, args.seed, args.difficulty or "normal", bar, jobs, args.scheduler)
    except ParallelError as err:
        return fail(str(err))
    finally:
        bar.close()
    summary = summarise(sc, result, leaders)
    summary["seed"] = args.seed
    if args.nash > 0 and all(isinstance(leader, LookaheadLeader) for leader in leaders):
        summary["deal_quality"] = deal_quality(sc, result, args.seed, limit=args.nash)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    if args.plot is not None:
        try:
            summary["plot"] = write_plot(sc, result, args.plot, summary)
        except CommandError as err:
            return fail(str(err))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(sc, summary))
        if "deal_quality" in summary:
            print(format_deal_quality(summary["deal_quality"]))
        print(f"{summary['games']:,} games in {summary['seconds']:.2f} s (seed {args.seed}).")
        if args.plot is not None:
            print(f"Fan chart written to {summary['plot']}")
    return 0


def named(sc, names: tuple[str, str], difficulty: str) -> tuple:
    """Both sides' leaders by name; CommandError if one is unknown."""
    try:
        return named_leaders(sc, names, difficulty)
    except KeyError as err:
        raise CommandError(err.args[0]) from None


def choose_names(sc, args: argparse.Namespace) -> tuple[str, str]:
    """Each side's leader name from --SIDE, --side0/--side1 (default: its historical personality at easy)."""
    given = dict(getattr(args, "side_leaders", {}))
    unknown = [name for name in given if name not in sc.sides]
    if unknown:
        raise CommandError(
            f"unknown option --{unknown[0]}: {sc.id}'s sides are {', '.join(sc.sides)} "
            f"(name a side's leader with --{sc.sides[0]} LEADER)"
        )
    names = []
    for side, sid in enumerate(sc.sides):
        by_index = getattr(args, f"side{side}")
        if by_index is not None and sid in given and by_index != given[sid]:
            raise CommandError(f"--side{side} and --{sid} name different leaders for the same side")
        names.append(given.get(sid) or by_index or _historical(sc, side, args.difficulty))
    return names[0], names[1]


def _historical(sc, side: int, difficulty: str | None) -> str:
    """The side's historical personality thinking at --difficulty (default easy), else the stand-in baseline."""
    name = opponent_for(sc, side)
    return f"{name}@{difficulty or DEFAULT_DIFFICULTY}" if name == historical_personality(sc, side) else name


def check_plot_path(path: str) -> None:
    """The plot must be a .png in a folder that exists."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise CommandError(f"--plot writes a PNG image: give a file name ending in .png, not {path!r}")
    if not target.parent.exists():
        raise CommandError(f"cannot write {path}: the folder {target.parent} does not exist")


def write_plot(sc, result, path: str, summary: dict) -> str:
    """Draw P10-P50-P90 fans of the main meters over time with the window's chart code; return the path."""
    try:
        from ..ui.charts import Panel, fan_series, save_chart_grid
    except ImportError as err:
        raise CommandError(f"--plot needs the window's chart module, which is not available here ({err})") from None
    weeks = int(result.weeks.max()) + 1
    labels = [sc.date_of_turn(week + 1).strftime("%b %d") for week in range(weeks)]
    panels = []
    for title, rows in fan_groups(sc, result):
        series = []
        for row in rows:
            var = sc.variables[row]
            color = sc.model.sides[sc.sides[var.owner]].color if var.owner >= 0 else "#9a9a9a"
            series.append(fan_series(meter_label(sc, row), path_of(result, row)[:, :weeks], color))
        panels.append(Panel(title, series))
    save_chart_grid(path, f"{sc.title}: {summary['games']:,} games, P10-P50-P90", labels, panels)
    return path


def fan_groups(sc, result) -> list[tuple[str, list[int]]]:
    """Panels of the fan chart: each main meter with its counterpart on the other side (e.g. both economies)."""
    groups: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    for row in fan_rows(sc, result):
        var = sc.variables[row]
        key = var.name.split(".", 1)[1] if var.owner >= 0 else var.name
        titles.setdefault(key, var.label)
        groups.setdefault(key, []).append(row)
    for key, rows in groups.items():
        var = sc.variables[rows[0]]
        if var.owner >= 0 and len(rows) == 1:
            twin = f"{sc.sides[1 - var.owner]}.{key}"
            if twin in sc.var_index and sc.var_index[twin] in result.tracked:
                rows.append(sc.var_index[twin])
    out = []
    for key, rows in groups.items():
        rows.sort(key=lambda r: sc.variables[r].owner)
        names = list(dict.fromkeys(sc.variables[r].label for r in rows))
        out.append((" / ".join(names) if len(names) > 1 else titles[key], rows))
    return out
