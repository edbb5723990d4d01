"""The inspector's Takes tab: the takes of the selected shot (or of the one-take film).

It lists status, cost and creation time per take and offers the per-take gestures. Only
"Use this take" is a document edit (undoable :meth:`ProjectDocument.choose_take`); the
rest are requests the generation controller and the player answer, so this panel
knows neither the job runner nor the player.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import Take, TakeRelation, TakeStatus
from studio.ui.document import ProjectDocument

_STATUS_WORDS = {
    TakeStatus.QUEUED: "queued",
    TakeStatus.IN_PROGRESS: "generating",
    TakeStatus.COMPLETED: "done",
    TakeStatus.FAILED: "failed",
    TakeStatus.CANCELLED: "cancelled",
}
_UNFINISHED = (TakeStatus.QUEUED, TakeStatus.IN_PROGRESS)


def take_label(index: int, take: Take, chosen: bool) -> str:
    mark = "★ " if chosen else ""
    how = f" ({take.relation.value})" if take.relation else (" (retry)" if take.parent_take
                                                             else "")
    return f"{mark}Take {index + 1}{how}"


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
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Take", "Status", "Cost", "Created"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Takes")
        self.list.setColumnWidth(0, 130)
        self.list.setColumnWidth(1, 90)
        self.list.setColumnWidth(2, 70)
        self.use_button = QPushButton("&Use this take")
        self.play_button = QPushButton("&Play")
        self.compare_button = QPushButton("Compare with &chosen")
        self.remix_button = QPushButton("Remix…")
        self.edit_button = QPushButton("Edit…")
        self.extend_button = QPushButton("Extend…")
        self.cancel_button = QPushButton("Cancel job")
        self.retry_button = QPushButton("Retry")
        grid = QGridLayout()
        buttons = (self.use_button, self.play_button, self.compare_button, self.remix_button,
                   self.edit_button, self.extend_button, self.cancel_button, self.retry_button)
        for i, b in enumerate(buttons):
            grid.addWidget(b, i // 2, i % 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addLayout(grid)

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
        if self._shot_id is None:
            self.heading.setText("Takes of the one-take film")
        else:
            shot = self._doc.project.shot(self._shot_id)
            self.heading.setText(f"Takes of “{shot.title or 'untitled shot'}”")
        keep = self.current_take()
        chosen = self.chosen_id()
        self.list.blockSignals(True)
        self.list.clear()
        for i, take in enumerate(self.takes()):
            item = QTreeWidgetItem([
                take_label(i, take, take.id == chosen),
                _STATUS_WORDS.get(take.status, take.status.value),
                f"${take.cost_spent or take.cost_quoted:.2f}",
                time.strftime("%H:%M", time.localtime(take.created_at)) if take.created_at
                else "",
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, take.id)
            if take.error:
                item.setToolTip(1, take.error)
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        if keep is not None:
            self.select_take(keep.id)
        self._update_buttons()

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
