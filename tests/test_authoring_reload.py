"""Hot reload, UI-free: saving a scenario's file reloads it; a broken save reports errors and keeps the last version."""

from __future__ import annotations

import os

import numpy as np
import pytest

from game.authoring.reload import Failed, Reloaded, ScenarioWatcher
from game.authoring.scaffold import scaffold_text
from game.engine.game import Game
from game.engine.state import carry_over
from game.records.recorder import RecordMismatch, new_recorder, restore
from game.scenario.compiler import load_scenario


def save(path, text: str, tick: int) -> None:
    """Write the file and move its mtime on (file systems with coarse clocks would hide a quick save)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(tick * 10**9, tick * 10**9))


def test_unchanged_file_reports_nothing(tmp_path):
    path = tmp_path / "x.yaml"
    save(path, scaffold_text("x"), 1)
    watcher = ScenarioWatcher(path, load_scenario(path))
    assert watcher.poll() is None
    save(path, scaffold_text("x"), 2)  # saved again with the same bytes
    assert watcher.poll() is None


def test_a_file_changed_before_watching_reloads_on_the_first_poll(tmp_path):
    """The version given is older than the file (saved while nothing watched): the first poll brings it in."""
    path = tmp_path / "x.yaml"
    text = scaffold_text("x")
    save(path, text, 1)
    old = load_scenario(path)
    save(path, text.replace('title: "X"', 'title: "X, revised"'), 2)
    result = ScenarioWatcher(path, old).poll()
    assert isinstance(result, Reloaded) and result.scenario.title == "X, revised"


def test_a_valid_edit_reloads_and_the_game_can_carry_on(tmp_path):
    path = tmp_path / "x.yaml"
    text = scaffold_text("x")
    save(path, text, 1)
    watcher = ScenarioWatcher(path, load_scenario(path))
    game = Game(watcher.current, 1)
    game.play(game.orders_for(0, _noop()), game.orders_for(1, _noop()))
    save(path, text.replace('title: "X"', 'title: "X, revised"').replace("add: {tension: 8}", "add: {tension: 9}"), 2)
    result = watcher.poll()
    assert isinstance(result, Reloaded) and result.same_layout
    assert result.scenario.title == "X, revised" and watcher.current is result.scenario
    state = carry_over(game.scenario, result.scenario, game.state)
    assert state is not None and np.array_equal(state, game.state)


def test_a_structural_edit_reloads_but_needs_a_restart(tmp_path):
    path = tmp_path / "x.yaml"
    text = scaffold_text("x")
    save(path, text, 1)
    old = load_scenario(path)
    watcher = ScenarioWatcher(path, old)
    save(path, text.replace("variables:\n", "variables:\n  morale:\n    label: Morale\n    start: 50\n", 1), 2)
    result = watcher.poll()
    assert isinstance(result, Reloaded) and not result.same_layout
    assert carry_over(old, result.scenario, Game(old, 1).state) is None


def test_a_broken_edit_reports_problems_and_keeps_the_last_valid_version(tmp_path):
    path = tmp_path / "x.yaml"
    text = scaffold_text("x")
    save(path, text, 1)
    good = load_scenario(path)
    watcher = ScenarioWatcher(path, good)
    save(path, text.replace('when: "tension < 90"', 'when: "tension <<< 90"'), 2)
    result = watcher.poll()
    assert isinstance(result, Failed)
    assert any(p.line > 0 and "when" in p.where for p in result.problems)
    assert watcher.current is good
    save(path, text, 3)  # fixed again
    assert isinstance(watcher.poll(), Reloaded)


def test_a_deleted_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "x.yaml"
    save(path, scaffold_text("x"), 1)
    watcher = ScenarioWatcher(path, load_scenario(path))
    path.unlink()
    result = watcher.poll()
    assert isinstance(result, Failed) and "cannot read" in result.problems[0].message


def _noop():
    from game.engine.game import Order

    return Order(())


def test_a_game_played_across_a_reload_is_recorded_as_such_and_replays_only_anyway(tmp_path):
    """The weeks before a reload ran on the old version: the record says so instead of failing on a hash."""
    path = tmp_path / "x.yaml"
    text = scaffold_text("x")
    save(path, text, 1)
    old = load_scenario(path)
    recorder = new_recorder(old, 1, (None, None), hotseat=True)
    recorder.play(_noop(), _noop())
    save(path, text.replace("add: {tension: 8}", "add: {tension: 30}"), 2)
    new = ScenarioWatcher(path, old).poll().scenario
    assert recorder.game.reload(new)
    recorder.play(_noop(), _noop())
    record = recorder.record()
    assert [(r.turn, r.left) for r in record.reloads] == [(2, old.source_hash)]
    assert record.scenario.hash == new.source_hash
    with pytest.raises(RecordMismatch, match="reloaded in week 2"):
        restore(record, "x.json", scenario=new)
    replayed = restore(record, "x.json", scenario=new, anyway=True)
    assert replayed.scenario_changed and replayed.recorder.game.turn == 3
