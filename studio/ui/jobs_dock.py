"""The jobs dock: every generation job of this session with live progress, cancel, retry.

The table's model is fed :class:`~studio.services.jobs.JobEvent` s one at a time by the
generation controller; each event changes one row (``dataChanged`` on that row only) or
appends one (``rowsInserted``), never a reset, so a busy run costs a repaint of one line
per event. A one-second tick refreshes only the time columns of unfinished rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.services.jobs import JobEvent
from studio.services.ledger import JobState

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Shot", "Progress", "ETA", "Elapsed", "Cost", "Status")
SHOT, PROGRESS, ETA, ELAPSED, COST, STATUS = range(len(COLUMNS))
#: Role of the progress column's int percent (the delegate draws it as a bar).
ProgressRole = Qt.ItemDataRole.UserRole + 1
#: Role of every cell: the row's ledger job id.
JobIdRole = Qt.ItemDataRole.UserRole + 2
#: Role of every cell: the row's JobState.
StateRole = Qt.ItemDataRole.UserRole + 3

_STATE_WORDS = {
    JobState.INTENT: "Queued",
    JobState.UNCLEAR: "Sending…",
    JobState.SUBMITTED: "Queued at the provider",
    JobState.POLLING: "Generating",
    JobState.DOWNLOADING: "Downloading",
    JobState.DONE: "Done",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Cancelled",
}


def format_duration(seconds: float | None) -> str:
    """'1:05' (or '1:02:03'); an em dash when unknown."""
    if seconds is None:
        return "—"
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_cost(quoted: float | None, spent: float | None) -> str:
    """Compact: what was spent once known, else the quote as an estimate ("~")."""
    if spent is not None:
        return f"${spent:.2f}"
    return "—" if quoted is None else f"~${quoted:.2f}"


def cost_tooltip(quoted: float | None, spent: float | None) -> str:
    q = "unknown" if quoted is None else f"${quoted:.2f}"
    s = "nothing yet" if spent is None else f"${spent:.2f}"
    return f"Quoted {q} · spent {s}"


def status_text(event: JobEvent) -> str:
    """The status in plain words; a failure carries its classified reason."""
    word = _STATE_WORDS.get(event.state, str(event.state))
    if event.state in (JobState.FAILED, JobState.CANCELLED) and event.error_message:
        return f"{word}: {event.error_message}"
    return word


@dataclass
class _Row:
    job_id: str
    title: str
    event: JobEvent
    received: float  # time.monotonic() when the event arrived: elapsed keeps ticking


class JobsModel(QAbstractTableModel):
    """One row per job, newest last; updated incrementally from :class:`JobEvent` s."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._refresh_times)

    # -- feeding -------------------------------------------------------------------
    def apply(self, event: JobEvent) -> None:
        """Insert or update the job's row (one row signal per event)."""
        now = time.monotonic()
        row = self._index.get(event.job_id)
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            title = self._titles.get(event.job_id, "…")
            self._rows.append(_Row(event.job_id, title, event, now))
            self._index[event.job_id] = row
            self.endInsertRows()
        else:
            r = self._rows[row]
            r.event, r.received = event, now
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if not event.state.finished and not self._tick.isActive():
            self._tick.start()

    def set_title(self, job_id: str, title: str) -> None:
        """Name a job's row (the shot title); may come before or after its first event."""
        self._titles[job_id] = title
        row = self._index.get(job_id)
        if row is not None and self._rows[row].title != title:
            self._rows[row].title = title
            self.dataChanged.emit(self.index(row, SHOT), self.index(row, SHOT))

    def event_of(self, job_id: str) -> JobEvent | None:
        row = self._index.get(job_id)
        return self._rows[row].event if row is not None else None

    def job_id_at(self, row: int) -> str:
        return self._rows[row].job_id

    def row_of(self, job_id: str) -> int | None:
        return self._index.get(job_id)

    # -- Qt model ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        ev, col = r.event, index.column()
        if role == JobIdRole:
            return r.job_id
        if role == StateRole:
            return ev.state
        if role == ProgressRole:
            return ev.progress
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (STATUS, SHOT):
            return ev.error_message or r.title
        if role == Qt.ItemDataRole.ToolTipRole and col == COST:
            return cost_tooltip(ev.cost_quoted, ev.cost_spent)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (ETA, ELAPSED, COST):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, r: _Row, col: int) -> str:
        ev = r.event
        running = not ev.state.finished
        lag = time.monotonic() - r.received if running else 0.0
        if col == SHOT:
            return r.title
        if col == PROGRESS:
            return f"{ev.progress} %"
        if col == ETA:
            if not running:
                return "—"
            return format_duration(None if ev.eta_seconds is None else ev.eta_seconds - lag)
        if col == ELAPSED:
            return format_duration(ev.elapsed + lag)
        if col == COST:
            return format_cost(ev.cost_quoted, ev.cost_spent)
        return status_text(ev)

    def _refresh_times(self) -> None:
        running = [i for i, r in enumerate(self._rows) if not r.event.state.finished]
        if not running:
            self._tick.stop()
            return
        self.dataChanged.emit(self.index(running[0], ETA), self.index(running[-1], ELAPSED),
                              [Qt.ItemDataRole.DisplayRole])


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as the platform's progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(ProgressRole)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 3, -3, -3))
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(value)
        bar.text = f"{int(value)} %"
        bar.textVisible = True
        bar.state = option.state
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class JobsPanel(QWidget):
    """The jobs dock's content: the table and Cancel / Retry buttons for the selected job.

    Signals:
        cancelRequested(str): the user asked to cancel this job (ledger id).
        retryRequested(str): the user asked to retry this failed or cancelled job.
    """

    cancelRequested = Signal(str)
    retryRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JobsPanel")
        self.model = JobsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setAccessibleName("Generation jobs")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((SHOT, 120), (PROGRESS, 76), (ETA, 45), (ELAPSED, 52), (COST, 62)):
            self.view.setColumnWidth(col, width)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop working on the selected job here")
        self.retry_button = QPushButton("Retry")
        self.retry_button.setToolTip("Send the selected failed or cancelled job again")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button.clicked.connect(self._retry)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self._update_buttons()

    def selected_job(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.job_id_at(rows[0].row()) if rows else None

    def select_job(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self, *_: object) -> None:
        job = self.selected_job()
        ev = self.model.event_of(job) if job else None
        self.cancel_button.setEnabled(ev is not None and not ev.state.finished)
        self.retry_button.setEnabled(
            ev is not None and ev.state in (JobState.FAILED, JobState.CANCELLED))

    def _cancel(self) -> None:
        if (job := self.selected_job()) is not None:
            self.cancelRequested.emit(job)

    def _retry(self) -> None:
        if (job := self.selected_job()) is not None:
            self.retryRequested.emit(job)
