"""Record files on disk: atomic writes, the autosave with its backup, named saves, and the list of saves.

Every write goes to a temporary file in the same folder, is flushed and
fsync'ed, then renamed over the target (``os.replace``), so a file is always
either the old version or the new one, never half of each.  Every game has its
own autosave, ``autosave-SLOT.json`` (``Recorder.slot``), which keeps the game's
previous autosave as ``autosave-SLOT.bak.json``; if the process dies between the
two renames only the backup exists, and ``load_autosave`` falls back to it.  Two
games played at once never share a file.  Older versions wrote one
``autosave.json``, still read (the slot "").  Reading never changes or removes a
record; temporary files left by a killed save are removed once they are stale.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import (
    FileReadError,
    clean_stale_temporaries,
    discard,
    read_regular,
    sync_folder,
    temporary_beside,
    write_atomic,
)
from ..paths import user_data_dir
from ..scenario.problems import ScenarioError
from ..scenarios import find_scenario

if TYPE_CHECKING:
    from .recorder import Recorder

from .format import MAX_RECORD_BYTES, Record, RecordError, dump_record, parse_record, seat_leader

AUTOSAVE = "autosave.json"
BACKUP = "autosave.bak.json"
SUFFIX = ".json"
_AUTOSAVE_NAME = re.compile(r"autosave(?:-(?P<slot>[A-Za-z0-9_-]{1,64}))?(?P<backup>\.bak)?\.json")


def new_slot() -> str:
    """A name for a new game's autosave: its start time and a random tag ('20250605-140311-3fa2')."""
    return f"{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def autosave_paths(folder: Path, slot: str = "") -> tuple[Path, Path]:
    """A game's autosave and its backup ('' is the single autosave of older versions)."""
    if not slot:
        return folder / AUTOSAVE, folder / BACKUP
    return folder / f"autosave-{slot}{SUFFIX}", folder / f"autosave-{slot}.bak{SUFFIX}"


def slot_of(path: Path) -> str | None:
    """The slot of an autosave or backup file ('' for the old single autosave), or None for any other file."""
    match = _AUTOSAVE_NAME.fullmatch(path.name)
    return None if match is None else match["slot"] or ""


def slot_started(slot: str) -> str:
    """When the game of a slot started, as 'YYYY-MM-DD HH:MM' ('' if the slot does not say)."""
    try:
        return f"{dt.datetime.strptime(slot[:15], '%Y%m%d-%H%M%S'):%Y-%m-%d %H:%M}"
    except ValueError:
        return ""


def latest_slot(folder: Path) -> str | None:
    """The slot of the most recently written autosave in folder (None if there is none)."""
    newest: tuple[float, str] | None = None
    for path in folder.glob("autosave*.json"):
        slot = slot_of(path)
        try:
            stamp = path.stat().st_mtime
        except OSError:
            continue
        if slot is not None and (newest is None or stamp > newest[0]):
            newest = (stamp, slot)
    return None if newest is None else newest[1]


def saves_dir() -> Path:
    """The folder of saves and autosaves (in the user's data folder; not created here)."""
    return user_data_dir() / "saves"


def read_record(path: str | Path) -> Record:
    """Load and validate a record file (a regular file of at most MAX_RECORD_BYTES); raise RecordError if it cannot."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_RECORD_BYTES)
    except FileReadError as err:
        raise RecordError(str(path), err.message) from None
    return parse_record(data, str(path))


def keep_slot(recorder: Recorder, path: Path) -> None:
    """A game continued from its autosave goes on writing that autosave (a named save starts a new one)."""
    slot = slot_of(path)
    if slot is not None:
        recorder.slot = slot


def write_record(path: str | Path, record: Record) -> Path:
    """Write a record atomically and return its path."""
    path = Path(path)
    write_atomic(path, dump_record(record))
    return path


def write_autosave(record: Record, folder: Path | None = None, slot: str = "") -> Path:
    """Write a game's autosave (its slot), keeping its previous autosave as the backup."""
    folder = saves_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(folder)
    target, backup = autosave_paths(folder, slot)
    temp = temporary_beside(target, dump_record(record))
    try:
        if target.exists() and _readable(target):
            os.replace(target, backup)
        os.replace(temp, target)
    except BaseException:
        discard(temp)
        raise
    sync_folder(folder)
    return target


def _readable(path: Path) -> bool:
    """Whether a file holds a valid record (a damaged autosave must not replace a good backup)."""
    try:
        read_record(path)
    except RecordError:
        return False
    return True


@dataclass(frozen=True)
class Loaded:
    """A record read from disk, with a note when it came from the backup."""

    record: Record
    path: Path
    note: str = ""


