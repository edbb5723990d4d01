"""Long texts (a job's error) shown whole: on hover, and in a read-only dialog to copy from.

A table cell or a label can show only the start of a provider's error; the person needs
all of it to act on it or to send it to support, so every place that shortens such a
text offers the whole of it here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

#: Characters a wrapped label shows before "…" (the rest is in the tooltip and dialog).
SHORT = 280


def _tr(text: str) -> str:
    return QCoreApplication.translate("TextDetails", text)


def shortened(text: str, limit: int = SHORT) -> str:
    """``text`` cut at a word boundary near ``limit``, with "…" when anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def hover_text(text: str) -> str:
    """A tooltip that wraps (rich text wraps, plain text does not) and shows every word."""
    return f"<p style='white-space: pre-wrap'>{html.escape(text)}</p>" if text else ""


class TextDetailsDialog(QDialog):
    """The whole text, read-only and selectable, with a Copy button."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TextDetailsDialog")
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("&Copy"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(560, 320)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


def show_details(parent: QWidget, title: str, text: str) -> TextDetailsDialog:
    """Open the dialog window-modally without a nested event loop; it deletes itself."""
    dlg = TextDetailsDialog(title, text, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg


def error_label() -> QLabel:
    """A label for an error that wraps instead of being cut off, selectable, red."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: #b52a1f;")
    label.setAccessibleName(_tr("Error"))
    return label
