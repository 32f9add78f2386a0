"""``play --text`` with computer personalities: --opponent, --difficulty, and watching two computers."""

from __future__ import annotations

import argparse
import io

import pytest

from game.cli import main
from game.records.files import load_autosave


@pytest.fixture(autouse=True)
def private_data(tmp_path, monkeypatch):
    """Keep autosaves out of the real user folder; input ends at once (not a terminal: no pauses)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_watching_two_personalities_shows_their_reasons_week_by_week(capsys):
    """Watching is the public's view: their reasons in words, without their private numbers."""
    status = main(
        ["play", "--text", "--watch", "--us", "hawk", "--china", "dove", "--difficulty", "easy", "--seed", "3"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "United States (Donald Trump): Hawk (easy)" in out and "Dove (easy)" in out
    assert out.count(": what happened ─") >= 2 and "THE END" in out
    assert "↳" in out and ("Keeps up the pressure" in out or "Eases off" in out)
    assert "expected own score" not in out, "a spectator reads no private numbers"
    record = load_autosave().record
    assert [s.leader for s in record.settings.seats] == ["hawk@easy", "dove@easy"]


def test_the_opponent_defaults_to_the_other_sides_own_personality(capsys):
    assert main(["play", "--text", "--side", "china", "--difficulty", "easy", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "United States (Donald Trump): Trump (historical) (easy)" in out
    assert "People's Republic of China (Xi Jinping): you" in out


def test_a_baseline_that_shares_a_personalitys_name_stays_a_baseline_in_the_record(capsys):
    assert main(["play", "--text", "--opponent", "baseline:hawk", "--seed", "2"]) == 0
    assert "Fixed script: always escalate" in capsys.readouterr().out
    assert [s.leader for s in load_autosave().record.settings.seats] == [None, "baseline:hawk"]


def test_bad_leader_options_are_clear_errors(capsys):
    assert main(["play", "--text", "--opponent", "historical_china", "--side", "china"]) == 2
    assert "only for china" in capsys.readouterr().err
    assert main(["play", "--text", "--us", "hawk"]) == 2
    assert "you play us" in capsys.readouterr().err
    assert main(["play", "--text", "--watch", "--mars", "hawk"]) == 2
    assert "sides are us, china" in capsys.readouterr().err


def test_the_window_takes_the_same_leader_options(app):
    from game.ui.screens.setup import direct_start

    args = argparse.Namespace(
        scenario=None,
        side=None,
        seed=5,
        hotseat=False,
        watch=True,
        opponent=None,
        difficulty="hard",
        side_leaders={"china": "dove"},
    )
    seats = direct_start(app, args).plan.seats
    assert [(s.human, s.leader, s.difficulty) for s in seats] == [
        (False, "historical_us", "hard"),
        (False, "dove", "hard"),
    ]
    args.watch, args.side, args.side_leaders, args.opponent = False, "china", {}, "reciprocator"
    seats = direct_start(app, args).plan.seats
    assert seats[1].human and (seats[0].leader, seats[0].difficulty) == ("reciprocator", "hard")
