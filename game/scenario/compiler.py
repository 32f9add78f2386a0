"""Compile a validated scenario into arrays and numpy functions, reporting every problem with its place.

Two passes: first every name gets its row in the state array (declared variables,
levers, then the engine's own rows: move flags, contest results, event counters,
the deal machinery, estimates); then every formula and template is compiled
against those names.  Problems are collected, not raised one by one, so an author
sees them all at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from .compiled import (
    ClauseInfo,
    CompiledScenario,
    ContestInfo,
    DealRows,
    DiscoveryInfo,
    Effect,
    EndingInfo,
    EventInfo,
    HistoryStep,
    LeverInfo,
    MemoryRows,
    MoveInfo,
    ObjectiveInfo,
    PackageInfo,
    QuestionInfo,
    RuleInfo,
    VarInfo,
)
from .expr import BOOL, NUM, Formula, FormulaError, VarRef, compile_formula
from .problems import Problem, ScenarioError, path_text
from .schema import Event, Lever, Question, Scenario
from .tables import build_tables
from .texts import TemplateError, compile_template, literal_template, number_format_problem
from .usage import usage_warnings
from .yamlsafe import Located, load_text, read_text

RESERVED_FIRST = {"deal", "event", "turn", "horizon", "over", "ending", "self", "other", "true", "false", "winner"}
RESERVED_SECOND = {"did", "won", "found", "offer", "compliance", "slow_walking", "escalations"}
SIDE_TEXT_FIELDS = ("name", "short", "leader", "title")
NEVER = 999.0
"""What weeks_since(move) reads when the side has never made the move."""


def schema_problems(located: Located, error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into located problems."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        loc = _drop_union_tags(located, loc)
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}" if loc else "unknown key"
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append(located.problem(loc, message, prefer_key=item["type"] == "extra_forbidden"))
    return problems


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest known names, matching the part after the side first; '' if none."""
    known = list(known)
    tail = name.partition(".")[2] or name
    close = [k for k in known if k != name and (k.partition(".")[2] or k) == tail]
    close += [k for k in difflib.get_close_matches(name, known, n=3, cutoff=0.75) if k not in close]
    return f" (did you mean {', '.join(close[:3])}?)" if close else ""


def _drop_union_tags(located: Located, loc: tuple) -> tuple:
    """Pydantic adds the union member's type name to locations; keep only real document keys."""
    out: list = []
    for part in loc:
        candidate = tuple(out) + (part,)
        if candidate in located.values or candidate in located.keys or isinstance(part, int):
            out.append(part)
        elif isinstance(part, str) and part in ("str", "int", "float", "bool", "date", "list", "dict"):
            continue
        else:
            out.append(part)
    return tuple(out)


