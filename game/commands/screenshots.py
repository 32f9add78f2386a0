"""``brinkmanship screenshots DIR [--scenario FILE]``: save a PNG of every screen of the window (headless).

Without ``--scenario`` it tours every screen with its own fixtures (June 2025, a
broken file, saves, hot reload); with it, the screens of one scenario (an
author's own file or a scenario id): setup, briefing, board, forecast,
negotiation, reveal, a match if it has one, and the debrief.
"""

from __future__ import annotations

import argparse
import os

from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("screenshots", help="save a PNG of every screen (for checking how the game looks)")
    parser.add_argument("dir", type=argtypes.output_folder, help="folder for the PNG files")
    parser.add_argument("--size", default="1280x720", help="window size, e.g. 1280x720 or 1920x1080")
    parser.add_argument("--seed", type=argtypes.seed, default=2025, help="seed of the games shown")
    parser.add_argument(
        "--scenario",
        type=argtypes.utf8_path,
        metavar="FILE",
        help="show this scenario's screens (a YAML file or a scenario id) instead of the built-in tour",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        width, height = (argtypes.whole(1, 8_000)(v) for v in args.size.lower().split("x"))
    except (ValueError, argparse.ArgumentTypeError):
        return fail("--size takes WIDTHxHEIGHT up to 8000x8000, e.g. 1280x720")
    size = (max(width, 960), max(height, 600))
    try:
        sc = scenario_or_exit(args.scenario) if args.scenario else None
    except CommandError as err:
        return fail(str(err))
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.shots import take_all, take_scenario

    paths = take_all(args.dir, size, args.seed) if sc is None else take_scenario(args.dir, sc, size, args.seed)
    for path in paths:
        print(path)
    return 0
