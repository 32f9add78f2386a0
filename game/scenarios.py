"""The scenario catalog: every bundled and user scenario file, loaded or with its problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import scenarios_dir, user_scenarios_dir
from .scenario.compiled import CompiledScenario
from .scenario.compiler import load_scenario
from .scenario.problems import Problem, ScenarioError
from .scenario.yamlsafe import load_file

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
    """Every scenario the game can offer, valid or not; a user file whose id another file has is reported."""
    return clashes_reported([load_entry(path, bundled) for path, bundled in scenario_files()])


def clashes_reported(entries: list[Entry]) -> list[Entry]:
    """The entries with every user file that shares its id with another file turned into a problem naming both."""
    holders: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.ok:
            holders.setdefault(entry.scenario.id, []).append(entry)
    out = []
    for entry in entries:
        others = [e for e in holders.get(entry.scenario.id, []) if e is not entry] if entry.ok else []
        if entry.bundled or not others:
            out.append(entry)
            continue
        out.append(Entry(entry.path, False, None, (_clash(entry, others),)))
    return out


def _clash(entry: Entry, others: list[Entry]) -> Problem:
    """The problem of a user file whose id other files have too."""
    ident = entry.scenario.id
    names = ", ".join(f"{e.path} ({'bundled' if e.bundled else 'yours'})" for e in others)
    fix = "give this file another id:" if any(e.bundled for e in others) else "give each file its own id:"
    message = f"the id {ident!r} is also the id of {names}; {fix} ids pick scenarios"
    try:
        return load_file(entry.path).problem(("id",), message)
    except ScenarioError:
        return Problem(str(entry.path), 0, 0, "id", message)


def find_scenario(name: str | None) -> CompiledScenario:
    """A scenario by file path, by id, or by file stem; raise ScenarioError or FileNotFoundError."""
    name = name or DEFAULT_SCENARIO
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return load_scenario(path)
    for candidate, _ in scenario_files():
        if candidate.stem == name:
            return load_scenario(candidate)
    entries = catalog()
    for entry in entries:
        if entry.ok and entry.scenario.id == name:
            return entry.scenario
    clashing = [p for e in entries for p in e.problems if p.where == "id" and f"the id {name!r} " in p.message]
    if clashing:
        raise ScenarioError(clashing)
    known = ", ".join(sorted({p.stem for p, _ in scenario_files()}))
    raise FileNotFoundError(f"no scenario {name!r} (known: {known})")
