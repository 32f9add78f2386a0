"""The formula language: what it computes over a batch, and what it refuses (with positions)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.scenario.expr import BOOL, NUM, FormulaError, VarRef, compile_formula

NAMES = {"x": VarRef(0), "y": VarRef(1), "side.flag": VarRef(2, BOOL)}


def resolve(name):
    return NAMES[name]


def run(text, state, want=None):
    formula = compile_formula(text, resolve, want=want, known=lambda: list(NAMES))
    return np.broadcast_to(np.asarray(formula.fn(state), dtype=float), (state.shape[1],))


STATE = np.array([[1.0, -2.0, 3.0], [4.0, 0.0, -1.0], [1.0, 0.0, 1.0]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x + y * 2", [9.0, -2.0, 1.0]),
        ("(x - y) / 2", [-1.5, -1.0, 2.0]),
        ("-x", [-1.0, 2.0, -3.0]),
        ("min(x, y, 0)", [0.0, -2.0, -1.0]),
        ("max(x, y)", [4.0, 0.0, 3.0]),
        ("clip(x, 0, 2)", [1.0, 0.0, 2.0]),
        ("abs(x)", [1.0, 2.0, 3.0]),
        ("where(x > 0, x, 10)", [1.0, 10.0, 3.0]),
        ("x / y", [0.25, 0.0, -3.0]),
        ("2 * x + 3 * x - 5 * x", [0.0, 0.0, 0.0]),
        ("x * y", [4.0, -0.0, -3.0]),
        ("0.5 * (10 - x) + where(side.flag, 1, 0)", [5.5, 6.0, 4.5]),
    ],
)
def test_numbers_are_computed_per_game(text, expected):
    assert np.allclose(run(text, STATE), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x > 0 and y >= 0", [True, False, False]),
        ("x > 0 or side.flag", [True, False, True]),
        ("not side.flag", [False, True, False]),
        ("0 < x < 2", [True, False, False]),
        ("x == 1 or x != x", [True, False, False]),
        ("true and x > -5", [True, True, True]),
    ],
)
def test_conditions_are_computed_per_game(text, expected):
    assert list(run(text, STATE, want=BOOL).astype(bool)) == expected


def test_division_by_a_zero_variable_is_zero_not_nan():
    values = run("x / y", STATE)
    assert np.all(np.isfinite(values)) and values[1] == 0.0


def test_constants_fold_to_a_constant():
    formula = compile_formula("2 * (3 + 4) - max(1, 5)", resolve)
    assert formula.constant == 9.0


def test_conditions_used_as_numbers_count_as_zero_or_one():
    assert list(run("x > 0", STATE, want=NUM)) == [1.0, 0.0, 1.0]


def test_formula_reads_are_recorded():
    assert compile_formula("x + where(side.flag, y, 0)", resolve).reads == {"x", "y", "side.flag"}


@pytest.mark.parametrize(
    ("text", "words", "column"),
    [
        ("x +", "syntax error", 4),
        ("x + z", "unknown variable 'z'", 5),
        ("sqrt(x)", "unknown function 'sqrt'", 1),
        ("x / 0", "division by zero", 5),
        ("x ** 2", "operator ** is not allowed", 1),
        ("x if y else 1", "use where(", 1),
        ("'text'", "no text", 1),
        ("x and y", "and needs a condition", 1),
        ("not x", "not needs a condition", 5),
        ("x.__class__", "unknown variable", 1),
        ("__import__('os')", "unknown function '__import__'", 1),
        ("[x, y]", "lists are not allowed", 1),
        ("min(x)", "min() takes 2 or more arguments", 1),
        ("clip(x, 3, 1)", "low <= high", 1),
        ("x[0]", "indexing", 1),
        ("lambda: 1", "lambda is not allowed", 1),
    ],
)
def test_bad_formulas_are_refused_with_a_column(text, words, column):
    with pytest.raises(FormulaError) as caught:
        compile_formula(text, resolve)
    assert words in caught.value.message
    assert caught.value.column == column


def test_a_number_where_a_condition_is_needed_is_refused():
    with pytest.raises(FormulaError, match="must be a condition"):
        compile_formula("x + 1", resolve, want=BOOL)


def test_close_names_are_suggested():
    with pytest.raises(FormulaError, match=r"did you mean side\.flag"):
        compile_formula("side.flg", resolve, known=lambda: list(NAMES))


def test_oversized_and_deeply_nested_formulas_are_refused():
    with pytest.raises(FormulaError, match="longer than"):
        compile_formula("x + " * 1000 + "x", resolve)
    with pytest.raises(FormulaError, match="nested"):
        compile_formula("(" * 400 + "x" + ")" * 400, resolve)


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3),
    st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3),
)
def test_affine_folding_matches_plain_arithmetic(xs, ys):
    state = np.array([xs, ys, [0.0, 1.0, 0.0]])
    folded = run("0.3 * (64 - 0.07 * x - 0.04 * y + 3 * x - where(side.flag, 7, 0) - y)", state)
    x, y, f = state
    plain = 0.3 * (64 - 0.07 * x - 0.04 * y + 3 * x - np.where(f != 0, 7, 0) - y)
    assert np.allclose(folded, plain, rtol=1e-9, atol=1e-6)
