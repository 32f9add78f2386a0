"""What every board panel reads: the board's session, viewer and order draft (never changed from a panel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ....engine.viewing import Viewer
from ....orders_draft import OrderDraft
from ....scenario.compiled import CompiledScenario
from ...session import Session

if TYPE_CHECKING:
    from ..board import BoardScreen

M = 12
"""The board's margin (unscaled pixels)."""
TOP_H = 56
"""Height of the board's top bar (unscaled pixels)."""
SCROLLBAR = 20
"""Width in pixels of pygame_gui's scroll bar (not scaled)."""


class BoardPart:
    """One area of the board: draws from the board's state, registers its hover tips with the board."""

    def __init__(self, board: BoardScreen):
        self.board = board

    @property
    def session(self) -> Session:
        return self.board.session

    @property
    def sc(self) -> CompiledScenario:
        return self.board.session.sc

    @property
    def viewer(self) -> int | None:
        """The side whose board this is (None when watching)."""
        return self.board.viewer

    @property
    def eyes(self) -> Viewer:
        """Whose eyes the panel uses: the side's, or the public's when watching."""
        return self.board.eyes

    @property
    def watching(self) -> bool:
        return self.board.watching

    @property
    def draft(self) -> OrderDraft:
        """This week's orders as they are being chosen."""
        return self.board.draft

    def tip(self, rect: pygame.Rect, text: str) -> None:
        """A hover tip over part of the panel (kept by the board)."""
        self.board.tip(rect, text)
