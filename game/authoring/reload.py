"""Hot reload without a window: watch a scenario file and reload it when it changes.

The window (``game/ui``) owns the loop; every second or so it calls
``ScenarioWatcher.poll()``.  A poll costs one ``stat`` unless the file changed;
then the file is read, hashed (a save with the same bytes is not a change) and
loaded.  The answer is ``None`` (nothing new), a ``Reloaded`` with the new
``CompiledScenario`` (and whether the running game can go on with it), or a
``Failed`` with every problem, while ``current`` keeps the last valid version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..engine.state import same_layout
from ..scenario.compiled import CompiledScenario
from ..scenario.compiler import load_scenario_text
from ..scenario.problems import Problem, ScenarioError
from ..scenario.yamlsafe import read_text


@dataclass(frozen=True)
class Reloaded:
    """The file changed and loads: here is the new version."""

    scenario: CompiledScenario
    same_layout: bool
    """True if a game in progress can carry on with it (``carry_over`` maps the state)."""


@dataclass(frozen=True)
class Failed:
    """The file changed but cannot be used; the last valid version stays current."""

    problems: tuple[Problem, ...]


class ScenarioWatcher:
    """Watches one scenario file; ``poll()`` reports a new valid version or the problems of a broken one."""

    def __init__(self, path: str | Path, current: CompiledScenario | None = None):
        self.path = Path(path)
        self.current = current
        self._stamp = self._stat()
        self._digest = current.source_hash if current is not None else None
        if current is not None and self._hash(self._read()) != current.source_hash:
            self._stamp = None  # the file already differs from the version given: the first poll reloads it

    def _stat(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _read(self) -> str | None:
        try:
            return read_text(self.path)
        except ScenarioError:
            return None

    @staticmethod
    def _hash(text: str | None) -> str | None:
        return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()

    def poll(self) -> Reloaded | Failed | None:
        """Check the file once: None if unchanged, else the outcome of reloading it."""
        stamp = self._stat()
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        try:
            text = read_text(self.path)
        except ScenarioError as err:
            return Failed(err.problems)
        digest = self._hash(text)
        if digest == self._digest:
            return None
        self._digest = digest
        try:
            scenario = load_scenario_text(text, str(self.path))
        except ScenarioError as err:
            return Failed(err.problems)
        same = self.current is not None and same_layout(self.current, scenario)
        self.current = scenario
        return Reloaded(scenario, same)
