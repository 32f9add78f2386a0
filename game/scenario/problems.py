"""Located problems in scenario (and other user) files, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, with where it is."""

    file: str
    """Path of the file as the user named it."""
    line: int
    """1-based line, or 0 when the problem has no place in the file."""
    column: int
    """1-based column, or 0 when unknown."""
    where: str
    """Dotted path inside the document, e.g. ``events.3.when``; empty for the whole file."""
    message: str
    """What is wrong, in plain words."""
    severity: str = "error"
    """``error`` (the file cannot be used) or ``warning`` (it can, but look)."""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        where = self.where or "(file)"
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{place}: {where}: {tag}{self.message}"


class ScenarioError(Exception):
    """A scenario file cannot be used; ``problems`` says every reason found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def path_text(path: tuple) -> str:
    """Render a document path like ``("events", 3, "when")`` as ``events.3.when``."""
    return ".".join(str(part) for part in path)
