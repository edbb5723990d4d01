"""The inspector's Takes tab: the takes of the selected shot (or of the one-take film).

It lists status, cost and creation time per take and offers the per-take gestures. A
finished take made before its shot (or the look) was edited reads "outdated"
(``studio.core.freshness``); a failed take's error is shown whole under the list. Only
"Use this take" is a document edit (undoable :meth:`ProjectDocument.choose_take`); the
rest are requests the generation controller and the player answer, so this panel
knows neither the job runner nor the player.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.freshness import is_outdated
from studio.core.model import Take, TakeRelation, TakeStatus
from studio.ui import formats
from studio.ui.document import ProjectDocument
from studio.ui.text_details import error_label, hover_text, shortened, show_details

_UNFINISHED = (TakeStatus.QUEUED, TakeStatus.IN_PROGRESS)


def _tr(text: str) -> str:
    return QCoreApplication.translate("TakesPanel", text)


def status_word(take: Take, outdated: bool = False) -> str:
    """The take's status in the current language; a finished take may be outdated."""
    if take.status is TakeStatus.COMPLETED and outdated:
        return _tr("outdated")
    return {
        TakeStatus.QUEUED: _tr("queued"),
        TakeStatus.IN_PROGRESS: _tr("generating"),
        TakeStatus.COMPLETED: _tr("done"),
        TakeStatus.FAILED: _tr("failed"),
        TakeStatus.CANCELLED: _tr("cancelled"),
    }.get(take.status, take.status.value)


def take_cost(take: Take) -> str:
    """What the take cost: the quote ("~") only while it may still be billed; a failed,
    refused or cancelled take shows what was really spent (nothing, unless billed)."""
    if take.status in _UNFINISHED and not take.cost_spent:
        return formats.money(take.cost_quoted, estimate=True)
    return formats.money(take.cost_spent)


def take_label(index: int, take: Take, chosen: bool) -> str:
    """"★ Take 3 (remix)": its place in the list, how it was made, whether it is chosen."""
    how = {
        TakeRelation.REMIX: _tr("remix"),
        TakeRelation.EDIT: _tr("edit"),
        TakeRelation.EXTEND: _tr("extension"),
    }.get(take.relation) if take.relation else (_tr("retry") if take.parent_take else None)
    text = (_tr("Take {n} ({how})").format(n=index + 1, how=how) if how
            else _tr("Take {n}").format(n=index + 1))
    return f"★ {text}" if chosen else text


