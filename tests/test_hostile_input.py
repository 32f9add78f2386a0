"""Hostile and broken input: every file, formula, template and option gives a clear message, fast, and loses nothing.

One small file per class lives in ``tests/data/hostile``; hypothesis throws random
formulas, templates, scenario texts and saves at the loaders.  Each test checks
what a person sees: the message, its place (file:line:column), and that no file
was changed.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.files import STALE_SECONDS, read_regular
from game.records import files
from game.records.files import list_saves, read_record, write_autosave
from game.records.format import RecordError, parse_record
from game.records.recorder import restore
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.expr import FormulaError, VarRef, compile_formula
from game.scenario.problems import ScenarioError
from game.scenario.texts import MAX_PRECISION, MAX_WIDTH, TemplateError, compile_template
from game.textsafe import printable
from game.ui.app import no_display_reason
from game.ui.settings import Settings, load_settings

from .records_support import private_saves, random_game

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.fixture
def saves(tmp_path, monkeypatch):
    return private_saves(tmp_path, monkeypatch)


def refused(path: Path) -> list:
    """The problems loading a scenario file reports (failing the test if it loads), timed."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [p for p in caught.value.problems if p.severity == "error"]


# -- scenario files ---------------------------------------------------------------------
# file stem -> (line, column, words the message must contain)
SCENARIOS = {
    "formula_big_integer": (82, 19, "the whole number 123456...890 (30 digits) is too large"),
    "formula_overflow": (83, 27, "this overflows"),
    "template_huge_width": (
        68,
        42,
        f"the width in the number format '999999999.0f' is too large (at most {MAX_WIDTH})",
    ),
    "display_format_huge": (16, 46, "the precision in the number format '.999999999f' is too large"),
    "event_outside_game": (
        66,
        11,
        "turn 99 is after the last turn the game can reach even when extended, turn 8 (max_turns: 8)",
    ),
    "control_character": (4, 13, "the control character U+0007 is not allowed"),
    "three_sides": (10, 3, "exactly two sides, found 3: a, b, c"),
    "keys_one_and_true": (75, 5, "the key 'true' is the same key as '1' at line 74, column 5"),
}


@pytest.mark.parametrize("stem", sorted(SCENARIOS))
def test_each_hostile_scenario_is_refused_at_its_place(stem):
    line, column, words = SCENARIOS[stem]
    (problem,) = refused(HOSTILE / f"{stem}.yaml")
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert words in problem.message
    assert str(problem).startswith(f"{HOSTILE / stem}.yaml:{line}:{column}: ")


def test_an_event_outside_the_game_names_the_event_and_the_last_week():
    (problem,) = refused(HOSTILE / "event_outside_game.yaml")
    assert "event 'summit' would never fire" in problem.message and problem.where == "events.0.turn"


def test_a_long_flat_sum_is_accepted_and_adds_up():
    sc = load_scenario(HOSTILE / "formula_flat_sum.yaml")
    effect = sc.rules[0].effects[0]
    state = np.zeros((len(sc.variables), 1))
    state[sc.row("a.tariff")], state[sc.row("b.tariff")] = 25.0, 50.0
    assert float(np.asarray(effect.formula(state)).ravel()[0]) == pytest.approx(-0.04 * 25 - 0.02 * 50)


def test_escape_sequences_in_a_title_never_reach_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["validate", str(HOSTILE / "terminal_escape_title.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Tiny ]0;owned[2J war" in out and "\x1b" not in out and "\x07" not in out


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_printable_text_has_no_control_characters(text):
    clean = printable(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", clean)
    assert all(c in text for c in clean)


# -- formulas -----------------------------------------------------------------------------
NAMES = {"x": VarRef(0), "y": VarRef(1)}
TOKENS = ["x", "y", "1", "0", "2.5", "1e308", "1e-320", "123456789012345678901234567890", "+", "-", "*", "/",
          "(", ")", " < ", " and ", " not ", "min(", "max(", "abs(", ",", "where(", "true", "**", "10"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40), st.floats(-100, 100), st.floats(-100, 100))
def test_random_formulas_compile_or_say_where_and_never_make_nan_from_constants(tokens, x, y):
    text = "".join(tokens)
    try:
        formula = compile_formula(text, NAMES.__getitem__, known=lambda: list(NAMES))
    except FormulaError as err:
        assert err.message and err.line >= 1 and 1 <= err.column <= len(text) + 1
        return
    if formula.constant is not None:
        assert np.isfinite(float(formula.constant))
    with np.errstate(all="ignore"):
        formula(np.array([[x], [y]]))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("9" * 25, "too large (at most 2**63"),
        ("1e308 * 10", "this overflows"),
        ("x * 1e308 * 1e308", "this overflows"),
        ("(1e308 * 10) - (1e308 * 10)", "this overflows"),
        ("x / 1e-320", "this overflows"),
    ],
)
def test_overflowing_constants_are_refused(text, words):
    with pytest.raises(FormulaError, match=re.escape(words)):
        compile_formula(text, NAMES.__getitem__)


