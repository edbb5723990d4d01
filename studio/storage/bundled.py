"""Read-only data shipped with the app: the capability table, samples, icons, desktop files.

They live in the repository's top-level ``resources/`` folder (not inside the package,
per the project's layout). One function, :func:`resource_root`, finds that folder in the
three ways the app runs:

- frozen (PyInstaller): ``<bundle>/resources`` (``sys._MEIPASS``; packaging/sora-studio.spec
  collects it there);
- installed from a wheel: the package ``studio._resources`` (pyproject.toml maps
  ``resources/`` onto it, so the wheel carries the folder inside ``studio/``);
- a source checkout or an editable install: ``<repo>/resources``, beside ``studio/``.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window's first frame reads icons from here, before the models
    from studio.core.capabilities import CapabilityTable

#: A file every resources folder holds: how a candidate folder is recognised.
MARKER = "capabilities.json"
WHEEL_PACKAGE = "studio._resources"
#: The reverse-DNS id of the desktop entry, the AppStream component and the icon's name.
APP_ID = "io.github.sorastudio.SoraStudio"
#: The PNG sizes of the app icon under icons/hicolor (rendered by scripts/make_icons.py).
APP_ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def _candidates() -> list[Path]:
    found: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / "resources")
    try:
        spec = importlib.util.find_spec(WHEEL_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        found.extend(Path(p) for p in spec.submodule_search_locations)
    found.append(Path(__file__).resolve().parents[2] / "resources")
    return found


@cache
def resource_root() -> Path:
    """The folder holding the bundled resources (the first candidate that has them)."""
    candidates = _candidates()
    for root in candidates:
        if (root / MARKER).is_file():
            return root
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"the studio's resources are missing (looked in: {tried})")


def resource_path(name: str) -> Path:
    """Filesystem path of a bundled resource, e.g. ``"samples/festival-island.zh.sorastudio"``."""
    return resource_root() / name if name else resource_root()


@cache
def capability_table() -> CapabilityTable:
    """The bundled capability table, parsed once per process."""
    from studio.core.capabilities import CapabilityTable

    return CapabilityTable.from_json(resource_path("capabilities.json").read_bytes())


def is_bundled(path: Path) -> bool:
    """True for a file shipped with the app: opened as a copy, never written to."""
    root = resource_root().resolve()
    return Path(path).resolve().is_relative_to(root)


def sample_project_path(language: str = "en") -> Path:
    return resource_path(f"samples/festival-island.{language}.sorastudio")


def app_icon_path(size: int | None = None) -> Path:
    """The app icon: the SVG, or the PNG rendered at ``size`` px (scripts/make_icons.py)."""
    if size is None:
        return resource_path(f"icons/hicolor/scalable/apps/{APP_ID}.svg")
    return resource_path(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
