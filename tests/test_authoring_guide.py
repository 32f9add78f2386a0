"""The authoring guide (scenarios/README.md): its examples load, it explains every field, its error is real."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario_text
from game.scenario.problems import ScenarioError
from game.scenario.schema import Scenario

from .test_authoring_scaffold import _models
from .test_schema import schema_accepts

GUIDE = (scenarios_dir() / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(<!-- guide-example: (\w+) -->\n)?```(\w+)\n(.*?)```", re.S)


def blocks() -> list[tuple[str, str, str]]:
    """(marker, language, text) of every fenced block, in order."""
    return [(m.group(2) or "", m.group(3), m.group(4)) for m in BLOCK.finditer(GUIDE)]


COMPLETE = next(text for marker, _, text in blocks() if marker == "complete")
FRAGMENTS = [text for marker, lang, text in blocks() if lang == "yaml" and not marker]
"""Examples that load: fragments marked 'refused' must not, and have tests of their own."""


def merge(base: object, extra: object) -> object:
    """Fragment into a scenario: mappings merge, lists of items with ids (or turns) replace or add by id."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list) and all(isinstance(i, dict) for i in base + extra):
        key = next((k for k in ("id", "turn") if all(k in i for i in base + extra)), None)
        if key is None:
            return extra
        out = list(base)
        for item in extra:
            same = [j for j, old in enumerate(out) if old[key] == item[key]]
            if same:
                out[same[0]] = item
            else:
                out.append(item)
        return out
    return extra


def with_fragment(fragment: str) -> str:
    return yaml.safe_dump(merge(yaml.safe_load(COMPLETE), yaml.safe_load(fragment)), sort_keys=False)


def test_the_walk_through_file_loads_cleanly():
    sc = load_scenario_text(COMPLETE, "fish_and_gas.yaml")
    assert sc.id == "fish_and_gas" and sc.warnings == ()
    assert schema_accepts(yaml.safe_load(COMPLETE))


def test_the_guide_has_many_examples():
    assert len(FRAGMENTS) >= 20


@pytest.mark.parametrize("number", range(len(FRAGMENTS)))
def test_every_example_loads_within_the_walk_through(number):
    text = with_fragment(FRAGMENTS[number])
    try:
        load_scenario_text(text, f"example-{number}.yaml")
    except ScenarioError as err:
        pytest.fail(f"example {number} does not load:\n{err}\n---\n{FRAGMENTS[number]}")
    assert schema_accepts(yaml.safe_load(text)), f"the schema refuses example {number}"


