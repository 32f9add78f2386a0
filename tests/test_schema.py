"""The JSON Schema editors use: current, draft-07, described field by field, and in step with the loader."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from game.authoring.json_schema import DRAFT, scenario_schema, schema_text
from game.authoring.scaffold import scaffold_text
from game.cli import main
from game.paths import scenarios_dir
from game.scenario.schema import Scenario
from game.scenario.yamlsafe import load_file, load_text

from .conftest import SCENARIO_FILES

VALIDATOR = jsonschema.Draft7Validator(scenario_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def as_json(data: object) -> object:
    """YAML data as an editor's JSON view of it (dates are text); None if JSON cannot hold it."""
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):
        raise ValueError("not representable in JSON")
    return data


def schema_accepts(data: object) -> bool:
    try:
        return VALIDATOR.is_valid(as_json(data))
    except ValueError:
        return False


def models_accept(data: object) -> bool:
    try:
        Scenario.model_validate(data)
    except ValidationError as err:
        # Cross-field checks (start within min..max, increasing notches, ...) are beyond JSON Schema.
        return all(e["type"] == "value_error" for e in err.errors())
    return True


def test_committed_schema_is_the_generated_one():
    committed = (scenarios_dir() / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "stale: run brinkmanship schema -o scenarios/scenario.schema.json"


def test_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scenario_schema()


def test_schema_is_draft_07_and_itself_valid():
    schema = scenario_schema()
    assert schema["$schema"] == DRAFT
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)


def test_every_field_has_a_description():
    schema = scenario_schema()
    missing = []
    for name, body in [("(top)", schema), *schema["definitions"].items()]:
        assert body.get("description"), f"{name} has no description"
        for field, prop in body.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{name}.{field}")
    assert not missing


def test_every_bundled_scenario_starts_with_the_editor_line():
    for path in SCENARIO_FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=scenario.schema.json", path.name


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_schema_accepts_every_bundled_scenario(path):
    data = load_file(path).data
    errors = [e.message for e in VALIDATOR.iter_errors(as_json(data))]
    assert not errors


def test_schema_accepts_the_scaffold():
    assert schema_accepts(load_text(scaffold_text("x", ("us", "china"))).data)


# Hand-picked edits: each must be refused by both the schema and the loader's models.
BROKEN = [
    ("unknown top-level key", lambda d: d.update(colour="red")),
    ("string for a number", lambda d: d["variables"]["tension"].update(start="40")),
    ("true for a number", lambda d: d["variables"]["tension"].update(start=True)),
    ("yes-string for a flag", lambda d: d["variables"]["tension"].update(hidden="yes")),
    ("fraction for a whole number", lambda d: d.update(turns=8.5)),
    ("bad id", lambda d: d.update(id="Has Spaces")),
    ("bad colour", lambda d: d["sides"]["north"].update(color="blue")),
    ("bad lever key", lambda d: d["levers"].update({"North.Tariff": d["levers"].pop("north.steel_tariff")})),
    ("unknown move kind", lambda d: d["moves"][0].update(kind="bribe")),
    ("missing label", lambda d: d["moves"][0].pop("label")),
    ("cost too high", lambda d: d["moves"][0].update(cost=11)),
    ("text date not ISO", lambda d: d.update(start="June 2, 2025")),
    ("impossible date", lambda d: d.update(start="2025-02-30")),
    ("format true", lambda d: d.update(format=True)),
    ("format 2", lambda d: d.update(format=2)),
    ("list for a mapping", lambda d: d.update(sides=["north", "south"])),
    ("trait above 1", lambda d: d["personalities"][0].update(risk=1.5)),
    ("negative notch cost", lambda d: next(iter(d["levers"].values()))["down"].update(cost=-1)),
    ("horizon of zero turns", lambda d: d.update(max_turns=0)),
]


@pytest.mark.parametrize(("what", "edit"), BROKEN, ids=[b[0] for b in BROKEN])
def test_schema_and_loader_refuse_the_same_broken_files(what, edit):
    data = copy.deepcopy(load_text(scaffold_text("x")).data)
    edit(data)
    assert not schema_accepts(data), f"schema accepts {what}"
    assert not models_accept(data), f"loader accepts {what}"


def test_schema_and_loader_accept_the_same_lenient_spellings():
    data = copy.deepcopy(load_text(scaffold_text("x")).data)
    data["turns"] = 8.0  # JSON Schema counts 8.0 as an integer; so does the loader
    data["start"] = "2025-01-06"  # a quoted date is what editors see
    assert schema_accepts(data) and models_accept(data)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.floats(-1e3, 1e3, allow_nan=False),
    st.sampled_from(["", "x", "5", "yes", "north", "2025-01-06", "#aabbcc", "up", "public", "tension > 5"]),
)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


BASE = load_text(scaffold_text("x")).data
PATHS = [p for p in _paths(BASE) if p]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PATHS), _SCALARS, st.booleans())
def test_schema_and_loader_agree_on_random_edits(path, value, add_key):
    """Replace any value (or add an unknown key beside it): both accept, or both refuse."""
    data = copy.deepcopy(BASE)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if add_key and isinstance(parent, dict):
        parent["zz_unknown"] = value
    else:
        parent[path[-1]] = value
    assert schema_accepts(data) == models_accept(data)
