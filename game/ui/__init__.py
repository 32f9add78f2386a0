"""The pygame window: the only package that imports pygame.

Map (read in this order):

- ``theme``     palette, bundled fonts, text fitting and wrapping (never overflows a box), and the
                scale (``px``, ``font``) that makes text grow with the window.
- ``charts``    line and fan charts (P10-P50-P90) drawn on a Surface; also saves PNGs headless.
- ``widgets``   small custom-drawn pieces: meter bars, the escalation ladder, move cards, hover tips.
- ``session``   one game as the window plays it (seats, orders, computer leaders in a worker thread);
                no pygame, no rules: it reads the engine and submits orders.
- ``forecast``  Monte-Carlo forecasts of a move from the player's observation, in a worker process
                (``worker`` is its entry point) so the drawing loop never waits.
- ``hot_reload`` reloads the open scenario when its file is saved; notices over the window.
- ``screens/``  one module per screen; each handles its events and says which screen comes next.
- ``app``       the window, the main loop and ``run_window(args)``.

The UI reads engine state and submits moves; no rule of the game lives here.
"""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