def test_the_error_example_gives_the_error_shown():
    fragment = next(text for marker, _, text in blocks() if marker == "error")
    shown = GUIDE.split(fragment, 1)[1].split("```text\n", 1)[1].split("\n", 1)[0]
    name, line, column, _ = shown.split(":", 3)
    talk = '  - id: talk\n    label: "Call {other.leader}"\n'
    text = COMPLETE.replace(talk, talk + '    when: "tenson < 80"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name)
    assert [str(p) for p in caught.value.problems] == [shown]
    assert (int(line), int(column)) > (0, 0)


REFUSED = [
    (text, GUIDE.split(f"<!-- guide-example: refused -->\n```yaml\n{text}```", 1)[1].split("```text\n", 1)[1])
    for marker, _, text in blocks()
    if marker == "refused"
]


def problems_of(text: str) -> list[str]:
    """'where: message' of every problem the walk-through with this fragment gives, the history's included."""
    from game.records.history import history_problems
    from game.scenario.yamlsafe import load_text

    try:
        sc = load_scenario_text(text, "example.yaml")
    except ScenarioError as err:
        return [f"{p.where}: {p.message}" for p in err.problems]
    return [
        f"{p.where}: {p.message}" for p in list(sc.warnings) + history_problems(sc, load_text(text, "example.yaml"))
    ]


def test_the_guide_has_refused_examples():
    assert len(REFUSED) >= 6


@pytest.mark.parametrize("number", range(len(REFUSED)))
def test_every_refused_example_gives_the_message_shown(number):
    fragment, after = REFUSED[number]
    shown = after.split("\n", 1)[0]
    assert shown in problems_of(with_fragment(fragment)), f"example {number}:\n{fragment}"


def _all_models(model, seen=None) -> list:
    seen = [] if seen is None else seen
    if model not in seen:
        seen.append(model)
        for info in model.model_fields.values():
            for sub in _models(info.annotation):
                _all_models(sub, seen)
    return seen


def test_the_guide_names_every_field():
    missing = [
        f"{model.__name__}.{name}"
        for model in _all_models(Scenario)
        for name in model.model_fields
        if f"`{name}`" not in GUIDE and f"{name}:" not in GUIDE
    ]
    assert missing == []


def test_the_guide_lists_every_formula_function():
    from game.scenario.expr import _Compiler

    for function in _Compiler.FUNCTIONS:
        assert f"`{function}(" in GUIDE


def test_the_guide_lists_every_reserved_word():
    from game.scenario.compiler import RESERVED_FIRST, RESERVED_SECOND

    for word in RESERVED_FIRST | RESERVED_SECOND:
        assert f"`{word}`" in GUIDE, word


def test_the_guide_describes_every_lint_finding():
    for words in ("never reached", "pinned", "almost always wins", "never changes an outcome", "dominates"):
        assert words in GUIDE


def test_fragments_are_not_accidentally_whole_files():
    assert all("format: 1" not in f for f in FRAGMENTS[1:]), "only the first frame example sets format"
    assert copy.deepcopy(FRAGMENTS) == FRAGMENTS


HERRING_STEPS = [text for marker, _, text in blocks() if marker == "herring_step"]
HERRING = next(text for marker, _, text in blocks() if marker == "herring")
"""The second worked example: its steps, and the whole file they add up to."""


@pytest.fixture(scope="module")
def herring():
    """The second example's whole file, loaded."""
    return load_scenario_text(HERRING, "herring_bay.yaml")


def test_the_second_example_steps_add_up_to_its_whole_file():
    assert len(HERRING_STEPS) >= 6
    joined: object = {}
    for step in HERRING_STEPS:
        joined = merge(joined, yaml.safe_load(step))
    assert joined == yaml.safe_load(HERRING)


def test_the_second_example_loads_cleanly_with_a_secret_move_and_a_cooldown(herring):
    assert herring.id == "herring_bay" and herring.warnings == ()
    assert schema_accepts(yaml.safe_load(HERRING))
    night = herring.move_by_id(1, "night_fishing")
    assert night.visibility == "secret" and [(d.side, d.move) for d in herring.discoveries] == [(1, night.index)]
    assert "weeks_since(" in HERRING


def test_the_second_example_plays_in_the_terminal_from_both_seats(herring):
    import io

    from game.ai.leaders import make_leader
    from game.engine.game import Game
    from game.terminal import Seat, TextGame

    for side in (0, 1):
        seats = tuple(Seat(s) if s == side else Seat(s, make_leader("hawk", herring, s)) for s in (0, 1))
        out = io.StringIO()
        game = TextGame(Game(herring, 5), seats, ask=lambda _prompt: "", out=out, width=100).run()
        assert game.is_over and "THE END — " + game.ending.title in out.getvalue()
        assert "Traceback" not in out.getvalue()


def test_the_second_example_reaches_different_endings_with_the_baselines(herring):
    from game.ai.leaders import make_leader
    from game.analysis.runner import run_games

    endings = set()
    for names in (("hawk", "hawk"), ("dove", "dove"), ("hawk", "random"), ("random", "hawk")):
        leaders = (make_leader(names[0], herring, 0), make_leader(names[1], herring, 1))
        endings |= {herring.endings[e].id for e in run_games(herring, leaders, 8, 1).endings}
    assert len(endings) >= 2, endings


def test_the_second_example_secret_move_is_found_out_by_west_alone(herring):
    from game.engine.game import Game, Order
    from game.engine.viewing import sees_move_in

    game = Game(herring, 1)
    game.play(Order(), Order(("night_fishing",)))
    night = herring.move_by_id(1, "night_fishing")
    assert not sees_move_in(game, 1, night, 0), "West does not know yet"
    assert "night_fishing" not in [m.id for m in game.legal_moves(1)], "the cooldown: not in week 2"
    game.play(Order(), Order())
    assert "night_fishing" in [m.id for m in game.legal_moves(1)], "again from week 3"
    for _ in range(7):
        game.play(Order(), Order())
    assert game.value("east.found.night_fishing") == 1
    assert sees_move_in(game, 1, night, 0)
    assert any("fishing at night" in n.text for n in game.news("west"))
    assert not any("fishing at night" in n.text for n in game.news("east"))
