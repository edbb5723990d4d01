"""Read-only data shipped inside the package (capability table, sample projects)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from studio.core.capabilities import CapabilityTable


def resource_path(name: str) -> Path:
    """Filesystem path of a bundled resource (the package is installed unzipped)."""
    return Path(str(resources.files("studio.resources").joinpath(name)))


@cache
def capability_table() -> CapabilityTable:
    """The bundled capability table, parsed once per process."""
    return CapabilityTable.from_json(resource_path("capabilities.json").read_bytes())


def is_bundled(path: Path) -> bool:
    """True for a file shipped inside the package: opened as a copy, never written to."""
    root = resource_path("").resolve()
    return Path(path).resolve().is_relative_to(root)


def sample_project_path(language: str = "en") -> Path:
    return resource_path(f"samples/festival-island.{language}.sorastudio")
