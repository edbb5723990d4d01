"""Help ▸ About: the version, the bundled parts with their licences, and the folders the
studio writes, each with a button that opens it in the file manager.

The facts come from :mod:`studio.app.about`, read at run time off the GUI thread
(:func:`show_about` opens the dialog in the task's done callback); Qt's and PySide6's
versions are read here.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.app.about import Folders, Part, bundled_parts, folders
from studio.storage.bundled import app_icon_path

ICON_PX = 64


class AboutDialog(QDialog):
    """Modeless facts about this build; nothing here changes anything but folders made."""

    def __init__(self, parts: list[Part], dirs: Folders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Sora Studio"))
        self.parts = self._qt_parts() + parts
        self.folders = dirs
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self._licences())
        layout.addWidget(self._folder_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)  # the parts list whole in both languages (Chinese wraps taller)

    # -- parts ---------------------------------------------------------------------
    def _qt_parts(self) -> list[Part]:
        return [Part("Sora Studio", __version__, "MIT"),
                Part("Qt", qVersion(), "LGPL-3.0-only"),
                Part("PySide6", PySide6.__version__, "LGPL-3.0-only")]

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QIcon(str(app_icon_path(128))).pixmap(ICON_PX, ICON_PX))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        text = QLabel(self.tr(
            "<h2>Sora Studio {version}</h2><p>Storyboard, generate, watch and export short "
            "films with any Videos-API (Sora 2 protocol) provider — or with the built-in "
            "local animatic, no key needed.</p><p>Your work stays in files you own.</p>"
        ).format(version=__version__))
        text.setObjectName("about_text")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(text, 1)
        return row

    def _licences(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bundled parts and their licences"))
        tree = QTreeWidget()
        tree.setObjectName("parts")
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("Part"), self.tr("Version"), self.tr("Licence")])
        tree.setRootIsDecorated(False)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        tree.setWordWrap(True)
        for part in self.parts:
            item = QTreeWidgetItem([self._part_name(part), part.version,
                                    part.licence or self.tr("unknown")])
            tree.addTopLevelItem(item)
            note = self._note(part)
            if note:
                child = QTreeWidgetItem([note])
                item.addChild(child)
                child.setFirstColumnSpanned(True)
        tree.setRootIsDecorated(any(self._note(p) for p in self.parts))
        tree.expandAll()
        header = tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.parts_view = tree
        inner = QVBoxLayout(box)
        inner.addWidget(tree)
        return box

    def _part_name(self, part: Part) -> str:
        names = {"FFmpeg (PyAV)": self.tr("FFmpeg (inside PyAV)"),
                 "FFmpeg (Qt Multimedia)": self.tr("FFmpeg (inside Qt Multimedia)"),
                 "CJK font": self.tr("Chinese font (animatic cards)")}
        return names.get(part.name, part.name)

    def _note(self, part: Part) -> str:
        if part.note == "gpl_encoders":
            return self.tr("This FFmpeg build also links {libs} (GPL-2.0-or-later).").format(
                libs=part.detail)
        if part.note == "system_font":
            return self.tr("Found on this system, not bundled: {path}").format(path=part.detail)
        if part.note == "no_cjk_font":
            return self.tr("None found: Chinese text on animatic cards cannot be drawn. "
                           "Install Noto Sans CJK.")
        return ""

    # -- folders -------------------------------------------------------------------
    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Folders"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.open_buttons: dict[str, QPushButton] = {}
        rows = (("data", self.tr("Data (jobs, local provider, recovery):"), self.folders.data),
                ("settings", self.tr("Settings:"), self.folders.settings),
                ("cache", self.tr("Cache (thumbnails, loudness):"), self.folders.cache))
        for row, (key, label, path) in enumerate(rows):
            grid.addWidget(QLabel(label), row, 0)
            shown = QLabel(str(path))
            shown.setObjectName(f"{key}_path")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            grid.addWidget(shown, row, 1)
            button = QPushButton(self.tr("Open"))
            button.setObjectName(f"open_{key}")
            button.setToolTip(self.tr("Show this folder in the file manager"))
            button.clicked.connect(lambda _=False, p=path: self.open_folder(p))
            grid.addWidget(button, row, 2)
            self.open_buttons[key] = button
        logs = QLabel(self.tr("Logs go to standard error: start sora-studio from a terminal "
                              "to see them (SORA_STUDIO_LOG=DEBUG for more)."))
        logs.setObjectName("logs_note")
        logs.setWordWrap(True)
        grid.addWidget(QLabel(self.tr("Logs:")), len(rows), 0)
        grid.addWidget(logs, len(rows), 1, 1, 2)
        return box

    def open_folder(self, path: Path) -> bool:
        """Open ``path`` in the file manager (made first: a new user has none yet)."""
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = self.tr("It cannot be made: {reason}").format(reason=exc.strerror or exc)
        else:
            if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                return True
            reason = self.tr("No file manager is set up to open folders.")
        QMessageBox.warning(self, self.tr("Folder not opened"),
                            self.tr("{path} was not opened. {reason}").format(
                                path=path, reason=reason))
        return False


def show_about(window) -> None:
    """Help ▸ About: read the facts off the GUI thread, then open the dialog."""

    def collect() -> tuple[list[Part], Folders]:
        return bundled_parts(), folders()

    def opened(result: tuple[list[Part], Folders]) -> None:
        dialog = AboutDialog(*result, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.about_dialog = dialog
        dialog.show()

    window.tasks.spawn(window.tasks.blocking(collect),
                       label=QCoreApplication.translate("AboutDialog", "About"), done=opened)
