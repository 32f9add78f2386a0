"""One side's orders for the week while they are being chosen, without any drawing.

The window's board and the terminal both keep a draft: the moves picked so far,
the points left, which moves may still be added (the budget, moves of one group
that clash, moves not open this week), the package a 'propose' move carries,
and each move's key on the board.  The engine's rules decide what is legal; the
draft only asks them, so the two front ends say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from .engine.game import Game, IllegalOrderError, Offer, Order
from .engine.orders import move_tables
from .scenario.compiled import CompiledScenario, MoveInfo

MOVE_GROUPS = (
    ("Deals", ("propose", "accept", "reject")),
    ("Diplomacy", ("action",)),
    ("Levers", ("up", "down")),
)
"""The board's groups of moves, in order, by the kinds of move in each."""

DEAL_KEYS = {"propose": "N", "accept": "A", "reject": "R"}
"""The deal moves keep the keys of the board's deal shortcuts."""
MOVE_KEYS = "1234567890QWEYUIOPSDFGHJKLZXVBM"
"""Keys for the other moves, in order: the digits, then letters the board uses for nothing else."""

ANSWERS = ("accept", "reject")
"""The two answers to an offer: choosing one takes the other out."""


def move_keys(sc: CompiledScenario, side: int) -> dict[str, str]:
    """Each of a side's moves and its key for the whole game ('1', 'Q'), by its place among all the side's moves.

    The place counts every move of the side, available this week or not, in the
    board's order of groups, so a key never changes meaning from week to week.
    """
    keys: dict[str, str] = {}
    free = iter(MOVE_KEYS)
    for _, kinds in MOVE_GROUPS:
        for move in (m for m in sc.moves[side] if m.kind in kinds):
            key = DEAL_KEYS.get(move.kind)
            key = key if key is not None and key not in keys.values() else next(free, None)
            if key is not None:
                keys[move.id] = key
    return keys


def cost_text(move: MoveInfo) -> str:
    """'1 pt', '2 pts' or 'free'."""
    return f"{move.cost} pt" if move.cost == 1 else (f"{move.cost} pts" if move.cost else "free")


