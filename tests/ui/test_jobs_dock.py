"""The jobs dock: incremental rows from JobEvents, plain-word failures, cancel / retry."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.services.jobs import JobEvent
from studio.services.ledger import JobState
from studio.ui.jobs_dock import (
    COST,
    ELAPSED,
    ETA,
    PROGRESS,
    SHOT,
    STATUS,
    JobsPanel,
    ProgressRole,
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
               error_message="The provider's content rules blocked this request."))
    assert m.index(1, STATUS).data() == ("Failed: The provider's content rules blocked this "
                                         "request.")
    assert m.index(1, STATUS).data(Qt.ItemDataRole.ToolTipRole).startswith("The provider")
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
