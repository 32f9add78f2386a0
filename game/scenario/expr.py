"""The scenario formula language, compiled to numpy functions over a batch of games.

A formula is a small expression such as ``0.3 * (100 - china.rare_earth_exports)``
or ``us.magnet_stockpile < 2 and not deal.active``.  It is parsed with Python's own
parser (``ast.parse``, which never runs anything), checked against a whitelist of
node types, type-checked (numbers versus conditions), constant-folded and compiled
once into a tree of closures.  Each closure takes the batch state, an array shaped
(variables, games), and returns one value per game.

Allowed: numbers, ``true``/``false``, dotted variable names, ``+ - * /``, unary
``-``, comparisons (chains too), ``and``/``or``/``not``, and the functions
``min``, ``max``, ``clip``, ``abs`` and ``where``; and, where the scenario compiler
offers memory (``Memory``), ``last(name)``, ``weeks_since(move)`` and ``times(move)``,
which read engine rows the compiler sets aside for them.  Division by zero at run time
yields 0, so no formula can create NaN or infinity; division by a literal zero
is refused when the scenario loads, and so are whole numbers beyond 64 bits and
constants or scalings whose value overflows (``1e308 * 10``).  A long flat sum
or product (``a + b + c + ...``) is compiled without recursion, so only truly
nested formulas can be "too deeply nested".
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

MAX_FORMULA_CHARS = 2_000
OVERFLOW = "this overflows: the value is beyond ±1.8e308 (formulas never make infinity or NaN)"
MAX_WHOLE = 2**63
"""Whole-number literals must be smaller than this in size (a 64-bit integer)."""
NUM, BOOL = "number", "condition"

Fn = Callable[[np.ndarray], "np.ndarray | float | bool"]
One = Callable[[np.ndarray], "float | bool"]
"""The same formula for a batch of one game: Python numbers (IEEE doubles, so the same bits), far fewer calls."""


class FormulaError(Exception):
    """A formula cannot be compiled; ``line`` and ``column`` are 1-based within the formula."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class VarRef:
    """What a name in a formula refers to: a row of the state and the kind of value it holds."""

    index: int
    kind: str = NUM


@dataclass(frozen=True)
class Formula:
    """A compiled formula: call ``fn(state)`` for one value per game."""

    source: str
    fn: Fn
    kind: str
    constant: float | bool | None
    reads: frozenset[str]
    rows: frozenset[int] | None = None
    """State rows ``fn`` reads, when every part of it reads the state only by row (None if unknown)."""
    one: One | None = None
    """The formula for one game in Python numbers (``fn`` uses it for a (rows, 1) state; None if ``fn`` does not)."""

    def __call__(self, state: np.ndarray):
        return self.fn(state)


Resolver = Callable[[str], VarRef]
Memory = Callable[[str, str], tuple[str, VarRef]]
"""(function, name) -> (the memory row's name, its reference); raises KeyError with a reason."""

MEMORY_FUNCTIONS = frozenset({"last", "weeks_since", "times"})


def _const(value) -> Fn:
    return lambda s: value


def _item(index: int) -> One:
    """One game's value of a row, as a Python number."""
    return lambda s: s.item(index, 0)


def _scalar_min(a, b):
    """np.minimum for two numbers: b when they are equal (so -0.0 and 0.0 come out as numpy's), NaN if either is."""
    return a if a < b or a != a else b


def _scalar_max(a, b):
    """np.maximum for two numbers, with numpy's choice between equals and NaN."""
    return a if a > b or a != a else b


def _scalar_divide(a, b):
    """_safe_divide for two numbers."""
    return a / b if b != 0.0 else 0.0


def _one_game(fn: Fn, one: One, kind: type) -> Fn:
    """fn, except that a batch of one game runs ``one`` in Python numbers (the same bits, in a (1,) array of the
    formula's kind, as the array form gives)."""

    def run(s):
        if s.shape[-1] != 1:
            return fn(s)
        if s.ndim == 2 and s.dtype == np.float64:
            return np.array((one(s),), dtype=kind)
        return fn(s)

    return run


