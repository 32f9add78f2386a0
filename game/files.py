"""Writing user files safely: a file is always either the old version or the complete new one.

Every write goes to a temporary file in the same folder, is flushed and fsync'ed,
then renamed over the target (``os.replace``) — or linked into place when the
target must not exist yet — and the folder is synced so the rename survives a
crash.  Saves, reports, scaffolds and schema files all come through here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def temporary_beside(path: Path, text: str) -> Path:
    """Write text to a new, fsync'ed temporary file in path's folder (created if needed); return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        discard(Path(name))
        raise
    return Path(name)


def discard(path: Path) -> None:
    """Remove a temporary file if it is still there."""
    with contextlib.suppress(OSError):
        path.unlink()


def sync_folder(folder: Path) -> None:
    """Make a rename durable (where the system allows opening folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) path with text in one step."""
    temp = temporary_beside(path, text)
    try:
        os.replace(temp, path)
    except BaseException:
        discard(temp)
        raise
    sync_folder(path.parent)


def write_new(path: Path, text: str) -> None:
    """Create path with text in one step; raise FileExistsError if it exists (it is never touched)."""
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another name or remove it first")
    temp = temporary_beside(path, text)
    try:
        try:
            os.link(temp, path)  # fails if path appeared meanwhile: never overwrites
        except FileExistsError:
            raise FileExistsError(f"{path} already exists; choose another name or remove it first") from None
        except OSError:
            if path.exists():  # no hard links here (e.g. some network drives): check, then rename
                raise FileExistsError(f"{path} already exists; choose another name or remove it first") from None
            os.replace(temp, path)
    finally:
        discard(temp)
    sync_folder(path.parent)
