"""``validate --simulate --thinking``: the lint that plays like people flags what only thinking players show."""

from __future__ import annotations

import json

import pytest

from game.ai.probes import PROBES
from game.authoring.playtest import pairings, playtest
from game.cli import main
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES

FOLLY = """levers:
  north.folly:
    label: Folly
    describe: Built to be dead - either notch costs North a fifth of its economy, and nothing else.
    values: [0, 1, 2]
    start: 1
    cost: 2
    negotiable: false
    up:
      add: {north.economy: -20}
    down:
      add: {north.economy: -20}
"""

NEVER = """endings:
  - id: never
    title: Never
    text: Built to be unreachable - tension cannot pass 100.
    when: "tension > 100"
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A scenario from ``new-scenario`` with a lever no one would move and an ending no one can reach."""
    path = tmp_path_factory.mktemp("authoring") / "broken_on_purpose.yaml"
    assert main(["new-scenario", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("\nlevers:\n") == 1 and text.count("\nendings:\n") == 1
    text = text.replace("\nlevers:\n", "\n" + FOLLY, 1).replace("\nendings:\n", "\n" + NEVER, 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_thinking_flags_the_idle_lever_and_the_unreachable_ending(broken, capsys):
    assert main(["validate", str(broken), "--simulate", "--thinking", "--games", "4", "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    thinking = report["files"][0]["thinking"]
    found = {(f["kind"], f["figure"].get("lever") or f["figure"].get("ending")): f for f in thinking["findings"]}
    lever = found[("unused_lever", "north.folly")]
    assert "'north.folly'" in lever["message"] and lever["figure"]["games_moved"] == 0
    assert f"in {lever['figure']['games']} games" in lever["message"]
    ending = found[("unreached_ending", "never")]
    assert (
        ending["figure"]["pairings_reaching"] == 0
        and f"none of the {ending['figure']['pairings']}" in (ending["message"])
    )
    assert thinking["lever_games"]["north.folly"] == 0 and thinking["ending_pairings"]["never"] == 0
    assert ("unused_lever", "north.steel_tariff") not in found
    every = len(PROBES)
    assert "thinking: pairing 1/" in captured.err and f"thinking: probe {every}/{every}" in captured.err


def test_strict_turns_findings_into_a_failure_and_the_text_report_names_them(broken, capsys):
    assert main(["validate", str(broken), "--thinking", "--games", "2", "--strict", "-q"]) == 1
    out = capsys.readouterr().out
    assert "lever 'north.folly' (Folly) was never moved a notch" in out
    assert "ending 'never' (Never) was reached in none of the" in out


def test_june_2025_at_a_tiny_size_reports_every_figure_and_each_finding_names_its_own():
    sc = load_scenario(next(p for p in SCENARIO_FILES if p.stem == "june_2025"))
    chosen = pairings(sc)
    assert chosen[0] == ("historical_us", "historical_china") and len(chosen) == len(set(chosen))
    assert {("dove", "dove"), ("dove", "historical_china"), ("historical_us", "dove")} <= set(chosen)
    notes: list[str] = []
    only = [chosen[0], ("dove", "dove")]
    report = playtest(sc, games=2, note=notes.append, only=only, probes=["grandstand", "do_nothing"])
    assert [(p.first, p.second) for p in report.pairings] == only and len(notes) == 4
    assert set(report.ending_pairings) == {e.id for e in sc.endings}
    assert set(report.lever_games) == {lever.name for lever in sc.levers}
    assert len(report.probes["probes"]) == 4 and report.probes["difficulty"] == "easy"
    for pairing in report.pairings:
        assert pairing.games == 2 and pairing.codes.shape == (2, 2) and pairing.endings.sum() == 2
        assert 0 <= pairing.slow_walked <= pairing.deals and 0 <= pairing.refused <= pairing.offers
    data = report.as_dict(sc)
    json.dumps(data)
    assert set(data["deals"]) == {"deals", "slow_walked", "offers", "refused", "games_refusing"}
    lines = report.lines()
    assert lines[0].startswith("  thinking leaders (easy):") and any("endings (pairings" in line for line in lines)
    assert any(line.startswith("  deals:") for line in lines)
    assert report.findings  # 4 games cannot reach all 6 endings
    for finding in report.findings:
        assert finding.figure, finding
        numbers = [v for v in finding.figure.values() if isinstance(v, int) and not isinstance(v, bool)]
        assert any(str(n) in finding.message for n in numbers), finding
        assert f"  warning: {finding.message}" in lines
        if "win_rate" in finding.figure:
            assert f"{finding.figure['win_rate']:.0%}" in finding.message
        if "share" in finding.figure:
            assert f"{finding.figure['share']:.0%}" in finding.message


def test_pairings_fall_back_to_the_strategist_mirror():
    sc = load_scenario(next(p for p in SCENARIO_FILES if p.stem == "tariff_dilemma"))
    assert pairings(sc) == [("strategist", "strategist")]
    october = load_scenario(next(p for p in SCENARIO_FILES if p.stem == "october_2025"))
    assert pairings(october) == [
        ("historical_us", "historical_china"),
        ("hawk", "historical_china"),
        ("historical_us", "hawk"),
        ("hawk", "hawk"),
        ("dove", "historical_china"),
        ("historical_us", "dove"),
        ("dove", "dove"),
        ("strategist", "historical_china"),
        ("historical_us", "strategist"),
        ("strategist", "strategist"),
    ]


def test_the_playtest_is_reproducible_from_its_seed(broken):
    sc = load_scenario(broken)
    a, b = (playtest(sc, games=3, seed=3, probes=["squeeze"]) for _ in range(2))
    assert a.as_dict(sc) | {"seconds": 0} == b.as_dict(sc) | {"seconds": 0}


def test_the_playtest_gives_the_same_figures_in_one_process_or_two(broken):
    sc = load_scenario(broken)
    alone, shared = (playtest(sc, games=3, seed=3, probes=["squeeze", "do_nothing"], jobs=jobs) for jobs in (1, 2))
    assert alone.as_dict(sc) | {"seconds": 0} == shared.as_dict(sc) | {"seconds": 0}
    assert len(alone.pairings) == len(pairings(sc)) >= 2


def test_the_guide_walks_through_balancing_with_every_thinking_finding():
    from game.paths import scenarios_dir

    guide = (scenarios_dir() / "README.md").read_text(encoding="utf-8")
    section = guide.split("## Balance your scenario", 1)[1]
    assert "--simulate --thinking" in section and "--games 100" in section and "--difficulty normal" in section
    for words in (
        "a probe beats the computer",
        "deals are always slow-walked",
        "every deal is accepted",
        "no deal is signed",
        "seat bias",
        "a lever nobody moves",
        "an ending nobody reaches",
    ):
        assert words in section, words
    assert "warning: probe '" in section and "strongest probe:" in section
