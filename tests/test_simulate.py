"""``brinkmanship simulate``: the report's structure, reproducibility by seed, side options, deal quality."""

from __future__ import annotations

import io
import json
import os
import sys
import types

import numpy as np
import pytest

from game.ai.leaders import make_leader
from game.analysis.nash import check_deal, deal_quality
from game.analysis.progress import ProgressBar
from game.analysis.runner import run_games
from game.cli import main
from game.commands import simulate as command


def simulate(capsys, *args) -> dict:
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_reports_endings_scores_meters_and_deals(capsys):
    report = simulate(capsys, "--games", "300", "--us", "random", "--china", "tit_for_tat", "--seed", "5")
    assert report["games"] == 300 and report["seed"] == 5
    assert report["leaders"]["us"]["name"] == "random" and report["leaders"]["china"]["name"] == "tit_for_tat"
    assert sum(e["games"] for e in report["endings"]) == 300
    assert sum(e["share"] for e in report["endings"]) == pytest.approx(1.0, abs=1e-3)
    assert {e["id"] for e in report["endings"]} >= {"decoupling", "snap_back"}
    for side in ("us", "china"):
        q = report["scores"][side]
        assert 0 <= q["p10"] <= q["p25"] <= q["p50"] <= q["p75"] <= q["p90"] <= 100
    wins = report["wins"]
    assert wins["us"] + wins["china"] + wins["draw"] + wins["both_lose"] == pytest.approx(1.0, abs=1e-3)
    names = {m["name"] for m in report["meters"]}
    assert {"tension", "us.economy", "china.economy", "us.magnet_stockpile"} <= names
    for meter in report["meters"]:
        assert meter["p10"] <= meter["p50"] <= meter["p90"]
    assert 0.0 <= report["deal_share"] <= 1.0


def test_the_same_seed_gives_the_same_report_and_another_seed_another(capsys):
    args = ["--games", "200", "--us", "random", "--china", "random"]
    first = simulate(capsys, *args, "--seed", "1")
    again = simulate(capsys, *args, "--seed", "1")
    other = simulate(capsys, *args, "--seed", "2")
    for report in (first, again, other):
        report.pop("seconds")
    assert first == again
    assert first != other


def test_look_ahead_simulations_are_reproducible_and_differ_by_personality(june):
    def run(us, seed=3):
        leaders = (make_leader(us, june, 0, "easy"), make_leader("tit_for_tat", june, 1))
        return run_games(june, leaders, 12, seed)

    hawk, hawk_again, dove = run("hawk"), run("hawk"), run("dove")
    assert np.array_equal(hawk.scores, hawk_again.scores)
    assert np.array_equal(hawk.move_counts[0], hawk_again.move_counts[0])
    escalate = np.array([m.stance == "escalate" for m in june.moves[0]])
    assert hawk.move_counts[0][escalate].sum() > 3 * dove.move_counts[0][escalate].sum()


def test_side_options_follow_the_scenario_and_errors_are_clear(capsys, data_dir):
    tiny = str(data_dir / "tiny.yaml")
    report = simulate(capsys, tiny, "--games", "50", "--a", "random", "--b", "tit_for_tat")
    assert report["leaders"]["a"]["name"] == "random" and report["leaders"]["b"]["name"] == "tit_for_tat"
    by_index = simulate(capsys, tiny, "--games", "50", "--side0", "random", "--side1", "tit_for_tat")
    by_index.pop("seconds"), report.pop("seconds")
    assert by_index == report
    assert main(["simulate", "--games", "5", "--mars", "hawk"]) == 2
    assert "sides are us, china" in capsys.readouterr().err
    assert main(["simulate", "--games", "5", "--us", "wizard"]) == 2
    assert "unknown leader 'wizard'" in capsys.readouterr().err
    assert main(["simulate", "--games", "0"]) == 2
    assert main(["simulate", "--games", "5", "--plot", "chart.txt"]) == 2
    assert ".png" in capsys.readouterr().err


def test_thinking_leaders_use_every_core_unless_told_and_cheap_games_stay_in_one_process(capsys, monkeypatch):
    used = []
    real = command.run_named

    def spy(sc, names, games, seed, difficulty, progress, jobs, scheduler):
        used.append(jobs)
        return real(sc, names, games, seed, difficulty, progress, 1, scheduler)

    monkeypatch.setattr(command, "run_named", spy)
    assert main(["simulate", "--games", "2", "--us", "hawk", "--china", "random", "--difficulty", "easy"]) == 0
    assert main(["simulate", "--games", "2", "--us", "random", "--china", "tit_for_tat"]) == 0
    assert main(["simulate", "--games", "2", "--us", "hawk", "--difficulty", "easy", "--jobs", "1"]) == 0
    assert used == [os.cpu_count() or 1, 1, 1]