@dataclass
class _Num:
    """A number formula in affine form: const + sum(coef * row) + sum(coef * nonlinear part).

    Keeping sums flat lets the compiler fuse every linear part of a formula into one
    gather-multiply-sum, so a long weighted sum costs three numpy calls, not dozens.
    """

    const: float = 0.0
    terms: dict[int, float] = field(default_factory=dict)
    atoms: list[tuple[float, Fn, One]] = field(default_factory=list)

    @property
    def constant(self) -> float | None:
        return self.const if not self.terms and not self.atoms else None

    def finite(self) -> bool:
        """Whether the constant and every coefficient are finite numbers (no overflow to inf or NaN)."""
        coefs = [self.const, *self.terms.values(), *(c for c, _, _ in self.atoms)]
        return bool(np.all(np.isfinite(coefs)))

    def scaled(self, k: float) -> _Num:
        return _Num(
            self.const * k, {r: c * k for r, c in self.terms.items()}, [(c * k, f, o) for c, f, o in self.atoms]
        )

    def plus(self, other: _Num, sign: float = 1.0) -> _Num:
        terms = dict(self.terms)
        for row, coef in other.terms.items():
            terms[row] = terms.get(row, 0.0) + sign * coef
        terms = {r: c for r, c in terms.items() if c != 0.0}
        return _Num(self.const + sign * other.const, terms, self.atoms + [(sign * c, f, o) for c, f, o in other.atoms])

    def fn(self) -> Fn:
        """One function computing the whole form."""
        const, atoms = self.const, list(self.atoms)
        if not self.terms and not atoms:
            return _const(const)
        if not self.terms and len(atoms) == 1 and atoms[0][0] == 1.0 and const == 0.0:
            return atoms[0][1]
        linear = _linear(self.terms)

        def run(s):
            value = linear(s) if linear is not None else 0.0
            for coef, part, _ in atoms:
                value = value + (part(s) if coef == 1.0 else coef * part(s))
            return value + const if const != 0.0 else value

        return run

    def view(self) -> bool:
        """Whether ``fn`` hands back a row of the state itself (a view, read late by whoever applies it)."""
        return not self.atoms and self.const == 0.0 and list(self.terms.values()) == [1.0]

    def one(self) -> One:
        """``fn`` for one game, in Python numbers: the same operations in the same order."""
        const, atoms = self.const, list(self.atoms)
        if not self.terms and not atoms:
            return _const(const)
        if not self.terms and len(atoms) == 1 and atoms[0][0] == 1.0 and const == 0.0:
            return atoms[0][2]
        linear = _linear_one(self.terms)
        if not atoms:
            return linear if const == 0.0 else (lambda s: linear(s) + const)

        def run(s):
            value = linear(s) if linear is not None else 0.0
            for coef, _, part in atoms:
                value = value + (part(s) if coef == 1.0 else coef * part(s))
            return value + const if const != 0.0 else value

        return run


def _linear(terms: dict[int, float]) -> Fn | None:
    """sum(coef * row) over the terms, added left to right, the same way for every batch width."""
    if not terms:
        return None
    if len(terms) == 1:
        ((row, coef),) = terms.items()
        return (lambda s: s[row]) if coef == 1.0 else (lambda s: coef * s[row])
    rows = np.array(list(terms), dtype=np.intp)
    coefs = np.array(list(terms.values()), dtype=float)[:, None]
    pairs = tuple((int(row), float(coef)) for row, coef in terms.items())

    def run(s):
        games = s.shape[1]
        if games == 1:
            return _sum_one(s, rows, pairs)
        if games >= _WIDE and s.dtype == np.float64:
            return _sum_rows(s, pairs)
        # Summing over the first axis of a (terms, games) array, numpy adds whole rows in turn: left to right.
        return (coefs * s[rows]).sum(axis=0)

    return run


def _linear_one(terms: dict[int, float]) -> One | None:
    """_linear for one game in Python numbers: _sum_one's operations without the array."""
    if not terms:
        return None
    if len(terms) == 1:
        ((row, coef),) = terms.items()
        return _item(row) if coef == 1.0 else (lambda s: coef * s.item(row, 0))
    (row0, coef0), *rest = terms.items()
    rest = tuple((int(row), float(coef)) for row, coef in rest)

    def run(s):
        total = coef0 * s.item(row0, 0)
        for row, coef in rest:
            total += coef * s.item(row, 0)
        return total + 0.0

    return run


