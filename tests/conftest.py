"""Suite-wide test set-up.

With ``STUDIO_NO_QT=1`` (the first phase of ``make test``) every import of a Qt binding
fails, which proves that the non-UI layers and their tests never load Qt.
"""

from __future__ import annotations

import importlib.abc
import os
import sys

QT_MODULES = ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6", "pytestqt")


class _QtBlocker(importlib.abc.MetaPathFinder):
    """Refuse Qt imports: a non-UI module that pulls Qt in fails loudly."""

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in QT_MODULES:
            raise ImportError(f"{fullname} imported in a no-Qt test run (layering violation)")
        return None


if os.environ.get("STUDIO_NO_QT") == "1":
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in QT_MODULES)
    if loaded:
        raise RuntimeError(f"Qt was already imported before tests started: {loaded}")
    sys.meta_path.insert(0, _QtBlocker())


def pytest_addoption(parser, pluginmanager) -> None:
    """Keep pytest-qt's ini keys known when the plugin is disabled (no-Qt phase)."""
    if not pluginmanager.has_plugin("pytest-qt"):
        for key in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(key, "(pytest-qt is disabled in this run)", type="linelist")
