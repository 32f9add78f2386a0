"""Calibration: bands of AI-vs-AI games against the real path, and the plug for the personality leaders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.records.calibrate import Band, calibrate, calibration_leaders
from game.records.history import HistoryError
from game.scenario.compiler import load_scenario_text


def test_the_band_holds_the_real_value_only_between_p10_and_p90():
    assert Band("x", 1, 10.0, 12.0, 20.0, 20.0, "moves").inside
    assert not Band("x", 1, 10.0, 12.0, 20.0, 20.5, "moves").inside
    assert not Band("x", 1, 10.0, 12.0, 20.0, 9.0, "observed").inside


def test_every_lever_and_observed_figure_is_tracked_every_week(june):
    cal = calibrate(june, games=64, seed=1)
    weeks = max(step.turn for step in june.history)
    assert cal.weeks == weeks
    for lever in june.levers:
        assert [b.week for b in cal.by_variable(lever.name)] == list(range(1, weeks + 1))
    observed = {(june.variables[row].name, step.turn) for step in june.history for row, _ in step.observed}
    assert observed <= {(b.name, b.week) for b in cal.bands if b.source == "observed"}
    assert 0.0 <= cal.coverage <= 1.0
    assert cal.paths["us.tariff"].shape == (weeks + 1, 64)


def test_leaders_playing_the_real_moves_cover_the_real_path_and_hawks_do_not(june):
    real = calibrate(june, games=64, seed=2, leader="historical")
    hawks = calibrate(june, games=64, seed=2, leader="baseline:hawk")
    assert real.coverage == 1.0, real.misses()
    assert hawks.coverage < real.coverage
    assert hawks.misses(), "a miss is reported in words"


def test_the_historical_personalities_plug_in_when_the_ai_can_play_them(june):
    names, notes = calibration_leaders(june)
    assert names == ("historical_us", "historical_china") and notes == []
    assert calibrate(june, games=2).leaders == ("historical_us", "historical_china")


def test_meters_are_a_separate_figure(june):
    cal = calibrate(june, games=32, meters=True)
    assert cal.meter_coverage is not None
    assert {b.name for b in cal.bands if b.source == "model"} == {june.variables[r].name for r in june.key_variables}


def test_a_scenario_without_history_cannot_be_calibrated(june):
    text = Path(june.path).read_text(encoding="utf-8")
    start, end = text.index("\nhistory:"), text.index("\nquestions:")
    bare = load_scenario_text(text[:start] + text[end:], "bare.yaml")
    with pytest.raises(HistoryError, match="no recorded history"):
        calibrate(bare, games=8)


def test_the_command_reports_coverage_and_draws_the_bands(capsys, tmp_path):
    assert main(["calibrate", "june_2025", "--games", "40", "--plot", str(tmp_path / "bands.png")]) == 0
    out = capsys.readouterr().out
    assert "Coverage:" in out and "target 80%" in out and "us.tariff" in out
    charts = sorted(tmp_path.glob("bands-*.png"))
    assert "Charts:" in out and (tmp_path / "bands-us_tariff.png") in charts
    assert all(path.stat().st_size > 1000 for path in charts), "real PNG images, not empty files"
    assert main(["calibrate", "--games", "20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["games"] == 20 and 0 <= data["coverage"] <= 1 and data["bands"]
    assert main(["calibrate", "--games", "1"]) == 2
    assert "at least 2 games" in capsys.readouterr().err
    assert main(["calibrate", "--leader", "nobody"]) == 2


def test_bands_that_span_a_whole_range_do_not_flatter_the_headline(june):
    """An on/off lever whose band is [off, on] covers anything: it is counted apart, not in the headline."""
    cal = calibrate(june, games=64, seed=1, meters=True)
    kinds = cal.by_kind()
    assert set(kinds) == {"levers", "switches", "observed", "meters"}
    assert kinds["switches"]["whole_range"] > 0
    telling = [b for b in cal.bands if b.source != "model" and not b.whole_range]
    assert cal.coverage == sum(b.inside for b in telling) / len(telling)
    flattering = [b for b in cal.bands if b.source != "model"]
    assert all(b.inside for b in flattering if b.whole_range)
    assert len(telling) < len(flattering)
    for kind, figures in kinds.items():
        cells = [b for b in cal.bands if b.kind == kind]
        assert figures["cells"] + figures["whole_range"] == len(cells)


def with_personality(june, lines: str, drop_old: bool = False) -> str:
    """June's text with a personality added first (and the historical_* ones renamed away if asked)."""
    text = Path(june.path).read_text(encoding="utf-8")
    if drop_old:
        text = text.replace("- id: historical_us", "- id: us_as_was").replace(
            "- id: historical_china", "- id: cn_as_was"
        )
    return text.replace("\npersonalities:\n", f"\npersonalities:\n{lines}", 1)


def test_the_personality_marked_historical_is_the_one_calibrated_against(june):
    mark = "  - {id: trump_as_written, side: us, label: Trump, historical: true}\n"
    sc = load_scenario_text(with_personality(june, mark), "june.yaml")
    names, notes = calibration_leaders(sc)
    assert names == ("trump_as_written", "historical_china") and notes == []


def test_without_a_historical_personality_calibrate_says_how_to_mark_one(june):
    sc = load_scenario_text(with_personality(june, "", drop_old=True), "june.yaml")
    names, notes = calibration_leaders(sc)
    assert names == ("tit_for_tat", "tit_for_tat")
    assert notes[0] == (
        "us: no personality plays us's real leader, so tit_for_tat stands in "
        "(mark one with 'historical: true' and 'side: us' under personalities)"
    )


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "  - {id: anyone, label: Anyone, historical: true}\n",
            "a historical personality plays one side's real leader",
        ),
        (
            "  - {id: one, side: us, label: One, historical: true}\n"
            "  - {id: two, side: us, label: Two, historical: true}\n",
            "us already has a historical personality, 'one'; mark only one per side",
        ),
    ],
)
def test_historical_marks_that_cannot_work_are_refused_at_load(june, lines, message):
    from game.scenario.problems import ScenarioError

    text = with_personality(june, lines)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "june.yaml")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert message in problem.message and problem.where.endswith(".historical")
    assert (
        text.splitlines()[problem.line - 1].lstrip().startswith("- {id: ")
        and "historical: true" in text.splitlines()[problem.line - 1]
    )
