"""Broken scenario files, one per error class: each gives its file:line:column message, fast, never a traceback."""

from __future__ import annotations

import time

import pytest

from game.cli import main
from game.scenario.compiler import load_scenario
from game.scenario.problems import ScenarioError
from game.scenario.yamlsafe import MAX_FILE_BYTES, MAX_NODES

# file stem -> (line, column, words the message must contain)
EXPECTED = {
    "syntax_error": (17, 10, "YAML syntax error"),
    "alias_bomb": (2, 4, "anchors"),
    "duplicate_key": (17, 3, "duplicate key 'a.economy' (first defined at line 14"),
    "python_tag": (4, 8, "!!python/object/apply:os.system is not allowed"),
    "custom_tag": (4, 8, "!secret is not allowed"),
    "unknown_key": (16, 38, "unknown key 'colour'"),
    "wrong_type": (6, 8, "valid integer"),
    "dangling_name": (82, 27, "unknown variable 'a.tarif'; did you mean a.tariff"),
    "bad_formula": (70, 30, "'(' was never closed"),
    "out_of_range": (13, 12, "start (140.0) is outside [0.0, 100.0]"),
    "division_by_zero": (83, 38, "division by zero"),
    "unknown_function": (70, 12, "unknown function 'sqrt'"),
    "bad_placeholder": (68, 42, "unknown name 'tensoin'"),
    "type_error": (62, 28, "needs a condition here, got a number"),
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_each_broken_file_is_reported_with_its_place(data_dir, stem):
    path = data_dir / "broken" / f"{stem}.yaml"
    line, column, words = EXPECTED[stem]
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    elapsed = time.perf_counter() - started
    first = caught.value.problems[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert str(first).startswith(f"{path}:{line}:{column}: ")
    assert elapsed < 1.0, f"reporting took {elapsed:.2f} s"


def test_every_broken_file_has_an_expectation(data_dir):
    assert {p.stem for p in (data_dir / "broken").glob("*.yaml")} == set(EXPECTED)


def test_validate_prints_every_problem_and_exits_1(data_dir, capsys):
    files = [str(data_dir / "broken" / f"{stem}.yaml") for stem in sorted(EXPECTED)]
    status = main(["validate", *files, str(data_dir / "tiny.yaml")])
    out = capsys.readouterr().out
    assert status == 1
    assert "Traceback" not in out
    for stem, (line, column, _) in EXPECTED.items():
        assert f"{stem}.yaml:{line}:{column}: " in out
    assert "tiny.yaml: ok" in out


def test_validate_exits_0_when_all_files_are_valid(data_dir, capsys):
    assert main(["validate", str(data_dir / "tiny.yaml")]) == 0


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("a: " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "the limit is 1,000,000" in caught.value.problems[0].message
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (
        0,
        0,
    )  # a problem of the whole file, not of a place in it


def test_document_with_too_many_nodes_is_refused(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text("a: [" + ",".join("0" for _ in range(MAX_NODES + 5)) + "]\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "more than 100,000 nodes" in caught.value.problems[0].message


def test_several_problems_are_reported_at_once(tmp_path, data_dir):
    text = (data_dir / "tiny.yaml").read_text()
    text = text.replace('"-0.04 * a.tariff', '"-0.04 * a.nope').replace('when: "tension >= 80"', 'when: "tension >= "')
    path = tmp_path / "two.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "unknown variable 'a.nope'" in messages and "syntax error" in messages


def test_binary_garbage_is_a_located_error(tmp_path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"title: ok\n\xff\xfe\x00junk")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problem = caught.value.problems[0]
    assert "not valid UTF-8" in problem.message and problem.line == 2
