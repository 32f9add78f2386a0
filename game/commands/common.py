"""Helpers shared by commands: loading a scenario with a clear message, choosing sides and leaders."""

from __future__ import annotations

import sys

from ..scenario.compiled import CompiledScenario
from ..scenario.problems import ScenarioError
from ..scenarios import find_scenario


class CommandError(Exception):
    """A command cannot go on; the message is for the user."""


def scenario_or_exit(name: str | None) -> CompiledScenario:
    """Load a scenario by name or path; print every problem and raise CommandError if it cannot be used."""
    try:
        return find_scenario(name)
    except ScenarioError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"the scenario {name!r} has errors") from None
    except FileNotFoundError as err:
        raise CommandError(str(err)) from None


def side_index(sc: CompiledScenario, side: str) -> int:
    """A side's index from its id; CommandError if unknown."""
    if side not in sc.sides:
        raise CommandError(f"no side {side!r} in {sc.id}; the sides are {', '.join(sc.sides)}")
    return sc.sides.index(side)


def fail(message: str) -> int:
    """Print an error for the user and return exit status 2."""
    print(f"brinkmanship: {message}", file=sys.stderr)
    return 2
