"""Rules for modal dialogs under test, as the app keeps them: a nested Qt loop runs only
where the asyncio loop can keep serving every task through it.

Two ways to break that, each seen as a job that stalls or fails at random:

- a dialog opened inside a task's step: asyncio refuses to step any other task inside it
  ("Cannot enter into task … while another task … is being executed"), so every job
  stalls until the dialog closes, and those refused never step again;
- a dialog opened while the qasync loop is stopped (test code between two
  ``run_until_complete`` calls): its nested loop serves the loop's handles with no running
  loop, and an HTTP request made there fails ("unknown async library").

In the app a gesture comes from Qt as a plain callback on the running loop; a test does the
same with ``await gesture(...)`` (tests/ui/studio_harness.py). (A third way, qasync's own
last pass of Qt events after ``run_until_complete``, is closed by ``ui.event_loop``.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

STATIC_ASKS = ("question", "warning", "information", "critical")


def guard_modals(monkeypatch: pytest.MonkeyPatch, check: Callable[[str], None]) -> None:
    """Call ``check(what)`` before each modal loop: ``QDialog.exec`` (every dialog of
    ours) and the static ``QMessageBox`` asks. A test that replaces an ask replaces the
    check with it (no nested loop then)."""
    exec_ = QDialog.exec

    def checked_exec(self: QDialog) -> int:
        check(type(self).__name__)
        return exec_(self)

    monkeypatch.setattr(QDialog, "exec", checked_exec)
    for name in STATIC_ASKS:
        ask = getattr(QMessageBox, name)

        def checked_ask(*args, _ask=ask, _name=name, **kwargs):
            check(f"QMessageBox.{_name}")
            return _ask(*args, **kwargs)

        monkeypatch.setattr(QMessageBox, name, staticmethod(checked_ask))


def not_inside_a_task(what: str) -> None:
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no running loop
        return
    if task is not None:
        raise AssertionError(f"{what} opened inside the task {task.get_name()!r}: no other "
                             "task can step until it closes (use await gesture(...))")


def while_serving(loop: asyncio.AbstractEventLoop) -> Callable[[str], None]:
    """A check that ``loop`` is running, for tests on the app's qasync loop."""
    def check(what: str) -> None:
        if not loop.is_running():
            raise AssertionError(f"{what} opened while the app's loop is stopped: its nested "
                                 "loop would serve tasks with no running loop (click inside "
                                 "run(loop, gesture(...)))")
    return check
