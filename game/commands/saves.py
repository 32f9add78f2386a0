"""``brinkmanship saves``: list saved games, check one, or continue one in the terminal."""

from __future__ import annotations

import argparse

from ..records.files import find_save, list_saves, read_record, saves_dir
from ..records.format import RecordError, seat_leader
from ..records.recorder import restore
from ..records.textplay import open_for_play, play_recorded
from .common import fail
from .play import confirm


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("saves", help="list, check or continue saved games")
    parser.add_argument("action", nargs="?", choices=("list", "show", "load"), default="list", help="default: list")
    parser.add_argument("file", nargs="?", help="for show/load: a file, or a name from the list (e.g. autosave)")
    parser.add_argument("--anyway", action="store_true", help="load: replay the moves even if the scenario changed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return show_list()
    if not args.file:
        return fail(f"saves {args.action} needs a FILE (see 'brinkmanship saves' for names)")
    path = find_save(args.file)
    try:
        if args.action == "show":
            return show_one(str(path))
        play_recorded(open_for_play(path, args.anyway, confirm).recorder)
        return 0
    except RecordError as err:
        return fail(str(err))


def show_list() -> int:
    """Print every save, newest first, with the problem of any file that cannot be loaded."""
    folder = saves_dir()
    saves = list_saves(folder)
    if not saves:
        print(f"No saved games yet (they go in {folder}).")
        return 0
    wide = max(24, *(len(info.name) for info in saves))
    print(f"Saved games in {folder}:")
    print(f"  {'NAME':<{wide}} {'SAVED':<16} {'SCENARIO':<34} {'WEEKS':>5}  PLAYERS")
    for info in saves:
        when = f"{info.modified:%Y-%m-%d %H:%M}"
        if not info.ok:
            print(f"  {info.name:<{wide}} {when:<16} cannot be loaded: {info.problem}")
            continue
        weeks = f"{info.turn}" + (" end" if info.over else "")
        print(f"  {info.name:<{wide}} {when:<16} {info.scenario[:34]:<34} {weeks:>5}  {info.sides}")
        if info.warning:
            print(f"  {'':<{wide}} note: {info.warning}")
    print("Continue one with: brinkmanship saves load NAME")
    return 0


def show_one(source: str) -> int:
    """Check a record by replaying it, and describe it."""
    record = read_record(source)
    restored = restore(record, source)
    game = restored.game
    seats = ", ".join(
        f"{s.side}: {seat_leader(s, game.scenario) if s.player == 'computer' else 'a person'}"
        for s in record.settings.seats
    )
    print(f"{source}: {record.scenario.title or record.scenario.id} (seed {record.seed}; {seats})")
    state = f"over ({game.ending.title})" if game.is_over else f"at week {game.turn} of {game.horizon}"
    print(f"  {len(record.turns)} weeks recorded; the game is {state}")
    print(f"  ok: it replays to the recorded state (hash {game.hash()})")
    return 0