_WIDE = 256
"""From this many games on, a linear sum runs row by row instead of through one (terms, games) temporary."""


def _sum_rows(s: np.ndarray, pairs: tuple[tuple[int, float], ...]) -> np.ndarray:
    """sum(coef * s[row]), left to right, one row at a time; a sum of -0.0s is +0.0 (as numpy's sum)."""
    (row, coef), rest = pairs[0], pairs[1:]
    total = s[row] * coef
    scratch = np.empty_like(total)
    for row, coef in rest:
        total += np.multiply(s[row], coef, out=scratch)
    total += 0.0
    return total


def _sum_one(s: np.ndarray, rows: np.ndarray, pairs: tuple[tuple[int, float], ...]) -> np.ndarray:
    """_sum_rows for a batch of one game, in Python floats (IEEE doubles: the same bits, ten times faster).

    numpy's sum of a (terms, 1) column would add pairwise (eight partial sums from eight
    terms on), not left to right as it does across the columns of a wider batch.
    """
    values = s[rows, 0].tolist()
    total = pairs[0][1] * values[0]
    for (_, coef), value in zip(pairs[1:], values[1:]):
        total += coef * value
    return np.array([total + 0.0])


@dataclass
class _Bool:
    """A condition: a function, or a constant."""

    fn: Fn
    one: One
    const: bool | None = None


def _chain(fns: list[Fn], ufunc) -> Fn:
    """f0(s) op f1(s) op ... for a binary numpy function op (and, or, min, max)."""
    first, rest = fns[0], fns[1:]

    def run(s):
        result = first(s)
        for f in rest:
            result = ufunc(result, f(s))
        return result

    return run


def _all(ones: list[One]) -> One:
    """Whether every condition holds, for one game (they read the state only, so stopping early is the same)."""

    def run(s):
        for f in ones:  # noqa: SIM110 (a loop: no generator to set up on every call)
            if not f(s):
                return False
        return True

    return run


def _any(ones: list[One]) -> One:
    """Whether some condition holds, for one game."""

    def run(s):
        for f in ones:  # noqa: SIM110 (a loop: no generator to set up on every call)
            if f(s):
                return True
        return False

    return run


class _Product:
    """f0(s) * f1(s) / f2(s) ... left to right in a loop, so a long product nests no calls."""

    def __init__(self, factors: tuple[tuple[Fn, One, bool], ...]):
        self.factors = factors
        """(function, its one-game form, whether it divides) for each factor (the first's flag is ignored)."""

    def __call__(self, s):
        (first, _, _), rest = self.factors[0], self.factors[1:]
        value = first(s)
        for fn, _, divide in rest:
            value = _safe_divide(value, fn(s)) if divide else value * fn(s)
        return value

    def one(self, s):
        """The product for one game, in Python numbers."""
        (_, first, _), rest = self.factors[0], self.factors[1:]
        value = first(s)
        for _, fn, divide in rest:
            value = _scalar_divide(value, fn(s)) if divide else value * fn(s)
        return value


def _product(left: _Num, right: _Num, divide: bool) -> _Num:
    """left * right (or left / right, 0 where right is 0) for two non-constant numbers."""
    a = left.fn()
    factors = a.factors if isinstance(a, _Product) else ((a, left.one(), False),)
    product = _Product((*factors, (right.fn(), right.one(), divide)))
    return _atom(product, product.one)


def _atom(fn: Fn, one: One) -> _Num:
    return _Num(0.0, {}, [(1.0, fn, one)])


