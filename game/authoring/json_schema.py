"""The JSON Schema of scenario files, generated from the same pydantic models that validate them.

Pydantic writes JSON Schema 2020-12; common YAML editors (yaml-language-server in
VS Code, JetBrains IDEs) understand draft-07 best, so the output is rewritten to
draft-07: ``$defs`` become ``definitions``, pydantic's leftover ``ge``/``le`` become
``minimum``/``maximum``, a ``$ref`` with a description is wrapped
in ``allOf`` (draft-07 ignores keywords beside ``$ref``), and mappings with
constrained keys say so with ``propertyNames``.  The committed copy is
``scenarios/scenario.schema.json``; a test fails if it differs from this output.
"""

from __future__ import annotations

import json

from ..scenario.schema import Scenario

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILE = "scenario.schema.json"


def scenario_schema() -> dict:
    """The scenario file format as a draft-07 JSON Schema with a description on every field."""
    raw = Scenario.model_json_schema(ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    out = {"$schema": DRAFT, **_clean(raw)}
    out["title"] = "Brinkmanship scenario"
    out["description"] = (
        "A Brinkmanship scenario file (YAML). Formulas, names and texts are checked further when the "
        "game loads the file: run 'brinkmanship validate FILE'. Guide: scenarios/README.md."
    )
    out["definitions"] = {name: _clean(body) for name, body in sorted(definitions.items())}
    return out


def schema_text() -> str:
    """The schema as the text of ``scenario.schema.json`` (stable key order, final newline)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""Pydantic leaves its own bound names on constrained types wrapped in validators; JSON Schema spells them so."""


def _clean(node: object) -> object:
    """Rewrite one schema node (recursively) for draft-07 editors."""
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {_BOUNDS.get(key, key): _clean(value) for key, value in node.items()}
    if "properties" in node:
        node["properties"] = {name: _untitled(prop) for name, prop in node["properties"].items()}
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {**node, "allOf": [{"$ref": ref}]}
    if "patternProperties" in node:
        node = _keys_as_property_names(node)
    return node


def _untitled(prop: dict) -> dict:
    """Drop pydantic's automatic per-field titles ('Id', 'Label'): the description says more."""
    return {key: value for key, value in prop.items() if key != "title"}


def _keys_as_property_names(node: dict) -> dict:
    """A mapping whose keys must match a pattern: every other key is an error, as in the loader."""
    patterns = node.pop("patternProperties")
    if len(patterns) != 1:
        raise ValueError("expected one key pattern per mapping")
    ((pattern, value),) = patterns.items()
    names = {**node.get("propertyNames", {}), "pattern": pattern}
    return {**node, "propertyNames": names, "additionalProperties": value}
