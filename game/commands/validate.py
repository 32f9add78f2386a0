"""``brinkmanship validate FILE... [--simulate]``: check scenario files; print every problem as file:line:column.

Without ``--simulate`` it reads the files: every error at once, plus warnings
(variables nothing reads, levers nothing moves).  With ``--simulate`` it also
plays a few thousand seeded games with the baseline leaders and flags what
reading cannot show (``game.authoring.lint``).  Exit 1 if a file has errors;
warnings never fail.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring.lint import lint
from ..scenario.compiler import load_scenario
from ..scenario.problems import Problem, ScenarioError
from ..scenarios import scenario_files
from . import args as argtypes


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check scenario files for errors (and, with --simulate, for balance)",
        description="Check scenario files: every error with file:line:column, plus warnings. "
        "A FILE may also be a scenario id such as june_2025. Exits 1 if any file has errors.",
    )
    parser.add_argument("files", nargs="*", type=argtypes.utf8_path, help="scenario YAML files or ids")
    parser.add_argument("--all", action="store_true", help="check every bundled and user scenario")
    parser.add_argument(
        "--simulate", action="store_true", help="also play seeded games with the baseline leaders and flag balance"
    )
    parser.add_argument(
        "--games",
        type=argtypes.whole(16, argtypes.MAX_GAMES),
        default=4000,
        help="survey games for --simulate (default 4000)",
    )
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed for --simulate (default 0)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.set_defaults(run=run)


def resolve(name: str) -> Path:
    """A file path, or the file of a known scenario id."""
    path = Path(name)
    if path.exists() or path.suffix in (".yaml", ".yml"):
        return path
    for candidate, _ in scenario_files():
        if candidate.stem == name:
            return candidate
    return path


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every file is valid, 1 otherwise (2 for bad options); warnings never fail."""
    paths = [resolve(name) for name in args.files]
    if args.all:
        paths += [path for path, _ in scenario_files()]
    if not paths:
        print("brinkmanship validate: name at least one FILE (or use --all)")
        return 2
    if args.games < 16:
        print("brinkmanship validate: --games must be at least 16")
        return 2
    failed = False
    for path in paths:
        failed |= not check(path, args)
    return 1 if failed else 0


def check(path: Path, args: argparse.Namespace) -> bool:
    """Check one file and print its report; return whether it is valid."""
    try:
        sc = load_scenario(path)
    except ScenarioError as err:
        errors = [p for p in err.problems if p.severity == "error"]
        for problem in err.problems:
            print(problem)
        print(f"{path}: {len(errors)} error{'s' * (len(errors) != 1)}")
        return False
    warnings: list[Problem] = list(sc.warnings)
    for warning in warnings:
        print(warning)
    if not args.quiet or warnings:
        moves = len(sc.moves[0]) + len(sc.moves[1])
        tail = f"; {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
        print(f"{path}: ok ({sc.title}; {moves} moves, {len(sc.events)} events{tail})")
    if args.simulate:
        report = lint(sc, games=args.games, seed=args.seed)
        lines = report.lines()
        if args.quiet:
            lines = [f"{path}: {line.strip()}" for line in lines if "warning" in line]
        for line in lines:
            print(line)
    return True
