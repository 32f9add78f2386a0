"""The ``brinkmanship`` command: one entry point, one module per subcommand in ``game/commands``.

With no subcommand it plays in the window.  Each command module has a
``register(subparsers)`` that adds its parser and sets ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .textsafe import PrintableStream

COMMANDS = (
    "play",
    "saves",
    "replay",
    "history",
    "report",
    "validate",
    "new_scenario",
    "scenarios",
    "schema",
    "calibrate",
    "bench",
    "simulate",
    "tournament",
    "exploit",
    "sweep",
    "screenshots",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="brinkmanship",
        description="Brinkmanship: a turn-based US-China trade-negotiation game.",
        epilog="Run 'brinkmanship COMMAND --help' for a command's options. With no command, the game opens.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"game.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["play", *argv])
    except SystemExit as stop:  # --help, or a bad option (argparse has printed why)
        return stop.code if isinstance(stop.code, int) else 2
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err, keep="\r")  # scenario text is not trusted
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        err.close()
        return 0
    finally:
        sys.stdout, sys.stderr = out, err