class _Builder:
    """Holds the state-row table and collects problems while compiling."""

    def __init__(self, model: Scenario, located: Located):
        self.model = model
        self.loc = located
        self.problems: list[Problem] = []
        self.sides = tuple(model.sides)
        self.vars: list[VarInfo] = []
        self.index: dict[str, int] = {}
        self.side_texts = tuple(
            {f: getattr(model.sides[s], f) for f in SIDE_TEXT_FIELDS} | {"id": s} for s in self.sides
        )
        self.read_rows: set[int] = set()
        """Rows some formula or text reads (for the 'never read' warnings in ``authoring.usage``)."""
        self.remembered: dict[str, list[tuple[int, int]]] = {"last": [], "weeks_since": [], "times": []}
        """Memory rows the formulas asked for: function -> [(memory row, row it follows)]."""

    # -- problems ---------------------------------------------------------------
    def problem(self, path: tuple, message: str, prefer_key: bool = False, severity: str = "error"):
        self.problems.append(self.loc.problem(path, message, prefer_key=prefer_key, severity=severity))

    def formula_problem(self, path: tuple, text: object, err: FormulaError | TemplateError):
        line, col = self.loc.position(path)
        style = self.loc.styles.get(path)
        raw = text if isinstance(text, str) else ""
        lead = len(raw) - len(raw.lstrip())
        err_line = getattr(err, "line", 1)
        if err_line == 1 and style in (None, "'", '"') and "\n" not in raw.strip():
            col = col + (1 if style else 0) + lead + err.column - 1
        elif style in ("|", ">"):
            line = line + err_line
        else:
            line = line + err_line - 1
        self.problems.append(Problem(self.loc.file, line, col, path_text(path), err.message))

    # -- rows -----------------------------------------------------------------
    def add_row(self, name: str, **kw) -> int:
        if name in self.index:
            return self.index[name]
        info = VarInfo(index=len(self.vars), name=name, **kw)
        self.vars.append(info)
        self.index[name] = info.index
        return info.index

    def engine_row(
        self, name, owner=-1, kind="number", low=0.0, high=1.0, start=0.0, label="", hidden=False, noise=0.0
    ):
        return self.add_row(
            name,
            label=label or name,
            owner=owner,
            role="engine",
            start=start,
            low=low,
            high=high,
            kind=kind,
            hidden=hidden,
            noise=noise,
        )

    def owner_of(self, name: str, path: tuple) -> int | None:
        parts = name.split(".")
        if parts[0] in RESERVED_FIRST or (len(parts) > 1 and parts[1] in RESERVED_SECOND):
            self.problem(path, f"{name!r} uses a reserved word; pick another name", prefer_key=True)
            return None
        if len(parts) == 1:
            return -1
        if parts[0] not in self.sides:
            self.problem(
                path,
                f"{name!r}: a dotted name must start with a side ({', '.join(self.sides)})",
                prefer_key=True,
            )
            return None
        return self.sides.index(parts[0])

    # -- names in formulas ----------------------------------------------------
    def resolver(self, side: int | None):
        def resolve(name: str) -> VarRef:
            full = self.qualify(name, side)
            if full not in self.index:
                raise KeyError(self.one_sided(name) or name)
            info = self.vars[self.index[full]]
            self.read_rows.add(info.index)
            return VarRef(info.index, BOOL if info.kind == "flag" else NUM)

        return resolve

    def qualify(self, name: str, side: int | None) -> str:
        head, _, rest = name.partition(".")
        if head in ("self", "other"):
            if side is None:
                raise KeyError(f"'{head}' can only be used in moves, contests' winner effects and objectives")
            who = side if head == "self" else 1 - side
            return f"{self.sides[who]}.{rest}" if rest else self.sides[who]
        return name

    def one_sided(self, name: str) -> str:
        """Why 'self.X' or 'other.X' is unknown when only one side has X ('' if that is not the reason)."""
        head, _, rest = name.partition(".")
        if head not in ("self", "other") or not rest:
            return ""
        have = [sid for sid in self.sides if f"{sid}.{rest}" in self.index]
        if len(have) != 1:
            return ""
        lack = next(sid for sid in self.sides if sid not in have)
        return (
            f"{name!r} stands for each side's own {rest!r}, and both sides need it: {have[0]}.{rest} exists but "
            f"{lack}.{rest} does not (declare {lack}.{rest} too, or write {have[0]}.{rest})"
        )

    def known_names(self) -> list[str]:
        return [name for name in self.index if "(" not in name]

    def memory(self, side: int | None):
        """The formula compiler's memory hook: the row behind last(x), weeks_since(move) or times(move)."""

        def remember(function: str, name: str) -> tuple[str, VarRef]:
            if function == "last":
                source = self.vars[self.index[self.known_variable(name, side)]]
                row = self.memory_row(f"last({source.name})", function, source, source.start, source.low, source.high)
            else:
                flag = self.vars[self.index[self.move_flag(name, side, function)]]
                start, high = (NEVER, NEVER) if function == "weeks_since" else (0.0, 1e6)
                name = f"{function}({flag.name.replace('.did.', '.')})"
                row = self.memory_row(name, function, flag, start, 0.0, high)
            info = self.vars[row]
            self.read_rows.add(info.index)
            return info.name, VarRef(info.index, BOOL if info.kind == "flag" else NUM)

        return remember

    def known_variable(self, name: str, side: int | None) -> str:
        """The full name of a variable last() may follow; KeyError with a reason and suggestions if none."""
        full = self.qualify(name, side)
        if full not in self.index or "(" in full:
            why = self.one_sided(name) or f"unknown variable {name!r}{did_you_mean(full, self.known_names())}"
            raise KeyError(why)
        return full

    def move_flag(self, name: str, side: int | None, function: str) -> str:
        """The row name of the move a memory function names ('id', 'self.id', 'other.id' or '<side>.id')."""
        head, _, rest = name.partition(".")
        moves = {sid: [n.split(".did.", 1)[1] for n in self.index if n.startswith(f"{sid}.did.")] for sid in self.sides}
        if rest and head in ("self", "other"):
            if side is None:
                raise KeyError(f"'{head}' can only be used in moves, contests' winner effects and objectives")
            head = self.sides[side if head == "self" else 1 - side]
        elif not rest:
            head, rest = self.side_of_move(name, side, moves, function), name
        if head not in self.sides:
            raise KeyError(f"{name!r}: a move is named by its id, or by a side and its id (e.g. {self.sides[0]}.<id>)")
        if rest not in moves[head]:
            everyone = [f"{sid}.{m}" for sid in self.sides for m in moves[sid]]
            raise KeyError(f"{head} has no move {rest!r}{did_you_mean(f'{head}.{rest}', everyone)}")
        return f"{head}.did.{rest}"

    def side_of_move(self, move: str, side: int | None, moves: dict, function: str) -> str:
        """Whose move a bare id means: the formula's own side, else the one side that has it."""
        if side is not None:
            return self.sides[side]
        have = [sid for sid in self.sides if move in moves[sid]]
        if len(have) == 1:
            return have[0]
        if have:
            both = " or ".join(f"{function}({sid}.{move})" for sid in self.sides)
            raise KeyError(f"both sides have a move {move!r}: say whose, {both}")
        everyone = sorted({m for sid in self.sides for m in moves[sid]})
        raise KeyError(f"no side has a move {move!r}{did_you_mean(move, everyone)}")

    def memory_row(self, name: str, function: str, source: VarInfo, start: float, low: float, high: float) -> int:
        """The memory row called name, following source's row (made once; it is seen as source is)."""
        if name in self.index:
            return self.index[name]
        kind = source.kind if function == "last" else "number"
        noise = source.noise if function == "last" else 0.0
        row = self.engine_row(name, source.owner, kind, low, high, start, label=name, hidden=source.hidden, noise=noise)
        self.remembered[function].append((row, source.index))
        return row

    def formula(self, path: tuple, text: object, side: int | None = None, want: str | None = None):
        try:
            memory = self.memory(side)
            return compile_formula(text, self.resolver(side), want=want, known=self.known_names, memory=memory)
        except FormulaError as err:
            self.formula_problem(path, text, err)
            return None

    def template(self, path: tuple, text: str, side: int | None = None, extra: dict | None = None):
        if not text:
            return None

        def lookup(field: str):
            if extra and field.partition(".")[0] in extra:
                who, _, attr = field.partition(".")
                return self.side_text(extra[who], attr, field)
            head, _, attr = field.partition(".")
            if head in ("self", "other") and side is not None and attr in SIDE_TEXT_FIELDS + ("id",):
                return self.side_text(side if head == "self" else 1 - side, attr, field)
            if head in self.sides and attr in SIDE_TEXT_FIELDS + ("id",):
                return self.side_text(self.sides.index(head), attr, field)
            full = self.qualify(field, side)
            if full in self.index:
                self.read_rows.add(self.index[full])
                return self.index[full]
            reason = self.one_sided(field)
            raise KeyError(reason or f"unknown name {field!r} in placeholder{self.placeholder_hint(field, side)}")

        try:
            return compile_template(text, lookup)
        except TemplateError as err:
            self.formula_problem(path, text, err)
            return None

    def placeholder_hint(self, field: str, side: int | None) -> str:
        """' (did you mean ...?)' among the names a placeholder here could use."""
        heads = list(self.sides) + (["self", "other"] if side is not None else [])
        texts = [f"{h}.{a}" for h in heads for a in SIDE_TEXT_FIELDS + ("id",)]
        return did_you_mean(field, self.known_names() + texts)

    def side_text(self, side: int, attr: str, field: str) -> str:
        if attr not in SIDE_TEXT_FIELDS + ("id",):
            raise KeyError(f"{field!r}: a side's texts are {', '.join(SIDE_TEXT_FIELDS)}")
        return self.side_texts[side][attr]

    def effects(self, path: tuple, mapping: dict, mode: str, side: int | None = None) -> tuple[Effect, ...]:
        out = []
        for target, text in mapping.items():
            try:
                full = self.qualify(target, side)
            except KeyError as exc:
                self.problem(path + (target,), exc.args[0], prefer_key=True)
                continue
            if full not in self.index:
                why = self.one_sided(target) or f"unknown variable {target!r}{did_you_mean(full, self.index)}"
                self.problem(path + (target,), why, prefer_key=True)
                continue
            info = self.vars[self.index[full]]
            if info.role == "engine" and (
                full.endswith(tuple(f".{x}" for x in ("did", "won"))) or ".did." in full or ".found." in full
            ):
                self.problem(path + (target,), f"{target!r} is set by the engine and cannot be changed")
                continue
            formula = self.formula(path + (target,), text, side, NUM)
            if formula is not None:
                out.append(Effect(info.index, formula, mode))
        return tuple(out)

    def condition(self, path: tuple, text: object, side: int | None = None):
        return self.formula(path, text, side, BOOL)


