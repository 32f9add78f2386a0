"""Static warnings about what a scenario declares but never uses: found by reading, not by playing.

- a variable no formula or text reads cannot change play or scores;
- a variable nothing writes never changes (a constant belongs in the formulas);
- a lever no move, event, rule or deal can change is stuck at its start;
- a lever no formula reads only matters through its moves' immediate effects.

``validate --simulate`` (``game.authoring.lint``) finds what reading cannot.
"""

from __future__ import annotations

from .compiled import VarInfo
from .problems import Problem
from .schema import Scenario
from .yamlsafe import Located


def _written_rows(*groups) -> set[int]:
    """Rows that some effect in the given groups writes."""
    rows = set()
    for group in groups:
        for item in group:
            for effects in _effect_lists(item):
                rows.update(e.target for e in effects)
    return rows


def _effect_lists(item) -> list:
    """Every effects tuple an item (move, event, rule, contest, clause, ending) carries."""
    out = [item.effects]
    out += list(getattr(item, "winner_effects", ()))
    return out


def usage_warnings(
    model: Scenario,
    located: Located,
    variables: list[VarInfo],
    read_rows: set[int],
    moves,
    events,
    rules,
    contests,
    clauses,
    endings,
) -> list[Problem]:
    """Warnings for declared variables and levers that nothing reads or nothing changes."""
    written = _written_rows(moves[0], moves[1], events, rules, contests, clauses, endings)
    stepped = {m.lever for side in moves for m in side if m.lever >= 0}
    can_deal = any(m.kind == "propose" for side in moves for m in side)
    read = set(read_rows)
    if model.ladder is not None:
        read.update(v.index for v in variables if v.name == model.ladder.variable)
    lever_names = list(model.levers)
    out = []
    for var in variables:
        if var.role == "variable":
            place = ("variables", var.name)
            messages = _variable_messages(var, var.index in read, var.index in written)
        elif var.role == "lever":
            place = ("levers", var.name)
            movable = (
                lever_names.index(var.name) in stepped
                or (model.levers[var.name].negotiable and can_deal)
                or var.index in written
            )
            messages = _lever_messages(var, var.index in read, movable)
        else:
            continue
        out += [located.problem(place, text, prefer_key=True, severity="warning") for text in messages]
    return out


def _variable_messages(var: VarInfo, read: bool, written: bool) -> list[str]:
    out = []
    if not read:
        out.append(f"{var.name!r} is never read by a formula or a text, so it cannot change play or scores")
    if not written:
        out.append(f"{var.name!r} never changes (nothing writes it); a fixed number can go in the formulas")
    return out


def _lever_messages(var: VarInfo, read: bool, movable: bool) -> list[str]:
    out = []
    if not movable:
        out.append(f"lever {var.name!r}: no move, event, rule or deal can change it")
    if not read:
        out.append(
            f"lever {var.name!r} is never read by a formula or a text: its setting changes nothing, "
            "only its moves' immediate effects count"
        )
    return out
