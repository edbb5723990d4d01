"""The jobs dock: every generation job, this session's and earlier ones, with live
progress, cancel, retry, the whole error text and "Save clip as…".

The table's model is fed :class:`~studio.services.jobs.JobEvent` s one at a time by the
generation controller; each event changes one row (``dataChanged`` on that row only) or
appends one (``rowsInserted``), never a reset, so a busy run costs a repaint of one line
per event. A one-second tick refreshes only the time columns of unfinished rows. Jobs of
earlier sessions and other projects (the ledger's history) are listed above them once,
at start; a finished one's clip can be saved as a file even when its project is gone.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
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
from studio.services.ledger import JobRecord, JobState
from studio.ui import formats
from studio.ui.ids import IdLabel, copy_action, copy_id, elide_ids
from studio.ui.problems import failure_text
from studio.ui.text_details import error_label, hover_text, shortened, show_details

Index = QModelIndex | QPersistentModelIndex

#: Column titles, marked for the translator (translated in ``headerData``).
COLUMNS = (
    QT_TRANSLATE_NOOP("JobsModel", "Shot"),
    QT_TRANSLATE_NOOP("JobsModel", "Progress"),
    QT_TRANSLATE_NOOP("JobsModel", "ETA"),
    QT_TRANSLATE_NOOP("JobsModel", "Elapsed"),
    QT_TRANSLATE_NOOP("JobsModel", "Cost"),
    QT_TRANSLATE_NOOP("JobsModel", "Status"),
)
SHOT, PROGRESS, ETA, ELAPSED, COST, STATUS = range(len(COLUMNS))
#: Role of the progress column's int percent (the delegate draws it as a bar).
ProgressRole = Qt.ItemDataRole.UserRole + 1
#: Role of every cell: the row's ledger job id.
JobIdRole = Qt.ItemDataRole.UserRole + 2
#: Role of every cell: the row's JobState.
StateRole = Qt.ItemDataRole.UserRole + 3
#: Role of every cell: the whole failure text ("" when the job did not fail).
ErrorRole = Qt.ItemDataRole.UserRole + 4

_STATE_WORDS = {
    JobState.INTENT: QT_TRANSLATE_NOOP("JobsModel", "Queued"),
    JobState.UNCLEAR: QT_TRANSLATE_NOOP("JobsModel", "Sending…"),
    JobState.SUBMITTED: QT_TRANSLATE_NOOP("JobsModel", "Queued at the provider"),
    JobState.POLLING: QT_TRANSLATE_NOOP("JobsModel", "Generating"),
    JobState.DOWNLOADING: QT_TRANSLATE_NOOP("JobsModel", "Downloading"),
    JobState.DONE: QT_TRANSLATE_NOOP("JobsModel", "Done"),
    JobState.FAILED: QT_TRANSLATE_NOOP("JobsModel", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobsModel", "Cancelled"),
}
_ENDED_WITHOUT_CLIP = (JobState.FAILED, JobState.CANCELLED)


def _tr(text: str) -> str:
    return QCoreApplication.translate("JobsModel", text)


def format_duration(seconds: float | None) -> str:
    """'1:05' (or '1:02:03'); an em dash when unknown."""
    if seconds is None:
        return "—"
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_cost(event: JobEvent) -> str:
    """Compact: what was spent once known, else the quote as an estimate ("~"). A job
    that ended without a clip (refused, failed, cancelled) shows what it really cost:
    nothing, unless the provider billed it."""
    spent = event.cost_spent
    if spent is None and event.state.finished and event.state is not JobState.DONE:
        spent = 0.0
    if spent is not None:
        return formats.money(spent)
    return "—" if event.cost_quoted is None else formats.money(event.cost_quoted, estimate=True)


def cost_tooltip(quoted: float | None, spent: float | None) -> str:
    q = _tr("unknown") if quoted is None else formats.money(quoted)
    s = _tr("nothing yet") if spent is None else formats.money(spent)
    return _tr("Quoted {quoted} · spent {spent}").format(quoted=q, spent=s)


def spend_text(event: JobEvent) -> str:
    """What a gateway reported spending (its own headers), "" when it reported nothing."""
    parts = []
    if event.gateway_cost is not None:
        parts.append(_tr("cost {cost}").format(cost=formats.money(event.gateway_cost)))
    if event.key_spend is not None:
        parts.append(_tr("key total {total}").format(total=formats.money(event.key_spend)))
    return _tr("Gateway: {figures}").format(figures=" · ".join(parts)) if parts else ""


def is_unclear(event: JobEvent) -> bool:
    """Held: the create may have reached the provider and no list or key can settle it."""
    return event.state is JobState.UNCLEAR and event.error_category == "unclear"


def failure(event: JobEvent, provider: str | None) -> str:
    """The job's failure (or cancellation) in plain words; "" when it has none."""
    held = is_unclear(event)
    if (event.state not in (JobState.FAILED, JobState.CANCELLED) and not held) \
            or not event.error_message:
        return ""
    return failure_text(event.error_category, event.error_message, provider)


