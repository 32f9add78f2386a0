"""``brinkmanship sweep``: --set paths into the scenario, one row per grid point, and effects a user can see."""

from __future__ import annotations

import csv

import pytest

from game.analysis.parallel import source_of
from game.analysis.sweep import Axis, grid, sweep
from game.cli import main
from game.scenario.overrides import OverrideError, compile_with, locate, parse_set

SWEEP = ["sweep", "june_2025", "--us", "random", "--china", "random", "--seed", "3"]


def test_a_set_reads_a_path_and_plain_values():
    assert parse_set("variables.tension.start=40, 62.5 ,80") == ("variables.tension.start", (40, 62.5, 80))
    assert parse_set("endings.decoupling.both_lose=true,false") == ("endings.decoupling.both_lose", (True, False))
    for bad in ("variables.tension.start", "=1,2", "variables..start=1", "variables.tension.start=1,,2"):
        with pytest.raises(OverrideError):
            parse_set(bad)
    with pytest.raises(OverrideError, match="not a plain value"):
        parse_set("variables.tension.start=[1, 2]")


def test_paths_follow_the_yaml_with_dotted_keys_and_list_items_by_id(june):
    data = {"variables": {"us.economy": {"start": 55}}, "moves": [{"id": "call", "add": {"trust": 6}}]}
    holder, key = locate(data, "variables.us.economy.start")
    assert holder[key] == 55
    holder, key = locate(data, "moves.call.add.trust")
    assert holder[key] == 6
    assert locate(data, "moves.0.add.trust") == (data["moves"][0]["add"], "trust")


def test_a_bad_path_is_refused_naming_the_path():
    data = {"variables": {"tension": {"start": 62}}, "moves": [{"id": "call", "add": {}}]}
    with pytest.raises(OverrideError, match=r"--set variables\.tenson\.start: variables has no 'tenson'"):
        locate(data, "variables.tenson.start")
    with pytest.raises(OverrideError, match=r"moves has no item 'cal' \(ids: call\)"):
        locate(data, "moves.cal.add.trust")
    with pytest.raises(OverrideError, match="names a section, not a value"):
        locate(data, "variables.tension")
    with pytest.raises(OverrideError, match="is a value, not a section"):
        locate(data, "variables.tension.start.low")


def test_an_override_changes_the_compiled_scenario_through_the_normal_loader(june):
    source = source_of(june)
    changed = compile_with(source.text, source.name, (("variables.tension.start", 80),))
    assert changed.start_values[changed.row("tension")] == 80
    assert june.start_values[june.row("tension")] == 62
    assert changed.source_hash != june.source_hash
    with pytest.raises(OverrideError, match=r"variables\.tension\.start=high the scenario does not load"):
        compile_with(source.text, source.name, (("variables.tension.start", "high"),))


def test_the_grid_is_every_combination():
    axes = [Axis("a", (1, 2)), Axis("b", ("x", "y", "z"))]
    points = grid(axes)
    assert len(points) == 6
    assert points[0] == (("a", 1), ("b", "x")) and points[-1] == (("a", 2), ("b", "z"))


def test_the_table_has_one_row_per_point_and_costlier_accusations_ruin_more_games(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main([*SWEEP, "--set", "moves.accuse.add.tension=0,30", "--games", "80", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2
    expected = {"moves.accuse.add.tension", "games", "ending_decoupling", "us_win", "us_loss", "china_win", "draw"}
    expected |= {"both_lose", "us_score_mean", "us_score_p10", "china_score_p90", "tension_p50", "us.economy_p90"}
    assert expected <= set(rows[0])
    assert [r["moves.accuse.add.tension"] for r in rows] == ["0", "30"]
    assert all(r["games"] == "80" for r in rows)
    calm, angry = rows
    # The same seeded games, only accusations raise tension more: more games end with both sides losing,
    # tension ends higher, and the US (who wins most of these games) scores less.
    assert float(angry["both_lose"]) > float(calm["both_lose"])
    assert float(angry["tension_p50"]) > float(calm["tension_p50"])
    assert float(angry["us_score_mean"]) < float(calm["us_score_mean"])
    printed = capsys.readouterr().out
    assert "2 grid points, 80 games each" in printed and f"Table written to {out}" in printed


def test_a_bad_path_stops_the_command_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main([*SWEEP, "--set", "variables.tenshun.start=50", "--games", "4", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--set variables.tenshun.start: variables has no 'tenshun'" in err and "tension" in err
    assert not out.exists()
    assert main([*SWEEP, "--set", "variables.tension.start=1", "--set", "variables.tension.start=2"]) == 2
    assert "given twice" in capsys.readouterr().err
    assert main(["sweep", "--games", "4"]) == 2
    assert "--set" in capsys.readouterr().err


def test_parquet_and_small_multiples_are_written(tmp_path, capsys):
    pyarrow = pytest.importorskip("pyarrow.parquet")
    out, plot = tmp_path / "grid.csv", tmp_path / "grid.png"
    args = ["--set", "variables.tension.start=40,80", "--set", "variables.trust.start=10,40", "--games", "6"]
    assert main([*SWEEP, *args, "--out", str(out), "--plot", str(plot)]) == 0
    table = pyarrow.read_table(tmp_path / "grid.parquet")
    assert table.num_rows == 4 and "us_score_p50" in table.column_names
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main([*SWEEP, *args, "--out", str(out), "--plot", str(tmp_path / "grid.jpg")]) == 2


def test_a_sweep_in_local_processes_equals_the_one_here(june):
    axes = [Axis("variables.tension.start", (40, 80))]
    alone = sweep(source_of(june), axes, ("random", "baseline:hawk"), 12, 2, chunk=4)
    assert sweep(source_of(june), axes, ("random", "baseline:hawk"), 12, 2, jobs=2, chunk=4) == alone
