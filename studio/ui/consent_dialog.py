"""Ask, before an image is attached, that the user affirms each thing providers require.

One checkbox per statement; *Use image* stays disabled until every box is ticked, and
*Cancel* attaches nothing. The dialog shows the fitted image exactly as it will be
uploaded, and when a face was found it says why that matters (providers refuse real
people unless they are a consented character). What was shown is what the consent
record keeps (:meth:`ConsentDialog.statements`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app import references
from studio.media.images import PreparedImage
from studio.ui.problems import notice_text

PREVIEW_WIDTH = 420


class ConsentDialog(QDialog):
    """The consent statements for one prepared reference image."""

    def __init__(self, image: PreparedImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Use this reference image?"))
        self.image = image
        lay = QVBoxLayout(self)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pix = QPixmap()
        pix.loadFromData(image.data, "JPG")
        if not pix.isNull():
            self.preview.setPixmap(pix.scaledToWidth(
                min(PREVIEW_WIDTH, pix.width()), Qt.TransformationMode.SmoothTransformation))
        lay.addWidget(self.preview)
        self.size_note = QLabel(self.tr(
            "Fitted to {width}×{height}, sent without any metadata (no location, camera or "
            "comments).").format(width=image.width, height=image.height))
        self.size_note.setWordWrap(True)
        lay.addWidget(self.size_note)
        self.warnings = references.image_warnings(image)  # codes, worded in ui.problems
        self.face_note = QLabel(" ".join(notice_text(p) for p in self.warnings))
        self.face_note.setWordWrap(True)
        if any(p.code == "reference_face" for p in self.warnings):
            self.face_note.setStyleSheet("color: #b35c00;")
        self.face_note.setVisible(bool(self.face_note.text()))
        lay.addWidget(self.face_note)
        self.boxes = [
            QCheckBox(self.tr("I hold the rights to use this image.")),
            QCheckBox(self.tr("Every real person shown in it is me, or has agreed to appear "
                              "in a generated video.")),
            QCheckBox(self.tr("I accept the provider’s terms for uploaded images.")),
        ]
        for box in self.boxes:
            box.toggled.connect(self._update)
            lay.addWidget(box)
        buttons = QDialogButtonBox()
        self.use = QPushButton(self.tr("&Use image"))
        self.use.setDefault(True)
        buttons.addButton(self.use, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(PREVIEW_WIDTH + 40)
        self._update()

    def _update(self, *_: object) -> None:
        self.use.setEnabled(all(b.isChecked() for b in self.boxes))

    def accept(self) -> None:
        if all(b.isChecked() for b in self.boxes):  # Enter cannot skip a box
            super().accept()

    def statements(self) -> list[str]:
        """The statements as the user read them, for the consent record."""
        return [b.text().replace("&", "") for b in self.boxes]