def test_text_report_and_leader_list(capsys):
    assert main(["simulate", "--games", "100", "--us", "baseline:hawk", "--china", "baseline:dove"]) == 0
    text = capsys.readouterr().out
    assert "Endings" in text and "Decoupling" in text and "Meters at the end" in text and "100 games in" in text
    assert main(["simulate", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "--us: historical_us" in listing and "--china: historical_china" in listing


def test_progress_redraws_a_bar_on_a_terminal_with_the_time_left():
    out, now = io.StringIO(), [0.0]
    bar = ProgressBar("games", stream=out, width=10, force=True, clock=lambda: now[0])
    now[0] = 10.0
    bar(50, 100)
    bar.close()
    assert "[#####.....] 50/100 games  10.0 s  about 10 s left" in out.getvalue() and out.getvalue().endswith("\n")


def test_progress_writes_a_line_every_few_seconds_when_piped_and_nothing_when_quiet():
    out, now = io.StringIO(), [0.0]
    bar = ProgressBar("games", stream=out, every=5.0, clock=lambda: now[0])
    for done in range(1, 101):
        now[0] = done * 0.5
        bar(done, 100)
    lines = out.getvalue().splitlines()
    assert len(lines) == 10, lines
    assert lines[0] == "10/100 games  5.0 s  about 45 s left" and lines[-1] == "100/100 games  50.0 s"
    quiet = io.StringIO()
    ProgressBar(stream=quiet, quiet=True)(1, 2)
    assert quiet.getvalue() == ""


def test_deal_quality_compares_agreed_deals_with_the_nash_point(june):
    leaders = (make_leader("strategist", june, 0, "easy"), make_leader("strategist", june, 1, "easy"))
    result = run_games(june, leaders, 8, 1)
    assert result.deal.any()
    quality = deal_quality(june, result, limit=3, samples=40, rounds=1)
    assert quality["deals_checked"] == 3
    assert quality["with_zone_of_agreement"] >= 1
    assert 0.0 <= quality["mean_nash_ratio"] <= 1.0


def test_the_nash_point_itself_scores_a_ratio_of_one(june):
    state = run_games(june, (make_leader("historical", june, 0), make_leader("historical", june, 1)), 1, 0).deals
    before = state.before[0][:, None]
    rng = np.random.default_rng(0)
    found = check_deal(june, before, state.targets[0], state.clauses[0], state.deadline[0], rng, samples=40, rounds=1)
    assert found.zone and 0 < found.ratio <= 1
    assert found.best[0] * found.best[1] >= max(found.agreed[0], 0) * max(found.agreed[1], 0) - 1e-9


def test_plot_draws_fans_of_both_sides_meters_with_the_window_chart_code(capsys, monkeypatch, tmp_path):
    drawn = {}

    def fan_series(label, samples, color):
        p10, p50, p90 = np.percentile(samples, [10, 50, 90], axis=0)
        return {"label": label, "low": p10, "mid": p50, "high": p90, "color": color}

    def save_chart_grid(path, title, labels, panels):
        drawn.update(path=path, title=title, labels=labels, panels=panels)
        return path

    charts = types.SimpleNamespace(Panel=lambda title, series: (title, series), fan_series=fan_series)
    charts.save_chart_grid = save_chart_grid
    monkeypatch.setitem(sys.modules, "game.ui", types.ModuleType("game.ui"))
    monkeypatch.setitem(sys.modules, "game.ui.charts", charts)
    target = str(tmp_path / "fans.png")
    report = simulate(capsys, "--games", "60", "--us", "random", "--china", "random", "--plot", target)
    assert report["plot"] == target and drawn["path"] == target
    assert drawn["labels"][0] == "Jun 02" and len(drawn["labels"]) == 12
    panels = dict(drawn["panels"])
    assert {"Tension", "Economy", "Approval / Standing", "Image"} <= set(panels)
    economy = panels["Economy"]
    assert [s["label"] for s in economy] == ["US Economy", "China Economy"]
    assert economy[0]["color"] != economy[1]["color"]
    for series in economy:
        assert np.all(series["low"] <= series["mid"]) and np.all(series["mid"] <= series["high"])
        assert len(series["mid"]) == len(drawn["labels"])


def test_plot_without_the_chart_module_is_a_clear_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "game.ui.charts", None)
    status = main(["simulate", "--games", "5", "--plot", str(tmp_path / "x.png")])
    assert status == 2 and "chart module" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_plot_writes_a_png_headless(capsys, tmp_path):
    target = tmp_path / "fans.png"
    report = simulate(capsys, "--games", "200", "--us", "random", "--china", "tit_for_tat", "--plot", str(target))
    assert report["plot"] == str(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_with_no_leader_named_each_side_is_its_historical_personality_thinking(capsys):
    report = simulate(capsys, "--games", "6", "--seed", "2")
    assert report["leaders"]["us"]["name"] == "historical_us@easy"
    assert report["leaders"]["china"]["name"] == "historical_china@easy"
    spread = report["scores"]["us"]
    assert spread["p90"] > spread["p10"], "thinking leaders with their own dice do not play one game six times"
    named = simulate(capsys, "--games", "2", "--us", "hawk", "--china", "baseline:dove")
    assert named["leaders"]["us"]["label"] == "Hawk (normal)", "a leader you name thinks at normal unless told"
