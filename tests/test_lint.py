"""``validate --simulate`` flags what only play shows, and the static check flags what nothing uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import lint
from game.authoring.scaffold import scaffold_text
from game.cli import main
from game.scenario.compiler import load_scenario, load_scenario_text

from .conftest import SCENARIO_FILES

FLAWED = Path(__file__).parent / "data" / "authoring" / "flawed.yaml"


@pytest.fixture(scope="module")
def flawed_report():
    return lint(load_scenario(FLAWED), games=800, seed=0, lever_games=64)


def kinds(report) -> list[tuple[str, str]]:
    return [(f.kind, f.message) for f in report.findings]


def test_lint_flags_the_dead_lever(flawed_report):
    assert any(k == "lever" and "'north.quota'" in m for k, m in kinds(flawed_report))


def test_lint_flags_the_unreachable_ending(flawed_report):
    assert any(k == "ending" and "'love_fest'" in m for k, m in kinds(flawed_report))
    assert flawed_report.endings["love_fest"] == 0.0


def test_lint_flags_the_dominant_move(flawed_report):
    flagged = [m for k, m in kinds(flawed_report) if k == "dominant"]
    assert len(flagged) == 1 and "'bonanza'" in flagged[0]


def test_lint_leaves_live_levers_alone(flawed_report):
    assert not any(k == "lever" and "steel_tariff" in m for k, m in kinds(flawed_report))


def test_lint_flags_a_lopsided_score_and_a_pinned_meter():
    text = scaffold_text("x")
    text = text.replace('value: "(@a@.economy - 40) / 25"'.replace("@a@", "north"), "value: 1")
    text = text.replace("  trust:\n    label: Trust\n    start: 30", "  trust:\n    label: Trust\n    start: 0")
    text = text.replace("add: {tension: -4, trust: 5}", "add: {tension: -4}")
    text = text.replace("add: {tension: -4, trust: 3}", "add: {tension: -4}")
    text = text.replace("add: {tension: -3, trust: 2}", "add: {tension: -3}")
    text = text.replace("add: {trust: 5}\n    set: {summit_due: 0}", "set: {summit_due: 0}")
    text = text.replace("add: {trust: 4}", "add: {tension: -1}").replace("      add: {trust: 5}\n", "")
    report = lint(load_scenario_text(text, "x.yaml"), games=480, seed=1, lever_games=16, rollouts=4)
    messages = [m for k, m in kinds(report) if k in ("lopsided", "pinned")]
    assert any("North wins" in m for m in messages), messages
    assert any("'trust' sits at its bound" in m for m in messages), messages


def test_the_scaffold_is_lint_clean():
    report = lint(load_scenario_text(scaffold_text("x"), "x.yaml"), games=800, seed=0, lever_games=64)
    assert report.findings == []


BY_DESIGN = {"tariff_dilemma": {"dominant"}}
"""The prisoner's dilemma has a dominant move on purpose (tests/test_scenarios_theory.py)."""


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_bundled_scenarios_have_no_dead_lever_dominant_move_or_lopsided_score(path):
    report = lint(load_scenario(path), games=800, seed=0, lever_games=64)
    serious_kinds = {"lever", "dominant", "lopsided", "pinned"} - BY_DESIGN.get(path.stem, set())
    serious = [m for k, m in kinds(report) if k in serious_kinds]
    assert serious == []


def test_lint_is_reproducible_from_its_seed():
    sc = load_scenario(FLAWED)
    a = lint(sc, games=160, seed=5, lever_games=8, rollouts=2)
    b = lint(sc, games=160, seed=5, lever_games=8, rollouts=2)
    assert a.endings == b.endings and kinds(a) == kinds(b)


def test_validate_simulate_prints_a_short_report_and_exits_zero_on_warnings(capsys):
    assert main(["validate", str(FLAWED), "--simulate", "--games", "320"]) == 0
    out = capsys.readouterr().out
    assert "simulated" in out and "endings:" in out
    assert "warning: lever 'north.quota' never changes an outcome" in out
    assert len(out.splitlines()) < 20


def test_validate_reports_every_error_at_once_and_exits_one(tmp_path, capsys):
    text = scaffold_text("x").replace('when: "tension < 90"', 'when: "tension <"')
    text = text.replace("start: 40  ", "start: 400  ").replace(
        "label: Ore exports", "label: Ore exports\n    colour: red"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    assert main(["validate", str(broken), "--simulate"]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(str(broken) + ":")]
    assert len(lines) >= 3 and all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines[:-1])
    assert "simulated" not in out


def test_static_check_warns_about_unused_variables_and_stuck_levers(tmp_path, capsys):
    text = scaffold_text("x").replace("variables:\n", "variables:\n  spare:\n    label: Spare\n    start: 1\n", 1)
    text = text.replace(
        "levers:\n",
        "levers:\n  north.stuck:\n    label: Stuck\n    values: [0, 1]\n    start: 0\n    negotiable: false\n"
        "    up: {enabled: false}\n    down: {enabled: false}\n",
        1,
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "'spare' is never read" in out and "'spare' never changes" in out
    assert "lever 'north.stuck': no move, event, rule or deal can change it" in out
    assert f"{path}:" in out and ": ok (" in out


def test_validate_accepts_ids_and_all(capsys):
    assert main(["validate", "june_2025", "-q"]) == 0
    assert main(["validate", "--all", "-q"]) == 0
    assert main(["validate"]) == 2


def test_lint_flags_a_settlement_that_cooperative_play_cannot_reach():
    june = (Path(__file__).parent.parent / "scenarios" / "june_2025.yaml").read_text(encoding="utf-8")
    impossible = june.replace("deal.scope >= 6 and deal.age >= 2", "deal.scope >= 60 and deal.age >= 2")
    assert impossible != june
    sc = load_scenario_text(impossible, "june_impossible.yaml")
    report = lint(sc, games=64, seed=0, lever_games=32, rollouts=2)
    assert any(k == "cooperation" and "'comprehensive_deal'" in m for k, m in kinds(report))
    assert not any(k == "cooperation" for k, _ in kinds(lint(load_scenario_text(june, "june.yaml"), 64, 0, 32, 2)))
