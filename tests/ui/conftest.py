"""UI test set-up: offscreen Qt, Qt warnings fail tests, leaked windows fail tests, a modal
dialog opened inside an asyncio task fails its test (tests/ui/_modals.py)."""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: QApplication):
    """As the app does: cyclic garbage is collected on the GUI thread, never a worker's."""
    from studio.ui.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield collector
    collector.deleteLater()


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp: QApplication):
    """Fail a test that leaves a top-level widget alive (register widgets with qtbot)."""
    before = set(qapp.topLevelWidgets())
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [w for w in qapp.topLevelWidgets() if w not in before]
    if leaked:
        names = ", ".join(f"{type(w).__name__}({w.objectName()!r})" for w in leaked)
        for w in leaked:
            w.close()
            w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pytest.fail(f"test leaked top-level widgets: {names}")


with contextlib.suppress(ImportError):  # absent where this file is copied alone
    # The real window with its services (tests/ui/studio_harness.py).
    from tests.ui._modals import guard_modals, not_inside_a_task
    from tests.ui.studio_harness import launch, qloop, render_pool  # noqa: F401

    @pytest.fixture(autouse=True)
    def no_modal_inside_a_task(monkeypatch: pytest.MonkeyPatch) -> None:
        guard_modals(monkeypatch, not_inside_a_task)


@pytest.fixture
def doc(qapp: QApplication):
    """A document holding the small test storyboard (tests/ui/_projects.py)."""
    from studio.storage.bundled import capability_table
    from studio.ui.document import ProjectDocument
    from tests.ui._projects import sample_project

    d = ProjectDocument(capability_table())
    d.load(sample_project(), None)
    yield d
    d.deleteLater()
