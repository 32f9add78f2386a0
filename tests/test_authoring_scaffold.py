"""``new-scenario``: a commented file that validates, plays, uses every field, and never overwrites."""

from __future__ import annotations

import datetime as dt
import os
import typing

import numpy as np
import pytest
from pydantic import BaseModel

from game.ai.leaders import BASELINES
from game.authoring.scaffold import ScaffoldError, parse_sides, scaffold_text
from game.cli import main
from game.engine import turn as rules
from game.engine.game import Game
from game.engine.state import observe
from game.files import write_new
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.schema import Scenario
from game.scenario.yamlsafe import load_text


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """A private user data folder (platformdirs reads XDG_DATA_HOME on Linux)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "brinkmanship" / "scenarios"


def _models(annotation) -> list[type[BaseModel]]:
    """Pydantic models inside a type annotation (list[X], dict[str, X], X | None ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _instances(model: type[BaseModel], value: object) -> list[dict]:
    """Every mapping in value that is one instance of model (through lists and id-keyed mappings)."""
    if isinstance(value, list):
        return [i for item in value for i in _instances(model, item)]
    if isinstance(value, dict):
        if set(value) & set(model.model_fields):
            return [value]
        return [i for item in value.values() for i in _instances(model, item)]
    return []


def _collect(model: type[BaseModel], values: list, found: dict) -> None:
    """Gather every instance of every model in the data, by model."""
    items = [i for value in values for i in _instances(model, value)]
    found.setdefault(model, []).extend(items)
    for name, info in model.model_fields.items():
        present = [i[name] for i in items if name in i]
        for sub in _models(info.annotation):
            if present:
                _collect(sub, present, found)


def _missing_fields(data: dict) -> list[str]:
    """'Model.field' for every field that no instance of its model in the data spells out."""
    found: dict = {}
    _collect(Scenario, [data], found)
    return sorted(
        f"{model.__name__}.{name}"
        for model, items in found.items()
        for name in model.model_fields
        if not any(name in item for item in items)
    )


def test_scaffold_spells_out_every_field_of_the_format():
    data = load_text(scaffold_text("x")).data
    assert _missing_fields(data) == []


@pytest.mark.parametrize("sides", [("north", "south"), ("japan", "south_korea"), ("a", "b")])
def test_scaffold_loads_without_warnings_for_any_side_ids(sides):
    sc = load_scenario_text(scaffold_text("my_dispute", sides), "my_dispute.yaml")
    assert sc.sides == sides
    assert sc.warnings == ()
    assert sc.model.start.weekday() == 0


def test_scaffold_plays_to_an_end_with_every_baseline_pairing():
    sc = load_scenario_text(scaffold_text("x"), "x.yaml")
    for first in BASELINES:
        for second in BASELINES:
            rng = np.random.default_rng(7)
            state, _ = rules.start(sc, 32, rng)
            leaders = (BASELINES[first](), BASELINES[second]())
            for _ in range(sc.model.max_turns):
                orders = tuple(leaders[s].decide(sc, observe(sc, state, s), s, rng).orders for s in (0, 1))
                rules.step(sc, state, orders, rng)
            assert state[sc.over_row].all(), f"{first} v {second} did not end"
            assert np.isfinite(state).all()


def test_scaffold_history_replays_in_a_game():
    sc = load_scenario_text(scaffold_text("x"), "x.yaml")
    game = Game(sc, 3)
    leader = BASELINES["historical"]()
    for _ in range(3):
        orders = [leader.decide(sc, game.observation(s), s, game.leader_rngs[s]).orders for s in (0, 1)]
        report = game.play(*orders)
    assert report.signed_by == "north"


@pytest.mark.parametrize("bad", ["a", "a,a", "a,B", "a,b,c", "deal,b", "1a,b"])
def test_bad_side_lists_are_refused_with_a_reason(bad):
    with pytest.raises(ScaffoldError):
        parse_sides(bad)


def test_new_scenario_writes_into_the_user_folder_and_plays(user_dir, capsys):
    assert main(["new-scenario", "trade_spat", "--sides", "japan,korea"]) == 0
    path = user_dir / "trade_spat.yaml"
    assert f"wrote {path}" in capsys.readouterr().out
    sc = load_scenario(path)
    assert sc.id == "trade_spat" and sc.sides == ("japan", "korea")
    assert (user_dir / "scenario.schema.json").exists()
    assert main(["validate", "trade_spat"]) == 0
    assert main(["scenarios"]) == 0
    assert "trade_spat" in capsys.readouterr().out


def test_new_scenario_never_overwrites(user_dir, capsys):
    user_dir.mkdir(parents=True)
    mine = user_dir / "taken.yaml"
    mine.write_text("my precious work\n", encoding="utf-8")
    assert main(["new-scenario", "taken"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "my precious work\n"
    assert sorted(p.name for p in user_dir.iterdir()) == ["taken.yaml"], "no temporary file left behind"


def test_new_scenario_to_an_explicit_path(tmp_path, capsys):
    target = tmp_path / "class" / "lesson_one.yaml"
    assert main(["new-scenario", str(target)]) == 0
    assert load_scenario(target).id == "lesson_one"
    assert main(["new-scenario", str(tmp_path / "Bad Name.yaml")]) == 2
    assert "must start with a letter" in capsys.readouterr().err


def test_write_new_refuses_an_existing_file_and_leaves_it_whole(tmp_path):
    target = tmp_path / "x.yaml"
    write_new(target, "first\n")
    with pytest.raises(FileExistsError):
        write_new(target, "second\n")
    assert target.read_text() == "first\n"
    assert os.listdir(tmp_path) == ["x.yaml"]


def test_scaffold_start_date_is_a_monday():
    text = scaffold_text("x", start=dt.date(2025, 6, 5))
    assert load_scenario_text(text, "x.yaml").model.start == dt.date(2025, 6, 2)


def test_scaffold_replays_its_golden_transcript():
    from pathlib import Path

    from game.authoring.scaffold import GOLDEN_ID
    from game.transcript import transcript

    golden = Path(__file__).parent / "golden" / f"{GOLDEN_ID}.txt"
    assert golden.exists(), "run python -m game.authoring.scaffold --write tests/golden"
    sc = load_scenario_text(scaffold_text(GOLDEN_ID), f"{GOLDEN_ID}.yaml")
    assert transcript(sc) == golden.read_text(encoding="utf-8"), (
        "regenerate: python -m game.authoring.scaffold --write tests/golden"
    )


def test_slow_walking_a_deal_in_the_scaffold_is_found_out_and_costs_trust():
    from game.engine.game import Game, Offer, Order

    sc = load_scenario_text(scaffold_text("x"), "x.yaml")
    game = Game(sc, 4)
    game.play(Order(), Order(("propose",), Offer.of({"north.steel_tariff": 0, "south.ore_exports": 100})))
    game.play(Order(("accept",)), Order())
    assert game.value("deal.active") == 1.0
    game.play(Order(("slow_walk",)), Order())
    trust = game.value("trust")
    for _ in range(4):
        if game.value("north.slow_walking") == 0.0 or game.is_over:
            break
        game.play(Order(), Order())
    assert game.value("north.slow_walking") == 0.0, "within four weeks the leak is all but certain (seed 4: found)"
    assert any("Leak: North is quietly sitting on the deal" in n.text for n in game.news("south"))
    assert game.value("trust") < trust


def test_the_scaffold_deal_costs_each_side_something_it_values():
    from game.engine.scoring import scores

    sc = load_scenario_text(scaffold_text("x"), "x.yaml")
    state, _ = rules.start(sc, 1, np.random.default_rng(0))
    package = sc.packages[0]
    for j, target in enumerate(package.targets):
        if np.isnan(target):
            continue
        lever = sc.levers[sc.negotiable[j]]
        given = state.copy()
        given[lever.var] = target  # only this side's own lever goes to the deal's setting
        before, after = scores(sc, state)[0, lever.side], scores(sc, given)[0, lever.side]
        assert after < before, f"{sc.sides[lever.side]} gives up nothing it values by setting {lever.name}"


def test_the_scaffold_passes_the_thinking_lint_offers_refused_deals_signed_probes_beaten():
    from game.authoring.playtest import playtest

    report = playtest(load_scenario_text(scaffold_text("x"), "x.yaml"), games=12, seed=0)
    deals = report.deal_figures()
    assert deals["refused"] > 0 and deals["deals"] > 0, deals
    flagged = {f.kind for f in report.findings}
    assert not flagged & {"accepted", "no_deal", "probe", "seat_bias", "slow_walk", "unused_lever"}, report.lines()