def test_long_flat_sums_and_products_compile_and_run_without_recursion():
    state = np.array([[1.0], [1.0]])
    assert float(compile_formula("+".join(["x"] * 999), NAMES.__getitem__)(state)[0]) == 999.0
    assert float(compile_formula("x" + "*y" * 999, NAMES.__getitem__)(state)[0]) == 1.0
    with pytest.raises(FormulaError, match="too deeply nested"):
        compile_formula("-" * 1500 + "x", NAMES.__getitem__)


# -- templates ------------------------------------------------------------------------------
SPEC = st.text(alphabet="0123456789.,_<>=^+- #zfeEgG%xd{}", max_size=14)


@settings(max_examples=300, deadline=None)
@given(SPEC)
def test_random_number_formats_are_bounded(spec):
    try:
        template = compile_template(f"T {{x:{spec}}} end", lambda name: 0)
    except TemplateError as err:
        assert (err.column == 3 and "format" in err.message) or "placeholder" in err.message
        return
    text = template.render(lambda row: 123.456)
    assert len(text) <= MAX_WIDTH + MAX_PRECISION + 40


def test_a_huge_width_or_precision_is_refused_without_formatting_it():
    for spec, words in (("999999999.2f", "width"), (".999999999f", "precision"), ("1" * 40 + "f", "width")):
        with pytest.raises(TemplateError, match=words):
            compile_template(f"{{x:{spec}}}", lambda name: 0)


# -- scenario texts mutated at random -----------------------------------------------------
TINY = (Path(__file__).parent / "data" / "tiny.yaml").read_text()
JUNK = st.sampled_from(
    ["\x07", "\x1b[2J", "1: a", "true: b", "{", "]", "&a", "*a", "!!python/object", "\t", ": :", "turn: 999"]
    + ["'", '"', "99999999999999999999999", "1e400", "- ", "\n  x: 1", "{x:9999999f}"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(TINY)), JUNK), min_size=1, max_size=4))
def test_mutated_scenarios_load_or_list_located_problems(edits):
    text = TINY
    for at, junk in sorted(edits, reverse=True):
        text = text[:at] + junk + text[at:]
    lines = text.count("\n") + 1
    try:
        load_scenario_text(text, "mutant.yaml")
    except ScenarioError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file == "mutant.yaml" and 0 <= problem.line <= lines and problem.message


# -- files that are not regular files --------------------------------------------------------
def test_devices_pipes_and_folders_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path, words in ((Path("/dev/zero"), "a device"), (fifo, "a named pipe"), (tmp_path, "a folder")):
        (problem,) = refused(path)
        assert words in problem.message and (problem.line, problem.column) == (0, 0)


