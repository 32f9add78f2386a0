"""Text from scenario and save files made safe for a terminal: no escape sequences, no control characters.

A scenario title such as ``"\x1b]0;owned\x07"`` would retitle the terminal and
``"\x1b[2J"`` would clear it.  ``printable`` removes every control character (C0
and C1, DEL) except newline and tab, and the bidirectional overrides that can make
text read backwards; ``PrintableStream`` applies it to everything a command prints.
"""

from __future__ import annotations

import re
from typing import TextIO

_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_PATTERNS: dict[str, re.Pattern[str]] = {}


def printable(text: str, keep: str = "") -> str:
    """text without control characters or bidi overrides (newline and tab stay, and any characters in keep)."""
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        allowed = "".join(f"\\x{ord(c):02x}" for c in keep)
        pattern = _PATTERNS[keep] = re.compile(f"(?![{allowed}])[{_UNSAFE}]" if keep else f"[{_UNSAFE}]")
    return pattern.sub("", text)


class PrintableStream:
    """A text stream that writes only printable text to the stream it wraps (everything else is passed on)."""

    def __init__(self, inner: TextIO, keep: str = ""):
        self.inner = inner
        self.keep = keep

    def write(self, text: str) -> int:
        """Write text without its control characters; return the length given (as a stream does)."""
        self.inner.write(printable(text, self.keep))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
