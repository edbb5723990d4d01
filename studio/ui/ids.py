"""Long opaque ids (a gateway's video ids run to ~300 characters) shown in little room.

Why the middle: ids differ at both ends (``video_…`` prefixes, base64 tails), so eliding
the middle keeps what a person compares. The whole id is always one hover (tooltip) and
one click ("Copy id") away, since the only use of such an id is to paste it elsewhere.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def elided_id(text: str, keep: int = 12) -> str:
    """``text`` with its middle elided to ``keep`` characters each side (for sentences)."""
    return text if len(text) <= 2 * keep + 1 else f"{text[:keep]}…{text[-keep:]}"


#: A run of id characters (base64's too) 40 or longer; not a path (those start with "/").
_LONG_TOKEN = re.compile(r"(?<![\w/+=-])(?!/)[\w+/=-]{40,}")


def elide_ids(text: str) -> str:
    """``text`` with every long opaque token (a gateway's id inside a provider's message)
    elided in the middle, for one-line places (status bar, a table cell); the whole text
    stays in the details dialog."""
    return _LONG_TOKEN.sub(lambda m: elided_id(m[0]), text)


def copy_id(text: str) -> None:
    """Put an id on the clipboard, whole."""
    QGuiApplication.clipboard().setText(text)


def copy_action(parent: QWidget, label: str | None = None) -> QAction:
    """A "Copy id" action (context menus); connect its ``triggered`` to the copy."""
    return QAction(label or QCoreApplication.translate("Ids", "Copy id"), parent)


class IdLabel(QLabel):
    """One id, elided in the middle to the label's width; full id on hover and in
    "Copy id" (its context menu). Never widens its layout: it takes the room it gets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._id = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = copy_action(self)
        self.copy_action.triggered.connect(lambda: copy_id(self._id))
        self.addAction(self.copy_action)

    def full_id(self) -> str:
        return self._id

    def set_id(self, value: str) -> None:
        self._id = value
        self.setToolTip(value)
        self.setAccessibleName(value)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        self.setText(self.fontMetrics().elidedText(self._id, Qt.TextElideMode.ElideMiddle, width))
