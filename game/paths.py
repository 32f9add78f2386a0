"""Where things live: bundled scenarios and assets (checkout or installed wheel) and the user's folders."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "brinkmanship"
_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A top-level folder of the project: inside the wheel (game/_data/NAME) or beside the package."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def scenarios_dir() -> Path:
    """Bundled scenarios."""
    return _bundled("scenarios")


def assets_dir() -> Path:
    """Bundled fonts, theme, images and sounds."""
    return _bundled("assets")


def user_scenarios_dir() -> Path:
    """Where a user's own scenario files go (created on demand)."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "scenarios"


def user_data_dir() -> Path:
    """Where saves, autosaves and settings go."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False))
