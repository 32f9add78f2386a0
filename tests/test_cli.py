"""The command line: python -m game and brinkmanship agree, errors are clear, bench reports its figures."""

from __future__ import annotations

import json
import subprocess
import sys

from game.cli import main


def test_python_m_game_runs_the_same_command_line(data_dir):
    done = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(data_dir / "tiny.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "tiny.yaml: ok" in done.stdout


def test_unknown_scenario_is_a_clear_error(capsys):
    status = main(["play", "--text", "no_such_scenario"])
    err = capsys.readouterr().err
    assert status == 2 and "no scenario 'no_such_scenario'" in err and "june_2025" in err


def test_unknown_side_and_opponent_are_clear_errors(capsys):
    assert main(["play", "--text", "--side", "mars"]) == 2
    assert "the sides are us, china" in capsys.readouterr().err
    assert main(["play", "--text", "--opponent", "wizard"]) == 2
    assert "unknown leader 'wizard'" in capsys.readouterr().err


def test_broken_scenario_given_to_play_prints_its_problems(data_dir, capsys):
    status = main(["play", "--text", str(data_dir / "broken" / "dangling_name.yaml")])
    err = capsys.readouterr().err
    assert status == 2 and "dangling_name.yaml:82:27:" in err


def test_bench_json_reports_every_figure(capsys):
    assert main(["bench", "--json", "--batches", "1,50", "--seconds", "0.05"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scenario"] == "june_2025"
    assert [b["batch"] for b in result["batches"]] == [1, 50]
    for figure in result["batches"]:
        assert figure["game_turns"] > 0 and figure["game_turns_per_s"] > 0
        assert figure["engine_game_turns_per_s"] >= figure["game_turns_per_s"]
    assert result["load_compile_ms"] > 0 and result["batch1_turn_ms"] > 0
    assert result["speedup_vs_one_at_a_time"] > 0
    assert result["targets"]["game_turns_per_s_at_100k"] == 3_000_000 and "rss" not in result


def test_bench_rss_measures_peak_memory_per_game_in_a_subprocess(capsys):
    assert main(["bench", "--json", "--batches", "1", "--seconds", "0.01", "--rss", "200"]) == 0
    rss = json.loads(capsys.readouterr().out)["rss"]
    assert rss["batch"] == 200 and rss["peak_rss_mb"] >= rss["before_games_rss_mb"] > 0
    assert rss["peak_rss_bytes_per_game"] > rss["state_bytes_per_game"] > 0


def test_bench_rejects_bad_batch_sizes(capsys):
    assert main(["bench", "--batches", "ten"]) == 2
    assert "whole numbers" in capsys.readouterr().err
