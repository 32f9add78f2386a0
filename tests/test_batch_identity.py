"""A game gives the same bits whatever batch it is played in, and wherever it sits in the batch.

``play`` runs a batch of one; ``simulate``, the lint and every look-ahead rollout run
many games at once.  Each test plays a batch, then replays games alone with the
same orders and the same column of the world's draws, and compares the exact bytes
of the state and the scores every week (no tolerance, no rounding).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from game.engine import turn as rules
from game.engine.game import Game
from game.engine.scoring import scores
from game.engine.state import state_hash
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.expr import VarRef, compile_formula

from .batch_support import exact, play_batch, replay_alone
from .conftest import SCENARIO_FILES

BUNDLED = {p.stem: load_scenario(p) for p in SCENARIO_FILES}


@pytest.mark.parametrize("name", sorted(BUNDLED))
@pytest.mark.parametrize("games", [1, 2, 300])
def test_bundled_games_are_the_same_alone_and_first_middle_or_last_in_a_batch(name, games):
    played = play_batch(BUNDLED[name], games, seed=games)
    for game in sorted({0, games // 2, games - 1}):
        replay_alone(played, game)


def test_the_tiny_scenario_is_the_same_in_every_position_of_a_batch(data_dir):
    played = play_batch(load_scenario(data_dir / "tiny.yaml"), 300, seed=3, stop=0.1)
    for game in range(300):
        replay_alone(played, game)


# -- random scenarios ---------------------------------------------------------------------------------------

VARS = [f"v{i}" for i in range(12)]


def _coefficient(draw) -> float:
    """A coefficient with many digits, so that sums of its products round."""
    return draw(st.integers(-30_000, 30_000).filter(bool)) / 999_983


@st.composite
def _terms(draw, starts: dict[str, float], low: int = 9) -> tuple[str, float]:
    """A weighted sum of at least ``low`` different variables plus a constant, and its value at the start."""
    picked = draw(st.lists(st.sampled_from(sorted(starts)), min_size=low, max_size=len(starts), unique=True))
    coefs = [_coefficient(draw) for _ in picked]
    constant = _coefficient(draw)
    text = " + ".join(f"{c!r} * {name}" for c, name in zip(coefs, picked))
    return f"{text} + {constant!r}", sum(c * starts[name] for c, name in zip(coefs, picked)) + constant


@st.composite
def _sum(draw, starts: dict[str, float]) -> str:
    """A weighted sum of many terms."""
    return draw(_terms(starts))[0]


@st.composite
def _threshold(draw, starts: dict[str, float]) -> str:
    """A condition on a sum of many terms, near its value at the start (so it splits a batch and can flip)."""
    text, value = draw(_terms(starts))
    storms = draw(st.sampled_from([0.0, 0.25, 1.0]))  # storms strike some games and not others
    offset = draw(st.sampled_from([-0.5, -0.1, 0.0, 0.1, 0.5]))
    return f"{text} + {storms!r} * event.storm >= {value + offset!r}"


@st.composite
def random_scenario(draw) -> str:
    """A small scenario whose rules are long weighted sums and thresholds on them."""
    variables = {
        name: {
            "label": name,
            "start": draw(st.sampled_from([0.0, 10.0, 33.3, 50.0, 87.5])),
            "min": draw(st.sampled_from([0.0, -100.0])),
        }
        for name in VARS
    }
    for side in "ab":
        variables[f"{side}.stock"] = {"label": "Stock", "start": 50.0, "noise": draw(st.sampled_from([0.0, 3.0]))}
        variables[f"{side}.zero"] = {"label": "Zero", "start": 0.0, "min": -100.0}
    names = {name: variables[name]["start"] for name in [*VARS, "a.stock", "b.stock"]}
    names.update({"a.tariff": 10.0, "b.tariff": 10.0})
    levers = {
        f"{side}.tariff": {
            "label": "Tariff",
            "values": [0.0, 10.0, 25.0, 50.0],
            "start": 10.0,
            "up": {"add": {draw(st.sampled_from(VARS)): draw(_sum(names))}},
            "down": {"add": {draw(st.sampled_from(VARS)): draw(_sum(names))}},
        }
        for side in "ab"
    }
    turns = draw(st.integers(2, 8))
    doc = {
        "format": 1,
        "id": "random_batch",
        "title": "Random batch",
        "start": dt.date(2030, 1, 7),
        "turns": turns,
        "max_turns": turns + 2,
        "budget": 2,
        "sides": {"a": {"name": "A", "short": "A", "leader": "Ann"}, "b": {"name": "B", "short": "B", "leader": "Bob"}},
        "variables": variables,
        "levers": levers,
        "moves": [
            {"id": "push", "label": "Push", "add": {draw(st.sampled_from(VARS)): draw(_sum(names))}},
            {"id": "sway", "label": "Sway", "when": draw(_threshold(names)), "set": {"self.stock": draw(_sum(names))}},
            # The zeros stay 0.0 or -0.0: the sign of zero must not depend on the batch either
            {"id": "flip", "label": "Flip", "set": {"self.zero": "-0.5 * other.zero"}, "cost": 0},
            {"id": "propose", "kind": "propose", "label": "Propose"},
            {"id": "accept", "kind": "accept", "label": "Accept", "cost": 0},
            {"id": "reject", "kind": "reject", "label": "Reject", "cost": 0},
        ],
        "events": [
            {
                "id": "storm",
                "once": False,
                "chance": f"clip(0.5 + ({draw(_sum(names))}) / 50, 0, 1)",
                "add": {draw(st.sampled_from(VARS)): draw(_sum(names))},
            },
            {"id": "spike", "when": draw(_threshold(names)), "add": {draw(st.sampled_from(VARS)): 7.5}},
        ],
        "dynamics": [
            {
                "id": "drift",
                "add": {v: draw(_sum(names)) for v in draw(st.lists(st.sampled_from(VARS), min_size=4, unique=True))},
            },
            {"id": "cliff", "when": draw(_threshold(names)), "add": {draw(st.sampled_from(VARS)): -10.0}},
            {
                "id": "zeros",
                "when": draw(_threshold(names)),
                "add": {"a.zero": "0.5 * a.zero", "b.zero": "0.5 * b.zero"},
            },
        ],
        "contests": [
            {"id": "duel", "label": "Duel", "when": "a.did.push and b.did.push", "chance": 0.5, "winner_add": {}}
        ],
        "negotiation": {
            "clauses": [{"id": "aid", "label": "Aid", "add": {draw(st.sampled_from(VARS)): draw(_sum(names))}}],
            "packages": [
                {"id": "truce", "label": "Truce", "terms": {"a.tariff": 0.0, "b.tariff": 0.0}},
                {"id": "aid", "label": "Aid", "terms": {"a.tariff": 25.0}, "clauses": ["aid"]},
            ],
        },
        "endings": [{"id": "crash", "title": "Crash", "when": f"turn >= 3 and {draw(_threshold(names))}"}],
        "objectives": {
            side: [
                {"label": f"Goal {i}", "value": f"({draw(_sum(names))}) / 100", "weight": draw(st.integers(1, 9)) / 7}
                for i in range(draw(st.integers(1, 10)))
            ]
            for side in "ab"
        },
    }
    return yaml.safe_dump(doc, sort_keys=False)


# No shrinking: a failure already names the game, the week and the number, and shrinking replays whole batches.
@settings(
    max_examples=30,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=random_scenario(), games=st.integers(1, 300), seed=st.integers(0, 2**31), stop=st.sampled_from([0.0, 0.3]))
def test_any_scenario_plays_the_same_alone_as_in_any_batch(text, games, seed, stop):
    sc = load_scenario_text(text, "random.yaml")
    played = play_batch(sc, games, seed, stop)
    for game in range(games):
        replay_alone(played, game)


# -- the pieces -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("terms", [2, 8, 9, 20])
@pytest.mark.parametrize("games", [1, 2, 7, 255, 256, 300])
def test_a_long_sum_adds_its_terms_left_to_right_for_any_batch_width(terms, games):
    rng = np.random.default_rng(terms * 1000 + games)
    coefs = rng.integers(-30_000, 30_000, terms) / 99_991
    text = " + ".join(f"{float(c)!r} * x{i}" for i, c in enumerate(coefs))
    formula = compile_formula(text, lambda name: VarRef(int(name[1:])))
    state = rng.random((terms, games)) * 100
    expected = []
    for game in range(games):
        total = 0.0
        for i, c in enumerate(coefs):
            total += float(c) * float(state[i, game])
        expected.append(total)
    assert exact(formula.fn(state)) == exact(np.array(expected))


def test_scores_of_a_game_do_not_depend_on_its_batch(june):
    rng = np.random.default_rng(5)
    state = np.repeat(june.start_values[:, None], 300, axis=1)
    state[: june.n_named] += rng.random((june.n_named, 300)) * 20
    together = scores(june, state)
    for game in (0, 1, 150, 299):
        assert exact(scores(june, state[:, game : game + 1])[0]) == exact(together[game])


def test_the_state_hash_sees_the_last_bit(june):
    game = Game(june, seed=1)
    state = game.state.copy()
    row = june.row("tension")
    nudged = state.copy()
    nudged[row, 0] = np.nextafter(state[row, 0], np.inf)
    assert state_hash(nudged) != state_hash(state)
    signed = state.copy()
    signed[june.row("trust"), 0] = 0.0
    negative = signed.copy()
    negative[june.row("trust"), 0] = -0.0
    assert state_hash(negative) != state_hash(signed), "the sign of zero is part of the state"


@pytest.mark.parametrize("games", [1, 64, 65, 300])
def test_settling_a_phase_clamps_only_the_rows_it_wrote_whatever_the_batch_size(data_dir, games):
    tiny = load_scenario(data_dir / "tiny.yaml")
    state = np.repeat(tiny.start_values[:, None], games, axis=1)
    economy, tension = tiny.row("a.economy"), tiny.row("tension")
    state[economy], state[tension] = 150.0, 150.0  # moves write tension, not the economy
    rules.settle(tiny, state, "moves")
    assert np.all(state[tension] == 100.0) and np.all(state[economy] == 150.0)
