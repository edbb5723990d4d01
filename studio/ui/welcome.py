"""The welcome page shown while no project is open: one click to a working sample."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    """Start actions and the recent projects list.

    Signals:
        openSampleRequested(): "Open sample project" was clicked.
        newRequested(): "New project" was clicked.
        openRequested(): "Open…" was clicked.
        recentActivated(str): a recent project (its path) was activated.
    """

    openSampleRequested = Signal()
    newRequested = Signal()
    openRequested = Signal()
    recentActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Sora Studio")  # i18n: not text (the product name)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 2.2)
        f.setBold(True)
        title.setFont(f)
        subtitle = QLabel(self.tr(
            "Storyboard a short film, generate it shot by shot and play the cut.\n"
            "Everything stays on your disk. No key needed: the local animatic provider "
            "renders a previz of every shot."
        ))
        subtitle.setWordWrap(True)
        self.sample_button = QPushButton(self.tr("Open sample project"))
        self.sample_button.setDefault(True)
        self.sample_button.setMinimumHeight(36)
        self.new_button = QPushButton(self.tr("New project"))
        self.open_button = QPushButton(self.tr("Open…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setAlternatingRowColors(True)
        self.recent_label = QLabel(self.tr("Recent projects"))
        self.empty_label = QLabel(self.tr("No recent projects yet."))
        self.empty_label.setEnabled(False)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent, 1)
        column.addWidget(self.empty_label)
        column.addStretch(0)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addWidget(box, 1, Qt.AlignmentFlag.AlignHCenter)
        self._stretch_for_empty = column

        self.sample_button.clicked.connect(self.openSampleRequested)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.recent.itemActivated.connect(
            lambda item: self.recentActivated.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).stem}    —    {p}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.empty_label.setVisible(not paths)
        # Without the list, keep the content at the top instead of spreading it out.
        self._stretch_for_empty.setStretch(self._stretch_for_empty.count() - 1, 0 if paths else 1)
