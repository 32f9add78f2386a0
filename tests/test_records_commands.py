"""The record commands as a user types them: saves, replay, play --continue/--load."""

from __future__ import annotations

import pytest

from game.cli import main
from game.records.files import save_named, write_autosave
from game.records.history import history_record

from .records_support import private_saves, random_game


@pytest.fixture
def saves(tmp_path, monkeypatch):
    return private_saves(tmp_path, monkeypatch)


def test_saves_lists_games_and_says_what_is_wrong_with_a_bad_one(june, saves, capsys):
    assert main(["saves"]) == 0
    assert "No saved games yet" in capsys.readouterr().out
    save_named(random_game(june, 1, 1, weeks=3).record(), "monday", saves)
    (saves / "broken.json").write_text('{"format": "brinkmanship-record", "version": 1')
    assert main(["saves", "list"]) == 0
    out = capsys.readouterr().out
    assert "monday" in out and june.title in out
    assert "computer: us (Fixed script: random moves), china (Fixed script: random moves)" in out
    assert "broken" in out and "cannot be loaded" in out
    assert main(["saves", "show", "monday"]) == 0
    assert "ok: it replays to the recorded state" in capsys.readouterr().out
    assert main(["saves", "show"]) == 2


def test_replay_in_the_terminal(june, saves, capsys):
    save_named(history_record(june), "real", saves)
    assert main(["replay", "real", "--all"]) == 0
    out = capsys.readouterr().out
    assert "The real history of" in out and "Week 11 (11 Aug)" in out and "The end:" in out


def test_continue_without_an_autosave_and_loading_a_finished_game(june, saves, capsys):
    assert main(["play", "--text", "--continue"]) == 2
    assert "no autosave yet" in capsys.readouterr().err
    finished = save_named(random_game(june, 2, 2).record(), "done", saves)
    assert main(["play", "--text", "--load", str(finished)]) == 2
    assert "that game is over" in capsys.readouterr().err


def test_continue_picks_up_the_autosave(june, saves, capsys, monkeypatch):
    write_autosave(random_game(june, 3, 3, weeks=4).record(), saves)
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    assert main(["play", "--text", "--continue"]) == 0
    out = capsys.readouterr().out
    assert "Continuing at week 5 (4 weeks played)" in out
