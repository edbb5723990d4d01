"""The app's two-step window: what the first frame shows, then the rest (finish_window).

``sora-studio gui`` builds the window without its timeline, player, jobs panel and
storyboard tools, paints it, and adds them after; a project opened from the command
line may be open before the tools are. Here the same steps run in the test's process:
the late parts must work as if they had been built with the window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui.studio_harness import run, until


@pytest.mark.timeout(60)
def test_the_parts_built_after_the_first_frame_work_on_a_project_opened_before(
        qtbot, qloop, tmp_path):
    from studio.ui.app import build_window, finish_window

    win = build_window(settings_dir=tmp_path / "cfg", recovery=tmp_path / "recovery",
                       complete=False)
    qtbot.addWidget(win, before_close_func=lambda w: w.doc.undo_stack.setClean())
    win.show()
    assert win.timeline_dock is None and win.player is None
    assert not hasattr(win, "storyboards")
    win.actions["new"].trigger()  # open before the late parts exist
    assert win.has_project and not win.doc.project.shots

    finish_window(win)
    run(qloop, until(lambda: hasattr(win, "storyboards"), 30, "the storyboard tools"))
    assert win.timeline_dock.isVisible() and win.jobs_dock.isVisible()
    QGuiApplication.clipboard().setText("1. Dawn (3s)\nCamera: aerial\n2. Dusk (5s)\n")
    timeline = win.timeline_dock.widget()
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    run(qloop, until(lambda: win.storyboards.review is not None
                     and win.storyboards.review.isVisible(), 20, "the review dialog"))
    win.storyboards.review.apply_button.click()
    assert [(s.title, s.duration) for s in win.doc.project.shots] == [("Dawn", 3), ("Dusk", 5)]
    qloop.run_until_complete(win.tasks.close())
