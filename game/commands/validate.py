"""``brinkmanship validate FILE...``: check scenario files and print every problem as file:line:column."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..scenario.compiler import load_scenario
from ..scenario.problems import ScenarioError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check scenario files for errors")
    parser.add_argument("files", nargs="+", type=Path, help="scenario YAML files")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every file is valid, 1 otherwise; warnings never fail."""
    failed = False
    for path in args.files:
        try:
            sc = load_scenario(path)
        except ScenarioError as err:
            failed = True
            for problem in err.problems:
                print(problem)
            continue
        for warning in sc.extra.get("warnings", []):
            print(warning)
        if not args.quiet:
            print(f"{path}: ok ({sc.title}; {len(sc.moves[0]) + len(sc.moves[1])} moves, {len(sc.events)} events)")
    return 1 if failed else 0
