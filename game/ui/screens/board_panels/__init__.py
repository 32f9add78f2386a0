"""The main board's panels: each draws one area of the board from the session and the order draft.

``BoardScreen`` (``screens/board.py``) owns the events, the widgets and the
layout; it hands each panel its rect.  Panels only read: the session, the
viewer's eyes and the pygame-free ``OrderDraft``.
"""
