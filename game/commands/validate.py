"""``brinkmanship validate FILE... [--simulate [--thinking]]``: check scenario files, every problem as file:line:col.

Without ``--simulate`` it reads the files: every error at once, plus warnings
(variables nothing reads, levers nothing moves).  With ``--simulate`` it also
plays a few thousand seeded games with the baseline leaders and flags what
reading cannot show (``game.authoring.lint``).  With ``--thinking`` it also plays
the scenario's computer personalities against each other and the probe
strategies against the computer (``game.authoring.playtest``), with progress
lines on standard error.  Exit 1 if a file has errors; warnings and findings
never fail unless ``--strict``.  ``--json`` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..ai.lookahead import DIFFICULTIES
from ..authoring.lint import lint
from ..authoring.playtest import DEFAULT_DIFFICULTY, DEFAULT_GAMES, finding_dict, playtest
from ..records.history import history_problems
from ..scenario.compiler import load_scenario
from ..scenario.problems import Problem, ScenarioError
from ..scenarios import scenario_files
from . import args as argtypes

SURVEY_GAMES = 4000
"""Baseline survey games for --simulate unless --games says otherwise (without --thinking)."""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check scenario files for errors (and, with --simulate, for balance)",
        description="Check scenario files: every error with file:line:column, plus warnings. "
        "A FILE may also be a scenario id such as june_2025. Exits 1 if any file has errors "
        "(with --strict, also if there are warnings or findings).",
    )
    parser.add_argument("files", nargs="*", type=argtypes.utf8_path, help="scenario YAML files or ids")
    parser.add_argument("--all", action="store_true", help="check every bundled and user scenario")
    parser.add_argument(
        "--simulate", action="store_true", help="also play seeded games with the baseline leaders and flag balance"
    )
    parser.add_argument(
        "--thinking",
        action="store_true",
        help="with --simulate (implied): also play the computer personalities against each other and the "
        "probe strategies against the computer, and flag probes that win, deals always slow-walked or "
        "always accepted, seat bias, levers nobody moves and endings nobody reaches",
    )
    parser.add_argument(
        "--games",
        type=argtypes.whole(1, argtypes.MAX_GAMES),
        default=None,
        help=f"with --thinking: games per pairing and per probe and seat (default {DEFAULT_GAMES}); "
        f"otherwise the baseline survey's games for --simulate (default {SURVEY_GAMES})",
    )
    parser.add_argument(
        "--difficulty",
        choices=tuple(DIFFICULTIES),
        default=DEFAULT_DIFFICULTY,
        help=f"how hard the computer leaders think with --thinking (default {DEFAULT_DIFFICULTY})",
    )
    parser.add_argument("--seed", type=argtypes.seed, default=0, help="seed for --simulate (default 0)")
    argtypes.add_where(parser, "--thinking's pairings and probe runs", 1)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings and findings too")
    parser.add_argument("--json", action="store_true", help="print one JSON object (progress still on stderr)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems (and no progress)")
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
    """Exit 0 when every file is valid, 1 otherwise (2 for bad options); warnings fail only with --strict."""
    paths = [resolve(name) for name in args.files]
    if args.all:
        paths += [path for path, _ in scenario_files()]
    if not paths:
        print("brinkmanship validate: name at least one FILE (or use --all)")
        return 2
    if args.thinking:
        args.simulate = True
        if args.games is not None and not 1 <= args.games <= 100_000:
            print("brinkmanship validate: --games runs from 1 to 100,000 with --thinking")
            return 2
    elif args.games is not None and args.games < 16:
        print("brinkmanship validate: --games must be at least 16")
        return 2
    if args.seed < 0:
        print("brinkmanship validate: --seed must be 0 or more")
        return 2
    failed = False
    reports = []
    for path in paths:
        report = check(path, args)
        reports.append(report)
        failed |= not report["ok"] or (args.strict and report["flagged"])
    if args.json:
        for report in reports:
            del report["flagged"]
        print(json.dumps({"ok": not failed, "files": reports}, indent=2))
    return 1 if failed else 0


def _problem(problem: Problem) -> dict:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "where": problem.where,
        "message": problem.message,
        "severity": problem.severity,
    }


def check(path: Path, args: argparse.Namespace) -> dict:
    """Check one file and print its report (unless --json); return the report: ``ok`` is whether it is valid,
    ``flagged`` whether it has warnings or findings."""
    show = (lambda line: None) if args.json else print
    report: dict = {"path": str(path), "ok": True, "flagged": False}
    try:
        sc = load_scenario(path)
        if refused := history_problems(sc):
            raise ScenarioError(list(sc.warnings) + refused)
    except ScenarioError as err:
        errors = [p for p in err.problems if p.severity == "error"]
        for problem in err.problems:
            show(problem)
        show(f"{path}: {len(errors)} error{'s' * (len(errors) != 1)}")
        report.update(ok=False, problems=[_problem(p) for p in err.problems])
        return report
    warnings: list[Problem] = list(sc.warnings)
    for warning in warnings:
        show(warning)
    report.update(id=sc.id, title=sc.title, problems=[_problem(p) for p in warnings], flagged=bool(warnings))
    if not args.quiet or warnings:
        moves = len(sc.moves[0]) + len(sc.moves[1])
        tail = f"; {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
        show(f"{path}: ok ({sc.title}; {moves} moves, {len(sc.events)} events{tail})")
    if not args.simulate:
        return report
    survey_games = SURVEY_GAMES if args.thinking or args.games is None else args.games
    found = lint(sc, games=survey_games, seed=args.seed)
    lines = found.lines()
    report["simulate"] = {
        "games": found.games,
        "seconds": round(found.seconds, 2),
        "endings": {k: round(v, 4) for k, v in found.endings.items()},
        "mirrored_wins": [round(w, 4) for w in found.mirrored_wins],
        "findings": [finding_dict(f) for f in found.findings],
    }
    report["flagged"] |= bool(found.findings)
    if args.thinking:

        def note(line: str) -> None:
            if not args.quiet:
                print(f"{path.name}: {line}", file=sys.stderr, flush=True)

        games = DEFAULT_GAMES if args.games is None else args.games
        played = playtest(sc, games, args.difficulty, args.seed, note, jobs=args.jobs, scheduler=args.scheduler)
        lines += played.lines()
        report["thinking"] = played.as_dict(sc)
        report["flagged"] |= bool(played.findings)
    if args.quiet:
        lines = [f"{path}: {line.strip()}" for line in lines if "warning" in line]
    for line in lines:
        show(line)
    return report
