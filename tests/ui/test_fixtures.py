"""The UI suite's own guards must be able to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]


def test_leaked_widget_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text())
    pytester.makepyfile(
        """
        from PySide6.QtWidgets import QWidget

        def test_leaks(qapp):
            w = QWidget()
            w.show()
            test_leaks.keep = w
        """
    )
    result = pytester.runpytest_subprocess("-p", "pytest-qt")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*leaked top-level widgets: QWidget*"])


def test_qt_warning_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nqt_log_level_fail = WARNING\n")
    pytester.makepyfile(
        """
        from PySide6.QtCore import qWarning

        def test_warns(qapp):
            qWarning("something odd")
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
