"""Window settings kept between games: window size, forecast rollouts, watch pace (a small JSON file).

A missing or broken file gives the defaults and a message (a value of the wrong
type or out of range is replaced by its default, with a message naming it); saving
writes a temporary file and renames it, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..files import FileReadError, read_regular
from ..paths import user_data_dir

SIZES = ((960, 600), (1280, 720), (1600, 900), (1920, 1080))
RUNS = (500, 2000, 4000)
PACES = (0.8, 1.6, 3.0)


@dataclass
class Settings:
    """What a person can change in the Settings screen."""

    width: int = 1280
    height: int = 720
    forecast_runs: int = 2000
    watch_pace: float = 1.6
    """Seconds between weeks when watching computers play."""
    show_forecasts: bool = True
    reveal_pace: float = 0.7
    """Seconds between the two leaders' cards turning over on the reveal (0: everything at once)."""
    muted: bool = False
    """No sound cues."""

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def settings_path() -> Path:
    """Where the settings file lives."""
    return user_data_dir() / "settings.json"


LIMITS: dict[str, tuple[type, float, float]] = {
    "width": (int, 960, 7680),
    "height": (int, 600, 4320),
    "forecast_runs": (int, 100, 20_000),
    "watch_pace": (float, 0.1, 30.0),
    "show_forecasts": (bool, 0, 1),
    "reveal_pace": (float, 0.0, 5.0),
    "muted": (bool, 0, 1),
}
"""Each setting's type and range (a number outside is brought into range; a wrong type gives the default)."""
MAX_SETTINGS_BYTES = 64_000


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings (defaults if none), and a message if the file or some value could not be used."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        data = json.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except FileReadError as err:
        return Settings(), f"{path}: could not read settings ({err.message}); using the defaults"
    except (ValueError, RecursionError) as err:
        reason = "nested too deeply" if isinstance(err, RecursionError) else _short(err)
        return Settings(), f"{path}: could not read settings (not valid JSON: {reason}); using the defaults"
    if not isinstance(data, dict):
        return Settings(), f"{path}: could not read settings (not a JSON object); using the defaults"
    values, bad = {}, []
    for name, value in data.items():
        if name in LIMITS:
            checked = _setting(name, value)
            if checked is None:
                bad.append(name)
            else:
                values[name] = checked
    settings = Settings(**values)
    if not bad:
        return settings, None
    return settings, f"{path}: ignored {', '.join(bad)} (not a usable value); using the defaults for them"


def _setting(name: str, value: object) -> int | float | bool | None:
    """A setting's value if it has the right type and lies in its range, else None."""
    kind, low, high = LIMITS[name]
    if kind is bool:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if kind is int and not (isinstance(value, int) or (math.isfinite(value) and value.is_integer())):
        return None
    if not math.isfinite(value):
        return None
    return kind(min(max(value, low), high))


def _short(err: Exception) -> str:
    """An error's message, cut to one short line."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:120]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