class OrderDraft:
    """The orders one side is putting together this week: picked moves and the package proposed."""

    def __init__(self, game: Game, side: int) -> None:
        self.game = game
        self.side = side
        self.moves: list[str] = []
        """Ids of the moves picked, in the order they were picked."""
        self.offer: Offer | None = None
        """The package a 'propose' move carries (None until one is put in)."""
        self.keys = move_keys(game.scenario, side)
        """Each of the side's moves and its key on the board, fixed for the whole game."""

    @property
    def sc(self) -> CompiledScenario:
        return self.game.scenario

    # -- reading ----------------------------------------------------------------
    def legal_moves(self) -> list[MoveInfo]:
        """The side's moves open this week (each alone; the budget and groups limit combinations)."""
        return self.game.legal_moves(self.side)

    def grouped(self) -> list[tuple[str, list[MoveInfo]]]:
        """This week's moves in the board's groups ('Deals', 'Diplomacy', 'Levers'), empty groups left out."""
        legal = self.legal_moves()
        groups = [(title, [m for m in legal if m.kind in kinds]) for title, kinds in MOVE_GROUPS]
        return [(title, moves) for title, moves in groups if moves]

    def move(self, move_id: str) -> MoveInfo:
        """One of the side's moves by its id."""
        return self.sc.move_by_id(self.side, move_id)

    def picked(self) -> list[MoveInfo]:
        """The moves picked so far."""
        return [self.move(m) for m in self.moves]

    def chosen(self, move_id: str) -> bool:
        return move_id in self.moves

    @property
    def points_left(self) -> int:
        """Move points left after the moves picked."""
        return self.game.points_left(self.side, self.moves)

    @property
    def budget(self) -> int:
        return self.sc.model.budget

    @property
    def empty(self) -> bool:
        return not self.moves

    @property
    def proposing(self) -> bool:
        """A 'propose' move is among the picked ones."""
        return any(m.kind == "propose" for m in self.picked())

    def order(self, moves: Iterable[str] | None = None) -> Order:
        """The Order to submit for these moves (the draft's by default); a 'propose' move carries the package."""
        moves = tuple(self.moves if moves is None else moves)
        if not any(self.move(m).kind == "propose" for m in moves):
            return Order(moves)
        return Order(moves, self.offer if self.offer is not None else Offer())

    def problem(self, order: Order | None = None) -> str | None:
        """Why these orders (the draft's by default) break the rules, or None if they may be sent."""
        try:
            self.game.orders_for(self.side, self.order() if order is None else order)
        except IllegalOrderError as err:
            return str(err)
        return None

    def why_not(self, move_id: str) -> str | None:
        """Why this move cannot be added to the draft now (None if it can, or is in already)."""
        if move_id in self.moves:
            return None
        return self.problem(self.order([*self.moves, move_id]))

    def can_add(self, move_id: str) -> bool:
        """The move is in, or fits: its cost within the points left and the orders still legal with it."""
        if move_id in self.moves:
            return True
        return self.move(move_id).cost <= self.points_left and self.why_not(move_id) is None

    def clash(self, move_id: str) -> MoveInfo | None:
        """A picked move that cannot be made in the same week as this one (the same group), if any."""
        group = move_tables(self.sc, self.side).group
        index = self.move(move_id).index
        return next((m for m in self.picked() if m.id != move_id and group[m.index] == group[index]), None)

    def kind_id(self, kind: str) -> str:
        """The id of the side's move of a kind ('accept', 'reject'): scenarios may name them as they like."""
        return next((m.id for m in self.sc.moves[self.side] if m.kind == kind), f"<no {kind} move>")

    def move_for_key(self, key: str | None, shown: Iterable[MoveInfo] | None = None) -> MoveInfo | None:
        """The move with this key among those shown (this week's by default), or None."""
        if key is None:
            return None
        moves = self.legal_moves() if shown is None else shown
        return next((m for m in moves if self.keys.get(m.id) == key), None)

    # -- changing ---------------------------------------------------------------
    def toggle(self, move_id: str) -> str | None:
        """Add a move, or take it out if it is in; return why it cannot be added (the draft unchanged), or None."""
        if move_id in self.moves:
            self.moves.remove(move_id)
            if self.move(move_id).kind == "propose":
                self.offer = None
            return None
        problem = self.why_not(move_id)
        if problem is None:
            self.moves.append(move_id)
        return problem

    def answer(self, kind: str) -> str | None:
        """Accept or reject the offer on the table (taking the other answer out), or take the answer back."""
        other = self.kind_id(ANSWERS[1 - ANSWERS.index(kind)])
        self.moves = [m for m in self.moves if m != other]
        return self.toggle(self.kind_id(kind))

    def choose(self, moves: Iterable[str], offer: Offer | None = None) -> str | None:
        """Replace the whole draft with these moves (and package); return why not (the draft unchanged), or None."""
        moves = list(moves)
        before = self.moves, self.offer
        self.moves, self.offer = moves, offer
        problem = self.problem()
        if problem is not None:
            self.moves, self.offer = before
        return problem

    def set_proposal(self, offer: Offer | None) -> None:
        """Put a package into the draft (with the side's first 'propose' move), or take the proposal out."""
        proposes = [m.id for m in self.sc.moves[self.side] if move_tables(self.sc, self.side).propose[m.index]]
        self.moves = [m for m in self.moves if m not in proposes]
        self.offer = offer
        if offer is not None and proposes:
            self.moves.append(proposes[0])

    def proposal_problem(self, offer: Offer) -> str | None:
        """Why this package cannot go into the draft beside the other picked moves, or None."""
        proposes = [m.id for m in self.sc.moves[self.side] if move_tables(self.sc, self.side).propose[m.index]]
        if not proposes:
            return "This scenario has no way to propose a deal."
        others = [m for m in self.moves if m not in proposes]
        return self.problem(Order((*others, proposes[0]), offer))

    def clear(self) -> None:
        """Take every move and the package out."""
        self.moves, self.offer = [], None
