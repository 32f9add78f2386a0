"""The bundled scenarios: sourced, their real history replays move for move, and every command can use them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.ai.leaders import BASELINES
from game.cli import main
from game.engine.game import Game
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES

HISTORICAL = [p for p in SCENARIO_FILES if p.stem != "tariff_dilemma"]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_cites_sources_in_comments(path):
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    assert any(re.search(r"https?://|Review of Economic Studies|facts", c) for c in comments), path.name


@pytest.mark.parametrize("path", HISTORICAL, ids=lambda p: p.stem)
def test_every_recorded_headline_has_a_source(path):
    sc = load_scenario(path)
    assert sc.history, f"{path.name} records no real history"
    for step in sc.history:
        for date, text, source in step.headlines:
            assert source.startswith("http"), f"{path.name} week {step.turn}: {text[:40]} has no source"
            assert sc.date_of_turn(step.turn) <= date < sc.date_of_turn(step.turn + 1), (
                f"{date} is not in week {step.turn}"
            )


@pytest.mark.parametrize("path", HISTORICAL, ids=lambda p: p.stem)
def test_real_history_replays_every_recorded_move(path):
    """The historical leader makes every recorded move, each legal in its week, and the game ends."""
    sc = load_scenario(path)
    game = Game(sc, 11)
    leader = BASELINES["historical"]()
    recorded = {h.turn: h for h in sc.history}
    while not game.is_over:
        week = game.turn
        orders = [leader.decide(sc, game.observation(s), s, game.leader_rngs[s]).orders for s in (0, 1)]
        report = game.play(*orders)
        if week in recorded:
            for side in (0, 1):
                made = sorted(m.index for m in report.moves[side])
                assert made == sorted(recorded[week].moves[side]), f"{sc.sides[side]} week {week}: a move was illegal"
    assert game.ending is not None


@pytest.mark.parametrize("path", HISTORICAL, ids=lambda p: p.stem)
def test_real_history_ends_where_history_did(path):
    """Observed values recorded for the last weeks match the replayed game's levers."""
    sc = load_scenario(path)
    game = Game(sc, 11)
    leader = BASELINES["historical"]()
    observed = {h.turn: dict(h.observed) for h in sc.history if h.observed}
    while not game.is_over:
        week = game.turn
        game.play(*[leader.decide(sc, game.observation(s), s, game.leader_rngs[s]).orders for s in (0, 1)])
        for row, value in observed.get(week, {}).items():
            if sc.variables[row].role == "lever" and week == max(observed):
                assert np.isclose(game.state[row, 0], value), f"{sc.variables[row].name} in week {week}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_command_finds_the_scenario_by_id(path, capsys):
    assert main(["validate", path.stem, "-q"]) == 0
    assert main(["scenarios"]) == 0
    assert path.stem in capsys.readouterr().out


def test_scenarios_path_prints_the_user_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["scenarios", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "brinkmanship" / "scenarios")


def test_a_broken_user_scenario_is_listed_with_its_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = tmp_path / "brinkmanship" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "half_done.yaml").write_text("format: 1\nid: half_done\ntitle: [\n", encoding="utf-8")
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "half_done" in out and "BROKEN" in out and "half_done.yaml:" in out