def _sides_of(builder: _Builder, path: tuple, names: list[str]) -> list[int]:
    if not names:
        return [0, 1]
    out = []
    for i, name in enumerate(names):
        if name not in builder.sides:
            builder.problem(path + (i,), f"unknown side {name!r}; the sides are {', '.join(builder.sides)}")
        else:
            out.append(builder.sides.index(name))
    return out


def _declare_variables(b: _Builder) -> None:
    model = b.model
    for name, var in model.variables.items():
        owner = b.owner_of(name, ("variables", name))
        _check_format(b, ("variables", name, "format"), var.format)
        if owner is None:
            continue
        b.add_row(
            name,
            label=var.label,
            owner=owner,
            role="variable",
            start=var.start,
            low=var.min,
            high=var.max,
            kind=var.kind,
            unit=var.unit,
            describe=var.describe,
            noise=var.noise if owner >= 0 else 0.0,
            hidden=var.hidden and owner >= 0,
            format=var.format,
            shown=var.shown,
        )
    for name, lever in model.levers.items():
        owner = b.owner_of(name, ("levers", name))
        _check_format(b, ("levers", name, "format"), lever.format)
        if owner is None:
            continue
        if owner < 0:
            b.problem(("levers", name), f"lever {name!r} must belong to a side: '<side>.{name}'", prefer_key=True)
            continue
        if name in b.index:
            b.problem(("levers", name), f"{name!r} is both a variable and a lever", prefer_key=True)
            continue
        b.add_row(
            name,
            label=lever.label,
            owner=owner,
            role="lever",
            start=lever.start,
            low=lever.values[0],
            high=lever.values[-1],
            unit=lever.unit,
            describe=lever.describe,
            noise=lever.noise,
            hidden=lever.hidden,
            format=lever.format,
        )


def _check_format(b: _Builder, path: tuple, spec: str) -> None:
    """Report a display format that cannot format a number or asks for a huge width or precision."""
    if problem := number_format_problem(spec):
        b.problem(path, problem)


def _lower_first(text: str) -> str:
    """'Tariff on goods' -> 'tariff on goods', but 'AI-chip controls' stays as it is."""
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _move_specs(b: _Builder) -> list[list[dict]]:
    """Every side's moves as plain specs (lever notches first), before formulas are compiled."""
    specs: list[list[dict]] = [[], []]
    for name, lever in b.model.levers.items():
        if name not in b.index:
            continue
        side, short = b.sides.index(name.split(".")[0]), name.split(".", 1)[1]
        for direction, spec in (("up", lever.up), ("down", lever.down)):
            if not spec.enabled:
                continue
            verb = "Raise" if direction == "up" else "Lower"
            specs[side].append(
                dict(
                    id=f"{short}_{direction}",
                    kind=direction,
                    label=spec.label or f"{verb} {_lower_first(lever.label)}",
                    describe=spec.describe or lever.describe,
                    cost=lever.cost if spec.cost is None else spec.cost,
                    when=spec.when,
                    limit=_notch_limit(name, lever.values, direction),
                    add=spec.add,
                    set=spec.set,
                    visibility="public",
                    headline=spec.headline,
                    group=f"lever_{name}",
                    lever=name,
                    stance="escalate" if direction == lever.escalation else "calm",
                    path=("levers", name, direction),
                )
            )
    for i, move in enumerate(b.model.moves):
        for side in _sides_of(b, ("moves", i, "sides"), move.sides):
            specs[side].append(
                dict(
                    id=move.id,
                    kind=move.kind,
                    label=move.label,
                    describe=move.describe,
                    cost=move.cost,
                    when=move.when,
                    add=move.add,
                    set=move.set,
                    visibility=move.visibility,
                    headline=move.headline,
                    group=move.group,
                    lever=None,
                    stance=move.stance,
                    explain=move.explain,
                    path=("moves", i),
                    discovered=move.discovered,
                )
            )
    for side, side_specs in enumerate(specs):
        seen: dict[str, tuple] = {}
        for spec in side_specs:
            if spec["id"] in seen:
                b.problem(spec["path"] + ("id",), f"{b.sides[side]} already has a move {spec['id']!r}")
            seen[spec["id"]] = spec["path"]
    return specs