class TakesPanel(QWidget):
    """Takes of one shot (or of the film) with the gestures that act on one take.

    Signals:
        playRequested(object): play this clip (a Path).
        compareRequested(object, object): show these two clips side by side (Paths).
        deriveRequested(str, object, str): remix/edit/extend (relation value), shot id or
            None for the film, take id.
        cancelRequested(str): cancel this take's job (ledger id).
        retryRequested(object, str): retry this failed take (shot id or None, take id).
    """

    playRequested = Signal(object)
    compareRequested = Signal(object, object)
    deriveRequested = Signal(str, object, str)
    cancelRequested = Signal(str)
    retryRequested = Signal(object, str)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._shot_id: str | None = None
        self.heading = QLabel()
        self.heading.setContentsMargins(8, 6, 8, 0)
        self.heading.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Take"), self.tr("Status"), self.tr("Cost"),
                                   self.tr("Created")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Takes"))
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # The selected take's error, whole (wrapped), with the full text a click away.
        self.error = error_label()
        self.error.setContentsMargins(8, 0, 8, 0)
        self.details_button = QPushButton(self.tr("&Details…"))
        self.details_button.setToolTip(self.tr("Show the whole error text, to read or copy"))
        error_row = QHBoxLayout()
        error_row.setContentsMargins(0, 0, 4, 0)
        error_row.addWidget(self.error, 1)
        error_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        self.use_button = QPushButton(self.tr("&Use this take"))
        self.play_button = QPushButton(self.tr("&Play"))
        self.compare_button = QPushButton(self.tr("Compare with &chosen"))
        self.remix_button = QPushButton(self.tr("Remix…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.extend_button = QPushButton(self.tr("Extend…"))
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.retry_button = QPushButton(self.tr("Retry"))
        grid = QGridLayout()
        buttons = (self.use_button, self.play_button, self.compare_button, self.remix_button,
                   self.edit_button, self.extend_button, self.cancel_button, self.retry_button)
        for i, b in enumerate(buttons):
            grid.addWidget(b, i // 2, i % 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addLayout(error_row)
        lay.addLayout(grid)
        self.details_button.clicked.connect(self.show_error_details)
        self.details: QWidget | None = None  # the last details dialog (tests read it)

        self.use_button.clicked.connect(self._use)
        self.play_button.clicked.connect(self._play)
        self.compare_button.clicked.connect(self._compare)
        for button, rel in ((self.remix_button, TakeRelation.REMIX),
                            (self.edit_button, TakeRelation.EDIT),
                            (self.extend_button, TakeRelation.EXTEND)):
            button.clicked.connect(lambda _=False, r=rel: self._derive(r))
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button.clicked.connect(self._retry)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self._play)
        doc.selectionChanged.connect(self.refresh)
        doc.projectReset.connect(self.refresh)
        doc.shotsChanged.connect(self.refresh)
        doc.shotChanged.connect(lambda sid: sid == self._shot_id and self.refresh())
        doc.filmChanged.connect(lambda: self._shot_id is None and self.refresh())
        doc.lookChanged.connect(self.refresh)  # a new model, size or style outdates takes
        self.refresh()

    # -- reading -------------------------------------------------------------------
    @property
    def shot_id(self) -> str | None:
        """The shot whose takes are listed; None: the one-take film's takes."""
        return self._shot_id

    def takes(self) -> list[Take]:
        if self._shot_id is None:
            return list(self._doc.project.film_takes)
        return list(self._doc.project.shot(self._shot_id).takes)

    def chosen_id(self) -> str | None:
        if self._shot_id is None:
            return self._doc.project.chosen_film_take
        return self._doc.project.shot(self._shot_id).chosen_take

    def current_take(self) -> Take | None:
        """The take selected in the list, else the chosen one."""
        item = self.list.currentItem()
        wanted = item.data(0, Qt.ItemDataRole.UserRole) if item else self.chosen_id()
        return next((t for t in self.takes() if t.id == wanted), None)

    def select_take(self, take_id: str) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == take_id:
                self.list.setCurrentItem(item)
                return

    # -- refresh -------------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        sel = self._doc.selection
        self._shot_id = sel[0] if len(sel) == 1 else None
        shot = None if self._shot_id is None else self._doc.project.shot(self._shot_id)
        if shot is None:
            self.heading.setText(self.tr("Takes of the one-take film"))
        else:
            self.heading.setText(self.tr("Takes of “{title}”").format(
                title=shot.title or self.tr("untitled shot")))
        keep = self.current_take()
        chosen = self.chosen_id()
        project, table = self._doc.project, self._doc.table
        stale_tip = (self.tr("The shot was edited after this take was made (what changed is "
                             "not recorded). It still plays; generate again to match the "
                             "shot.") if shot is not None else
                     self.tr("The storyboard was edited after this take was made (what "
                             "changed is not recorded). It still plays; generate again to "
                             "match it."))
        self.list.blockSignals(True)
        self.list.clear()
        for i, take in enumerate(self.takes()):
            outdated = (take.status is TakeStatus.COMPLETED
                        and is_outdated(project, shot, take, table))
            item = QTreeWidgetItem([
                take_label(i, take, take.id == chosen),
                status_word(take, outdated),
                take_cost(take),
                formats.time_of_day(take.created_at) if take.created_at else "",
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, take.id)
            if take.error:
                item.setToolTip(1, hover_text(take.error))
            elif outdated:
                item.setToolTip(1, stale_tip)
            if outdated:
                item.setForeground(1, QColor("#6a4c93"))  # the timeline badge's hue
            item.setToolTip(2, self.tr("Quoted {quoted} · spent {spent}").format(
                quoted=formats.money(take.cost_quoted), spent=formats.money(take.cost_spent)))
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        if keep is not None:
            self.select_take(keep.id)
        self._update_buttons()

    def show_error_details(self) -> None:
        """The selected take's whole error in a dialog to read and copy."""
        take = self.current_take()
        if take is not None and take.error:
            self.details = show_details(self, self.tr("Why this take failed"), take.error)

    def _update_buttons(self, *_: object) -> None:
        take = self.current_take()
        done = take is not None and take.status is TakeStatus.COMPLETED
        chosen = self.chosen_id()
        chosen_take = next((t for t in self.takes() if t.id == chosen), None)
        self.use_button.setEnabled(take is not None and take.id != chosen)
        self.play_button.setEnabled(done)
        self.compare_button.setEnabled(
            done and chosen_take is not None and chosen_take.id != take.id
            and chosen_take.status is TakeStatus.COMPLETED)
        for b in (self.remix_button, self.edit_button, self.extend_button):
            b.setEnabled(done)
        self.cancel_button.setEnabled(take is not None and take.status in _UNFINISHED
                                      and take.job_id is not None)
        self.retry_button.setEnabled(
            take is not None and take.status in (TakeStatus.FAILED, TakeStatus.CANCELLED))
        error = take.error if take is not None else None
        self.error.setText(shortened(error) if error else "")
        self.error.setToolTip(hover_text(error or ""))
        self.error.setVisible(bool(error))
        self.details_button.setVisible(bool(error))

    # -- gestures ------------------------------------------------------------------
    def _path(self, take: Take) -> Path | None:
        return self._doc.resolve_media(take.media)

    def _use(self) -> None:
        take = self.current_take()
        if take is not None:
            self._doc.choose_take(self._shot_id, take.id)

    def _play(self, *_: object) -> None:
        take = self.current_take()
        path = self._path(take) if take is not None else None
        if path is not None and take.status is TakeStatus.COMPLETED:
            self.playRequested.emit(path)

    def _compare(self) -> None:
        take = self.current_take()
        chosen = next((t for t in self.takes() if t.id == self.chosen_id()), None)
        if take is None or chosen is None:
            return
        a, b = self._path(chosen), self._path(take)
        if a is not None and b is not None:
            self.compareRequested.emit(a, b)

    def _derive(self, relation: TakeRelation) -> None:
        take = self.current_take()
        if take is not None:
            self.deriveRequested.emit(relation.value, self._shot_id, take.id)

    def _cancel(self) -> None:
        take = self.current_take()
        if take is not None and take.job_id:
            self.cancelRequested.emit(take.job_id)

    def _retry(self) -> None:
        take = self.current_take()
        if take is not None:
            self.retryRequested.emit(self._shot_id, take.id)
