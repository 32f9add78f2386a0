"""History: the real moves replay to the golden transcript; taking over keeps the weeks before; the comparison."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.cli import main
from game.engine.game import Game
from game.records.history import (
    HISTORY_SEED,
    REGENERATE,
    compare_with_history,
    history_orders,
    history_record,
    history_recorder,
    history_transcript,
    overlay_table,
)
from game.records.recorder import restore
from game.records.replay import Replay, take_over
from game.records.textview import watch
from game.scenario.compiler import load_scenario

from .conftest import SCENARIO_FILES
from .records_support import scripted_ask

GOLDEN_DIR = Path(__file__).parent / "golden" / "history"
WITH_HISTORY = [p for p in SCENARIO_FILES if load_scenario(p).history]


@pytest.mark.parametrize("path", WITH_HISTORY, ids=lambda p: p.stem)
def test_the_real_moves_reproduce_the_golden_transcript(path):
    golden = GOLDEN_DIR / f"{path.stem}.txt"
    assert golden.exists(), f"no golden history transcript for {path.stem}; make it with: {REGENERATE}"
    assert history_transcript(load_scenario(path)) == golden.read_text(encoding="utf-8"), (
        f"the history of {path.stem} no longer replays as recorded; if the change is intended, regenerate: {REGENERATE}"
    )


def test_the_golden_command_prints_the_transcript(june, capsys):
    assert main(["history", "june_2025", "--transcript"]) == 0
    assert capsys.readouterr().out == history_transcript(june)


def test_history_plays_every_real_week_with_its_moves(june):
    game = history_recorder(june).game
    assert len(game.reports) == max(step.turn for step in june.history)
    for step in june.history:
        report = game.reports[step.turn - 1]
        for side in (0, 1):
            assert [m.index for m in report.moves[side]] == list(step.moves[side])
    signed = [r.turn for r in game.reports if r.signed_by]
    assert signed == [4, 11], "the London framework (Jun 27) and the truce extension (Aug 11) are signed"


def test_the_real_figures_are_reached_by_the_real_moves(june):
    game = history_recorder(june).game
    for step in june.history:
        for row, value in step.observed:
            assert game.snapshots[step.turn][row, 0] == pytest.approx(value), (june.variables[row].name, step.turn)


def test_taking_over_at_week_3_keeps_the_first_three_weeks_of_history(june):
    record = history_record(june)
    recorder = take_over(record, 3, ["china"])
    game = recorder.game
    assert [r.state_hash for r in game.reports] == [t.hash for t in record.turns[:3]]
    assert game.turn == 4 and not game.is_over
    seats = recorder.settings.seats
    assert seats[1].player == "person" and seats[0].player == "computer"
    assert recorder.settings.origin.kind == "history" and recorder.settings.origin.turn == 3
    leaders = recorder.leaders()
    assert leaders[1] is None and leaders[0] is not None
    # playing on differently leaves history in week 4, and the record of the new game restores
    real = history_orders(june, next(s for s in june.history if s.turn == 4))
    recorder.play(real[0], type(real[1])(("accuse",)))
    comparison = compare_with_history(game)
    assert comparison.left_at == 4
    assert any("really" in line for line in comparison.left_how)
    assert restore(recorder.record()).game.hash() == game.hash()


def test_following_history_all_the_way_never_leaves_it(june):
    recorder = take_over(history_record(june), 0, ["us", "china"])
    for step in sorted(june.history, key=lambda s: s.turn):
        recorder.play(*history_orders(june, step))
    comparison = compare_with_history(recorder.game)
    assert comparison.left_at is None
    assert comparison.summary()[0].startswith("The game followed history")
    assert all(v.apart_from is None for v in comparison.variables)


def test_the_comparison_overlays_history_and_the_real_figures(june):
    game = Game(june, HISTORY_SEED)
    while not game.is_over:
        game.play(*history_orders(june, None))
    comparison = compare_with_history(game)
    assert comparison.left_at == 1
    licensing = next(v for v in comparison.variables if v.name == "china.rare_earth_licensing")
    assert licensing.observed[11] == 100 and licensing.history[11] == 100
    assert licensing.played[-1] != 100 and licensing.apart_from is not None
    assert any("Really, at week" in line for line in comparison.summary())
    table = overlay_table(comparison)
    at = next(i for i, line in enumerate(table) if line.startswith("China Rare-earth"))
    played, history, really = table[at : at + 3]
    assert "this game" in played and not played.endswith("100")
    assert "history" in history and history.endswith("100") and "really" in really and really.endswith("100")
    assert sum("this game" in line for line in table) >= len(june.key_variables)


def test_taking_over_the_end_of_a_finished_game_is_refused(june):
    record = history_record(june)
    with pytest.raises(ValueError, match="over"):
        take_over(record, len(record.turns), ["us"])
    with pytest.raises(ValueError, match="outside"):
        take_over(record, 99, ["us"])
    with pytest.raises(ValueError, match="no side 'mars'"):
        take_over(record, 2, ["mars"])


def test_history_in_the_terminal_step_back_jump_and_take_over(june, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    out = io.StringIO()
    lines = ["", "", "b", "3", "t moon", "t china", "q"]
    replay = Replay.of(history_record(june))
    watch(replay, True, "hawk", scripted_ask(lines), out)
    text = out.getvalue()
    assert "The real history of" in text and "What really happened" in text
    assert "London talks at Lancaster House" in text
    assert "Take over which side?" in text
    assert "You take over china after week 3." in text
    assert "Game abandoned" in text and "--continue" in text
