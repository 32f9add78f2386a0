"""Input as a person means it: one action per physical key press, and nothing aimed at a screen not yet seen.

pygame repeats a held key from a timer thread, so while the loop is busy (a week
being played, a screen being built) auto-repeated KEYDOWNs pile up in the queue
behind the press, and so do presses and clicks made meanwhile.  ``KeyGate`` tells
a repeat from a press by remembering which keys are down (pygame-ce does not mark
its repeats), and drops the input that waited in the queue while a new screen was
being made: the person could not have seen what it would act on.
"""

from __future__ import annotations

import pygame

STALE = (pygame.KEYDOWN, pygame.TEXTINPUT, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL)
"""Input events that act on what is shown; KEYUP and mouse motion only update what is held and where."""

KEY_REPEAT = (350, 40)
"""Delay and interval (ms) of held-key repeats, for the few keys that welcome them (list and week stepping)."""


class KeyGate:
    """Which keys are down, so that a KEYDOWN for one of them is known as an auto-repeat."""

    def __init__(self) -> None:
        self.down: set[int] = set()

    def note(self, event: pygame.event.Event) -> bool:
        """Follow one event; True if it is an auto-repeated KEYDOWN (its key is down already)."""
        if event.type == pygame.KEYDOWN:
            repeat = event.key in self.down
            self.down.add(event.key)
            return repeat
        if event.type == pygame.KEYUP:
            self.down.discard(event.key)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.down.clear()  # a key released in another window sends no KEYUP here
        return False

    def drop_queued(self) -> int:
        """Remove the input waiting in pygame's queue (its keys count as down); how many events went."""
        dropped = pygame.event.get(eventtype=STALE)
        self.down.update(e.key for e in dropped if e.type == pygame.KEYDOWN)
        return len(dropped)
