"""The reference image of one shot (or of the one-take film): drop, choose or paste.

One image at a time. Whatever arrives (a dropped file, dropped or pasted image data, a
file chosen in a dialog) goes the same way: prepared off the GUI thread
(``app.references.prepare``: refused files say why and attach nothing), a second image
replaces the first only after the user confirms, the consent dialog asks each statement,
and only then is the fitted upload written under the project's media folder and attached
with its consent record (one undo step). The preview shows the fitted result.

Signals:
    attached(object): the shot id (None: the film) that got a new reference image.
    refused(str): the refusal code of an image that could not be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app import references
from studio.media.images import FitMode, ImageRefused, PreparedImage
from studio.ui.consent_dialog import ConsentDialog

if TYPE_CHECKING:
    from studio.app.tasks import TaskManager
    from studio.core.model import FrameSource, Project, ReferenceImage
    from studio.ui.document import ProjectDocument

THUMB_HEIGHT = 90
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def refusal_text(exc: ImageRefused) -> str:
    """The window's sentence for a refused image (codes from ``media.images``)."""
    translate = QApplication.translate  # named so: pyside6-lupdate reads translate(ctx, text)
    p = exc.params
    texts = {
        "empty": translate("Reference", "The file is empty."),
        "too_large": translate("Reference",
                               "The file is {mb} MB; at most {limit_mb} MB is accepted."),
        "not_image": translate("Reference",
                               "This file is not an image. Use a JPEG, PNG or WebP."),
        "format_refused": translate("Reference", "{kind} images are not accepted. Save it as "
                                    "JPEG, PNG or WebP first."),
        "too_many_pixels": translate("Reference", "The image has too many pixels (at most "
                                     "{limit_mp} megapixels)."),
        "too_small": translate("Reference", "The image is {width}×{height}; it needs at least "
                               "16 pixels on each side."),
        "damaged": translate("Reference", "The image data is damaged and cannot be read."),
    }
    text = texts.get(exc.code, translate("Reference", "This image cannot be used."))
    return text.format(**p) + " " + translate("Reference", "Nothing was attached.")


def _prepare(source: Path | bytes, size: str, mode: FitMode) -> PreparedImage | ImageRefused:
    """Blocking: the upload, or why not (returned, so the ``done`` callback can say it)."""
    try:
        data = references.read_source(source) if isinstance(source, Path) else source
        return references.prepare(data, size, mode)
    except ImageRefused as exc:
        return exc
    except OSError:
        return ImageRefused("damaged")


