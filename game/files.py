"""Reading and writing user files safely.

Reading: ``read_regular`` is the one door for scenario, save and settings files.
It reads only regular files (never a device such as ``/dev/zero``, a named pipe
or a socket, which could hang or never end) and at most a given number of bytes.

Writing: a file is always either the old version or the complete new one.

Every write goes to a temporary file in the same folder, is flushed and fsync'ed,
then renamed over the target (``os.replace``) — or linked into place when the
target must not exist yet — and the folder is synced so the rename survives a
crash.  Saves, reports, scaffolds and schema files all come through here.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path


class FileReadError(Exception):
    """A file cannot be read; the message says why in plain words (without the file name)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; FileReadError otherwise, without ever blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileReadError("there is no such file") from None
    except IsADirectoryError:
        raise FileReadError("it is a folder, not a file") from None
    except OSError as err:
        raise FileReadError(f"it cannot be read ({err.strerror or err})") from None
    try:
        mode, size = _kind_and_size(fd)
        if stat.S_ISDIR(mode):
            raise FileReadError("it is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise FileReadError(f"it is not a regular file but {_kind(mode)}; only ordinary files are read")
        if size > limit:
            raise FileReadError(f"it is too large ({size:,} bytes; the limit is {limit:,})")
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileReadError(f"it is too large (more than {limit:,} bytes)")
    return data


def _read_at_most(fd: int, count: int) -> bytes:
    """Up to count bytes from an open file; FileReadError if reading fails."""
    chunks, left = [], count
    try:
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as err:
        raise FileReadError(f"it cannot be read ({err.strerror or err})") from None
    return b"".join(chunks)


def _kind_and_size(fd: int) -> tuple[int, int]:
    """The file type bits and the size of an open file."""
    info = os.fstat(fd)
    return info.st_mode, info.st_size


def _kind(mode: int) -> str:
    """'a named pipe', 'a device', 'a socket' ... for a file type."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"


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


STALE_SECONDS = 600
"""A temporary file this old belongs to a save that was killed (a save takes well under a second)."""


def clean_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed save left in folder ('.NAME.*.tmp', stale ones only); return them."""
    now = time.time() if now is None else now
    removed = []
    for path in folder.glob(".*.tmp"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
            discard(path)
            removed.append(path)
    return removed


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
