"""What `validate` tells an author: real moves checked, late events, suggestions, plain YAML errors, clashing ids."""

from __future__ import annotations

import pytest

from game.cli import main
from game.scenario.compiler import load_scenario_text
from game.scenario.problems import ScenarioError
from game.scenarios import catalog


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list:
    """Every problem the text gives (errors and warnings)."""
    try:
        sc = load_scenario_text(text, "t.yaml")
    except ScenarioError as err:
        return list(err.problems)
    return list(sc.warnings)


def errors(text: str) -> list:
    return [p for p in problems(text) if p.severity == "error"]


def test_validate_refuses_illegal_real_moves_at_their_place(tmp_path, tiny, capsys):
    path = tmp_path / "h.yaml"
    path.write_text(
        tiny.replace('moves: {a: [call], b: ["propose:peace"]}', 'moves: {a: [call], b: ["propose:peace", accept]}')
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "propose:peace" in text)
    assert f"h.yaml:{line}:45: history.0.moves.b.1: week 1: the real moves of b are not legal" in out
    assert "'Accept' is not available now" in out


def test_an_event_after_the_last_turn_names_the_last_turn_and_never_fires(tiny):
    text = tiny.replace("add: {horizon: 2}", "add: {tension: -1}").replace(
        "turn: 2\n    add: {tension: -3}", "turn: 7\n    add: {tension: -3}"
    )
    (problem,) = errors(text)
    assert problem.where == "events.0.turn"
    assert "turn 7 is after the game's last turn, turn 6" in problem.message
    assert "no effect changes 'horizon'" in problem.message and "would never fire" in problem.message


def test_a_dated_event_after_the_last_day_names_the_last_day(tiny):
    text = tiny.replace("add: {horizon: 2}", "add: {tension: -1}").replace(
        "turn: 2\n    add: {tension: -3}", "date: 2030-02-20\n    add: {tension: -3}"
    )
    (problem,) = errors(text)
    assert "2030-02-20 is after the game's last day, 2030-02-17" in problem.message
    assert "turn 6" not in problem.message  # a date is compared with a date


def test_a_dated_event_past_max_turns_names_the_last_day_the_game_can_reach(tiny):
    text = tiny.replace("turn: 2\n    add: {tension: -3}", "date: 2030-06-20\n    add: {tension: -3}")
    (problem,) = errors(text)
    assert "2030-06-20 is after the last date the game can reach even when extended, 2030-03-03" in problem.message
    assert "(max_turns: 8)" in problem.message


def test_history_names_get_suggestions(tiny):
    text = tiny.replace('moves: {a: [call], b: ["propose:peace"]}', 'moves: {a: [kall], b: ["propose:peeace"]}')
    text = text.replace("observed: {a.tariff: 25}", "observed: {a.tarif: 25}")
    messages = [p.message for p in errors(text)]
    assert "a has no move 'kall' (did you mean call?)" in messages
    assert "unknown package 'peeace' (did you mean peace?)" in messages
    assert any(m.startswith("unknown variable 'a.tarif' (did you mean a.tariff") for m in messages)


def test_a_late_event_is_a_warning_when_a_deal_may_extend_the_game(tiny):
    text = tiny.replace("turn: 2\n    add: {tension: -3}", "turn: 7\n    add: {tension: -3}")
    assert not errors(text)
    assert any("fires only if an effect on 'horizon' extends the game" in p.message for p in problems(text))


def test_a_deal_term_on_the_other_sides_name_suggests_the_lever(tiny):
    text = tiny.replace("terms: {a.tariff: 0, b.tariff: 0}", "terms: {c.tariff: 0, b.tarif: 0}")
    messages = [p.message for p in errors(text)]
    assert "'c.tariff' is not a lever (did you mean a.tariff, b.tariff?)" in messages
    assert any(m.startswith("'b.tarif' is not a lever (did you mean b.tariff") for m in messages)


def test_an_unknown_placeholder_gets_a_suggestion(tiny):
    text = tiny.replace("{self.leader} calls {other.leader}", "{self.leadr} calls {other.leader}")
    (problem,) = errors(text)
    assert "unknown name 'self.leadr' in placeholder (did you mean self.leader" in problem.message


def test_self_with_a_one_sided_variable_says_both_sides_need_it(tiny):
    text = tiny.replace("  b.secret: {label: Secret plan, start: 0, max: 10, hidden: true}\n", "")
    found = [p.message for p in errors(text)]
    assert any("'self.secret' stands for each side's own 'secret', and both sides need it" in m for m in found)
    assert any("a.secret exists but b.secret does not" in m for m in found)


@pytest.mark.parametrize(
    "text, words",
    [
        ("a: [1, 2\n", "the list opened with '[' at line 1, column 4 is not closed with ']'"),
        ("a:\n\tb: 1\n", "a tab character: YAML indents with spaces only"),
        ('a: "abc\n', "the quoted text opened at line 1, column 4 is never closed"),
        ("a: b: c\n", "unexpected ':' here: a text that holds ': ' must be in quotes"),
        ("a: x\nfoo\nb: 1\n", "this line is not a 'key: value' pair"),
    ],
)
def test_yaml_syntax_errors_are_in_plain_words(text, words):
    (problem,) = problems(text)
    assert words in problem.message and "while parsing" not in problem.message and problem.line


def test_user_files_sharing_an_id_are_reported_not_picked(tmp_path, monkeypatch, tiny):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from game.paths import user_scenarios_dir

    folder = user_scenarios_dir()
    folder.mkdir(parents=True)
    (folder / "one.yaml").write_text(tiny)
    (folder / "two.yaml").write_text(tiny)
    (folder / "mine.yaml").write_text(tiny.replace("id: tiny", "id: june_2025"))
    entries = {e.path.name: e for e in catalog()}
    assert not entries["one.yaml"].ok and not entries["two.yaml"].ok and not entries["mine.yaml"].ok
    assert "also the id of" in entries["one.yaml"].problems[0].message
    assert "two.yaml" in entries["one.yaml"].problems[0].message
    assert "june_2025.yaml (bundled)" in entries["mine.yaml"].problems[0].message
    assert entries["june_2025.yaml"].ok and entries["mine.yaml"].problems[0].line == 3


def test_an_id_two_user_files_share_is_not_picked_silently(tmp_path, monkeypatch, tiny):
    from game.paths import user_scenarios_dir
    from game.scenarios import find_scenario

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = user_scenarios_dir()
    folder.mkdir(parents=True)
    (folder / "one.yaml").write_text(tiny.replace("id: tiny", "id: mine"))
    (folder / "two.yaml").write_text(tiny.replace("id: tiny", "id: mine"))
    with pytest.raises(ScenarioError) as caught:
        find_scenario("mine")
    assert len(caught.value.problems) == 2 and all("also the id of" in p.message for p in caught.value.problems)
    assert find_scenario("one").id == "mine"  # a file's own name still picks it