def _declare_engine_rows(b: _Builder, move_specs: list[list[dict]]) -> dict:
    model = b.model
    rows: dict = {}
    horizon_high = float(model.max_turns or model.turns)
    rows["turn"] = b.engine_row("turn", low=1, high=horizon_high + 1, start=1, label="Turn")
    rows["horizon"] = b.engine_row("horizon", low=model.turns, high=horizon_high, start=model.turns, label="Last turn")
    rows["over"] = b.engine_row("over", kind="flag", label="Game over")
    rows["ending"] = b.engine_row("ending", high=len(model.endings) + 1, label="Ending")
    rows["escalations"] = tuple(
        b.engine_row(f"{sid}.escalations", high=1e4, label="Public escalating moves") for sid in b.sides
    )
    for side, specs in enumerate(move_specs):
        for spec in specs:
            name = f"{b.sides[side]}.did.{spec['id']}"
            spec["flag"] = b.engine_row(
                name, owner=side, kind="flag", hidden=spec["visibility"] == "secret", label=spec["label"]
            )
            if spec.get("discovered") is not None:
                spec["found_rows"] = _declare_discovery_rows(b, side, spec)
    for contest in model.contests:
        for side in range(2):
            b.engine_row(f"{b.sides[side]}.won.{contest.id}", owner=side, kind="flag")
    for event in model.events:
        b.engine_row(f"event.{event.id}", high=1e6, label=event.id, hidden=not event.public)
    return rows


def _declare_discovery_rows(b: _Builder, side: int, spec: dict) -> tuple[int, ...] | None:
    """Rows behind a secret move's later discovery: pending, latest, found, found_from, found_to (None: not secret)."""
    if spec["visibility"] != "secret":
        why = f"only a secret move can be found out later, and {spec['id']!r} is {spec['visibility']!r}"
        b.problem(spec["path"] + ("discovered",), why + " (write visibility: secret, or drop discovered:)")
        return None
    mover, finder = b.sides[side], 1 - side
    key = f"{mover}.{spec['id']}"
    high = float(b.model.max_turns or b.model.turns) + 1
    week = dict(owner=side, high=high, hidden=True)
    told = dict(owner=finder, high=high, hidden=True)
    return (
        b.engine_row(f"pending({key})", label=f"Oldest making of {key} not yet found out", **week),
        b.engine_row(f"latest({key})", label=f"Latest making of {key}", **week),
        b.engine_row(f"{mover}.found.{spec['id']}", owner=finder, high=1e6, hidden=True, label=f"{key} found out"),
        b.engine_row(f"found_from({key})", label=f"First week of {key} last found out", **told),
        b.engine_row(f"found_to({key})", label=f"Last week of {key} last found out", **told),
    )


def _compile_discoveries(b: _Builder, move_specs: list[list[dict]], moves: tuple) -> tuple[DiscoveryInfo, ...]:
    """Each secret move's discovery: its chance and effects read with the mover as 'self'."""
    out = []
    for side, specs in enumerate(move_specs):
        for spec in specs:
            rows, found = spec.get("found_rows"), spec.get("discovered")
            if rows is None or found is None:
                continue
            path = spec["path"] + ("discovered",)
            chance = b.formula(path + ("chance",), found.chance, side, NUM)
            effects = b.effects(path + ("add",), found.add, "add", side)
            effects += b.effects(path + ("set",), found.set, "set", side)
            headline = b.template(path + ("headline",), found.headline, side)
            index = next((m.index for m in moves[side] if m.id == spec["id"]), None)
            if chance is None or index is None:
                continue
            out.append(DiscoveryInfo(side, index, chance, found.after, effects, headline, *rows))
    return tuple(out)


def _declare_deal_rows(b: _Builder, negotiable: list[str]) -> DealRows:
    neg = b.model.negotiation
    horizon = float(b.model.max_turns or b.model.turns) + 60
    r = b.engine_row
    active = r("deal.active", kind="flag", label="Deal in force")
    signed = r("deal.signed", kind="flag", label="Deal signed this week")
    age = r("deal.age", high=horizon, label="Weeks since the deal")
    weeks_left = r("deal.weeks_left", high=60, label="Weeks left to carry out the deal")
    overdue = r("deal.overdue", kind="flag", label="Deal deadline passed")
    scope = r("deal.scope", high=len(negotiable) + len(neg.clauses), label="Terms in the deal")
    clause = np.array([r(f"deal.{c.id}", kind="flag", label=c.label) for c in neg.clauses], dtype=int)
    has, target, origin = [], [], []
    for name in negotiable:
        info = b.vars[b.index[name]]
        has.append(r(f"deal.has.{name}", kind="flag"))
        target.append(r(f"deal.{name}", low=info.low, high=info.high, start=info.start))
        origin.append(r(f"deal.from.{name}", low=info.low, high=info.high, start=info.start))
    offers = []
    for _side, sid in enumerate(b.sides):
        pending = r(f"{sid}.offer.pending", owner=-1, kind="flag", label=f"{sid} offer on the table")
        o_has = np.array([r(f"{sid}.offer.has.{n}", kind="flag") for n in negotiable], dtype=int)
        o_target = np.array(
            [
                r(
                    f"{sid}.offer.{n}",
                    low=b.vars[b.index[n]].low,
                    high=b.vars[b.index[n]].high,
                    start=b.vars[b.index[n]].start,
                )
                for n in negotiable
            ],
            dtype=int,
        )
        o_clause = np.array([r(f"{sid}.offer.{c.id}", kind="flag") for c in neg.clauses], dtype=int)
        o_deadline = r(f"{sid}.offer.deadline", high=52, start=neg.deadline)
        o_open = r(f"{sid}.offer.weeks", high=12, label=f"Weeks {sid}'s offer stays open")
        offers.append((pending, o_has, o_target, o_clause, o_deadline, o_open))
    compliance = tuple(
        r(f"{sid}.compliance", owner=i, start=1.0, noise=neg.compliance_noise, label="Compliance with the deal")
        for i, sid in enumerate(b.sides)
    )
    slow = tuple(
        r(f"{sid}.slow_walking", owner=i, kind="flag", hidden=True, label="Slow-walking the deal")
        for i, sid in enumerate(b.sides)
    )
    return DealRows(
        active=active,
        signed=signed,
        age=age,
        weeks_left=weeks_left,
        overdue=overdue,
        scope=scope,
        clause=clause,
        has=np.array(has, dtype=int),
        target=np.array(target, dtype=int),
        origin=np.array(origin, dtype=int),
        offer_pending=(offers[0][0], offers[1][0]),
        offer_has=(offers[0][1], offers[1][1]),
        offer_target=(offers[0][2], offers[1][2]),
        offer_clause=(offers[0][3], offers[1][3]),
        offer_deadline=(offers[0][4], offers[1][4]),
        offer_open=(offers[0][5], offers[1][5]),
        compliance=compliance,
        slow_walking=slow,
    )