class ReferenceWidget(QFrame):
    """Drop zone, preview and buttons for one reference image; see the module docstring."""

    attached = Signal(object)
    refused = Signal(str)

    def __init__(self, doc: ProjectDocument, *, film: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._film = film
        #: The window's task manager; set by the window once it exists.
        self.tasks: TaskManager | None = None
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(THUMB_HEIGHT)
        self.preview.setWordWrap(True)
        self.choose = QPushButton(self.tr("Choose image…"))
        self.choose.setToolTip(self.tr("A JPEG, PNG or WebP image; you can also drop or paste "
                                       "one here"))
        self.remove = QPushButton(self.tr("Remove"))
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Crop to fill"), FitMode.CROP.value)
        self.mode.addItem(self.tr("Fit with bars"), FitMode.PAD.value)
        self.mode.addItem(self.tr("Stretch"), FitMode.STRETCH.value)
        self.mode.setToolTip(self.tr("How an image of another shape is made the output size"))
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.mode, 1)
        row.addWidget(self.remove)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.preview)
        lay.addLayout(row)
        self.choose.clicked.connect(self.choose_file)
        self.remove.clicked.connect(self.remove_reference)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for sig in (doc.selectionChanged, doc.shotChanged, doc.filmChanged, doc.projectReset,
                    doc.shotsChanged):
            sig.connect(self.refresh)
        self.refresh()

    # -- what it is attached to ---------------------------------------------------------
    def target(self) -> tuple[bool, str | None]:
        """(usable, shot id): the film's widget targets None; a shot's needs one selected."""
        if self._film:
            return True, None
        sel = self._doc.selection
        return (True, sel[0]) if len(sel) == 1 else (False, None)

    def current(self) -> ReferenceImage | None:
        ok, shot_id = self.target()
        if not ok:
            return None
        project = self._doc.project
        return project.reference if shot_id is None else project.shot(shot_id).reference

    def refresh(self, *_: object) -> None:
        ok, _ = self.target()
        self.setEnabled(ok)
        ref = self.current()
        self.remove.setEnabled(ref is not None)
        path = self._doc.resolve_media(ref.path) if ref is not None else None
        pix = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if not pix.isNull():
            self.preview.setPixmap(pix.scaledToHeight(THUMB_HEIGHT,
                                                      Qt.TransformationMode.SmoothTransformation))
            self.preview.setToolTip(self.tr("Sent as the first frame of the clip"))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("The reference image is missing; attach it again.")
                                 if ref is not None else
                                 self.tr("Drop an image here to start the clip from it"))
            self.preview.setToolTip("")

    # -- gestures -----------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a reference image"), "",
            self.tr("Images (*.jpg *.jpeg *.png *.webp);;All files (*)"))
        if name:
            self.offer(Path(name))

    def paste(self) -> None:
        self.offer_mime(QApplication.clipboard().mimeData())

    def remove_reference(self) -> None:
        ok, shot_id = self.target()
        if ok and self.current() is not None:
            self._doc.set_reference(shot_id, None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and _has_image(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if self.isEnabled() and _has_image(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.offer_mime(event.mimeData()):
            event.acceptProposedAction()

    def offer_mime(self, mime: QMimeData | None) -> bool:
        """A drop or paste: the first local file, else image data; False when neither."""
        if mime is None:
            return False
        for url in mime.urls():
            if url.isLocalFile():
                self.offer(Path(url.toLocalFile()))
                return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                buf = QBuffer()
                buf.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buf, "PNG")
                self.offer(bytes(buf.data().data()))
                return True
        return False

    def offer(self, source: Path | bytes, frame_of: FrameSource | None = None) -> None:
        """Prepare ``source`` off the GUI thread; the answer comes back to :meth:`_prepared`.

        ``frame_of``: the take frame the bytes are (a last frame), kept with the reference."""
        ok, shot_id = self.target()
        if not ok or self.tasks is None:
            return
        project = self._doc.project
        size = project.look.size
        mode = FitMode(self.mode.currentData())

        async def work() -> PreparedImage | ImageRefused:
            assert self.tasks is not None
            return await self.tasks.blocking(_prepare, source, size, mode)

        self.tasks.spawn(work(), label=self.tr("Prepare reference image"),
                         done=lambda result: self._prepared(project, shot_id, result, frame_of))

    def _prepared(self, project: Project, shot_id: str | None,
                  result: PreparedImage | ImageRefused,
                  frame_of: FrameSource | None = None) -> None:
        """A plain callback (not inside a task), so it may ask."""
        if isinstance(result, ImageRefused):
            self.refused.emit(result.code)
            QMessageBox.warning(self.window(), self.tr("Reference image not attached"),
                                refusal_text(result))
            return
        if not self._still_there(project, shot_id):
            return
        if self.current() is not None and QMessageBox.question(
                self.window(), self.tr("Replace the reference image?"),
                self.tr("This shot already has a reference image. Replace it with the new "
                        "one?") if shot_id else
                self.tr("The film already has a reference image. Replace it with the new one?"),
        ) != QMessageBox.StandardButton.Yes:
            return
        dialog = ConsentDialog(result, self.window())
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            consent = references.consent_for(result, dialog.statements())
        finally:
            dialog.deleteLater()
        root = self._doc.media_root()
        if root is None or self.tasks is None:
            return

        async def store() -> str:
            assert self.tasks is not None
            return await self.tasks.blocking(references.store, result, root)

        def stored(rel: str) -> None:
            if self._still_there(project, shot_id):
                self._doc.set_reference(
                    shot_id, references.reference_for(result, rel, consent, frame_of), consent)
                self.attached.emit(shot_id)

        self.tasks.spawn(store(), label=self.tr("Save reference image"), done=stored)

    def _still_there(self, project: Project, shot_id: str | None) -> bool:
        """The project (and shot) the image was offered for is still the one open."""
        return self._doc.project is project and (
            shot_id is None or any(s.id == shot_id for s in project.shots))


def _has_image(mime: QMimeData | None) -> bool:
    if mime is None:
        return False
    if mime.hasImage():
        return True
    return any(u.isLocalFile() for u in mime.urls())
