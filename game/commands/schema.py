"""``brinkmanship schema``: print the JSON Schema of scenario files (or write it atomically)."""

from __future__ import annotations

import argparse
import sys

from ..authoring.json_schema import schema_text
from ..files import write_atomic
from . import args as argtypes
from .common import fail


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description="Print the JSON Schema (draft-07) that YAML editors use to check and complete scenario files.",
    )
    parser.add_argument(
        "-o", "--output", type=argtypes.output_file, help="write it to this file instead (replaced atomically)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text)
    except OSError as err:
        return fail(f"cannot write {args.output}: {err.strerror or err}")
    print(f"wrote {args.output}")
    return 0
