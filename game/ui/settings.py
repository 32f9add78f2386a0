"""Window settings kept between games: window size, forecast rollouts, watch pace (a small JSON file).

A missing or broken file gives the defaults and a message; saving writes a
temporary file and renames it, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..paths import user_data_dir

SIZES = ((1280, 720), (1600, 900), (1920, 1080))
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

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def settings_path() -> Path:
    """Where the settings file lives."""
    return user_data_dir() / "settings.json"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings (defaults if none), and a message if the file could not be read."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name: f.type for f in fields(Settings)}
        values = {k: v for k, v in data.items() if k in known}
        settings = Settings(**values)
        settings.width, settings.height = max(960, int(settings.width)), max(600, int(settings.height))
        return settings, None
    except (OSError, ValueError, TypeError) as err:
        return Settings(), f"{path}: could not read settings ({err}); using the defaults"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