def _compile_moves(b: _Builder, move_specs: list[list[dict]], lever_index: dict[str, int]) -> tuple:
    groups: dict[str, int] = {}
    out: list[list[MoveInfo]] = [[], []]
    for side, specs in enumerate(move_specs):
        ids = {spec["id"] for spec in specs}
        for move_id in b.model.sides[b.sides[side]].headlines:
            if move_id not in ids:
                b.problem(
                    ("sides", b.sides[side], "headlines", move_id),
                    f"{b.sides[side]} has no move {move_id!r} to give a headline",
                    prefer_key=True,
                )
        for spec in specs:
            path = spec["path"]
            condition = b.condition(path + ("when",), spec["when"], side)
            when = _within_limit(b, spec, condition, side)
            effects = b.effects(path + ("add",), spec["add"], "add", side)
            effects += b.effects(path + ("set",), spec["set"], "set", side)
            label_t = b.template(path + ("label",), spec["label"], side)
            own = b.model.sides[b.sides[side]].headlines
            if spec["id"] in own:
                headline = b.template(("sides", b.sides[side], "headlines", spec["id"]), own[spec["id"]], side)
            else:
                headline = b.template(path + ("headline",), spec["headline"], side)
            key = spec["group"] or (
                f"answer_{side}" if spec["kind"] in ("accept", "reject") else f"move_{side}_{spec['id']}"
            )
            group = groups.setdefault(key, len(groups))
            if when is None:
                continue
            label = label_t.render(lambda row: b.vars[row].start) if label_t else spec["label"]
            out[side].append(
                MoveInfo(
                    index=len(out[side]),
                    side=side,
                    id=spec["id"],
                    kind=spec["kind"],
                    label=label,
                    describe=spec["describe"],
                    cost=spec["cost"],
                    when=when,
                    effects=effects,
                    visibility=spec["visibility"],
                    headline=headline,
                    group=group,
                    flag=spec["flag"],
                    lever=lever_index.get(spec["lever"], -1) if spec["lever"] else -1,
                    stance=spec["stance"],
                    condition=None if spec["lever"] is None or condition.constant is True else condition,
                    explain=spec.get("explain", False),
                )
            )
    return tuple(out[0]), tuple(out[1])


def _notch_limit(name: str, values: list[float], direction: str) -> str:
    """The condition that keeps a lever move off its end notch, e.g. 'us.tariff < 145.0'."""
    return f"{name} < {values[-1]!r}" if direction == "up" else f"{name} > {values[0]!r}"


def _within_limit(b: _Builder, spec: dict, condition: Formula | None, side: int) -> Formula | None:
    """A lever move's legality: not at the end notch, and its own condition (None if that has an error)."""
    if "limit" not in spec or condition is None:
        return condition
    limit = b.condition(spec["path"], spec["limit"], side)
    if condition.constant is True:
        return limit
    if condition.constant is False:
        return condition
    return Formula(
        f"({limit.source}) and ({condition.source})",
        lambda state: np.logical_and(limit.fn(state), condition.fn(state)),
        BOOL,
        None,
        limit.reads | condition.reads,
    )


def _event_turn(b: _Builder, i: int, event) -> int | None:
    """The turn an event is scheduled for (None if unscheduled); report a turn or date outside the game."""
    horizon = b.model.turns
    last_day = b.model.start + dt.timedelta(days=7 * horizon - 1)
    if event.date is None:
        if event.turn is not None and event.turn > horizon:
            _late_event(b, i, event, event.turn, f"turn {event.turn} is after the game's last turn, turn {horizon}")
        return event.turn
    days = (event.date - b.model.start).days
    if days < 0:
        b.problem(
            ("events", i, "date"),
            f"{event.date} is before the scenario starts ({b.model.start}), so event {event.id!r} would never fire",
        )
        return None
    turn = days // 7 + 1
    if turn > horizon:
        _late_event(b, i, event, turn, f"{event.date} is after the game's last day, {last_day}")
    return turn


def _late_event(b: _Builder, i: int, event: Event, turn: int, after: str) -> None:
    """Report an event scheduled after the last turn: a warning if an effect may extend the game that far."""
    field = "turn" if event.date is None else "date"
    cap = b.model.max_turns or b.model.turns
    if turn <= cap and _extends_horizon(b.model):
        message = f"{after}: event {event.id!r} fires only if an effect on 'horizon' extends the game that far"
        b.problem(("events", i, field), message, severity="warning")
        return
    if turn <= cap:
        why = " (no effect changes 'horizon', so max_turns never comes into play)"
    elif cap > b.model.turns:
        last = b.model.start + dt.timedelta(days=7 * cap - 1)
        when, reach = (f"turn {turn}", f"turn {cap}") if event.date is None else (f"{event.date}", f"{last}")
        after = f"{when} is after the last {field} the game can reach even when extended, {reach} (max_turns: {cap})"
        why = ""
    else:
        why = ""
    b.problem(("events", i, field), f"{after}{why}, so event {event.id!r} would never fire")


def _extends_horizon(model: Scenario) -> bool:
    """Whether any effect in the scenario writes the 'horizon' row (so the game may run past 'turns')."""
    groups = [m.add for m in model.moves] + [m.set for m in model.moves]
    groups += [e.add for e in model.events] + [e.set for e in model.events] + [r.add for r in model.dynamics]
    groups += [c.add for c in model.negotiation.clauses] + [c.set for c in model.negotiation.clauses]
    groups += [c.add for c in model.contests] + [c.winner_add for c in model.contests]
    groups += [m.add for lever in model.levers.values() for m in (lever.up, lever.down)]
    groups += [m.set for lever in model.levers.values() for m in (lever.up, lever.down)]
    return any("horizon" in effects for effects in groups)


