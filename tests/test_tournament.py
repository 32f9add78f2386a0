"""``brinkmanship tournament``: every pairing from both seats, win rates with intervals, ranks, reproducibility."""

from __future__ import annotations

import json
import os

import pytest

from game.analysis.tournament import default_entrants, entrant_from_name, mean_ci, wilson
from game.cli import main


def tournament(capsys, *args) -> dict:
    assert main(["tournament", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


PLAYERS = "random,tit_for_tat,historical,baseline:hawk"


def test_round_robin_reports_ranks_win_rates_and_scores(capsys):
    report = tournament(capsys, "--players", PLAYERS, "--games", "40", "--seed", "3")
    rows = report["players"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert {r["id"] for r in rows} == set(PLAYERS.split(","))
    rates = [r["win_rate"] for r in rows]
    assert rates == sorted(rates, reverse=True)
    for r in rows:
        assert r["games"] == 3 * 40
        assert r["win_ci"][0] <= r["win_rate"] <= r["win_ci"][1]
        assert r["score_ci"][0] <= r["mean_score"] <= r["score_ci"][1]
    head = report["head_to_head"]
    for a in head:
        for b, cell in head[a].items():
            assert cell["games_by_seat"] == [20, 20]
            assert cell["win_rate"] + head[b][a]["win_rate"] <= 1.0 + 1e-9


def test_same_seed_same_table_and_the_seed_matters(capsys):
    args = ["--players", "random,tit_for_tat,historical", "--games", "30"]
    first = tournament(capsys, *args, "--seed", "1")
    again = tournament(capsys, *args, "--seed", "1")
    other = tournament(capsys, *args, "--seed", "2")
    for report in (first, again, other):
        report.pop("seconds")
    assert first == again
    assert first != other


def test_playing_pairings_in_several_processes_changes_nothing_but_the_time(capsys):
    args = ["--players", "strategist,tit_for_tat,baseline:hawk", "--games", "6", "--difficulty", "easy", "--nash", "2"]
    alone = tournament(capsys, *args, "--jobs", "1")
    shared = tournament(capsys, *args, "--jobs", "2")
    for report in (alone, shared):
        report.pop("seconds")
    assert alone == shared
    assert main(["tournament", *args, "--jobs", "0"]) == 2
    assert f"argument --jobs: expected a whole number from 1 to {os.cpu_count() or 1}" in capsys.readouterr().err


def test_look_ahead_players_and_side_pairs_take_part(capsys):
    report = tournament(
        capsys,
        "--players",
        "strategist,historical_us/historical_china,random",
        "--games",
        "4",
        "--difficulty",
        "easy",
        "--nash",
        "2",
    )
    quality = report["deal_quality"]
    assert quality["deals_checked"] <= 2 * 2 and quality["deals_checked"] <= quality["deals_signed"]
    ids = [r["id"] for r in report["players"]]
    assert "historical_us/historical_china" in ids and "strategist" in ids
    pair = report["head_to_head"]["historical_us/historical_china"]["random"]
    assert pair["games_by_seat"] == [2, 2]


def test_default_field_has_every_personality_and_baseline(june):
    ids = [e.id for e in default_entrants(june, "easy")]
    assert {"hawk@easy", "dove@easy", "reciprocator@easy", "patient_bargainer@easy", "strategist@easy"} <= set(ids)
    assert "historical_us/historical_china@easy" in ids
    assert {"random", "tit_for_tat", "historical", "baseline:hawk", "baseline:dove"} <= set(ids)
    one_seat = entrant_from_name(june, "historical_us", "easy")
    assert one_seat.seats == ("historical_us", None)


def test_text_table_and_bad_players(capsys):
    assert main(["tournament", "--players", "random,tit_for_tat", "--games", "10"]) == 0
    text = capsys.readouterr().out
    assert "rank" in text and "Head to head" in text and "random" in text
    assert main(["tournament", "--players", "random,wizard"]) == 2
    assert "unknown leader 'wizard'" in capsys.readouterr().err
    assert main(["tournament", "--players", "random"]) == 2


def test_confidence_intervals():
    low, high = wilson(60, 100)
    assert low < 0.6 < high and high - low == pytest.approx(0.19, abs=0.01)
    assert wilson(0, 10)[0] == pytest.approx(0.0) and wilson(10, 10)[1] == pytest.approx(1.0)
    mean, lo, hi = mean_ci([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5 and lo < 2.5 < hi
