"""What a viewer may see of a game: moves, news, numbers, changes and a computer leader's reasons.

A *viewer* is one of:

- a side index: that side's leader (its own numbers exact, the other side's as its
  estimates, its own secret moves and private news);
- ``LEADERS``: both leaders reading one screen together (the hot-seat reveal): only
  what both may see, so no secret move and no side's noisy or hidden number;
- ``PUBLIC``: a spectator watching two computer leaders: public moves and news only,
  and each side's noisy numbers only as the other side estimates them (a reading
  as rough as a rival's, never the truth);
- ``EVERYONE``: once the game is over (replays, reports), and real history: everything.

Screens and the terminal ask here rather than deciding for themselves, so nothing
private is shown by accident.  Game logic only: no pygame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..scenario.compiled import CompiledScenario, MoveInfo, VarInfo
from .state import observe

if TYPE_CHECKING:
    from .game import Game, NewsItem

LEADERS = "leaders"
PUBLIC = "public"
EVERYONE = "everyone"

Viewer = int | str
"""A side index, ``LEADERS``, ``PUBLIC`` or ``EVERYONE``."""

UNSEEN_CAUSES = "causes out of sight"
"""What a change's causes the viewer may not know about are called, summed."""


class Reasons(tuple):
    """A leader's reasons for one week: the whole lines (its private numbers too), and what others may read.

    It is a tuple of the whole lines (so records store it as one); ``told`` is what
    the other side's leader may read, ``public`` what a spectator may read, both in
    words without private numbers and naming no move that reader cannot see.
    """

    told: tuple[str, ...]
    public: tuple[str, ...]

    def __new__(cls, lines: Iterable[str] = (), told: Iterable[str] = (), public: Iterable[str] = ()) -> Reasons:
        made = super().__new__(cls, tuple(lines))
        made.told, made.public = tuple(told), tuple(public)
        return made

    def __getnewargs__(self):
        return (tuple(self), self.told, self.public)

    @classmethod
    def open(cls, lines: Iterable[str]) -> Reasons:
        """Reasons with nothing private in them: anyone may read every line."""
        lines = tuple(lines)
        return cls(lines, lines, lines)


def is_side(viewer: Viewer) -> bool:
    """Whether the viewer is one side's leader."""
    return not isinstance(viewer, str)


def sees_move(move: MoveInfo, viewer: Viewer) -> bool:
    """Whether a viewer may know a move was made (by its visibility: public, leaders, secret)."""
    if viewer == EVERYONE or move.visibility == "public":
        return True
    if move.visibility == "leaders":
        return viewer != PUBLIC
    return viewer == move.side


def sees_move_in(game: Game, week: int, move: MoveInfo, viewer: Viewer) -> bool:
    """Whether a viewer may know a move was made in a past week: by its visibility, or found out since."""
    if sees_move(move, viewer):
        return True
    if not is_side(viewer) or viewer != 1 - move.side:
        return False
    return any(
        side == move.side and move_id == move.id and first <= week <= last
        for report in game.reports
        for side, move_id, first, last in report.found
    )


def sees_news(sc: CompiledScenario, item: NewsItem, viewer: Viewer) -> bool:
    """Whether a viewer may read a news item (by its audience)."""
    if viewer == EVERYONE or item.audience == "public":
        return True
    if viewer == PUBLIC:
        return False
    if viewer == LEADERS:
        return item.audience == "leaders"
    return item.seen_by(sc.sides[viewer])


def news_for(game: Game, viewer: Viewer) -> list[NewsItem]:
    """All of a game's news so far that a viewer may read, oldest first."""
    items = game.opening_news + [n for report in game.reports for n in report.news]
    return [n for n in items if sees_news(game.scenario, n, viewer)]


def value_kind(var: VarInfo, viewer: Viewer) -> str:
    """'exact', 'estimate' or 'unknown': how a viewer knows a number."""
    if viewer == EVERYONE or (is_side(viewer) and var.owner == viewer):
        return "exact"
    if var.hidden:
        return "unknown"
    if var.owner >= 0 and var.noise > 0:
        return "estimate"
    return "exact"


def sees_change(sc: CompiledScenario, row: int, viewer: Viewer) -> bool:
    """Whether a viewer may see exactly how a number moved (only numbers it knows exactly)."""
    return value_kind(sc.variables[row], viewer) == "exact"


def causes_for(sc: CompiledScenario, causes: Iterable[tuple[str, float]], viewer: Viewer) -> list[tuple[str, float]]:
    """A change's causes as a viewer may read them: moves it cannot see and unannounced events summed as one."""
    if viewer == EVERYONE:
        return list(causes)
    private = _private_causes(sc, viewer)
    seen, unseen = [], 0.0
    for cause, amount in causes:
        if cause.removesuffix(" (sets it)") in private:
            unseen += amount
        else:
            seen.append((cause, amount))
    if abs(unseen) > 1e-9:
        seen.append((UNSEEN_CAUSES, unseen))
    return sorted(seen, key=lambda c: -abs(c[1]))


def _private_causes(sc: CompiledScenario, viewer: Viewer) -> set[str]:
    """The engine's names (``turn.Trace``) of the causes a viewer may not know about."""
    names = {
        f"{sc.side_texts[move.side]['short']}: {move.label}"
        for moves in sc.moves
        for move in moves
        if not sees_move(move, viewer)
    }
    found = {
        f"{sc.side_texts[1 - d.side]['short']} found out: {sc.moves[d.side][d.move].label}"
        for d in sc.discoveries
        if viewer != 1 - d.side
    }
    return names | found | {f"Event: {e.id.replace('_', ' ')}" for e in sc.events if not e.public}


def view_of(sc: CompiledScenario, state: np.ndarray, viewer: Viewer) -> np.ndarray:
    """The state as a viewer sees it, in the state's layout: exact, estimated, or hidden numbers at their start."""
    if viewer == EVERYONE:
        return state.copy()
    if is_side(viewer):
        return observe(sc, state, viewer)
    return public_view(sc, state)


def public_view(sc: CompiledScenario, state: np.ndarray) -> np.ndarray:
    """What anyone outside may see: each side's noisy numbers as the other side estimates them, hidden ones unknown.

    Moves seen only by the leaders leave no mark either.
    """
    seen = state.copy()
    for var in sc.variables:
        if var.hidden:
            seen[var.index] = var.start
    for moves in sc.moves:
        for move in moves:
            if move.visibility != "public":
                seen[move.flag] = sc.variables[move.flag].start
    for row, truth in zip(sc.estimate_rows, sc.estimated_vars):
        seen[truth] = state[row]
    return seen


def reasons_for(reasons: Sequence[str], side: int, viewer: Viewer) -> tuple[str, ...]:
    """What a viewer may read of one side's reasons.

    Everything for its own side and once the game is over; the other side's leader
    (or both leaders together) reads the ``told`` lines, a spectator the ``public``
    ones.  Reasons that do not say what others may read (plain lines, e.g. from an
    old record) are shown to nobody else.
    """
    if viewer in (EVERYONE, side):
        return tuple(reasons)
    if not isinstance(reasons, Reasons):
        return ()
    return reasons.public if viewer == PUBLIC else reasons.told
