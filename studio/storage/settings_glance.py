"""What the window's first frame needs from the settings, read without validating them.

Why: the settings' pydantic models cost ~0.2 s to import and build, as much again as
the rest of a start; the first frame needs only the interface language and the recent
projects. They are read here from the same file, leniently (anything unexpected counts
as unset). The window loads and validates the whole settings (:mod:`.settings`) right
after that frame, and says there when they are unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "sora-studio"
SETTINGS_FILE = "settings.json"
#: The interface languages a settings file may name ("system": the desktop's).
INTERFACE_LANGUAGES = ("system", "en", "zh_CN")


def default_settings_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Glance:
    interface_language: str = "system"
    recent_projects: tuple[str, ...] = ()


def existing_paths(paths: Iterable[str]) -> list[str]:
    """The recent projects still on disk (the welcome page and File ▸ Open Recent)."""
    return [p for p in paths if Path(p).exists()]


def glance(directory: Path | None = None) -> Glance:
    """The two values from ``settings.json`` in ``directory``; defaults where unreadable."""
    path = (Path(directory) if directory is not None else default_settings_dir()) / SETTINGS_FILE
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return Glance()
    if not isinstance(data, dict):
        return Glance()
    language = data.get("interface_language")
    recent = data.get("recent_projects")
    return Glance(
        language if language in INTERFACE_LANGUAGES else "system",
        tuple(r for r in recent if isinstance(r, str)) if isinstance(recent, list) else (),
    )