def _compile_events(b: _Builder) -> tuple[EventInfo, ...]:
    out = []
    for i, event in enumerate(b.model.events):
        path = ("events", i)
        when = b.condition(path + ("when",), event.when)
        chance = b.formula(path + ("chance",), event.chance, want=NUM)
        effects = b.effects(path + ("add",), event.add, "add") + b.effects(path + ("set",), event.set, "set")
        headline = b.template(path + ("headline",), event.headline)
        if chance is not None and chance.constant is not None and not 0 <= float(chance.constant) <= 1:
            b.problem(path + ("chance",), f"a probability must be between 0 and 1, got {chance.constant}")
        if when is None or chance is None:
            continue
        out.append(
            EventInfo(
                index=len(out),
                id=event.id,
                turn=_event_turn(b, i, event),
                when=when,
                chance=chance,
                once=event.once,
                effects=effects,
                headline=headline,
                public=event.public,
                counter=b.index[f"event.{event.id}"],
                date=event.date,
                source=event.source,
            )
        )
    return tuple(out)


def _compile_rules(b: _Builder) -> tuple[RuleInfo, ...]:
    out = []
    for i, rule in enumerate(b.model.dynamics):
        path = ("dynamics", i)
        when = b.condition(path + ("when",), rule.when)
        effects = b.effects(path + ("add",), rule.add, "add")
        if when is not None:
            out.append(RuleInfo(len(out), rule.id, rule.label or rule.id.replace("_", " "), when, effects))
    return tuple(out)


def _compile_contests(b: _Builder) -> tuple[ContestInfo, ...]:
    out = []
    for i, contest in enumerate(b.model.contests):
        path = ("contests", i)
        when = b.condition(path + ("when",), contest.when)
        chance = b.formula(path + ("chance",), contest.chance, want=NUM)
        effects = b.effects(path + ("add",), contest.add, "add")
        winner = tuple(b.effects(path + ("winner_add",), contest.winner_add, "add", side) for side in range(2))
        headline = tuple(
            b.template(path + ("headline",), contest.headline, extra={"winner": s, "loser": 1 - s}) for s in range(2)
        )
        won = tuple(b.index[f"{b.sides[s]}.won.{contest.id}"] for s in range(2))
        if when is not None and chance is not None:
            out.append(
                ContestInfo(
                    len(out), contest.id, contest.label, when, chance, effects, winner, headline, won, contest.match
                )
            )
    return tuple(out)


def _compile_deals(b: _Builder, negotiable: list[str]) -> tuple[tuple[ClauseInfo, ...], tuple[PackageInfo, ...]]:
    neg = b.model.negotiation
    clauses = []
    for i, clause in enumerate(neg.clauses):
        path = ("negotiation", "clauses", i)
        effects = b.effects(path + ("add",), clause.add, "add") + b.effects(path + ("set",), clause.set, "set")
        clauses.append(ClauseInfo(i, clause.id, clause.label, clause.describe, effects, clause.secret))
    clause_ids = [c.id for c in neg.clauses]
    packages = []
    for i, package in enumerate(neg.packages):
        path = ("negotiation", "packages", i)
        targets = np.full(len(negotiable), np.nan)
        for lever_name, value in package.terms.items():
            if lever_name not in negotiable:
                what = "not negotiable" if lever_name in b.model.levers else "not a lever"
                hint = "" if lever_name in b.model.levers else did_you_mean(lever_name, negotiable)
                b.problem(path + ("terms", lever_name), f"{lever_name!r} is {what}{hint}", prefer_key=True)
                continue
            values = b.model.levers[lever_name].values
            if value not in values:
                b.problem(path + ("terms", lever_name), f"{value} is not a notch of {lever_name} ({values})")
                continue
            if why := _term_blocked(b.model.levers[lever_name], lever_name, value):
                b.problem(path + ("terms", lever_name), why)
                continue
            targets[negotiable.index(lever_name)] = value
        mask = np.zeros(len(clause_ids), dtype=bool)
        for j, cid in enumerate(package.clauses):
            if cid not in clause_ids:
                b.problem(path + ("clauses", j), f"unknown clause {cid!r}")
            else:
                mask[clause_ids.index(cid)] = True
        packages.append(
            PackageInfo(i, package.id, package.label, package.describe, targets, mask, package.deadline or neg.deadline)
        )
    _unique(b, ("negotiation", "clauses"), [c.id for c in neg.clauses], "clause")
    _unique(b, ("negotiation", "packages"), [p.id for p in neg.packages], "package")
    return tuple(clauses), tuple(packages)


def _term_blocked(lever: Lever, name: str, value: float) -> str:
    """Why a deal cannot carry a lever from its start to value ('' if it can): that direction's move is off."""
    if value == lever.start:
        return ""
    direction = "up" if value > lever.start else "down"
    move = lever.up if direction == "up" else lever.down
    if move.enabled and move.when is not False:
        return ""
    how = "enabled: false" if not move.enabled else "when: false"
    return (
        f"a deal setting {name} to {value:g} would move it {direction} from its start ({lever.start:g}), "
        f"but its {direction} move is off ({direction}: {how}); a deal moves a lever only the way its moves go"
    )


def _unique(b: _Builder, path: tuple, ids: list[str], what: str):
    seen = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            b.problem(path + (i, "id"), f"duplicate {what} id {ident!r}")
        seen.add(ident)


def _compile_endings(b: _Builder) -> tuple[EndingInfo, ...]:
    out = []
    for i, ending in enumerate(b.model.endings):
        path = ("endings", i)
        when = b.condition(path + ("when",), ending.when)
        effects = b.effects(path + ("add",), ending.add, "add") + b.effects(path + ("set",), ending.set, "set")
        text = b.template(path + ("text",), ending.text)
        ruin = None if ending.both_lose is False else b.condition(path + ("both_lose",), ending.both_lose)
        out.append(EndingInfo(i, ending.id, ending.title, text, when, effects, ruin))
    horizon = b.model.horizon_ending
    text = b.template(("horizon_ending", "text"), horizon.text)
    out.append(EndingInfo(len(out), "horizon", horizon.title, text, None, ()))
    _unique(b, ("endings",), [e.id for e in b.model.endings] + ["horizon"], "ending")
    return tuple(out)