def status_text(event: JobEvent, provider: str | None = None) -> str:
    """The status in plain words; a failure carries its classified reason."""
    word = _tr(_STATE_WORDS[event.state]) if event.state in _STATE_WORDS else str(event.state)
    if event.retry_in is not None and not event.state.finished:  # the provider said "slow down"
        return _tr("Rate limited, retrying in {n} s").format(n=max(1, round(event.retry_in)))
    reason = elide_ids(failure(event, provider))
    return _tr("{state}: {reason}").format(state=word, reason=reason) if reason else word


def clip_file_name(title: str) -> str:
    """A file name for a job's clip from its row title ("3. Sunrise · Local" -> ...)."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', " ", title.split(" · ")[0]).strip(" .")
    return f"{stem or 'clip'}.mp4"


@dataclass
class _Row:
    job_id: str
    title: str
    event: JobEvent
    received: float  # time.monotonic() when the event arrived: elapsed keeps ticking
    provider: str | None = None
    earlier: bool = False  # from the ledger's history (an earlier session or project)


class JobsModel(QAbstractTableModel):
    """One row per job, newest last; updated incrementally from :class:`JobEvent` s."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        #: Which provider runs a job (for the failure text); set by the controller.
        self.provider_of: Callable[[str], str | None] | None = None
        #: A job's title when its row appears and none was set (the controller: titling
        #: all 1000 jobs of a 500-shot project at each open held the GUI thread).
        self.title_source: Callable[[str], str | None] | None = None
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
            title = self._title_for(event.job_id, "…")
            self._rows.append(_Row(event.job_id, title, event, now))
            self._index[event.job_id] = row
            self.endInsertRows()
        else:
            r = self._rows[row]
            r.event, r.received = event, now
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if not event.state.finished and not self._tick.isActive():
            self._tick.start()

    def add_history(self, jobs: Sequence[tuple[JobRecord, JobEvent]]) -> int:
        """List jobs from the ledger (newest first) above this session's; returns how many
        were new. A job already listed keeps its row and live state; one without a title
        takes the ledger's label (the shot it filled, even when its project is gone)."""
        now = time.monotonic()
        fresh: list[_Row] = []
        for record, event in jobs:
            label = record.label or _tr("(untitled job)")
            title = f"{label} · {record.provider}" if record.provider else label
            row = self._index.get(record.id)
            if row is not None:
                if self._rows[row].provider is None:
                    self._rows[row].provider = record.provider
                if record.id not in self._titles:
                    self.set_title(record.id, title)
                continue
            if any(r.job_id == record.id for r in fresh):
                continue
            fresh.append(_Row(record.id, self._title_for(record.id, title), event, now,
                              record.provider, earlier=True))
        if not fresh:
            return 0
        fresh.reverse()  # oldest first: the newest history sits just above this session
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._rows[:0] = fresh
        self._index = {r.job_id: i for i, r in enumerate(self._rows)}
        self.endInsertRows()
        if any(not r.event.state.finished for r in fresh) and not self._tick.isActive():
            self._tick.start()
        return len(fresh)

    def provider(self, job_id: str) -> str | None:
        row = self._index.get(job_id)
        known = self._rows[row].provider if row is not None else None
        if known is None and self.provider_of is not None:
            known = self.provider_of(job_id)
        return known

    def error_of(self, job_id: str) -> str:
        """The whole failure text of a job ("" when it did not fail)."""
        ev = self.event_of(job_id)
        return failure(ev, self.provider(job_id)) if ev is not None else ""

    def title_of(self, job_id: str) -> str:
        row = self._index.get(job_id)
        return self._rows[row].title if row is not None else ""

    def _title_for(self, job_id: str, default: str) -> str:
        title = self._titles.get(job_id)
        if title is None and self.title_source is not None:
            title = self.title_source(job_id)
            if title is not None:
                self._titles[job_id] = title
        return default if title is None else title

    def has_row(self, job_id: str) -> bool:
        return job_id in self._index

    def forget_unlisted_titles(self) -> None:
        """Titles of jobs without a row are asked again (``title_source``) when one appears."""
        self._titles = {j: t for j, t in self._titles.items() if j in self._index}

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
            return _tr(COLUMNS[section])
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
        if role == ProgressRole:  # no bar for a job that ended without a clip
            return None if ev.state in _ENDED_WITHOUT_CLIP else ev.progress
        if role == ErrorRole:
            return failure(ev, self.provider(r.job_id))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS:
            return hover_text(status_text(ev, self.provider(r.job_id)))
        if role == Qt.ItemDataRole.ToolTipRole and col == SHOT:
            return (_tr("{title} (an earlier session)").format(title=r.title) if r.earlier
                    else r.title)
        if role == Qt.ItemDataRole.ForegroundRole and r.earlier:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and col == COST:
            spend = spend_text(ev)
            tip = cost_tooltip(ev.cost_quoted, ev.cost_spent)
            return f"{tip}\n{spend}" if spend else tip
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
            return "—" if ev.state in _ENDED_WITHOUT_CLIP else f"{ev.progress} %"
        if col == ETA:
            if not running:
                return "—"
            return format_duration(None if ev.eta_seconds is None else ev.eta_seconds - lag)
        if col == ELAPSED:
            return format_duration(ev.elapsed + lag)
        if col == COST:
            return format_cost(ev)
        return status_text(ev, self.provider(r.job_id))

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
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # Qt 6: else vertical
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


