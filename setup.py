"""The package list, which pyproject.toml cannot say: resources/ maps onto studio._resources.

Everything else about the build is in pyproject.toml. Why: the project keeps its non-code
assets in the top-level resources/ folder, and a wheel carries files only inside packages;
so the folder (and each folder in it, as data-only packages) ships as studio._resources,
where studio.storage.bundled.resource_root finds it.
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = "resources"
DATA_PACKAGE = "studio._resources"


def _data_packages() -> dict[str, list[str]]:
    """Each folder under resources/ as a package name -> its files (all of them)."""
    root = Path(__file__).parent / RESOURCES
    found = {}
    for folder in sorted([root, *(p for p in root.rglob("*") if p.is_dir())]):
        parts = folder.relative_to(root).parts
        if "__pycache__" in parts:
            continue
        found[".".join((DATA_PACKAGE, *parts))] = ["*"]
    return found


DATA = _data_packages()
setup(
    packages=[*find_packages(include=["studio", "studio.*"]), *DATA],
    package_dir={DATA_PACKAGE: RESOURCES},
    package_data=DATA,
)
