"""A formula gives a game of a batch of one the same bits in Python numbers as numpy gives that game in a batch.

A batch of one runs each formula's one-game form (``Formula.one``: Python floats, far fewer calls); a wider
batch runs the array form.  Every look-ahead relies on a game alone being the same game inside any batch, so
both forms must agree to the last bit, on random formulas and on random states, -0.0 and NaN included.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.compiler import load_scenario
from game.scenario.expr import BOOL, NUM, Formula, FormulaError, VarRef, compile_formula

from .conftest import SCENARIO_FILES

NUMBERS = ["a", "b", "c"]
FLAGS = ["f", "g"]
ROWS = {"a": VarRef(0), "b": VarRef(1), "c": VarRef(2), "f": VarRef(3, BOOL), "g": VarRef(4, BOOL)}


def resolve(name: str) -> VarRef:
    return ROWS[name]


def bits(value) -> bytes:
    """The exact bytes of a formula's value for one game (a condition as 0.0 or 1.0)."""
    return np.asarray(value, dtype=np.float64).reshape(-1)[:1].tobytes()


def same_bits(formula: Formula, state: np.ndarray) -> None:
    """Game 0 alone (the one-game form) equals game 0 of the batch (the array form), bit for bit."""
    with np.errstate(all="ignore"):
        alone = formula.fn(np.ascontiguousarray(state[:, :1]))
        batch = formula.fn(state)
    assert bits(alone) == bits(batch), (formula.source, state[:, 0], alone, batch)
    if formula.constant is None:
        assert np.shape(alone) == (1,)  # one value per game, as an array, whatever the form


_FEW = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5])
"""A few values, drawn often so that ties, zero divisors and zeros of both signs come up."""
numbers = st.one_of(
    _FEW,
    _FEW,
    _FEW,
    st.sampled_from([1e308, -1e308, 5e-324, float("nan"), float("inf")]),
    st.floats(-1e6, 1e6),
)


@st.composite
def states(draw) -> np.ndarray:
    """A batch of three games: numbers in rows a-c, 0/1 (or -0.0) in the flag rows."""
    games = []
    for _ in range(3):
        values = [draw(numbers) for _ in NUMBERS]
        flags = [draw(st.sampled_from([0.0, 1.0, -0.0])) for _ in FLAGS]
        games.append(values + flags)
    return np.array(games, dtype=np.float64).T.copy()


def _leaf() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(NUMBERS),
        st.sampled_from(["0", "1", "2.5", "0.1", "3", "1e300"]),
        st.sampled_from([f"({f})" for f in ["f", "not g", "a > b", "b <= c", "a == 0", "c != b"]]),
    )


def _grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    arithmetic = st.builds(lambda x, op, y: f"({x} {op} {y})", inner, st.sampled_from("+-*/"), inner)
    return st.one_of(
        arithmetic,
        arithmetic,
        arithmetic,
        pair.map(lambda p: f"min({p[0]}, {p[1]})"),
        pair.map(lambda p: f"max({p[0]}, {p[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"max({t[0]}, {t[1]}, {t[2]})"),
        inner.map(lambda x: f"abs({x})"),
        inner.map(lambda x: f"-{x}"),
        inner.map(lambda x: f"clip({x}, -2, 3)"),
        st.tuples(inner, inner, inner).map(lambda t: f"where({t[0]} > {t[1]}, {t[1]}, {t[2]})"),
        st.tuples(inner, inner).map(lambda p: f"(({p[0]} < {p[1]}) and f or not ({p[1]} >= 1))"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})"),
    )


formulas = st.recursive(_leaf(), _grow, max_leaves=8)


@settings(max_examples=400, deadline=None)
@given(formulas, states(), st.sampled_from([NUM, BOOL]))
def test_a_random_formula_gives_one_game_the_same_bits_alone_as_in_a_batch(text, state, want):
    try:
        formula = compile_formula(text, resolve, want=want)
    except FormulaError:
        return
    same_bits(formula, state)


SHAPES = [
    "min(a, b)",
    "max(a, b, c)",
    "a / b",
    "a * b / c",
    "a - b",
    "0.5 * a + 2 * b - c",
    "clip(a, b, c)",
    "abs(a) - b",
    "where(f, a, b)",
    "(a > b) * (b > c)",
    "(a > b) + (b >= c) * 2",
    "a < b <= c or f and not g",
]


@pytest.mark.parametrize("text", SHAPES)
@settings(max_examples=150, deadline=None)
@given(state=states())
def test_each_kind_of_formula_gives_one_game_the_same_bits_alone_as_in_a_batch(text, state):
    for want in (NUM, BOOL):
        try:
            formula = compile_formula(text, resolve, want=want)
        except FormulaError:
            continue
        same_bits(formula, state)


def _formulas(found, out: list, seen: set) -> list[Formula]:
    """Every Formula reachable from a compiled scenario's parts."""
    if id(found) in seen or isinstance(found, (str, bytes, int, float, np.ndarray)) or found is None:
        return out
    seen.add(id(found))
    if isinstance(found, Formula):
        out.append(found)
    elif isinstance(found, dict):
        for value in found.values():
            _formulas(value, out, seen)
    elif isinstance(found, (list, tuple)):
        for value in found:
            _formulas(value, out, seen)
    elif dataclasses.is_dataclass(found):
        for part in dataclasses.fields(found):
            _formulas(getattr(found, part.name), out, seen)
    return out


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_bundled_formula_gives_one_game_the_same_bits_alone_as_in_a_batch(path):
    sc = load_scenario(path)
    found = [f for f in _formulas(sc, [], set()) if f.one is not None]
    assert len(found) > 3  # the walk reaches the rules, moves, events and endings
    rng = np.random.default_rng(7)
    for _ in range(30):
        state = np.repeat(sc.start_values[:, None], 3, axis=1)
        state *= rng.choice([0.0, -1.0, 0.5, 1.0, 2.0, 10.0], size=state.shape)
        state += rng.choice([0.0, 0.0, 1.0, -3.0, 0.25], size=state.shape)
        for formula in found:
            same_bits(formula, state)
