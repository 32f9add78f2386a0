"""``brinkmanship new-scenario NAME [--sides A,B]``: write a small, commented scenario to start from."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring.json_schema import SCHEMA_FILE, schema_text
from ..authoring.scaffold import ScaffoldError, check_id, parse_sides, scaffold_text
from ..files import write_new
from ..paths import user_scenarios_dir
from .common import fail


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new-scenario",
        help="write a commented starting scenario",
        description="Write a small, commented scenario that already plays. NAME is an id (the file goes to your "
        "scenario folder, see 'brinkmanship scenarios --path') or a path ending in .yaml. Never overwrites a file.",
    )
    parser.add_argument("name", help="scenario id such as my_dispute, or a file path ending in .yaml")
    parser.add_argument("--sides", help="the two side ids, e.g. japan,korea (default: north,south)")
    parser.set_defaults(run=run)


def target_path(name: str) -> tuple[Path, str]:
    """Where the new file goes and the scenario id, from an id or a .yaml path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return path, check_id(path.stem, "the file name (the scenario id)")
    return user_scenarios_dir() / f"{check_id(name, 'scenario id')}.yaml", name


def run(args: argparse.Namespace) -> int:
    try:
        path, scenario_id = target_path(args.name)
        text = scaffold_text(scenario_id, parse_sides(args.sides))
        write_new(path, text)
    except ScaffoldError as err:
        return fail(str(err))
    except FileExistsError as err:
        return fail(f"{err.args[0]}")
    except OSError as err:
        return fail(f"cannot write {args.name}: {err.strerror or err}")
    schema = path.parent / SCHEMA_FILE
    note = ""
    if not schema.exists():
        try:
            write_new(schema, schema_text())
            note = f" (and {schema.name} beside it, so editors check the file as you type)"
        except OSError:
            note = ""
    print(f"wrote {path}{note}")
    print(f"next: edit it, then run 'brinkmanship validate {path} --simulate' and 'brinkmanship play {path}'")
    return 0
