"""Overrides for parameter sweeps: ``--set PATH=V1,V2`` changes values of a scenario's YAML before it is compiled.

A path is dotted, as the YAML reads: ``variables.tension.start``,
``variables.us.economy.start`` (a key that itself holds a dot is matched whole),
``moves.call.add.tension`` (an item of a list is named by its ``id``, or by its
position from 0).  Values are plain YAML scalars (numbers, true/false, text),
never evaluated as code.  The changed document then goes through the normal
loader, so a value the scenario cannot take is refused with the loader's reason.
"""

from __future__ import annotations

import dataclasses
import hashlib

import yaml

from .compiled import CompiledScenario
from .compiler import compile_located
from .problems import ScenarioError
from .yamlsafe import load_text

Override = tuple[str, object]
"""(dotted path, value)."""

MAX_VALUES = 100
"""Most values one --set may list."""


class OverrideError(ValueError):
    """A --set that names no value of the scenario, cannot be read, or gives a value the scenario refuses."""


def parse_set(text: str) -> tuple[str, tuple[object, ...]]:
    """'variables.trust.start=20,40' -> ('variables.trust.start', (20, 40))."""
    path, sep, values = text.partition("=")
    path = path.strip()
    if not sep or not path or not values.strip():
        raise OverrideError(f"--set {text!r}: write PATH=V1,V2,... (e.g. variables.tension.start=50,62,75)")
    if any(not part for part in path.split(".")):
        raise OverrideError(f"--set {text!r}: the path {path!r} has an empty part")
    items = tuple(scalar(path, v) for v in values.split(","))
    if len(items) > MAX_VALUES:
        raise OverrideError(f"--set {path}: at most {MAX_VALUES} values, got {len(items)}")
    return path, items


def scalar(path: str, text: str) -> object:
    """One value read as a YAML scalar (a number, true/false, or text)."""
    text = text.strip()
    try:
        value = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        value = None
    if value is None or isinstance(value, (dict, list)) or not isinstance(value, (int, float, str, bool)):
        raise OverrideError(f"--set {path}: {text!r} is not a plain value (a number, true/false or text)")
    return value


def locate(data: object, path: str) -> tuple[dict | list, str | int]:
    """The mapping or list holding the value at a dotted path, and its key there; OverrideError naming the path."""
    parts = path.split(".")
    node, i = data, 0
    while True:
        if isinstance(node, dict):
            key, j = _longest_key(node, parts, i)
            if key is None:
                if i == len(parts) - 1:
                    return node, parts[i]  # a new key in an existing mapping: the loader says if it is allowed
                raise OverrideError(f"--set {path}: {_where(parts, i)} has no {parts[i]!r} ({_choices(node)})")
        elif isinstance(node, list):
            key, j = _list_item(node, parts[i]), i + 1
            if key is None:
                raise OverrideError(f"--set {path}: {_where(parts, i)} has no item {parts[i]!r} ({_ids(node)})")
        else:
            raise OverrideError(f"--set {path}: {_where(parts, i)} is a value, not a section")
        if j == len(parts):
            _check_leaf(path, node[key])
            return node, key
        node, i = node[key], j


def _longest_key(node: dict, parts: list[str], i: int) -> tuple[str | None, int]:
    """The longest run of path parts from i that is a key of the mapping (keys may hold dots)."""
    for j in range(len(parts), i, -1):
        key = ".".join(parts[i:j])
        if key in node:
            return key, j
    return None, i


def _list_item(node: list, part: str) -> int | None:
    """Index of the list item with this id, or the item at this position."""
    for k, item in enumerate(node):
        if isinstance(item, dict) and str(item.get("id")) == part:
            return k
    return int(part) if part.isdigit() and int(part) < len(node) else None


def _check_leaf(path: str, value: object) -> None:
    """Refuse to replace a whole section with one value."""
    if isinstance(value, (dict, list)):
        raise OverrideError(f"--set {path}: names a section, not a value (add the key inside it)")


def _where(parts: list[str], i: int) -> str:
    return ".".join(parts[:i]) or "the scenario"


def _choices(node: dict) -> str:
    keys = [str(k) for k in node]
    shown = ", ".join(keys[:15]) + (", ..." if len(keys) > 15 else "")
    return f"it has: {shown}" if keys else "it is empty"


def _ids(node: list) -> str:
    ids = [str(item["id"]) for item in node if isinstance(item, dict) and "id" in item]
    shown = ", ".join(ids[:15]) + (", ..." if len(ids) > 15 else "")
    return f"ids: {shown}" if ids else f"positions 0-{len(node) - 1}"


def describe(overrides: tuple[Override, ...]) -> str:
    """'variables.tension.start=70, moves.call.add.trust=3'."""
    return ", ".join(f"{path}={value}" for path, value in overrides)


def compile_with(text: str, name: str, overrides: tuple[Override, ...] = ()) -> CompiledScenario:
    """Compile scenario text with overrides applied; OverrideError if a path is bad or the result does not load."""
    located = load_text(text, name)
    for path, value in overrides:
        holder, key = locate(located.data, path)
        holder[key] = value
    try:
        sc = compile_located(located, text)
    except ScenarioError as err:
        first = err.problems[0] if err.problems else "no reason given"
        raise OverrideError(f"with {describe(overrides)} the scenario does not load: {first}") from None
    if not overrides:
        return sc
    digest = hashlib.sha256((text + repr(overrides)).encode("utf-8")).hexdigest()
    return dataclasses.replace(sc, source_hash=digest)


def check_paths(text: str, name: str, paths: list[str]) -> None:
    """Raise OverrideError unless every path names a value (or a new key of a section) of the scenario."""
    data = load_text(text, name).data
    for path in paths:
        locate(data, path)