def ask_clip_path(parent: QWidget, suggested: str) -> str | None:
    """Ask where to save a clip (window-modal; runs a nested loop: call from a slot)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("JobsPanel", "Save clip as"), suggested,
        QCoreApplication.translate("JobsPanel", "MP4 video (*.mp4)"))
    return path or None


class JobsPanel(QWidget):
    """The jobs dock's content: the table, the selected job's error and its gestures.

    Signals:
        cancelRequested(str): the user asked to cancel this job (ledger id).
        retryRequested(str): the user asked to retry this failed or cancelled job.
        saveRequested(str, str): save this finished job's clip (ledger id) to this path.
        adoptRequested(str, str): settle this unclear job with this provider video id.
        sendAgainRequested(str): send this unclear job again, knowing it may bill twice.
    """

    cancelRequested = Signal(str)
    retryRequested = Signal(str)
    saveRequested = Signal(str, str)
    adoptRequested = Signal(str, str)
    sendAgainRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JobsPanel")
        #: Asks for the clip's destination; replaceable (tests answer without a dialog).
        self.ask_path: Callable[[QWidget, str], str | None] = ask_clip_path
        self.details: QWidget | None = None  # the last details dialog (tests read it)
        self._error_shown = ""
        self.model = JobsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # "…", whole text on hover
        self.view.setAccessibleName(self.tr("Generation jobs"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = header.fontMetrics()
        for col, width in ((SHOT, 120), (PROGRESS, 76), (ETA, 45), (ELAPSED, 52), (COST, 62)):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            self.view.setColumnWidth(col, max(width, fm.horizontalAdvance(title) + 18))
        # The selected job's failure, wrapped, and the whole text a click away.
        self.error = error_label()
        self.details_button = QPushButton(self.tr("&Details…"))
        self.details_button.setToolTip(self.tr("Show the whole error text, to read or copy"))
        error_row = QHBoxLayout()
        error_row.setContentsMargins(0, 0, 0, 0)
        error_row.addWidget(self.error, 1)
        error_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        # The selected job's provider video id (middle elided, whole on hover and copy)
        # and what a gateway reported spending on it.
        self.video_caption = QLabel(self.tr("Video id:"))
        self.video_id = IdLabel()
        self.spend = QLabel()
        id_row = QHBoxLayout()
        id_row.setContentsMargins(0, 0, 0, 0)
        id_row.addWidget(self.video_caption)
        id_row.addWidget(self.video_id, 1)
        id_row.addWidget(self.spend)
        self.copy_video_action = copy_action(self.view, self.tr("Copy video id"))
        self.copy_video_action.triggered.connect(self.copy_selected_video_id)
        self.copy_job_action = copy_action(self.view, self.tr("Copy job id"))
        self.copy_job_action.triggered.connect(self.copy_selected_job_id)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.addAction(self.copy_video_action)
        self.view.addAction(self.copy_job_action)
        self.save_button = QPushButton(self.tr("&Save clip as…"))
        self.save_button.setToolTip(self.tr("Save the selected finished job's clip as a file"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop working on the selected job here"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Send the selected failed or cancelled job again"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        # A job held as unclear: the user settles it (never the studio on its own).
        self.adopt_button = QPushButton(self.tr("&Adopt video…"))
        self.adopt_button.setToolTip(self.tr(
            "Give the id of the video the provider made for this job (see its dashboard)"))
        self.send_again_button = QPushButton(self.tr("Send a&gain…"))
        self.send_again_button.setToolTip(self.tr(
            "Send this job again, knowing the first one may have been billed"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.adopt_button)
        buttons.addWidget(self.send_again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.view, 1)
        lay.addLayout(id_row)
        lay.addLayout(error_row)
        lay.addLayout(buttons)
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button.clicked.connect(self._retry)
        self.save_button.clicked.connect(self.save_selected)
        self.adopt_button.clicked.connect(self.adopt_selected)
        self.send_again_button.clicked.connect(self.send_again_selected)
        self.details_button.clicked.connect(self.show_error_details)
        self.view.doubleClicked.connect(self.show_error_details)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.rowsInserted.connect(self._update_buttons)
        self._update_buttons()

    def add_history(self, jobs: Sequence[tuple[JobRecord, JobEvent]]) -> None:
        """Jobs of earlier sessions and other projects, from
        :meth:`GenerationService.history` (newest first)."""
        self.model.add_history(jobs)

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
        self.save_button.setEnabled(ev is not None and ev.state is JobState.DONE)
        video = ev.video_id if ev is not None else None
        if video != (self.video_id.full_id() or None):
            self.video_id.set_id(video or "")
        self.video_caption.setVisible(bool(video))
        self.video_id.setVisible(bool(video))
        self.copy_video_action.setEnabled(bool(video))
        self.copy_job_action.setEnabled(job is not None)
        spend = spend_text(ev) if ev is not None else ""
        self.spend.setText(spend)
        self.spend.setVisible(bool(spend))
        held = ev is not None and is_unclear(ev)
        self.adopt_button.setVisible(held)
        self.send_again_button.setVisible(held)
        error = self.model.error_of(job) if job else ""
        if error != self._error_shown:
            self._error_shown = error
            self.error.setText(shortened(elide_ids(error)))
            self.error.setToolTip(hover_text(error))
        self.error.setVisible(bool(error))
        self.details_button.setVisible(bool(error))

    def copy_selected_video_id(self) -> None:
        job = self.selected_job()
        ev = self.model.event_of(job) if job else None
        if ev is not None and ev.video_id:
            copy_id(ev.video_id)

    def copy_selected_job_id(self) -> None:
        if (job := self.selected_job()) is not None:
            copy_id(job)

    def show_error_details(self, *_: object) -> None:
        """The selected job's whole failure text in a dialog to read and copy."""
        job = self.selected_job()
        error = self.model.error_of(job) if job else ""
        if job and error:
            self.details = show_details(
                self, self.tr("Why “{title}” failed").format(title=self.model.title_of(job)),
                error)

    def save_selected(self) -> None:
        """Ask where, then request the copy of the selected finished job's clip."""
        job = self.selected_job()
        ev = self.model.event_of(job) if job else None
        if job is None or ev is None or ev.state is not JobState.DONE:
            return
        dest = self.ask_path(self, clip_file_name(self.model.title_of(job)))
        if dest:
            self.saveRequested.emit(job, dest)

    def adopt_selected(self) -> None:
        """Ask for the provider's video id of the selected unclear job."""
        job = self.selected_job()
        ev = self.model.event_of(job) if job else None
        if job is None or ev is None or not is_unclear(ev):
            return
        video, ok = QInputDialog.getText(
            self, self.tr("Adopt the provider's video"),
            self.tr("The id of the video the provider made for “{title}”:").format(
                title=self.model.title_of(job)))
        if ok and video.strip():
            self.adoptRequested.emit(job, video.strip())

    def send_again_selected(self) -> None:
        """Send the selected unclear job again, after the user accepts a second bill."""
        job = self.selected_job()
        ev = self.model.event_of(job) if job else None
        if job is None or ev is None or not is_unclear(ev):
            return
        answer = QMessageBox.question(
            self, self.tr("Send again?"),
            self.tr("The first request may have reached the provider and been billed. "
                    "Sending again may bill a second time ({cost}). Send it again?").format(
                        cost=format_cost(ev)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.sendAgainRequested.emit(job)

    def _cancel(self) -> None:
        if (job := self.selected_job()) is not None:
            self.cancelRequested.emit(job)

    def _retry(self) -> None:
        if (job := self.selected_job()) is not None:
            self.retryRequested.emit(job)
