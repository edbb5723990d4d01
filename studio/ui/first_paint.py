"""Know when a widget was first painted, without staying on its event path."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Calls ``painted()`` once the widget's first paint is done, then removes itself.

    Why not an ``event()`` override: that runs Python for every event of the widget for
    its whole life, and while a worker holds the GIL each call waits for it (a repaint of
    the main window made dozens of them).
    """

    def __init__(self, widget: QWidget, painted: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._painted = painted
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._widget, self._painted)  # after this paint
            self.deleteLater()
        return False
