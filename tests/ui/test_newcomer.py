"""The newcomer's first session, only through widgets and actions.

Launch the real window (temporary settings, ledger and provider folders; the local
provider paced at half a second per job), open the sample, generate every shot on the
local provider, watch the jobs dock's progress bars move, see the takes land on the
timeline, play the cut to its end, undo and redo an edit, save, reopen, and find the
same project.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from studio.core.model import TakeStatus
from studio.ui.jobs_dock import PROGRESS, ProgressRole
from tests.ui.studio_harness import run, until


def test_newcomer_path(launch, qloop, qtbot, tmp_path, monkeypatch):
    win = launch()
    doc = win.doc
    jobs = win.jobs_dock.widget()
    timeline = win.timeline_dock.widget()
    player = win.player
    inspector = win.inspector
    seen: list[int] = []
    finished: list[bool] = []
    jobs.view.model().dataChanged.connect(
        lambda a, b, _r=(): seen.extend(
            jobs.view.model().index(r, PROGRESS).data(ProgressRole)
            for r in range(a.row(), b.row() + 1)))
    player.cutFinished.connect(lambda: finished.append(True))
    target = tmp_path / "my films" / "island.sorastudio"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))

    async def scenario() -> None:
        qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
        await until(lambda: win.center.currentWidget() is win.player_slot, 10, "the sample")
        assert len(doc.project.shots) == 7
        # A smaller look size renders quicker on two cores: a user gesture in the inspector.
        inspector.setCurrentWidget(inspector.look)
        size = inspector.look.size
        size.setCurrentIndex(size.findData("640x360"))
        assert doc.project.look.size == "640x360"

        win.actions.generate_all.trigger()
        await until(lambda: all(s.takes for s in doc.project.shots), 10, "seven takes")
        assert jobs.view.model().rowCount() == 7
        await until(lambda: all(s.chosen() and s.chosen().status is TakeStatus.COMPLETED
                                for s in doc.project.shots), 60, "seven clips")
        assert any(0 < v < 100 for v in seen), seen
        assert seen[-1] == 100 and max(seen) == 100
        assert all(jobs.view.model().index(r, PROGRESS).data(ProgressRole) == 100
                   for r in range(7))
        # The chosen takes' thumbnails appear on the timeline.
        paths = [doc.resolve_media(s.chosen().media) for s in doc.project.shots]
        timeline.viewport().repaint()
        await until(lambda: all(timeline._thumbs.get(p) is not None for p in paths), 20,
                    "the thumbnails")
        assert all(not s.takes[0].error for s in doc.project.shots)

        # Play the cut (twice the speed) to its end.
        player.transport.speed.setCurrentIndex(player.transport.speed.findData(2.0))
        win.actions.play_cut.trigger()
        await until(lambda: finished, 40, "the end of the cut")
        assert player.current_shot() == doc.project.shots[-1].id
        assert doc.selection == [doc.project.shots[-1].id]  # the cut drove the selection

        # Undo and redo an edit made in the inspector.
        inspector.setCurrentWidget(inspector.shot)
        title = inspector.shot.title
        before = title.text()
        qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
        title.end(False)
        qtbot.keyClicks(title, " at night")
        assert doc.project.shots[-1].title == before + " at night"
        win.actions.undo.trigger()
        assert doc.project.shots[-1].title == before and title.text() == before
        win.actions.redo.trigger()
        assert doc.project.shots[-1].title == before + " at night"

        # Save (the media come along into the project folder), reopen, same project.
        win.actions.save.trigger()
        await until(lambda: not doc.is_dirty(), 30, "the save")
        assert doc.path == target
        saved = doc.project.model_dump()
        assert all((target.parent / s.chosen().media).is_file() for s in doc.project.shots)
        win.actions.open.trigger()
        await until(lambda: doc.path == target and not doc.is_dirty(), 10, "the reopen")
        assert doc.project.model_dump() == saved
        paths = [doc.resolve_media(s.chosen().media) for s in doc.project.shots]
        assert all(p.is_file() and p.parent.parent == target.parent for p in paths)
        # Let the reopened project's thumbnails finish: the cache's pool is joined when the
        # window is destroyed, and its Python jobs need the GIL the joining thread holds.
        timeline.viewport().repaint()
        await until(lambda: all(timeline._thumbs.get(p) is not None for p in paths), 20,
                    "the reopened thumbnails")

    run(qloop, scenario(), timeout=85)
