"""Scripted behaviour of every preset and baseline: given this opponent, scenario and seed, these moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ai.leaders import leader_names, make_leader
from game.ai.scripts import script, script_path, scripts
from game.analysis.runner import escalation_rate, run_games
from game.engine.game import Game
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_leader_plays_its_stored_script(path):
    sc = load_scenario(path)
    stored = script_path(GOLDEN, sc)
    assert stored.exists(), f"{path.name} has no leader scripts: run python -m game.ai.scripts --write tests/golden"
    expected = [line for line in stored.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    actual = [line for line in scripts(sc).splitlines() if not line.startswith("#")]
    want = {line.split(" vs ")[0]: line for line in expected}
    for line in actual:
        key = line.split(" vs ")[0]
        assert key in want, f"no stored script for {key}"
        assert line == want[key], f"{key} now plays differently"
    assert len(actual) == len(expected)
    for side in (0, 1):
        for name in leader_names(sc, side):
            assert f"{sc.sides[side]} {name}" in want, f"{name} has no script"


def moves_by_week(sc, name, side, opponent, seed=7, weeks=4):
    game = Game(sc, seed)
    players = [None, None]
    players[side] = make_leader(name, sc, side, "easy")
    players[1 - side] = make_leader(opponent, sc, 1 - side, "easy")
    out = []
    for _ in range(weeks):
        decisions = [players[s].decide(sc, game.observation(s), s, game.leader_rngs[s]) for s in (0, 1)]
        report = game.play(decisions[0].orders, decisions[1].orders)
        out.append(report.moves)
    return out


def test_baseline_hawk_only_escalates_and_dove_only_calms(june):
    for side in (0, 1):
        for week in moves_by_week(june, "baseline:hawk", side, "tit_for_tat"):
            assert all(m.stance == "escalate" for m in week[side])
        for week in moves_by_week(june, "baseline:dove", side, "tit_for_tat"):
            assert all(m.stance == "calm" for m in week[side])


def test_tit_for_tat_starts_calm_then_mirrors_an_escalation(june):
    weeks = moves_by_week(june, "tit_for_tat", 1, "baseline:hawk")
    assert all(m.stance != "escalate" for m in weeks[0][1])
    assert all(m.stance != "calm" for m in weeks[1][1])


def test_historical_plays_the_recorded_moves(june):
    weeks = moves_by_week(june, "historical", 0, "historical", weeks=2)
    for week, step in zip(weeks, june.history):
        assert [m.index for m in week[0]] == list(step.moves[0])
        assert [m.index for m in week[1]] == list(step.moves[1])


def test_the_script_depends_on_the_seed_for_random_play(june):
    assert script(june, "random", 0, seed=1) != script(june, "random", 0, seed=2)


def test_presets_behave_measurably_differently(june):
    """The hawk escalates far more than the dove, from either seat, against the same opponent and seeds."""
    rates = {}
    for name in ("hawk", "dove", "reciprocator"):
        for side in (0, 1):
            leaders = [None, None]
            leaders[side] = make_leader(name, june, side, "easy")
            leaders[1 - side] = make_leader("random", june, 1 - side)
            rates[name, side] = escalation_rate(june, run_games(june, tuple(leaders), 12, 4), side)
    for side in (0, 1):
        assert rates["hawk", side] > 3 * rates["dove", side] + 0.1
        assert rates["dove", side] < rates["reciprocator", side] < rates["hawk", side]
