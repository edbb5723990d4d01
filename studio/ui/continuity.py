"""The Shot tab's continuity row: carry the previous shot's ending into this shot.

Its choice box is the shot's saved way of continuing (``Shot.continuity``, one undo step
per change): a cut, the last frame, or an extension. Generating the shot follows it (the
controller sends an extending shot as an extension; a shot continuing from the last frame
is refused until it has that frame as its reference). Choosing the last frame for a shot
with no reference yet offers the frame straight away.

"Use Last Frame" reads the previous take's last frame off the GUI thread
(``app.continuity.last_frame``) and hands the bytes to the shot's reference widget, so
the image is fitted, the consent dialog asks, and it is stored exactly like a dropped
file. "Extend Previous Take" asks the generation controller (it owns the service) through
:attr:`ContinuityRow.extendRequested`. Refusals come back as codes and are worded here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app import continuity
from studio.core.model import Continuity, Project
from studio.core.validation import Problem
from studio.ui.document import ProjectDocument
from studio.ui.problems import problem_text
from studio.ui.reference_widget import ReferenceWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Continuity", text)


def continuity_text(project: Project, p: Problem) -> str:
    """One sentence for a continuity refusal (other codes: the window's usual words)."""
    texts = {
        "continuity_first_shot": _tr("The first shot has no previous shot to continue from."),
        "continuity_no_previous_take": _tr("Shot {shot} has no finished take to continue "
                                           "from yet."),
        "continuity_previous_unreadable": _tr("Shot {shot}'s take cannot be read; generate "
                                              "or choose another take."),
        "continuity_extend_unsupported": _tr("{model} cannot extend a video; use the last "
                                             "frame instead."),
        "continuity_previous_not_ours": _tr("Shot {shot}'s take was not generated here, so "
                                            "it cannot be extended."),
        "continuity_extend_limit": _tr("Shot {shot}'s take has been extended {limit} times, "
                                       "the most {model} allows."),
        "continuity_extend_too_long": _tr("The extended video would last {total} s; {model} "
                                          "makes at most {longest} s."),
    }
    template = texts.get(p.code or "")
    if template is None:
        return problem_text(project, p)
    params = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in p.params.items()}
    return template.format(**params)


class ContinuityRow(QWidget):
    """The shot's way of continuing, and two buttons that carry the previous ending over."""

    #: shot id: extend the previous shot's take with this shot's prompt
    extendRequested = Signal(str)

    def __init__(self, doc: ProjectDocument, reference: ReferenceWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._reference = reference
        self.shot_id: str | None = None
        self.way = QComboBox()
        self.way.addItem(self.tr("Cut (start fresh)"), Continuity.CUT.value)
        self.way.addItem(self.tr("Continue from the last frame"), Continuity.LAST_FRAME.value)
        self.way.addItem(self.tr("Extend the previous take"), Continuity.EXTEND.value)
        self.way.setToolTip(self.tr(
            "How this shot carries on from the previous one; generating the shot follows "
            "it and it is saved with the project"))
        self.last_frame = QPushButton(self.tr("Use Last Frame"))
        self.last_frame.setToolTip(self.tr(
            "Make the previous shot's last frame this shot's reference image (you confirm "
            "the consent statements first)"))
        self.extend = QPushButton(self.tr("Extend Previous Take"))
        self.extend.setToolTip(self.tr(
            "Generate this shot by extending the previous shot's take with this shot's "
            "prompt, where the model can extend videos"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.last_frame)
        buttons.addWidget(self.extend)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.way)
        lay.addLayout(buttons)
        self.way.activated.connect(self._way_chosen)
        self.last_frame.clicked.connect(self.use_last_frame)
        self.extend.clicked.connect(self.extend_previous)
        self.set_shot(None)

    def set_shot(self, shot_id: str | None) -> None:
        """Follow the Shot tab's one shot; the first shot has nothing to continue."""
        self.shot_id = shot_id
        project = self._doc.project
        later = shot_id is not None and bool(project.shots) and project.shots[0].id != shot_id
        self.last_frame.setEnabled(later)
        caps = self._doc.caps()
        can_extend = caps is not None and caps.supports("extend")
        self.extend.setEnabled(later and can_extend)
        way = Continuity.CUT
        if later and shot_id is not None:
            way = next((s.continuity for s in project.shots if s.id == shot_id), way)
        self.way.setCurrentIndex(max(0, self.way.findData(way.value)))
        self.way.setEnabled(later)  # the first shot starts the film
        model = self.way.model()
        if isinstance(model, QStandardItemModel):  # a saved extension still shows as such
            model.item(2).setEnabled(can_extend or way is Continuity.EXTEND)

    def _way_chosen(self, index: int) -> None:
        """Save the chosen way (one undo step); the last frame is offered when the shot
        has no reference yet and the previous shot has a take to take it from."""
        shot_id = self.shot_id
        if shot_id is None:
            return
        way = Continuity(self.way.itemData(index))
        self._doc.set_shot_field(shot_id, "continuity", way)
        project = self._doc.project
        if way is Continuity.LAST_FRAME and project.shot(shot_id).reference is None:
            try:
                continuity.previous(project, shot_id)
            except continuity.ContinuityRefused:
                return  # nothing to take it from yet: generating will say so
            self.use_last_frame()

    def refuse(self, problem: Problem) -> None:
        QMessageBox.information(self.window(), self.tr("Cannot continue from the previous "
                                                       "shot"),
                                continuity_text(self._doc.project, problem))

    def use_last_frame(self) -> None:
        shot_id, tasks, root = self.shot_id, self._reference.tasks, self._doc.media_root()
        if shot_id is None or tasks is None or root is None:
            return
        project = self._doc.project
        try:
            source = continuity.frame_source(project, shot_id)
        except continuity.ContinuityRefused as exc:
            self.refuse(exc.problem)
            return

        async def work() -> bytes | continuity.ContinuityRefused:
            try:
                return await tasks.blocking(continuity.last_frame, project, shot_id, root)
            except continuity.ContinuityRefused as exc:
                return exc

        def done(result: bytes | continuity.ContinuityRefused) -> None:
            if isinstance(result, continuity.ContinuityRefused):
                self.refuse(result.problem)
            elif self._doc.project is project and self.shot_id == shot_id:
                # fitted, consented, stored: one undo step; it remembers its take
                self._reference.offer(result, frame_of=source)

        tasks.spawn(work(), label=self.tr("Read the previous shot's last frame"), done=done)

    def extend_previous(self) -> None:
        if self.shot_id is None:
            return
        try:
            continuity.extension(self._doc.project, self.shot_id, self._doc.table)
        except continuity.ContinuityRefused as exc:
            self.refuse(exc.problem)
            return
        self.extendRequested.emit(self.shot_id)
