"""``brinkmanship scenarios``: list bundled and user scenarios (valid or not); ``--path`` prints the user folder."""

from __future__ import annotations

import argparse

from ..paths import user_scenarios_dir
from ..scenarios import catalog


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scenarios",
        help="list the scenarios you can play",
        description="List bundled scenarios and your own (from your scenario folder), with errors for broken files.",
    )
    parser.add_argument("--path", action="store_true", help="print your scenario folder and stop")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every problem of broken files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 (a broken user file is listed, not a failure of the command)."""
    if args.path:
        print(user_scenarios_dir())
        return 0
    entries = catalog()
    for entry in entries:
        where = "bundled" if entry.bundled else "yours"
        if entry.ok:
            sc = entry.scenario
            sides = " vs ".join(t["short"] for t in sc.side_texts)
            print(f"{sc.id:<24} {where:<8} {sc.title} ({sides}; {sc.model.turns} weeks)")
            continue
        count = len(entry.problems)
        print(f"{entry.path.stem:<24} {where:<8} BROKEN: {count} problem{'s' * (count != 1)} in {entry.path}")
        for problem in entry.problems if args.verbose else entry.problems[:1]:
            print(f"    {problem}")
    if not any(not e.bundled for e in entries):
        print(f"(your own scenarios go in {user_scenarios_dir()}; start one with 'brinkmanship new-scenario NAME')")
    return 0