def _compile_questions(b: _Builder, moves: tuple) -> tuple[QuestionInfo, ...]:
    """The debrief's questions: plain text always fits; a template fits when its condition holds."""
    out = []
    known = sorted({m.id for side in moves for m in side})
    for i, question in enumerate(b.model.questions):
        if isinstance(question, str):
            spec, text = Question(text=question), literal_template(question)
        else:
            spec, text = question, b.template(("questions", i, "text"), question.text)
        when = b.condition(("questions", i, "when"), spec.when)
        for j, move_id in enumerate(spec.what_if):
            if move_id not in known:
                b.problem(
                    ("questions", i, "what_if", j), f"no side has a move {move_id!r}{did_you_mean(move_id, known)}"
                )
        if text is not None and when is not None:
            out.append(QuestionInfo(len(out), text, when, spec.history, spec.topic, tuple(spec.what_if)))
    return tuple(out)


def _compile_objectives(b: _Builder) -> tuple:
    out = []
    for side, sid in enumerate(b.sides):
        items = b.model.objectives.get(sid)
        if not items:
            b.problem(("objectives",), f"no objectives for side {sid!r}")
            out.append(())
            continue
        compiled = []
        for i, obj in enumerate(items):
            value = b.formula(("objectives", sid, i, "value"), obj.value, side, NUM)
            if value is not None:
                compiled.append(ObjectiveInfo(obj.label, value, obj.weight, obj.describe))
        out.append(tuple(compiled))
    for sid in b.model.objectives:
        if sid not in b.sides:
            b.problem(("objectives", sid), f"unknown side {sid!r}", prefer_key=True)
    return tuple(out)


def _compile_history(b: _Builder, moves, packages) -> tuple[HistoryStep, ...]:
    out = []
    horizon = b.model.turns
    for i, step in enumerate(b.model.history):
        path = ("history", i)
        if step.turn > horizon:
            b.problem(path + ("turn",), f"turn {step.turn} is after the game's last turn, turn {horizon}")
        chosen: list[tuple[int, ...]] = [(), ()]
        offers: list[int | None] = [None, None]
        for sid, move_ids in step.moves.items():
            if sid not in b.sides:
                b.problem(path + ("moves", sid), f"unknown side {sid!r}", prefer_key=True)
                continue
            side = b.sides.index(sid)
            ids = {m.id: m.index for m in moves[side]}
            picked = []
            for j, move_id in enumerate(move_ids):
                name, _, package = move_id.partition(":")
                if name not in ids:
                    b.problem(path + ("moves", sid, j), f"{sid} has no move {name!r}{did_you_mean(name, ids)}")
                    continue
                picked.append(ids[name])
                if package:
                    found = [p.index for p in packages if p.id == package]
                    if not found:
                        known = [p.id for p in packages]
                        b.problem(
                            path + ("moves", sid, j), f"unknown package {package!r}{did_you_mean(package, known)}"
                        )
                    else:
                        offers[side] = found[0]
            chosen[side] = tuple(picked)
        observed = []
        for name, value in step.observed.items():
            if name not in b.index:
                b.problem(
                    path + ("observed", name),
                    f"unknown variable {name!r}{did_you_mean(name, b.index)}",
                    prefer_key=True,
                )
            else:
                observed.append((b.index[name], value))
        headlines = tuple((h.date, h.text, h.source) for h in step.headlines)
        out.append(HistoryStep(step.turn, (chosen[0], chosen[1]), (offers[0], offers[1]), headlines, tuple(observed)))
    return tuple(out)


def _check_habits(b: _Builder, i: int, pers, moves) -> None:
    """A personality's habits name moves its side (or, for either side, some side) can make."""
    sides = range(len(b.sides)) if pers.side not in b.sides else [b.sides.index(pers.side)]
    known = sorted({m.id for side in sides for m in moves[side]})
    for move_id in pers.habits:
        if move_id not in known:
            b.problem(
                ("personalities", i, "habits", move_id),
                f"no move {move_id!r} for this personality{did_you_mean(move_id, known)}",
                prefer_key=True,
            )


def _check_misc(b: _Builder, moves):
    model = b.model
    if model.ladder is not None:
        if model.ladder.variable not in b.index:
            name = model.ladder.variable
            b.problem(("ladder", "variable"), f"unknown variable {name!r}{did_you_mean(name, b.index)}")
        ats = [r.at for r in model.ladder.rungs]
        if ats != sorted(ats):
            b.problem(("ladder", "rungs"), "rungs must be in increasing order of 'at'")
    for i, name in enumerate(model.key_variables):
        if name not in b.index:
            b.problem(("key_variables", i), f"unknown variable {name!r}{did_you_mean(name, b.index)}")
    trust = model.negotiation.trust
    if trust is not None and trust not in b.index:
        b.problem(("negotiation", "trust"), f"unknown variable {trust!r}{did_you_mean(trust, b.index)}")
    marked: dict[str, str] = {}
    for i, pers in enumerate(model.personalities):
        if pers.side is not None and pers.side not in b.sides:
            b.problem(("personalities", i, "side"), f"unknown side {pers.side!r}{did_you_mean(pers.side, b.sides)}")
        if pers.historical and pers.side is None:
            b.problem(
                ("personalities", i, "historical"),
                f"a historical personality plays one side's real leader: give it 'side:' ({', '.join(b.sides)})",
            )
        elif pers.historical and pers.side in marked:
            b.problem(
                ("personalities", i, "historical"),
                f"{pers.side} already has a historical personality, {marked[pers.side]!r}; mark only one per side",
            )
        elif pers.historical:
            marked[pers.side] = pers.id
        _check_habits(b, i, pers, moves)
    _unique(b, ("personalities",), [p.id for p in model.personalities], "personality")
    _unique(b, ("events",), [e.id for e in model.events], "event")
    _unique(b, ("dynamics",), [r.id for r in model.dynamics], "rule")
    _unique(b, ("contests",), [c.id for c in model.contests], "contest")


