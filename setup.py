"""The package list, which pyproject.toml cannot say, and the translations' compile step.

Everything else about the build is in pyproject.toml. Why this file: the project keeps its
non-code assets in the top-level resources/ folder, and a wheel carries files only inside
packages; so the folder (and each folder in it, as data-only packages) ships as
studio._resources, where studio.storage.bundled.resource_root finds it. The compiled
translations (``*.qm``) are build output, not in git: ``build_py`` compiles every
``resources/translations/*.ts`` into the wheel with Qt's ``lrelease`` (PySide6-Essentials is
a build requirement for that), so a wheel built from a clean checkout speaks Chinese too.
"""

import subprocess
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCES = "resources"
DATA_PACKAGE = "studio._resources"


def _data_packages() -> dict[str, list[str]]:
    """Each folder under resources/ as a package name -> its files (all of them)."""
    root = HERE / RESOURCES
    found = {}
    for folder in sorted([root, *(p for p in root.rglob("*") if p.is_dir())]):
        parts = folder.relative_to(root).parts
        if "__pycache__" in parts:
            continue
        found[".".join((DATA_PACKAGE, *parts))] = ["*"]
    return found


def _lrelease() -> Path:
    """Qt's lrelease from the PySide6 of the build environment; a build without it fails."""
    try:
        import PySide6
    except ImportError as exc:
        raise SystemExit("setup.py: PySide6 (pyside6-essentials) is needed to compile "
                         "the translations; it is in pyproject's build requirements") from exc
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    tool = Path(PySide6.__file__).parent / name
    if not tool.is_file():
        raise SystemExit(f"setup.py: {tool} is missing from this PySide6")
    return tool


class BuildWithTranslations(build_py):
    """build_py, then each ``.ts`` compiled to its ``.qm`` beside it in the build."""

    def run(self) -> None:
        super().run()
        sources = sorted((HERE / RESOURCES / "translations").glob("*.ts"))
        if not sources or self.editable_mode:  # a checkout reads resources/ itself
            return
        out = Path(self.build_lib, *DATA_PACKAGE.split("."), "translations")
        out.mkdir(parents=True, exist_ok=True)
        tool = _lrelease()
        for ts in sources:
            qm = out / ts.with_suffix(".qm").name
            subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True)


DATA = _data_packages()
setup(
    packages=[*find_packages(include=["studio", "studio.*"]), *DATA],
    package_dir={DATA_PACKAGE: RESOURCES},
    package_data=DATA,
    cmdclass={"build_py": BuildWithTranslations},
)