def load_autosave(folder: Path | None = None, slot: str | None = None) -> Loaded:
    """A game's autosave (default: the latest game's), or its backup if the autosave is missing or damaged.

    RecordError if neither loads.
    """
    folder = saves_dir() if folder is None else folder
    slot = latest_slot(folder) if slot is None and folder.is_dir() else slot
    target, backup = autosave_paths(folder, slot or "")
    if not target.exists() and not backup.exists():
        raise RecordError(str(target), "no autosave yet: nothing to continue")
    try:
        return Loaded(read_record(target), target)
    except RecordError as first:
        if not backup.exists():
            raise
        try:
            record = read_record(backup)
        except RecordError:
            raise first from None
        return Loaded(record, backup, f"{first}; continuing from the backup (one week earlier)")


def unused_name(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    """folder/stem.json, or stem-2.json, stem-3.json ... if taken (files are never overwritten)."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem).strip("._") or "save"
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def save_named(record: Record, name: str | None = None, folder: Path | None = None) -> Path:
    """Save a record under a new name in the saves folder (default: scenario and date); never overwrites."""
    folder = saves_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    stem = name or f"{record.scenario.id}-{dt.datetime.now():%Y%m%d-%H%M}"
    if stem.endswith(SUFFIX):
        stem = stem[: -len(SUFFIX)]
    return write_record(unused_name(folder, stem), record)


@dataclass(frozen=True)
class SaveInfo:
    """One file in the saves folder, for a save/load screen (valid or not)."""

    path: Path
    name: str
    """File name without '.json'."""
    autosave: bool
    modified: dt.datetime
    record: Record | None
    problem: str = ""
    """Why the file cannot be loaded (empty if it can)."""
    warning: str = ""
    """What may stop it replaying as recorded, e.g. its scenario changed since (empty if nothing known)."""

    @property
    def ok(self) -> bool:
        return self.record is not None

    @property
    def scenario(self) -> str:
        return self.record.scenario.title or self.record.scenario.id if self.record else ""

    @property
    def turn(self) -> int:
        """Weeks played so far."""
        return len(self.record.turns) if self.record else 0

    @property
    def over(self) -> bool:
        return bool(self.record and self.record.status and self.record.status.over)

    @property
    def sides(self) -> str:
        """Who played: 'you: us; computer: china (tit_for_tat)'."""
        if not self.record:
            return ""
        seats = self.record.settings.seats
        people = [s.side for s in seats if s.player == "person"]
        computers = [f"{s.side} ({seat_leader(s)})" for s in seats if s.player == "computer"]
        parts = ([f"you: {', '.join(people)}"] if people else []) + (
            [f"computer: {', '.join(computers)}"] if computers else []
        )
        return "; ".join(parts)


def list_saves(folder: Path | None = None) -> list[SaveInfo]:
    """Every record file in the saves folder, newest first, with its problem if it cannot be loaded."""
    folder = saves_dir() if folder is None else folder
    if not folder.is_dir():
        return []
    clean_stale_temporaries(folder)
    out = []
    hashes: dict[str, str | None] = {}
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            continue
        try:
            record, problem = read_record(path), ""
        except RecordError as err:
            record, problem = None, err.message
        name = path.name[: -len(SUFFIX)]
        warning = scenario_warning(record, hashes) if record else ""
        out.append(SaveInfo(path, name, slot_of(path) is not None, modified, record, problem, warning))
    out.sort(key=lambda info: info.modified, reverse=True)
    return out


def scenario_warning(record: Record, hashes: dict[str, str | None]) -> str:
    """Whether the record's scenario is installed and unchanged ('' if so); caches hashes by scenario id."""
    sid = record.scenario.id
    if sid not in hashes:
        try:
            hashes[sid] = find_scenario(sid).source_hash
        except (FileNotFoundError, ScenarioError):
            hashes[sid] = None
    if hashes[sid] is None:
        return f"its scenario {sid!r} is not installed or has errors"
    return "" if hashes[sid] == record.scenario.hash else f"its scenario {sid!r} has changed since"


def find_save(name: str, folder: Path | None = None) -> Path:
    """A record by path, or by name in the saves folder ('autosave': the latest game's; 'my-game'; 'my-game.json')."""
    path = Path(name)
    if path.exists() or path.parent != Path("."):
        return path
    folder = saves_dir() if folder is None else folder
    if name in ("autosave", AUTOSAVE) and folder.is_dir() and (slot := latest_slot(folder)) is not None:
        return autosave_paths(folder, slot)[0]
    for candidate in (folder / name, folder / f"{name}{SUFFIX}"):
        if candidate.exists():
            return candidate
    return path
