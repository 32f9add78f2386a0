"""Record files: atomic autosave with backup, surviving a kill, and bad files that never crash or destroy."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.records import files
from game.records.files import AUTOSAVE, BACKUP, list_saves, load_autosave, read_record, save_named, write_autosave
from game.records.format import VERSION, RecordError, dump_record
from game.records.recorder import RecordMismatch, new_recorder, restore
from game.records.replay import open_game
from game.records.textplay import open_for_play, play_recorded
from game.scenario.compiler import load_scenario_text

from .records_support import private_saves, random_game, scripted_ask


@pytest.fixture
def saves(tmp_path, monkeypatch):
    return private_saves(tmp_path, monkeypatch)


class Killed(BaseException):
    """Stands for the process dying at this point."""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes in a folder."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- autosave and backup ------------------------------------------------------------
def test_autosave_keeps_the_previous_one_as_backup(june, saves):
    write_autosave(random_game(june, 1, 1, weeks=2).record(), saves)
    first = (saves / AUTOSAVE).read_bytes()
    bigger = random_game(june, 1, 1, weeks=3)
    write_autosave(bigger.record(), saves)
    assert (saves / BACKUP).read_bytes() == first
    assert len(load_autosave(saves).record.turns) == 3
    assert not [p for p in saves.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("dies_at", ["write", "fsync", "first rename", "second rename"])
def test_a_kill_during_autosave_leaves_a_game_that_loads(june, saves, monkeypatch, dies_at):
    old = random_game(june, 2, 2, weeks=2)
    write_autosave(random_game(june, 2, 2, weeks=1).record(), saves)
    write_autosave(old.record(), saves)
    new = random_game(june, 2, 2, weeks=3)
    renames = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src, dst):
        renames.append(dst)
        if (dies_at == "first rename" and len(renames) == 1) or (dies_at == "second rename" and len(renames) == 2):
            raise Killed
        real_replace(src, dst)

    def fsync(fd):
        if dies_at == "fsync":
            raise Killed
        real_fsync(fd)

    def dump(record):
        if dies_at == "write":
            raise Killed
        return dump_record(record)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(files, "dump_record", dump)
    with pytest.raises(Killed):
        write_autosave(new.record(), saves)
    monkeypatch.undo()
    loaded = load_autosave(saves)
    game = restore(loaded.record, str(loaded.path)).game
    weeks = len(game.reports)
    assert weeks in (1, 2), "the last complete autosave or its backup loads"
    assert game.hash() == (old.game.hash() if weeks == 2 else random_game(june, 2, 2, weeks=1).game.hash())


def test_a_truncated_autosave_falls_back_to_the_backup(june, saves):
    write_autosave(random_game(june, 4, 4, weeks=1).record(), saves)
    write_autosave(random_game(june, 4, 4, weeks=2).record(), saves)
    text = (saves / AUTOSAVE).read_bytes()
    (saves / AUTOSAVE).write_bytes(text[: len(text) // 2])
    loaded = load_autosave(saves)
    assert loaded.path.name == BACKUP and len(loaded.record.turns) == 1
    assert "autosave.json" in loaded.note and "backup" in loaded.note
    # a damaged autosave never replaces the good backup on the next save
    write_autosave(random_game(june, 4, 4, weeks=3).record(), saves)
    assert len(read_record(saves / BACKUP).turns) == 1


def test_a_killed_process_leaves_an_autosave_that_loads(saves, tmp_path):
    """A real process, autosaving as fast as it can, killed with SIGKILL at an arbitrary moment."""
    script = (
        "from game.scenarios import find_scenario\n"
        "from game.records.files import write_autosave\n"
        "from records_support import random_game\n"
        "sc = find_scenario('june_2025')\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    write_autosave(random_game(sc, n, n, weeks=1 + n % 5).record())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not (saves / BACKUP).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    loaded = load_autosave(saves)
    restored = restore(loaded.record, str(loaded.path))
    assert restored.game.hash() == loaded.record.turns[-1].hash


# -- continuing a game in the terminal ------------------------------------------------
def test_a_quit_game_continues_exactly_where_it_stopped(june, saves):
    orders = ["", "13", "", "14 2", "", "", "1", "", "", "", "", "", "", ""] + [""] * 20
    whole = new_recorder(june, 77, (None, "tit_for_tat"))
    play_recorded(whole, scripted_ask(orders), io.StringIO(), saves / "elsewhere", autosave=False)
    first = new_recorder(june, 77, (None, "tit_for_tat"))
    out = io.StringIO()
    play_recorded(first, scripted_ask(orders[:3]), out, saves)
    assert "--continue" in out.getvalue()
    restored = open_for_play(None, folder=saves)
    assert len(restored.game.reports) == 3
    play_recorded(restored.recorder, scripted_ask(orders[3:]), io.StringIO(), saves)
    assert restored.game.is_over
    assert [r.state_hash for r in restored.game.reports] == [r.state_hash for r in whole.game.reports]


def test_save_at_the_prompt_writes_a_named_copy_without_overwriting(june, saves):
    out = io.StringIO()
    lines = ["", "save lesson", "save lesson", ""]
    play_recorded(new_recorder(june, 5, (None, "hawk")), scripted_ask(lines), out, saves)
    assert (saves / "lesson.json").exists() and (saves / "lesson-2.json").exists()
    assert len(read_record(saves / "lesson.json").turns) == 1
    assert "Saved to" in out.getvalue()


# -- bad files ------------------------------------------------------------------------
def good_text(june) -> str:
    return dump_record(random_game(june, 8, 8, weeks=4).record())


def bad_files(june) -> dict[str, tuple[bytes, str]]:
    """name -> (contents, words the message must contain)."""
    text = good_text(june)
    raw = json.loads(text)
    shape = dict(raw, turns="many", seed="x")
    newer = dict(raw, version=VERSION + 1)
    foreign = {"name": "left-pad", "version": "1.3.0"}
    changed = dict(raw, scenario=dict(raw["scenario"], hash="0" * 64))
    illegal = json.loads(text)
    illegal["turns"][1]["orders"][0] = {"moves": ["tariff_up", "chip_controls_up", "call"], "offer": None}
    tampered = json.loads(text)
    tampered["turns"][2]["hash"] = "f" * 16
    return {
        "truncated": (text[: len(text) // 2].encode(), "not valid JSON"),
        "random": (bytes(range(256)) * 4, "not text"),
        "empty": (b"", "empty"),
        "shape": (json.dumps(shape).encode(), "not the shape of a game record"),
        "newer": (json.dumps(newer).encode(), "newer version"),
        "foreign": (json.dumps(foreign).encode(), "not a Brinkmanship game record"),
        "changed": (json.dumps(changed).encode(), "another version of the scenario"),
        "illegal": (json.dumps(illegal).encode(), "not legal now"),
        "tampered": (json.dumps(tampered).encode(), "from week 3 (the file was altered"),
    }


@pytest.mark.parametrize(
    "case", ["truncated", "random", "empty", "shape", "newer", "foreign", "changed", "illegal", "tampered"]
)
def test_each_bad_file_gives_its_message_and_touches_nothing(june, saves, case, capsys):
    contents, words = bad_files(june)[case]
    (saves / "good.json").write_text(good_text(june))
    save_named(random_game(june, 9, 9, weeks=2).record(), "other", saves)
    write_autosave(random_game(june, 10, 10, weeks=2).record(), saves)
    bad = saves / f"{case}.json"
    bad.write_bytes(contents)
    before = snapshot(saves)
    with pytest.raises(RecordError) as err:
        restore(read_record(bad), str(bad))
    assert str(bad) in str(err.value) and words in str(err.value)
    for argv in (["saves", "load", str(bad)], ["replay", str(bad), "--all"], ["report", str(bad)]):
        assert main(argv) == 2
        message = capsys.readouterr().err
        assert str(bad) in message and words in message and "Traceback" not in message
    listed = {info.name: info for info in list_saves(saves)}
    if case == "changed":
        assert listed[case].ok and "changed since" in listed[case].warning
    elif case in ("illegal", "tampered"):
        assert listed[case].ok, "found only when replayed: the list does not replay every save"
    else:
        assert not listed[case].ok and words in listed[case].problem
    assert listed["good"].ok and listed["other"].ok and listed["autosave"].ok
    assert snapshot(saves) == before, "no file was changed, removed or added"


def test_a_changed_scenario_can_be_replayed_anyway_and_says_where_it_diverges(june, saves):
    record = random_game(june, 12, 12, weeks=5).record()
    text = Path(june.path).read_text(encoding="utf-8")
    changed = load_scenario_text(text.replace("budget: 2 ", "budget: 1 ", 1), "changed.yaml")
    with pytest.raises(RecordMismatch, match="another version of the scenario"):
        restore(record, "x.json", scenario=changed)
    restored = restore(record, "x.json", scenario=changed, anyway=True)
    divergence = restored.divergence
    assert restored.scenario_changed and divergence is not None
    two_moves = [t.turn for t in record.turns if any(len(o.moves) == 2 for o in t.orders)]
    assert divergence.stopped_at == two_moves[0], "the first week with two moves breaks the one-point budget"
    assert len(restored.game.reports) == two_moves[0] - 1
    assert "budget" in divergence.describe() and f"week {two_moves[0]}" in divergence.describe()


def test_the_same_scenario_under_another_hash_replays_identically(june):
    record = random_game(june, 13, 13, weeks=3).record()
    moved = record.model_copy(update={"scenario": record.scenario.model_copy(update={"hash": "1" * 64})})
    restored = restore(moved, "x.json", anyway=True)
    assert restored.scenario_changed and restored.divergence is None
    assert restored.game.hash() == record.turns[-1].hash


def test_a_save_from_the_previous_format_still_loads_and_is_saved_again_in_the_new_one(data_dir):
    """Format 1 hashed the state rounded to 6 decimals.  The file is a save of today's june_2025 with format 1's
    rounded hashes (the scenario changed after the format did): remade by ``python -m tests.records_support``."""
    old = read_record(data_dir / "records" / "format1_june_2025.json")
    assert old.version == 1
    restored = restore(old, "old.json")
    assert restored.divergence is None and len(restored.game.reports) == len(old.turns) == 10
    again = restored.recorder.record()
    assert again.version == VERSION and again.start_hash != old.start_hash
    assert [t.hash for t in again.turns] == [r.state_hash for r in restored.game.reports]
    assert restore(again, "again.json").divergence is None


def test_a_previous_format_save_that_does_not_replay_says_it_was_made_by_an_older_version(data_dir):
    old = read_record(data_dir / "records" / "format1_june_2025.json")
    turns = list(old.turns)
    turns[4] = turns[4].model_copy(update={"hash": "0" * 16})
    with pytest.raises(RecordMismatch, match=r"from week 5 \(it was saved by an older version of Brinkmanship"):
        restore(old.model_copy(update={"turns": tuple(turns)}), "old.json")


def test_a_missing_file_a_folder_and_an_unknown_scenario(june, saves):
    with pytest.raises(RecordError, match="no such file"):
        read_record(saves / "nope.json")
    with pytest.raises(RecordError, match="is a folder"):
        read_record(saves)
    raw = json.loads(good_text(june))
    raw["scenario"]["id"] = "atlantis_2031"
    (saves / "lost.json").write_text(json.dumps(raw))
    with pytest.raises(RecordError, match=r"atlantis_2031.*not installed"):
        restore(read_record(saves / "lost.json"), "lost.json")


def test_continue_for_the_window_reports_the_backup_and_refuses_a_finished_game(june, saves):
    write_autosave(random_game(june, 14, 14, weeks=2).record(), saves)
    write_autosave(random_game(june, 14, 14, weeks=3).record(), saves)
    opened = open_game(folder=saves)
    assert len(opened.recorder.game.reports) == 3 and opened.notes == []
    (saves / AUTOSAVE).write_bytes(b"\x00" * 40)
    opened = open_game(folder=saves)
    assert len(opened.recorder.game.reports) == 2
    assert any("backup" in note for note in opened.notes)
    finished = save_named(random_game(june, 15, 15).record(), "finished", saves)
    with pytest.raises(RecordError, match="that game is over"):
        open_game(finished)
    info = {i.name: i for i in list_saves(saves)}["finished"]
    assert info.over and info.turn == len(read_record(finished).turns) and info.scenario == june.title
