"""``brinkmanship sweep``: the same seeded games over a grid of scenario parameters, written as a tidy table.

``--set PATH=V1,V2,...`` (repeatable) names a value of the scenario's YAML by its
dotted path (``variables.tension.start``, ``moves.call.add.trust``) and the values
it takes; every combination is a grid point.  Leaders are named as for
``simulate`` (``--us hawk --china dove``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..ai.lookahead import DIFFICULTIES
from ..analysis.parallel import ParallelError, source_of
from ..analysis.progress import ProgressBar
from ..analysis.runner import jobs_for
from ..analysis.simulate import meter_label
from ..analysis.sweep import MAX_POINTS, Axis, format_sweep, sweep, write_csv, write_parquet
from ..scenario.overrides import OverrideError, parse_set
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit
from .simulate import SideOptionsParser, check_plot_path, choose_names, named


def setting(text: str) -> Axis:
    """An argparse type: 'PATH=V1,V2,...' as an Axis."""
    try:
        return Axis(*parse_set(text))
    except OverrideError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sweep",
        help="vary scenario parameters over a grid and tabulate endings, scores and meters per point",
        description="Play the same seeded games at every point of a grid of scenario changes and write one row "
        "per point (CSV, and Parquet when pyarrow is installed): each ending's share, win/draw/loss shares, "
        "mean and P10/P50/P90 scores per side, and P10/P50/P90 of the key meters at the end. Name each side's "
        "leader as for simulate, with an option named after the side's id (or --side0/--side1). "
        "Example: brinkmanship sweep june_2025 --set variables.tension.start=40,62,80 --us hawk --china dove",
    )
    parser.__class__ = SideOptionsParser
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument(
        "--set",
        dest="axes",
        action="append",
        type=setting,
        required=True,
        metavar="PATH=V1,V2,...",
        help="a value of the scenario by dotted path (list items by id) and the values it takes; repeat for a grid",
    )
    parser.add_argument("--games", type=argtypes.games, default=200, help="games per grid point (default 200)")
    parser.add_argument("--side0", default=None, help="leader of the first side")
    parser.add_argument("--side1", default=None, help="leader of the second side")
    parser.add_argument(
        "--difficulty", choices=tuple(DIFFICULTIES), default="normal", help="how hard computer personalities think"
    )
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed shared by every grid point (default 0)")
    parser.add_argument(
        "--out",
        type=argtypes.output_file,
        default=None,
        metavar="FILE.csv",
        help="the table to write (default sweep_SCENARIO.csv); a .parquet beside it when pyarrow is installed",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        type=argtypes.output_file_name,
        default=None,
        help="draw small multiples: each outcome against the first --set's values, a line per value of the others",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as one JSON object")
    argtypes.add_where(parser, "grid points' chunks of games", None)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        sc = scenario_or_exit(args.scenario)
        names = choose_names(sc, args)
        jobs = jobs_for(args.jobs, named(sc, names, args.difficulty))
        check_axes(args.axes)
        source = source_of(sc)
        if source is None:
            raise CommandError(f"{sc.path} changed while it was read; run the sweep again")
        if args.plot is not None:
            check_plot_path(args.plot)
    except CommandError as err:
        return fail(str(err))
    out = args.out or Path(f"sweep_{sc.id}.csv")
    bar = ProgressBar("games")
    try:
        rows = sweep(source, args.axes, names, args.games, args.seed, args.difficulty, bar, jobs, args.scheduler)
    except (OverrideError, ParallelError, ValueError) as err:
        return fail(str(err))
    finally:
        bar.close()
    written = [write_csv(rows, out)]
    parquet = write_parquet(rows, out.with_suffix(".parquet"))
    notes = [f"Table written to {written[0]}"]
    notes.append(f"Parquet written to {parquet}" if parquet else "No Parquet (pip install pyarrow to get one)")
    if args.plot is not None:
        try:
            notes.append(f"Small multiples written to {write_plot(sc, args.axes, rows, args.plot, names)}")
        except CommandError as err:
            return fail(str(err))
    print(json.dumps({"rows": rows}, indent=1) if args.json else format_sweep(sc, args.axes, rows))
    print("\n".join(notes), file=sys.stderr if args.json else sys.stdout)
    return 0


def check_axes(axes: list[Axis]) -> None:
    """No path set twice, and a grid of at most MAX_POINTS points."""
    paths = [axis.path for axis in axes]
    twice = [p for p in dict.fromkeys(paths) if paths.count(p) > 1]
    if twice:
        raise CommandError(f"--set {twice[0]} is given twice; list all its values in one --set")
    points = 1
    for axis in axes:
        points *= len(axis.values)
    if points > MAX_POINTS:
        raise CommandError(f"the grid has {points:,} points; at most {MAX_POINTS:,}")


def write_plot(sc, axes: list[Axis], rows: list[dict], path: str, names: tuple[str, str]) -> str:
    """Small multiples over the first swept parameter, one line per combination of the others; return the path."""
    try:
        from ..ui.charts import LINE_COLORS, Panel, Series, save_chart_grid
    except ImportError as err:
        raise CommandError(f"--plot needs the window's chart module, which is not available here ({err})") from None
    first, others = axes[0], axes[1:]
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[a.path] for a in others), []).append(row)

    def lines(column: str, band: bool = False) -> list[Series]:
        out = []
        for k, (key, group) in enumerate(groups.items()):
            label = ", ".join(f"{a.path}={v}" for a, v in zip(others, key)) or "P50, P10-P90 band"
            color = LINE_COLORS[k % len(LINE_COLORS)]
            if band:
                values = [r[f"{column}_p50"] for r in group]
                low, high = [r[f"{column}_p10"] for r in group], [r[f"{column}_p90"] for r in group]
                out.append(Series(label, values, low, high, color))
            else:
                out.append(Series(label, [100 * r[column] for r in group], color=color))
        return out

    panels = [
        Panel(f"{sc.side_texts[s]['short']} score", lines(f"{side}_score", True)) for s, side in enumerate(sc.sides)
    ]
    panels += [Panel(f"{sc.side_texts[s]['short']} wins %", lines(f"{side}_win")) for s, side in enumerate(sc.sides)]
    panels += [Panel("Draws %", lines("draw")), Panel("Both lose %", lines("both_lose"))]
    panels += [Panel(f"{e.title} %", lines(f"ending_{e.id}"), short=e.id) for e in sc.endings]
    panels += [Panel(f"{meter_label(sc, v)} at end", lines(sc.variables[v].name, True)) for v in sc.key_variables]
    title = f"{sc.title}: {names[0]} vs {names[1]}, {rows[0]['games']:,} games per point, by {first.path}"
    save_chart_grid(path, title, [str(v) for v in first.values], panels, size=(1600, 1000))
    return path
