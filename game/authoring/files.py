"""Atomic file writes: a temporary file in the same folder, then one rename (or link), so a file is
either the old one or the complete new one, never half written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _temporary(path: Path, text: str) -> Path:
    """Write text to a new temporary file beside path and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) path with text in one step."""
    tmp = _temporary(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_new(path: Path, text: str) -> None:
    """Create path with text in one step; raise FileExistsError if it exists (it is never touched)."""
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another name or remove it first")
    tmp = _temporary(path, text)
    try:
        try:
            os.link(tmp, path)  # fails if path appeared meanwhile: never overwrites
        except FileExistsError:
            raise FileExistsError(f"{path} already exists; choose another name or remove it first") from None
        except OSError:
            if path.exists():  # no hard links here (e.g. some network drives): check, then rename
                raise FileExistsError(f"{path} already exists; choose another name or remove it first") from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
