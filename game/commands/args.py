"""Bounded argument types for the command line: a clear message instead of a traceback, a hang or huge memory.

Each type checks one option when the command line is read, so ``argparse`` prints
``brinkmanship play: error: argument --seed: ...`` and exits with status 2 before
anything runs.  Output paths must be writable and their folders must exist:
nothing is created silently except the one folder a command was asked to fill.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from ..engine.game import MAX_SEED

MAX_GAMES = 100_000
"""Most games one command plays at once (a batch of a million games takes gigabytes)."""
MAX_WEEKS = 1_000


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high."""
    return _bounded(int, low, high, f"a whole number from {low:,} to {high:,}")


def decimal(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number from low to high."""
    return _bounded(float, low, high, f"a number from {low:g} to {high:g}")


def _bounded(convert: Callable[[str], int | float], low: float, high: float, wanted: str) -> Callable[[str], float]:
    """An argparse type converting short text with convert, then checking low <= value <= high."""

    def parse(text: str):
        try:
            value = convert(text.strip()) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {_shown(text)}")
        return value

    parse.__name__ = wanted
    return parse


seed = whole(0, MAX_SEED)
games = whole(1, MAX_GAMES)
weeks = whole(0, MAX_WEEKS)


def jobs(text: str) -> int:
    """An argparse type: processes to run at once, from 1 to the number of cores."""
    return whole(1, os.cpu_count() or 1)(text)


def utf8_path(text: str) -> str:
    """An argparse type: a file name or id that is valid UTF-8 text (records store it as text)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is not valid UTF-8 text; rename the file (or its folder) to plain text"
        ) from None
    return text


def output_file(text: str) -> Path:
    """An argparse type: a file to write; its folder must exist and be writable."""
    path = Path(utf8_path(text))
    if path.is_dir() or text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{path} is a folder; name a file")
    if path.exists() and not path.is_file():
        raise argparse.ArgumentTypeError(f"{path} exists and is not a file")
    _check_folder(path.parent)
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{path} is read-only")
    return path


def output_file_or_folder(text: str) -> Path:
    """An argparse type: a file to write, or an existing folder to write into."""
    path = Path(utf8_path(text))
    if path.is_dir():
        _check_folder(path)
        return path
    return output_file(text)


def output_folder(text: str) -> Path:
    """An argparse type: a folder to fill; it is created if its parent exists, and must not be a file."""
    path = Path(utf8_path(text))
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} exists and is not a folder")
    if not path.exists():
        _check_folder(path.parent)
        return path
    _check_folder(path)
    return path


def _check_folder(folder: Path) -> None:
    """Raise ArgumentTypeError unless folder exists, is a folder and can be written."""
    folder = folder if str(folder) else Path(".")
    if not folder.exists():
        raise argparse.ArgumentTypeError(f"the folder {folder} does not exist (create it first)")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"the folder {folder} is read-only")


def _shown(text: str) -> str:
    """The argument as typed, cut short if long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def output_file_name(text: str) -> str:
    """output_file, kept as the text given (for options handed on as strings)."""
    output_file(text)
    return text


def scheduler(text: str) -> str:
    """An argparse type: a Dask scheduler's address, e.g. tcp://10.0.0.5:8786 or 10.0.0.5:8786."""
    text = text.strip()
    if not text or len(text) > 200 or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"expected a Dask scheduler address like tcp://HOST:8786, got {_shown(text)}")
    return text


def add_where(parser: argparse.ArgumentParser, what: str, default_jobs: int | None) -> None:
    """Add --jobs (local processes) and --scheduler (a Dask cluster) for commands whose work can be shared out.

    A default of None leaves --jobs unset for the command to choose (``analysis.runner.jobs_for``): every core
    when a computer leader thinks, else one process."""
    cores = os.cpu_count() or 1
    default = None if default_jobs is None else min(default_jobs, cores)
    shown = f"default {default}" if default is not None else "default: every core when a leader thinks, else 1"
    parser.add_argument(
        "--jobs",
        type=jobs,
        default=default,
        help=f"local processes playing {what} at once ({shown}; {cores} cores here); the results do not depend on it",
    )
    parser.add_argument(
        "--scheduler",
        type=scheduler,
        default=None,
        metavar="ADDRESS",
        help="send the work to the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786) "
        "instead of local processes; the results are the same",
    )
