"""The scenario catalog: every bundled and user scenario file, loaded or with its problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import scenarios_dir, user_scenarios_dir
from .scenario.compiled import CompiledScenario
from .scenario.compiler import load_scenario
from .scenario.problems import Problem, ScenarioError

DEFAULT_SCENARIO = "june_2025"


@dataclass(frozen=True)
class Entry:
    """One scenario file: compiled if valid, else the problems that stop it."""

    path: Path
    bundled: bool
    scenario: CompiledScenario | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.scenario is not None


def scenario_files() -> list[tuple[Path, bool]]:
    """Bundled then user scenario files (YAML), each with whether it is bundled."""
    out = [(p, True) for p in sorted(scenarios_dir().glob("*.yaml"))]
    user = user_scenarios_dir()
    if user.is_dir():
        out += [(p, False) for p in sorted(user.glob("*.y*ml"))]
    return out


def load_entry(path: Path, bundled: bool = False) -> Entry:
    """Load one file into an Entry, never raising for a bad file."""
    try:
        return Entry(path, bundled, load_scenario(path), ())
    except ScenarioError as err:
        return Entry(path, bundled, None, err.problems)


def catalog() -> list[Entry]:
    """Every scenario the game can offer, valid or not."""
    return [load_entry(path, bundled) for path, bundled in scenario_files()]


def find_scenario(name: str | None) -> CompiledScenario:
    """A scenario by file path, by id, or by file stem; raise ScenarioError or FileNotFoundError."""
    name = name or DEFAULT_SCENARIO
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return load_scenario(path)
    for candidate, _ in scenario_files():
        if candidate.stem == name:
            return load_scenario(candidate)
    for entry in catalog():
        if entry.ok and entry.scenario.id == name:
            return entry.scenario
    known = ", ".join(sorted({p.stem for p, _ in scenario_files()}))
    raise FileNotFoundError(f"no scenario {name!r} (known: {known})")
