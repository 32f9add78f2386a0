"""``brinkmanship report FILE``: write a Markdown game report for teachers (charts beside it when possible)."""

from __future__ import annotations

import argparse

from ..records.files import find_save
from ..records.format import RecordError
from ..records.report import write_report
from . import args as argtypes
from .common import fail
from .replay import open_replay


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="write a game report for teachers (Markdown)")
    parser.add_argument("file", help="a record file, or a name from 'brinkmanship saves'")
    parser.add_argument(
        "-o",
        "--output",
        type=argtypes.output_file_or_folder,
        help="the report's file, or a folder to put it in (default: beside the record)",
    )
    parser.add_argument("--anyway", action="store_true", help="replay the moves even if the scenario changed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = find_save(args.file)
    try:
        replay = open_replay(str(source), args.anyway)
        report = write_report(replay.game, replay.record, args.output, near=source)
    except RecordError as err:
        return fail(str(err))
    except OSError as err:
        return fail(f"cannot write the report: {err}")
    print(f"Report written to {report.path}")
    if report.charts:
        print(f"Charts: {', '.join(map(str, report.charts))}")
    return 0
