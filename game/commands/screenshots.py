"""``brinkmanship screenshots DIR``: save a PNG of every screen of the window (headless), to look at them."""

from __future__ import annotations

import argparse
import os

from . import args as argtypes
from .common import fail


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("screenshots", help="save a PNG of every screen (for checking how the game looks)")
    parser.add_argument("dir", type=argtypes.output_folder, help="folder for the PNG files")
    parser.add_argument("--size", default="1280x720", help="window size, e.g. 1280x720 or 1920x1080")
    parser.add_argument("--seed", type=argtypes.seed, default=2025, help="seed of the games shown")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        width, height = (argtypes.whole(1, 8_000)(v) for v in args.size.lower().split("x"))
    except (ValueError, argparse.ArgumentTypeError):
        return fail("--size takes WIDTHxHEIGHT up to 8000x8000, e.g. 1280x720")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..ui.shots import take_all

    for path in take_all(args.dir, (max(width, 960), max(height, 600)), args.seed):
        print(path)
    return 0