def _estimates(b: _Builder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    noisy = [v for v in b.vars if v.owner >= 0 and v.noise > 0 and not v.hidden]
    rows = np.arange(len(b.vars), len(b.vars) + len(noisy), dtype=int)
    return rows, np.array([v.index for v in noisy], dtype=int), np.array([v.noise for v in noisy])


def compile_model(model: Scenario, located: Located, text: str) -> CompiledScenario:
    """Compile a validated model; raise ScenarioError listing every problem."""
    b = _Builder(model, located)
    _declare_variables(b)
    move_specs = _move_specs(b)
    rows = _declare_engine_rows(b, move_specs)
    negotiable = [n for n, lever in model.levers.items() if lever.negotiable and n in b.index]
    deal = _declare_deal_rows(b, negotiable)
    levers = []
    for name, lever in model.levers.items():
        if name in b.index:
            side = b.sides.index(name.split(".")[0])
            levers.append(
                LeverInfo(
                    len(levers),
                    b.index[name],
                    side,
                    name,
                    name.split(".", 1)[1],
                    lever.label,
                    np.array(lever.values, dtype=float),
                    tuple(lever.names),
                    lever.negotiable,
                )
            )
    lever_index = {lever.name: lever.index for lever in levers}
    moves = _compile_moves(b, move_specs, lever_index)
    discoveries = _compile_discoveries(b, move_specs, moves)
    events = _compile_events(b)
    rules = _compile_rules(b)
    contests = _compile_contests(b)
    clauses, packages = _compile_deals(b, negotiable)
    deal = dataclasses.replace(
        deal, offer_weeks=b.formula(("negotiation", "offer_weeks"), model.negotiation.offer_weeks, want=NUM)
    )
    endings = _compile_endings(b)
    questions = _compile_questions(b, moves)
    objectives = _compile_objectives(b)
    history = _compile_history(b, moves, packages)
    _check_misc(b, moves)
    _check_kinds(b, moves)
    b.problems += usage_warnings(b.model, b.loc, b.vars, b.read_rows, moves, events, rules, contests, clauses, endings)
    errors = [p for p in b.problems if p.severity == "error"]
    if errors:
        raise ScenarioError(_dedupe(b.problems))
    est_rows, est_vars, est_noise = _estimates(b)
    low = np.array([v.low for v in b.vars] + [b.vars[i].low for i in est_vars], dtype=float)
    high = np.array([v.high for v in b.vars] + [b.vars[i].high for i in est_vars], dtype=float)
    start = np.array([v.start for v in b.vars] + [b.vars[i].start for i in est_vars], dtype=float)
    per_turn = [c.won[s] for c in contests for s in range(2)]
    compiled = CompiledScenario(
        model=model,
        source_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=located.file,
        sides=b.sides,
        variables=tuple(b.vars),
        var_index=dict(b.index),
        n_named=len(b.vars),
        estimate_rows=est_rows,
        estimated_vars=est_vars,
        estimate_noise=est_noise,
        low=low,
        high=high,
        start_values=start,
        levers=tuple(levers),
        negotiable=np.array([lever_index[n] for n in negotiable], dtype=int),
        moves=moves,
        events=events,
        rules=rules,
        contests=contests,
        clauses=clauses,
        packages=packages,
        endings=endings,
        objectives=objectives,
        personalities=tuple(model.personalities),
        deal=deal,
        turn_row=rows["turn"],
        horizon_row=rows["horizon"],
        over_row=rows["over"],
        ending_row=rows["ending"],
        escalation_rows=rows["escalations"],
        per_turn_rows=np.array(per_turn, dtype=int),
        history=history,
        side_texts=b.side_texts,
        key_variables=tuple(b.index[n] for n in model.key_variables),
        trust_row=b.index[model.negotiation.trust] if model.negotiation.trust else -1,
        questions=questions,
        warnings=tuple(p for p in b.problems if p.severity != "error"),
        memory=_memory_rows(b),
        discoveries=discoveries,
    )
    return dataclasses.replace(compiled, tables=build_tables(compiled))


def _memory_rows(b: _Builder) -> MemoryRows:
    """The memory rows the formulas asked for, with the rows they follow."""

    def pair(function: str) -> tuple[np.ndarray, np.ndarray]:
        found = b.remembered[function]
        return np.array([r for r, _ in found], dtype=int), np.array([s for _, s in found], dtype=int)

    (last, last_of), (since, since_flag), (times, times_flag) = map(pair, ("last", "weeks_since", "times"))
    return MemoryRows(last, last_of, since, since_flag, times, times_flag)


def _check_kinds(b: _Builder, moves):
    for side in range(2):
        kinds = {m.kind for m in moves[side]}
        if "propose" in kinds and "accept" not in kinds:
            b.problem(("moves",), f"{b.sides[side]} can propose deals but has no 'accept' move", severity="warning")


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.line, p.column, p.message, p.severity)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def compile_located(located: Located, text: str) -> CompiledScenario:
    """Validate the document's shape, then compile it."""
    if not isinstance(located.data, dict):
        raise ScenarioError([located.problem((), "a scenario file is a mapping of keys (format:, id:, title:, ...)")])
    try:
        model = Scenario.model_validate(located.data)
    except ValidationError as err:
        raise ScenarioError(schema_problems(located, err)) from None
    return compile_model(model, located, text)


def load_scenario(path: str | Path) -> CompiledScenario:
    """Load, validate and compile a scenario file; raise ScenarioError with every problem found."""
    text = read_text(path)
    return compile_located(load_text(text, str(path)), text)


def load_scenario_text(text: str, name: str = "<text>") -> CompiledScenario:
    """Load a scenario from YAML text (for tests and the editor)."""
    return compile_located(load_text(text, name), text)
