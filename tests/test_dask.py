"""Work sent to a Dask cluster (``--scheduler``): the same results as one process, whatever the workers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.analysis import parallel
from game.analysis.exploit import SearchRun, best_responses, exploit_report
from game.analysis.parallel import ParallelError, source_of
from game.analysis.runner import named_leaders, run_games, run_named
from game.analysis.sweep import Axis, sweep
from game.analysis.tournament import entrant_from_name, run_tournament
from game.authoring.playtest import playtest
from game.cli import main
from game.records.calibrate import calibrate

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, on this machine."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    ) as local:
        yield local.scheduler_address


def test_a_run_on_the_cluster_equals_the_run_in_one_process(june, cluster):
    names = ("random", "baseline:hawk")
    alone = run_games(june, named_leaders(june, names, "easy"), 50, 4, chunk=16)
    shared = run_named(june, names, 50, 4, "easy", scheduler=cluster, chunk=16)
    for field in ("scores", "endings", "final", "path", "deal", "weeks"):
        assert np.array_equal(getattr(alone, field), getattr(shared, field)), field
    assert alone.deals.game == shared.deals.game
    assert all(np.array_equal(a, b) for a, b in zip(alone.move_counts, shared.move_counts))


def test_a_tournament_on_the_cluster_equals_the_one_in_one_process(june, cluster):
    players = [entrant_from_name(june, name, "easy") for name in ("random", "baseline:hawk", "baseline:dove")]
    alone = run_tournament(june, players, 20, 3, "easy")
    shared = run_tournament(june, players, 20, 3, "easy", scheduler=cluster)
    alone.pop("seconds"), shared.pop("seconds")
    assert shared == alone


def test_an_exploit_report_on_the_cluster_equals_the_one_in_one_process(june, cluster):
    args = dict(games=12, computer="baseline:hawk", seed=2, probes=["do_nothing", "escalate_all"])
    alone = exploit_report(june, **args)
    assert exploit_report(june, **args, scheduler=cluster) == alone


def test_best_response_searches_on_the_cluster_equal_the_ones_in_one_process(june, cluster):
    runs = [SearchRun(seat, "tit_for_tat", "easy", 2, 5, population=4, games=2, check_games=8) for seat in (0, 1)]
    seen = []
    alone = best_responses(june, runs, progress=lambda done, total: seen.append((done, total)))
    assert best_responses(june, runs, scheduler=cluster) == alone
    assert [r["seat"] for r in alone] == list(june.sides) and seen[-1] == (2 * (2 * 4 * 2 + 8),) * 2


def test_the_thinking_lint_on_the_cluster_equals_the_one_in_one_process(june, cluster):
    args = dict(games=2, seed=1, only=[("strategist", "strategist"), ("dove", "hawk")], probes=["squeeze"])
    alone = playtest(june, **args)
    shared = playtest(june, **args, scheduler=cluster)
    assert shared.as_dict(june) | {"seconds": 0} == alone.as_dict(june) | {"seconds": 0}


def test_a_sweep_on_the_cluster_equals_the_one_in_one_process(june, cluster):
    axes = [Axis("variables.tension.start", (40, 80)), Axis("moves.accuse.add.trust", (-6, -12))]
    source = source_of(june)
    alone = sweep(source, axes, ("random", "random"), 20, 1, chunk=8)
    assert sweep(source, axes, ("random", "random"), 20, 1, scheduler=cluster, chunk=8) == alone
    assert len(alone) == 4


def test_calibration_on_the_cluster_equals_the_one_in_one_process(june, cluster):
    alone = calibrate(june, games=24, seed=5, leader="random")
    shared = calibrate(june, games=24, seed=5, leader="random", scheduler=cluster)
    assert shared.bands == alone.bands


def test_simulate_with_a_scheduler_prints_the_same_report(capsys, cluster):
    args = ["simulate", "--games", "30", "--us", "random", "--china", "baseline:dove", "--seed", "7", "--json"]
    assert main(args) == 0
    alone = json.loads(capsys.readouterr().out)
    assert main([*args, "--scheduler", cluster]) == 0
    shared = json.loads(capsys.readouterr().out)
    alone.pop("seconds"), shared.pop("seconds")
    assert shared == alone


def test_a_scheduler_that_is_not_there_is_a_clear_error(june, capsys, monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1)
    with pytest.raises(ParallelError, match="cannot reach the Dask scheduler at tcp:"):
        list(parallel.spread([(source_of(june), None)], scheduler="tcp://127.0.0.1:9"))
    assert (
        main(["tournament", "--players", "random,baseline:hawk", "--games", "4", "--scheduler", "tcp://127.0.0.1:9"])
        == 2
    )
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_a_scheduler_with_no_workers_is_a_clear_error(june, monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1)
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0", host="127.0.0.1") as empty:
        address = empty.scheduler_address
        with pytest.raises(ParallelError, match=f"has no workers; start some with: dask worker {address}"):
            list(parallel.spread([(source_of(june), None)], scheduler=address))