def _number(node: _Num | _Bool) -> _Num:
    """Conditions count as 0 or 1 in arithmetic."""
    if isinstance(node, _Num):
        return node
    if node.const is not None:
        return _Num(float(node.const))
    return _atom(node.fn, node.one)


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` as a string, or None if the node is not a plain dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _Compiler:
    """Walks a parsed formula, checking and compiling each node into a _Num or a _Bool."""

    FUNCTIONS = frozenset({"min", "max", "clip", "abs", "where"}) | MEMORY_FUNCTIONS

    def __init__(self, resolve: Resolver, known: Callable[[], list[str]] | None, memory: Memory | None = None):
        self.resolve = resolve
        self.known = known
        self.memory = memory
        self.reads: set[str] = set()
        self.rows: set[int] | None = set()

    def fail(self, node: ast.AST, message: str):
        raise FormulaError(message, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)

    def compile(self, node: ast.AST) -> _Num | _Bool:
        method = getattr(self, "node_" + type(node).__name__, None)
        if method is None:
            self.fail(node, _not_allowed(node))
        if type(node) not in _ROW_READERS and not (isinstance(node, ast.Call) and _call_name(node) in _ROW_CALLS):
            self.rows = None
        result = method(node)
        if isinstance(result, _Num) and not result.finite():
            self.fail(node, OVERFLOW)
        return result

    def num(self, node: ast.AST, word: str) -> _Num:
        """Compile a node that must be a number (conditions count as 0/1)."""
        return _number(self.compile(node))

    def cond(self, node: ast.AST, word: str) -> _Bool:
        """Compile a node that must be a condition."""
        value = self.compile(node)
        if not isinstance(value, _Bool):
            self.fail(node, f"{word} needs a condition here, got a number (compare it, e.g. x > 0)")
        return value

    # -- leaves ---------------------------------------------------------------
    def node_Constant(self, node):
        value = node.value
        if isinstance(value, bool):
            return _Bool(_const(value), _const(value), value)
        if isinstance(value, int) and abs(value) >= MAX_WHOLE:
            self.fail(node, f"the whole number {_short(value)} is too large (at most 2**63, about 9.2e18)")
        if isinstance(value, (int, float)) and not isinstance(value, complex):
            if not np.isfinite(value):
                self.fail(node, "numbers must be finite")
            return _Num(float(value))
        self.fail(node, "only numbers and true/false are allowed in formulas (no text)")

    def node_Name(self, node):
        if node.id in ("true", "false"):
            value = node.id == "true"
            return _Bool(_const(value), _const(value), value)
        return self.variable(node, node.id)

    def node_Attribute(self, node):
        name = _dotted(node)
        if name is None:
            self.fail(node, "only dotted variable names such as side.economy are allowed")
        return self.variable(node, name)

    def variable(self, node, name: str):
        try:
            ref = self.resolve(name)
        except KeyError as exc:
            message = f"unknown variable {name!r}"
            hint = exc.args[0] if exc.args and isinstance(exc.args[0], str) and exc.args[0] != name else ""
            if not hint and self.known is not None:
                close = difflib.get_close_matches(name, self.known(), n=3, cutoff=0.6)
                hint = f"did you mean {', '.join(close)}?" if close else ""
            self.fail(node, f"{message}; {hint}" if hint else message)
        self.reads.add(name)
        index = ref.index
        if self.rows is not None:
            self.rows.add(index)
        if ref.kind == BOOL:
            return _Bool(lambda s: s[index] != 0.0, lambda s: s.item(index, 0) != 0.0)
        return _Num(0.0, {index: 1.0})

    # -- operators ------------------------------------------------------------
    def node_Expression(self, node):
        return self.compile(node.body)

    def node_UnaryOp(self, node):
        if isinstance(node.op, ast.Not):
            inner = self.cond(node.operand, "not")
            if inner.const is not None:
                return _Bool(_const(not inner.const), _const(not inner.const), not inner.const)
            fn, one = inner.fn, inner.one
            return _Bool(lambda s: np.logical_not(fn(s)), lambda s: not one(s))
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.num(node.operand, "-")
            return inner.scaled(-1.0) if isinstance(node.op, ast.USub) else inner
        self.fail(node, _not_allowed(node.op))

    def node_BinOp(self, node):
        chain = _flat_chain(node)
        result = self.num(chain[0].left, "arithmetic")
        for link in chain:
            result = self.binary(link, result)
            if not result.finite():
                self.fail(link.right, OVERFLOW)
        return result

    def binary(self, node: ast.BinOp, left: _Num) -> _Num:
        """Combine the already compiled left operand with node's right operand."""
        op = node.op
        if not isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            self.fail(node, f"the operator {_op_text(op)} is not allowed; use + - * /")
        right = self.num(node.right, "arithmetic")
        lc, rc = left.constant, right.constant
        if isinstance(op, ast.Add):
            return left.plus(right)
        if isinstance(op, ast.Sub):
            return left.plus(right, -1.0)
        if isinstance(op, ast.Mult):
            if rc is not None:
                return left.scaled(rc)
            if lc is not None:
                return right.scaled(lc)
            return _product(left, right, divide=False)
        if rc is not None:
            if rc == 0.0:
                self.fail(node.right, "division by zero")
            if lc is not None:
                return _Num(lc / rc)
            return left.scaled(1.0 / rc)
        return _product(left, right, divide=True)

    def node_BoolOp(self, node):
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self.cond(v, word) for v in node.values]
        if all(p.const is not None for p in parts):
            values = [bool(p.const) for p in parts]
            value = all(values) if word == "and" else any(values)
            return _Bool(_const(value), _const(value), value)
        ones = [p.one for p in parts]
        if word == "and":
            return _Bool(_chain([p.fn for p in parts], np.logical_and), _all(ones))
        return _Bool(_chain([p.fn for p in parts], np.logical_or), _any(ones))

    def node_Compare(self, node):
        operands = [self.num(n, "comparison") for n in [node.left, *node.comparators]]
        tests = []
        for op in node.ops:
            if type(op) not in _COMPARE:
                self.fail(node, f"the comparison {_op_text(op)} is not allowed")
        if all(o.constant is not None for o in operands):
            values = [o.constant for o in operands]
            value = all(bool(_COMPARE[type(op)](x, y)) for op, x, y in zip(node.ops, values, values[1:]))
            return _Bool(_const(value), _const(value), value)
        fns = [o.fn() for o in operands]
        ones = [o.one() for o in operands]
        for op, a, b in zip(node.ops, fns, fns[1:]):
            tests.append((_COMPARE[type(op)], a, b))
        checks = [(_COMPARE_ONE[type(op)], a, b) for op, a, b in zip(node.ops, ones, ones[1:])]
        if len(tests) == 1:
            (ufunc, a, b), (test, a1, b1) = tests[0], checks[0]
            return _Bool(lambda s: ufunc(a(s), b(s)), lambda s: test(a1(s), b1(s)))

        def run(s):
            result = True
            for ufunc, a, b in tests:
                result = np.logical_and(result, ufunc(a(s), b(s)))
            return result

        def run_one(s):
            for test, a, b in checks:  # noqa: SIM110 (a loop: no generator to set up on every call)
                if not test(a(s), b(s)):
                    return False
            return True

        return _Bool(run, run_one)

    def node_Call(self, node):
        name = _call_name(node)
        if name not in self.FUNCTIONS:
            close = difflib.get_close_matches(str(name), self.FUNCTIONS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            self.fail(node, f"unknown function {name!r}; {hint}the functions are {', '.join(sorted(self.FUNCTIONS))}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"{name}() takes plain arguments only")
        return getattr(self, "call_" + name)(node)

    # -- functions ------------------------------------------------------------
    def arity(self, node, name, low, high=None):
        high = low if high is None else high
        count = len(node.args)
        if not low <= count <= high:
            want = f"{low}" if low == high else f"{low} or more" if high > 50 else f"{low} to {high}"
            self.fail(node, f"{name}() takes {want} arguments, got {count}")

    def numbers(self, node, name) -> list[_Num]:
        out = []
        for arg in node.args:
            value = self.compile(arg)
            if not isinstance(value, _Num):
                self.fail(arg, f"{name}() needs a number here, got a condition")
            out.append(value)
        return out

    def call_min(self, node):
        return self.reduce(node, "min", np.minimum, min, _scalar_min)

    def call_max(self, node):
        return self.reduce(node, "max", np.maximum, max, _scalar_max)

    def reduce(self, node, name, ufunc, builtin, scalar):
        self.arity(node, name, 2, 99)
        args = self.numbers(node, name)
        if all(a.constant is not None for a in args):
            return _Num(float(builtin(a.constant for a in args)))
        return _atom(_chain([a.fn() for a in args], ufunc), _chain([a.one() for a in args], scalar))

    def call_clip(self, node):
        self.arity(node, "clip", 3)
        x, lo, hi = self.numbers(node, "clip")
        if lo.constant is not None and hi.constant is not None and lo.constant > hi.constant:
            self.fail(node, "clip(x, low, high) needs low <= high")
        if x.constant is not None and lo.constant is not None and hi.constant is not None:
            return _Num(min(max(x.constant, lo.constant), hi.constant))
        fx, flo, fhi = x.fn(), lo.fn(), hi.fn()
        ox, olo, ohi = x.one(), lo.one(), hi.one()
        return _atom(
            lambda s: np.minimum(np.maximum(fx(s), flo(s)), fhi(s)),
            lambda s: _scalar_min(_scalar_max(ox(s), olo(s)), ohi(s)),
        )

    def call_abs(self, node):
        self.arity(node, "abs", 1)
        (x,) = self.numbers(node, "abs")
        if x.constant is not None:
            return _Num(abs(x.constant))
        fx, ox = x.fn(), x.one()
        return _atom(lambda s: np.abs(fx(s)), lambda s: abs(ox(s)))

    def call_where(self, node):
        self.arity(node, "where", 3)
        cond = self.cond(node.args[0], "where")
        a, b = self.compile(node.args[1]), self.compile(node.args[2])
        if cond.const is not None:
            return a if cond.const else b
        both_bool = isinstance(a, _Bool) and isinstance(b, _Bool)
        fa = a.fn if isinstance(a, _Bool) else a.fn()
        fb = b.fn if isinstance(b, _Bool) else b.fn()
        oa = a.one if isinstance(a, _Bool) else a.one()
        ob = b.one if isinstance(b, _Bool) else b.one()
        fc, oc = cond.fn, cond.one
        run = lambda s: np.where(fc(s), fa(s), fb(s))
        run_one = lambda s: oa(s) if oc(s) else ob(s)
        return _Bool(run, run_one) if both_bool else _atom(run, run_one)

    def call_last(self, node):
        return self.remember(node, "last", "a variable's name, e.g. last(tension) or last(other.tariff)")

    def call_weeks_since(self, node):
        return self.remember(node, "weeks_since", "a move's id, e.g. weeks_since(call) or weeks_since(other.call)")

    def call_times(self, node):
        return self.remember(node, "times", "a move's id, e.g. times(call) or times(other.call)")

    def remember(self, node, name: str, want: str):
        """A memory function: its one argument is a name, its value a row the engine keeps up to date."""
        self.arity(node, name, 1)
        (arg,) = node.args
        target = _dotted(arg)
        if target is None:
            self.fail(arg, f"{name}() takes {want}, not a formula")
        if self.memory is None:
            self.fail(node, f"{name}() cannot be used here")
        try:
            row_name, ref = self.memory(name, target)
        except KeyError as exc:
            self.fail(arg, str(exc.args[0]) if exc.args else f"unknown name {target!r}")
        self.reads.add(row_name)
        index = ref.index
        if ref.kind == BOOL:
            return _Bool(lambda s: s[index] != 0.0, lambda s: s.item(index, 0) != 0.0)
        return _Num(0.0, {index: 1.0})


def _call_name(node: ast.Call) -> str | None:
    """The function a call names, e.g. 'min'."""
    return node.func.id if isinstance(node.func, ast.Name) else _dotted(node.func)


_ROW_CALLS = frozenset({"min", "max", "clip", "abs", "where"})
"""Functions known to read the state only through the variables they are given (``Formula.rows``)."""
_ROW_READERS = frozenset(
    {ast.Expression, ast.Constant, ast.Name, ast.Attribute, ast.UnaryOp, ast.BinOp, ast.BoolOp, ast.Compare}
)
"""Nodes known to read the state only through variable names."""


def _flat_chain(node: ast.BinOp) -> list[ast.BinOp]:
    """The left-nested operations of ``a + b - c * d ...`` from the innermost out (walked without recursion)."""
    chain = [node]
    while isinstance(chain[-1].left, ast.BinOp):
        chain.append(chain[-1].left)
    return chain[::-1]


def _short(value: int) -> str:
    """A huge whole number in a few characters: '1234...890 (400 digits)'."""
    text = str(abs(value))
    sign = "-" if value < 0 else ""
    return f"{sign}{text}" if len(text) <= 24 else f"{sign}{text[:6]}...{text[-3:]} ({len(text)} digits)"


_COMPARE = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_COMPARE_ONE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def _safe_divide(a, b):
    """a / b per game, with 0 wherever b is 0 (never NaN or infinity)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    out = np.zeros(np.broadcast_shapes(a.shape, b.shape))
    np.divide(a, b, out=out, where=b != 0.0)
    return out


def _op_text(op: ast.AST) -> str:
    return {
        ast.Pow: "**",
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.MatMult: "@",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.In: "in",
        ast.NotIn: "not in",
        ast.Invert: "~",
    }.get(type(op), type(op).__name__)


def _not_allowed(node: ast.AST) -> str:
    hints = {
        ast.IfExp: "use where(condition, a, b) instead of 'a if condition else b'",
        ast.Subscript: "indexing with [] is not allowed",
        ast.Lambda: "lambda is not allowed",
        ast.List: "lists are not allowed in formulas",
        ast.Tuple: "tuples are not allowed in formulas",
        ast.Dict: "dictionaries are not allowed in formulas",
    }
    return hints.get(type(node), f"{type(node).__name__} is not allowed in formulas")


def compile_formula(
    source: object,
    resolve: Resolver,
    want: str | None = None,
    known: Callable[[], list[str]] | None = None,
    memory: Memory | None = None,
) -> Formula:
    """Compile formula text (or a plain number/bool) into a Formula, or raise FormulaError."""
    if isinstance(source, bool):
        return Formula(str(source).lower(), _const(source), BOOL, source, frozenset(), frozenset())
    if isinstance(source, (int, float)):
        if isinstance(source, int) and abs(source) >= MAX_WHOLE:
            raise FormulaError(f"the whole number {_short(source)} is too large (at most 2**63, about 9.2e18)")
        value = float(source)
        if not np.isfinite(value):
            raise FormulaError("numbers must be finite")
        return Formula(str(source), _const(value), NUM, value, frozenset(), frozenset())
    if not isinstance(source, str):
        raise FormulaError(f"expected a formula (text or number), got {type(source).__name__}")
    text = source.strip()
    if not text:
        raise FormulaError("the formula is empty")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"the formula is longer than {MAX_FORMULA_CHARS} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        if not exc.offset:
            raise FormulaError("syntax error: the formula ends too early", 1, len(text) + 1) from None
        raise FormulaError(f"syntax error: {exc.msg}", exc.lineno or 1, exc.offset) from None
    except (RecursionError, MemoryError):
        raise FormulaError("the formula is too deeply nested") from None
    except ValueError as exc:
        raise FormulaError(f"the formula cannot be read: {exc}") from None
    compiler = _Compiler(resolve, known, memory)
    try:
        result = compiler.compile(tree)
    except RecursionError:
        raise FormulaError("the formula is too deeply nested") from None
    reads = frozenset(compiler.reads)
    rows = None if compiler.rows is None else frozenset(compiler.rows)
    if isinstance(result, _Bool):
        if want == NUM:
            fn = result.fn
            const = None if result.const is None else float(result.const)
            if const is not None:
                return Formula(text, _const(const), NUM, const, reads, rows)
            number = lambda s: np.asarray(fn(s), dtype=float)
            return Formula(text, _one_game(number, result.one, np.float64), NUM, None, reads, rows, result.one)
        if result.const is not None:
            return Formula(text, result.fn, BOOL, result.const, reads, rows)
        return Formula(text, _one_game(result.fn, result.one, np.bool_), BOOL, None, reads, rows, result.one)
    if want == BOOL:
        raise FormulaError("this must be a condition (true/false), e.g. tension > 50; got a number")
    if result.constant is not None or result.view():
        return Formula(text, result.fn(), NUM, result.constant, reads, rows)
    one = result.one()
    return Formula(text, _one_game(result.fn(), one, np.float64), NUM, None, reads, rows, one)
