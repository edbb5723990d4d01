"""The layering of DESIGN.md §3, checked on the source: who may import whom."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "studio"
QT = ("PySide6", "shiboken6", "qasync")

# Which studio layers each layer may import (besides itself). cli is the thin entry point.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "media": {"core"},
    "storage": {"core"},
    "localserver": {"core", "media", "storage"},
    "services": {"core", "media", "storage", "localserver"},
    "app": {"core", "media", "storage", "localserver", "services"},
    "ui": {"core", "media", "storage", "services", "localserver", "app"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _layer_files() -> list[tuple[str, Path]]:
    return [
        (p.relative_to(PACKAGE).parts[0], p)
        for p in sorted(PACKAGE.rglob("*.py"))
        if len(p.relative_to(PACKAGE).parts) > 1
    ]


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda v: str(v))
def test_layer_imports(layer: str, path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        if top in QT:
            assert layer == "ui", f"{path}: only studio/ui may import Qt ({name})"
        if top == "studio" and "." in name:
            other = name.split(".")[1]
            if other in ALLOWED and other != layer:
                assert other in ALLOWED[layer], f"{path}: {layer} may not import {name}"


def test_every_layer_is_known() -> None:
    layers = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert layers <= set(ALLOWED), f"unlisted layers: {layers - set(ALLOWED)}"


def test_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport studio.ui.app\n")
    assert _imports(bad) == ["PySide6.QtCore", "studio.ui.app"]


@pytest.mark.skipif(
    os.environ.get("STUDIO_NO_QT") != "1", reason="only in the no-Qt phase"
)
def test_no_qt_phase_refuses_qt() -> None:
    import importlib

    with pytest.raises(ImportError, match="layering violation"):
        importlib.import_module("PySide6.QtCore")


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_top_level_modules_import_no_qt(path: Path) -> None:
    """The entry points outside the layers (cli, __main__) reach Qt only through studio.ui."""
    qt = [n for n in _imports(path) if n.split(".")[0] in QT]
    assert not qt, f"{path}: only studio/ui may import Qt ({', '.join(qt)})"