def test_validate_and_saves_commands_refuse_irregular_files(saves, capsys):
    os.mkfifo(saves / "pipe.json")
    (saves / "zero.json").symlink_to("/dev/zero")
    assert main(["validate", "/dev/zero"]) == 1
    assert "/dev/zero: (file): cannot read the file: it is not a regular file but a device" in capsys.readouterr().out
    assert main(["saves", "show", "pipe"]) == 2
    assert "pipe.json: it is not a regular file but a named pipe" in capsys.readouterr().err
    assert main(["play", "--text", "--load", str(saves / "zero.json")]) == 2
    assert "zero.json: it is not a regular file but a device" in capsys.readouterr().err
    assert main(["saves", "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"pipe .* cannot be loaded: it is not a regular file but a named pipe", out)
    assert re.search(r"zero .* cannot be loaded: it is not a regular file but a device", out)


def test_a_huge_save_is_listed_with_its_problem_and_the_others_still_load(june, saves, capsys):
    good = write_autosave(random_game(june, 3, 3, weeks=2).record(), saves, "good")
    huge = saves / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(98_000_000)  # sparse: 98 MB on paper, nothing on disk
    listed = {info.name: info for info in list_saves(saves)}
    assert listed["huge"].problem == "it is too large (98,000,000 bytes; the limit is 8,000,000)"
    assert listed[good.stem].ok and listed[good.stem].turn == 2


def test_read_regular_reads_at_most_the_limit(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10) == b"x" * 10
    with pytest.raises(Exception, match="too large"):
        read_regular(path, 9)


# -- saves -------------------------------------------------------------------------------------
SAVES = {
    "save_huge_integer": "a number in it is too large for a game record (number out of range at line 13",
    "save_nested_brackets": "it is nested too deeply for a game record",
    "save_deadline_1e20": "turns.0.orders.0.offer.deadline: Input should be less than or equal to 1000",
    "save_generator_state_out_of_range": "resume.leader_rngs.1.state.state: Input should be less than",
    "save_unknown_contest_side": "turns.0.contests.pingpong: 'mars' is not a side (the sides are us, china)",
    "save_computer_without_leader": "settings.seats.1.leader: the computer seat for china names no leader",
    "save_side_not_in_scenario": "settings.seats.1.side: 'mars' is not side 2 of 'june_2025' (its sides are us, china)",
}


@pytest.mark.parametrize("stem", sorted(SAVES))
def test_each_crafted_save_gives_its_problem_and_is_left_as_it_was(june, stem, tmp_path):
    path = tmp_path / f"{stem}.json"
    path.write_bytes((HOSTILE / f"{stem}.json").read_bytes())
    before = path.read_bytes()
    with pytest.raises(RecordError) as caught:
        restore(read_record(path), str(path), scenario=june)
    assert SAVES[stem] in caught.value.message and str(caught.value).startswith(f"{path}: ")
    assert len(caught.value.message) < 400
    assert path.read_bytes() == before


def test_a_save_whose_score_was_written_as_null_still_loads():
    record = read_record(HOSTILE / "save_nan_score_as_null.json")
    assert record.status.scores is None and len(record.turns) == 1


VALID = (HOSTILE / "save_valid.json").read_text()
VALUES = st.one_of(
    st.integers(-(2**70), 2**130),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([None, True, "", "mars", "\x1b[2J", [], {}, [[[[]]]], "pingpong", 1e20, -1]),
)


def _paths(data, prefix=()):
    """Every (path, value) inside nested JSON data."""
    yield prefix, data
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, (*prefix, key))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), VALUES)
def test_saves_with_a_value_replaced_load_or_say_what_is_wrong(june, rnd: random.Random, value):
    data = json.loads(VALID)
    path, _ = rnd.choice([p for p in _paths(data) if p[0]])
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        record = parse_record(json.dumps(data), "crafted.json")
        restore(record, "crafted.json", scenario=june, anyway=True)
    except RecordError as err:
        assert err.source == "crafted.json" and err.message


# -- saving ------------------------------------------------------------------------------------
def test_two_games_at_once_keep_their_own_autosaves(june, saves, capsys):
    first, second = random_game(june, 5, 5, weeks=1), random_game(june, 6, 6, weeks=2)
    assert first.slot != second.slot
    for recorder in (first, second, first):
        write_autosave(recorder.record(), saves, recorder.slot)
    ours = {p.name for p in saves.iterdir()}
    assert ours == {
        f"autosave-{first.slot}.json",
        f"autosave-{first.slot}.bak.json",
        f"autosave-{second.slot}.json",
    }
    assert read_record(saves / f"autosave-{second.slot}.json").seed == 6
    assert read_record(saves / f"autosave-{first.slot}.bak.json").seed == 5  # the backup is the same game
    assert files.load_autosave(saves).record.seed == 5  # Continue takes the game saved last


