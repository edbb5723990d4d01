"""The jobs dock: incremental rows from JobEvents, plain-word failures, cancel / retry."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem

from studio.services.errors import MESSAGES, Category
from studio.services.jobs import JobEvent
from studio.services.ledger import JobKind, JobRecord, JobState
from studio.ui.jobs_dock import (
    COST,
    ELAPSED,
    ETA,
    PROGRESS,
    SHOT,
    STATUS,
    JobsPanel,
    ProgressDelegate,
    ProgressRole,
    clip_file_name,
    format_duration,
)


def ev(job: str, state: JobState, progress: int = 0, **kw) -> JobEvent:
    base = dict(eta_seconds=30.0, elapsed=5.0, cost_quoted=0.4, cost_spent=None)
    base.update(kw)
    return JobEvent(job, state, progress, **base)


def make_panel(qtbot) -> JobsPanel:
    panel = JobsPanel()
    qtbot.addWidget(panel)
    panel.resize(800, 200)
    panel.show()
    return panel


def test_events_insert_once_then_change_one_row(qtbot):
    panel = make_panel(qtbot)
    m = panel.model
    resets, inserted, changed = [], [], []
    m.modelReset.connect(lambda: resets.append(1))
    m.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    m.dataChanged.connect(lambda a, b, _r=(): changed.append((a.row(), b.row())))
    m.set_title("j1", "1. Dawn over the sea")
    m.apply(ev("j1", JobState.INTENT))
    m.apply(ev("j2", JobState.INTENT))
    m.set_title("j2", "2. Waves")
    assert inserted == [(0, 0), (1, 1)]
    changed.clear()
    m.apply(ev("j2", JobState.POLLING, 42))
    assert changed == [(1, 1)] and not resets
    assert m.index(1, SHOT).data() == "2. Waves"
    assert m.index(1, PROGRESS).data(ProgressRole) == 42
    assert m.index(1, PROGRESS).data() == "42 %"
    assert m.index(1, STATUS).data() == "Generating"
    assert m.index(1, COST).data() == "~$0.40"  # an estimate until spent
    assert m.index(1, ETA).data() in ("0:30", "0:29")
    assert m.index(1, ELAPSED).data() in ("0:05", "0:06")
    panel.view.grab()  # the progress delegate paints without warnings


def test_failure_reason_in_plain_words_and_buttons(qtbot):
    panel = make_panel(qtbot)
    m = panel.model
    m.apply(ev("a", JobState.POLLING, 10))
    m.apply(ev("b", JobState.FAILED, 50, cost_spent=0.0, error_category="moderation",
               error_message=MESSAGES[Category.MODERATION] + " (blocked word: forbidden)"))
    status = m.index(1, STATUS).data()
    assert status.startswith("Failed: The provider’s content rules blocked this request.")
    assert status.endswith("(blocked word: forbidden)")  # the provider's own words follow
    assert "blocked word: forbidden" in m.index(1, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert m.index(1, ETA).data() == "—"
    assert m.index(1, COST).data() == "$0.00"  # a failed job costs nothing
    assert m.index(1, COST).data(Qt.ItemDataRole.ToolTipRole) == "Quoted $0.40 · spent $0.00"
    cancels, retries = [], []
    panel.cancelRequested.connect(cancels.append)
    panel.retryRequested.connect(retries.append)
    assert not panel.cancel_button.isEnabled() and not panel.retry_button.isEnabled()
    panel.select_job("a")
    assert panel.cancel_button.isEnabled() and not panel.retry_button.isEnabled()
    panel.cancel_button.click()
    panel.select_job("b")
    assert panel.retry_button.isEnabled() and not panel.cancel_button.isEnabled()
    panel.retry_button.click()
    assert cancels == ["a"] and retries == ["b"]
    m.apply(ev("a", JobState.CANCELLED, 10, error_message="Cancelled here."))
    panel.select_job("a")
    assert panel.retry_button.isEnabled()


def test_time_columns_tick_only_for_running_rows(qtbot):
    panel = make_panel(qtbot)
    m = panel.model
    m.apply(ev("done", JobState.DONE, 100, eta_seconds=0.0))
    m.apply(ev("run", JobState.POLLING, 5))
    rows = []
    m.dataChanged.connect(lambda a, b, _r=(): rows.append((a.row(), a.column(), b.column())))
    with qtbot.waitSignal(m.dataChanged, timeout=3000):
        pass
    assert rows[0] == (1, ETA, ELAPSED)


def test_format_duration():
    assert format_duration(None) == "—"
    assert format_duration(65) == "1:05"
    assert format_duration(3723) == "1:02:03"


def test_refused_jobs_cost_nothing_even_when_the_engine_sent_no_spent_figure(qtbot):
    panel = make_panel(qtbot)
    m = panel.model
    m.apply(ev("auth", JobState.FAILED, 0, cost_spent=None, error_category="auth",
               error_message=MESSAGES[Category.AUTH] + " (HTTP 401)"))
    m.apply(ev("gone", JobState.CANCELLED, 0, cost_spent=None))
    m.apply(ev("run", JobState.POLLING, 5, cost_spent=None))
    assert [m.index(r, COST).data() for r in range(3)] == ["$0.00", "$0.00", "~$0.40"]
    assert m.index(0, PROGRESS).data(ProgressRole) is None  # no bar for what never ran
    assert m.index(0, PROGRESS).data() == "—" and m.index(2, PROGRESS).data(ProgressRole) == 5
    m.provider_of = {"auth": "Gateway"}.get
    assert m.index(0, STATUS).data().startswith("Failed: “Gateway” refused the API key")


def test_a_long_error_is_elided_whole_on_hover_and_in_details(qtbot):
    panel = make_panel(qtbot)
    panel.resize(420, 260)
    m = panel.model
    words = " ".join(f"word{i}" for i in range(200))
    m.apply(ev("x", JobState.FAILED, 30, error_category="server",
               error_message=MESSAGES[Category.SERVER] + f" ({words} END)"))
    whole = m.error_of("x")
    assert whole.startswith("The provider had an internal problem.") and "END" in whole
    assert panel.view.textElideMode() is Qt.TextElideMode.ElideRight
    assert not panel.view.wordWrap()  # one line per job, elided with "…", never cut
    assert "END" in m.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert not panel.error.isVisible()
    panel.select_job("x")
    assert panel.error.isVisible() and panel.error.wordWrap()
    assert panel.error.text().endswith("…") and "END" in panel.error.toolTip()
    assert panel.error.geometry().right() <= panel.width()
    panel.details_button.click()
    dlg = panel.details
    assert dlg is not None and dlg.text.toPlainText() == whole and dlg.text.isReadOnly()
    assert "1." not in dlg.windowTitle() and "failed" in dlg.windowTitle()
    dlg.close()
    m.apply(ev("ok", JobState.DONE, 100))
    panel.select_job("ok")
    assert not panel.error.isVisible() and not panel.details_button.isVisible()


def _record(job_id: str, label: str, state: JobState, **kw) -> JobRecord:
    return JobRecord(kind=JobKind.CREATE, provider="Local animatic", model="animatic",
                     size="640x360", seconds=4, params={"prompt": "p"}, id=job_id,
                     label=label, state=state, **kw)


def test_history_lists_earlier_jobs_above_this_session_once(qtbot):
    panel = make_panel(qtbot)
    m = panel.model
    m.apply(ev("now", JobState.POLLING, 10))
    m.set_title("now", "1. Dawn · Local animatic")
    inserted, resets = [], []
    m.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    m.modelReset.connect(lambda: resets.append(1))
    newest_first = [
        (_record("now", "1. Dawn", JobState.POLLING), ev("now", JobState.POLLING, 10)),
        (_record("old2", "3. Night", JobState.FAILED),
         ev("old2", JobState.FAILED, 40, error_category="network",
            error_message=MESSAGES[Category.NETWORK])),
        (_record("old1", "2. Harbour", JobState.DONE), ev("old1", JobState.DONE, 100,
                                                          cost_spent=0.4)),
    ]
    panel.add_history(newest_first)
    assert inserted == [(0, 1)] and not resets  # one insert at the top, no reset
    assert [m.job_id_at(r) for r in range(3)] == ["old1", "old2", "now"]
    assert m.index(0, SHOT).data() == "2. Harbour · Local animatic"
    assert "earlier session" in m.index(0, SHOT).data(Qt.ItemDataRole.ToolTipRole)
    assert m.index(2, SHOT).data() == "1. Dawn · Local animatic"  # its live row is kept
    assert m.index(1, STATUS).data().startswith("Failed: The provider could not be reached")
    m.apply(ev("now", JobState.DONE, 100, cost_spent=0.4))  # events still find their row
    assert m.index(2, STATUS).data() == "Done"
    panel.add_history(newest_first)
    assert m.rowCount() == 3
    panel.select_job("old1")
    assert panel.save_button.isEnabled()
    panel.select_job("old2")
    assert not panel.save_button.isEnabled()


def test_save_clip_asks_where_and_requests_the_copy(qtbot, tmp_path):
    panel = make_panel(qtbot)
    m = panel.model
    m.apply(ev("j", JobState.DONE, 100, cost_spent=0.4))
    m.set_title("j", "3. Night: lanterns? · Local animatic")
    asked, saved = [], []
    panel.ask_path = lambda parent, name: (asked.append(name), str(tmp_path / name))[1]
    panel.saveRequested.connect(lambda job, dest: saved.append((job, dest)))
    panel.select_job("j")
    panel.save_button.click()
    assert asked == ["3. Night lanterns.mp4"]
    assert saved == [("j", str(tmp_path / "3. Night lanterns.mp4"))]
    panel.ask_path = lambda parent, name: None  # cancelled: nothing is requested
    panel.save_button.click()
    assert len(saved) == 1
    assert clip_file_name("../..") == "clip.mp4"


# -- the real window: history from the ledger, a clip saved from it ------------------------
def test_a_later_session_lists_earlier_jobs_and_saves_their_clip(launch, qloop, tmp_path):
    from studio.core.model import TakeStatus
    from studio.media.probe import verify_video
    from tests.ui.studio_harness import open_one_small_shot, run, until

    win = launch()
    shot = open_one_small_shot(win, qloop)
    doc = win.doc

    async def first_session() -> str:
        win.actions.generate_shot.trigger()
        await until(lambda: shot.takes and shot.takes[0].status is TakeStatus.COMPLETED, 30,
                    "the clip")
        job = shot.takes[0].job_id
        await win.generation.close()
        win.generation = None
        return job

    job = run(qloop, first_session())
    doc.undo_stack.setClean()
    win2 = launch()  # a new session; no project open
    panel = win2.generation.jobs
    dest = tmp_path / "out"
    dest.mkdir()

    async def second_session() -> None:
        await until(lambda: panel.model.row_of(job) is not None, 10, "the history")
        row = panel.model.row_of(job)
        assert panel.model.index(row, SHOT).data().startswith(f"1. {shot.title}")
        assert panel.model.index(row, STATUS).data() == "Done"
        panel.ask_path = lambda _parent, name: str(dest / name)
        panel.select_job(job)
        panel.save_button.click()
        await until(lambda: list(dest.glob("*.mp4")), 10, "the saved clip")
        await until(lambda: "Clip saved as" in win2.statusBar().currentMessage(), 5,
                    "the status bar")

    run(qloop, second_session())
    (saved,) = dest.glob("*.mp4")
    assert saved.name == clip_file_name(f"1. {shot.title}")
    assert verify_video(saved, width=640, height=360).has_audio
    assert not list(dest.glob(".*.part"))


def _progress_cell(percent: int) -> QImage:
    """The progress column's cell at ``percent``, painted by the panel's delegate."""
    model = QStandardItemModel(1, 1)
    model.setData(model.index(0, 0), percent, ProgressRole)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 120, 24)
    image = QImage(120, 24, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    ProgressDelegate().paint(painter, option, model.index(0, 0))
    painter.end()
    return image


def test_progress_fills_the_cell_from_the_left(qapp):
    """Half done is the left half filled (Qt 6 drew it as a vertical bar over its text)."""
    empty, half = _progress_cell(0), _progress_cell(50)

    def differs(x0: int, x1: int) -> bool:
        return any(empty.pixel(x, y) != half.pixel(x, y)
                   for x in range(x0, x1) for y in range(4, 20))

    assert differs(5, 15)  # the filled start
    assert not differs(105, 115)  # the end stays empty