def test_stale_temporary_files_are_cleaned_and_fresh_ones_kept(saves):
    stale, fresh = saves / ".autosave.json.abc123.tmp", saves / ".autosave.json.def456.tmp"
    stale.write_text("half a save")
    fresh.write_text("a save going on")
    old = time.time() - STALE_SECONDS - 5
    os.utime(stale, (old, old))
    assert list_saves(saves) == []
    assert not stale.exists() and fresh.exists()


# -- the command line ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["play", "--text", "--seed", "-5"], "argument --seed: expected a whole number from 0 to"),
        (["simulate", "--games", "1000000000"], "argument --games: expected a whole number from 1 to 100,000"),
        (["tournament", "--jobs", "1000"], f"argument --jobs: expected a whole number from 1 to {os.cpu_count() or 1}"),
        (["history", "--take-over", "-3"], "argument --take-over: expected a whole number from 0 to 1,000"),
        (["calibrate", "--seed", "9" * 30], "argument --seed: expected a whole number"),
    ],
)
def test_out_of_range_options_are_refused_before_anything_runs(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(argv) == 2
    assert words in capsys.readouterr().err


def test_output_paths_must_exist_be_folders_or_files_as_asked(tmp_path, capsys):
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me")
    assert main(["screenshots", str(a_file)]) == 2
    assert f"{a_file} exists and is not a folder" in capsys.readouterr().err
    assert main(["schema", "-o", str(tmp_path / "missing" / "deeper" / "s.json")]) == 2
    assert "the folder" in capsys.readouterr().err and not (tmp_path / "missing").exists()
    assert main(["schema", "-o", str(tmp_path)]) == 2
    assert "is a folder; name a file" in capsys.readouterr().err
    assert a_file.read_text() == "keep me"


def test_report_into_a_folder_puts_the_charts_inside_it(june, saves, tmp_path, capsys):
    source = write_autosave(random_game(june, 8, 8, weeks=2).record(), saves, "r")
    folder = tmp_path / "reports"
    folder.mkdir()
    assert main(["report", str(source), "-o", str(folder)]) == 0
    made = {p.parent for p in folder.parent.rglob("*-report*")}
    assert made == {folder} and list(folder.glob("*.md"))


def test_a_scenario_path_that_is_not_utf8_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    name = os.fsdecode(bytes(tmp_path / "t") + b"\xff.yaml")
    assert main(["play", "--text", name]) == 2
    assert "is not valid UTF-8 text; rename the file" in capsys.readouterr().err
    assert not (tmp_path / "brinkmanship" / "saves").exists()


def test_history_of_a_scenario_outside_the_folders_plays(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    copy = tmp_path / "elsewhere.yaml"
    copy.write_text(TINY)
    assert main(["history", str(copy), "--all"]) == 0
    assert "Tension" in capsys.readouterr().out


# -- window settings and the display ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("stem", "words"),
    [
        ("settings_width_1e400", "ignored width"),
        ("settings_a_list", "not a JSON object"),
        ("settings_deep_nesting", "nested too deeply"),
        ("settings_wrong_types", "ignored width, forecast_runs, watch_pace, show_forecasts"),
    ],
)
def test_a_broken_settings_file_gives_the_defaults_and_says_why(stem, words, tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes((HOSTILE / f"{stem}.json").read_bytes())
    settings, message = load_settings(path)
    assert words in message and "using the defaults" in message
    assert settings.width == Settings().width and settings.forecast_runs == Settings().forecast_runs
    assert path.read_bytes() == (HOSTILE / f"{stem}.json").read_bytes()


def test_the_window_is_not_opened_where_nobody_could_see_it():
    assert "no display" in no_display_reason({}, "linux")
    assert "'dummy'" in no_display_reason({"SDL_VIDEODRIVER": "dummy", "DISPLAY": ":0"}, "linux")
    assert no_display_reason({"DISPLAY": ":0"}, "linux") == ""
    assert no_display_reason({}, "darwin") == ""
    assert no_display_reason({"SDL_VIDEODRIVER": "dummy", "BRINKMANSHIP_ALLOW_HEADLESS": "1"}, "linux") == ""


def test_starting_the_window_headless_says_how_to_play_in_the_terminal(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.delenv("BRINKMANSHIP_ALLOW_HEADLESS")
    assert main([]) == 2
    assert "brinkmanship play --text" in capsys.readouterr().err
