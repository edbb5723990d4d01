"""Bringing a storyboard into the window: paste, import, drop, and the review dialog.

Edit ▸ Paste storyboard (Ctrl+Shift+V), File ▸ Import storyboard…, a .txt/.md dropped on
the window and Ctrl+V on an empty timeline all read the text off the GUI thread
(``app.storyboard``) and then open :class:`StoryboardReview`: the shots and the look as
understood, editable, with what was not understood shown. Apply (replace or append) is
one undo step. A text that cannot be read says so in the status bar and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.app.storyboard import (
    STORYBOARD_SUFFIXES,
    ImportMode,
    StoryboardRefused,
    is_storyboard_file,
    merged,
    read_file_async,
    read_text,
    with_shots,
)
from studio.core.model import Project, Shot
from studio.core.prompts.parse import Reading
from studio.ui import formats

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

COLUMNS = ("title", "camera", "description", "duration")


class StoryboardReview(QDialog):
    """The storyboard as understood, editable before it goes in.

    Signals:
        assistRequested(): the user asked the assistant to structure the text instead.
    """

    assistRequested = Signal()

    def __init__(self, reading: Reading, *, can_append: bool, sizes: tuple[str, ...],
                 can_assist: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyboard_review")
        self.setWindowTitle(self.tr("Review the storyboard"))
        self.reading = reading
        project = reading.project
        layout = QVBoxLayout(self)

        n, seconds = len(project.shots), project.total_seconds()
        self.summary = QLabel(self.tr("%n shots", "", n) + " · "
                              + self.tr("{seconds} s in all").format(seconds=seconds))
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.missing = QWidget()
        row = QHBoxLayout(self.missing)
        row.setContentsMargins(0, 0, 0, 0)
        self.missing_label = QLabel(
            self.tr("The text numbers {numbered} shots, but {found} were understood.")
            .format(numbered=reading.numbered, found=n))
        self.missing_label.setWordWrap(True)
        self.assist_button = QPushButton(self.tr("Structure it with the assistant"))
        self.assist_button.setObjectName("assist")
        self.assist_button.setEnabled(can_assist)
        self.assist_button.clicked.connect(self.assistRequested)
        row.addWidget(self.missing_label, 1)
        row.addWidget(self.assist_button)
        self.missing.setVisible(reading.numbered > n)
        layout.addWidget(self.missing)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = self._shot_table(project.shots)
        split.addWidget(self.table)
        bottom = QWidget()
        cols = QHBoxLayout(bottom)
        cols.setContentsMargins(0, 0, 0, 0)
        cols.addWidget(self._look_box(project, sizes), 3)
        self.unread_box = QGroupBox(self.tr("Not understood (left out)"))
        box = QVBoxLayout(self.unread_box)
        self.unread = QPlainTextEdit("\n".join(reading.unread))
        self.unread.setReadOnly(True)
        box.addWidget(self.unread)
        self.unread_box.setVisible(bool(reading.unread))
        cols.addWidget(self.unread_box, 2)
        split.addWidget(bottom)
        split.setSizes([360, 260])
        layout.addWidget(split, 1)

        modes = QHBoxLayout()
        self.replace = QRadioButton(self.tr("Replace the storyboard"))
        self.append = QRadioButton(self.tr("Add after the last shot"))
        self.append.setEnabled(can_append)
        (self.append if can_append else self.replace).setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.replace)
        group.addButton(self.append)
        modes.addWidget(self.replace)
        modes.addWidget(self.append)
        modes.addStretch(1)
        layout.addLayout(modes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(self.tr("Apply"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(980, 680)

    def _shot_table(self, shots: list[Shot]) -> QTableWidget:
        table = QTableWidget(len(shots), len(COLUMNS))
        table.setObjectName("shots")
        table.setHorizontalHeaderLabels(
            [self.tr("Title"), self.tr("Camera"), self.tr("Action"), self.tr("Seconds")])
        for r, shot in enumerate(shots):
            for c, name in enumerate(COLUMNS):
                table.setItem(r, c, QTableWidgetItem(str(getattr(shot, name))))
        header = table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for c, width in ((0, 180), (1, 200), (3, 70)):
            table.setColumnWidth(c, width)
        table.setWordWrap(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    def _look_box(self, project: Project, sizes: tuple[str, ...]) -> QGroupBox:
        look = project.look
        box = QGroupBox(self.tr("Look"))
        form = QFormLayout(box)
        self.style_edit = QPlainTextEdit(look.style)
        self.style_edit.setFixedHeight(56)
        self.size_box = QComboBox()
        for size in dict.fromkeys((look.size, *sizes)):
            self.size_box.addItem(size, size)
        self.music_edit = QLineEdit(look.music.replace("\n", " "))
        self.atmosphere_edit = QLineEdit(look.atmosphere.replace("\n", " "))
        self.keywords_edit = QLineEdit(", ".join(look.keywords))
        self.continuity_edit = QPlainTextEdit(look.continuity)
        self.continuity_edit.setFixedHeight(56)
        form.addRow(self.tr("Style"), self.style_edit)
        form.addRow(self.tr("Size"), self.size_box)
        form.addRow(self.tr("Music"), self.music_edit)
        form.addRow(self.tr("Atmosphere"), self.atmosphere_edit)
        form.addRow(self.tr("Keywords"), self.keywords_edit)
        form.addRow(self.tr("Continuity"), self.continuity_edit)
        return box

    # -- what the user made of it ----------------------------------------------------
    def mode(self) -> ImportMode:
        return ImportMode.APPEND if self.append.isChecked() else ImportMode.REPLACE

    def project(self) -> Project:
        """The storyboard with the user's edits (a cell that is not valid keeps its value)."""
        base = self.reading.project
        shots: list[Shot] = []
        for r, shot in enumerate(base.shots):
            data = shot.model_dump()
            for c, name in enumerate(COLUMNS):
                item = self.table.item(r, c)
                text = item.text() if item is not None else ""
                if name == "duration":
                    data[name] = int(text) if text.strip().isdigit() and 1 <= int(text) <= 120 \
                        else shot.duration
                else:
                    data[name] = text
            shots.append(Shot.model_validate(data))
        project = with_shots(base, shots)
        look = project.look
        look.style = self.style_edit.toPlainText().strip()
        look.size = str(self.size_box.currentData())
        look.music = self.music_edit.text().strip()
        look.atmosphere = self.atmosphere_edit.text().strip()
        look.keywords = [w.strip() for w in self.keywords_edit.text().replace("，", ",")
                         .replace("、", ",").split(",") if w.strip()]
        look.continuity = self.continuity_edit.toPlainText().strip()
        return Project.model_validate(project.model_dump())


class StoryboardImporter(QObject):
    """Binds paste/import/drop on the window and applies a reviewed storyboard."""

    #: The review dialog was opened (tests and the assistant find it here).
    reviewOpened = Signal(QDialog)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.review: StoryboardReview | None = None
        self.assist: Callable[[str], Any] | None = None  # set by the assistant controller
        self._last_text = ""
        self._timeline: QWidget | None = None
        window.actions.bind("paste_storyboard", self.paste)
        window.actions.bind("import_storyboard", self.import_dialog)
        window.setAcceptDrops(True)
        window.drop_handler = self  # its drag and drop events ask dropped_file()
        window.projectOpened.connect(self._watch_timeline)

    # -- gestures ------------------------------------------------------------------
    def paste(self) -> None:
        """Read the clipboard's text as a storyboard."""
        self.bring_in(QGuiApplication.clipboard().text())

    def import_dialog(self) -> None:
        pattern = " ".join(f"*{s}" for s in STORYBOARD_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import storyboard"), "",
            self.tr("Storyboards ({patterns})").format(patterns=pattern))
        if path:
            self.bring_in_file(Path(path))

    def bring_in(self, text: str) -> Any:
        """Read ``text`` off the GUI thread, then review it (or say why it cannot be read)."""
        self._last_text = text

        async def read() -> Reading | StoryboardRefused:
            try:
                return await self.window.tasks.blocking(read_text, text)
            except StoryboardRefused as exc:
                return exc

        return self.window.tasks.spawn(read(), label=self.tr("Read storyboard"),
                                       done=self._read_done)

    def bring_in_file(self, path: Path) -> Any:
        async def read() -> Reading | StoryboardRefused:
            try:
                return await read_file_async(self.window.tasks, path)
            except StoryboardRefused as exc:
                return exc

        self._last_text = ""
        return self.window.tasks.spawn(read(), label=self.tr("Import storyboard"),
                                       done=self._read_done)

    # -- after reading (plain callbacks: dialogs may open here) --------------------------
    def _read_done(self, result: Reading | StoryboardRefused) -> None:
        if isinstance(result, StoryboardRefused):
            self.window.statusBar().showMessage(self.refusal(result), 15_000)
            return
        self.open_review(result)

    def open_review(self, reading: Reading) -> StoryboardReview:
        doc = self.window.doc
        caps = doc.caps()
        dialog = StoryboardReview(
            reading, can_append=self.window.has_project and bool(doc.project.shots),
            sizes=tuple(caps.sizes) if caps else (), can_assist=self.assist is not None,
            parent=self.window)
        dialog.accepted.connect(lambda: self.apply(dialog.project(), dialog.mode()))
        dialog.assistRequested.connect(lambda: self._structure(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.review = dialog
        dialog.open()
        self.reviewOpened.emit(dialog)
        return dialog

    def _structure(self, dialog: StoryboardReview) -> None:
        dialog.reject()
        if self.assist is not None:
            self.assist(self._last_text)

    def apply(self, incoming: Project, mode: ImportMode) -> bool:
        """Bring ``incoming`` into the project as one undo step; False (and a message) if not."""
        win = self.window
        if not win.has_project:
            win.files.new()
            if not win.has_project:
                return False
        doc = win.doc
        try:
            project = merged(doc.project, incoming, mode, doc.table)
        except StoryboardRefused as exc:
            win.statusBar().showMessage(self.refusal(exc), 15_000)
            return False
        n = len(incoming.shots)
        label = self.tr("Add %n storyboard shots", "", n) if mode is ImportMode.APPEND \
            else self.tr("Replace the storyboard")
        with doc.transaction(label):
            doc.restore(project)
        doc.set_selection([s.id for s in incoming.shots])
        win.statusBar().showMessage(self.tr("%n shots brought in", "", n), 5_000)
        return True

    def refusal(self, exc: StoryboardRefused) -> str:
        """The sentence for a refusal code (app.storyboard reports codes, not words)."""
        p = exc.params
        sentences = {
            "empty": self.tr("There is no text to read as a storyboard."),
            "too_long": self.tr("The text is too long to read: {chars} characters, at most "
                                "{limit}.").format(chars=formats.number(p.get("chars", 0)),
                                                   limit=formats.number(p.get("limit", 0))),
            "too_big": self.tr("The file is too large to read as a storyboard ({size} bytes)."
                               ).format(size=formats.number(p.get("size", 0))),
            "not_text": self.tr("The file is not text, so no storyboard was read."),
            "unreadable": self.tr("The storyboard could not be read: {reason}")
            .format(reason=p.get("reason", "")),
            "too_many_shots": self.tr("That would make {count} shots; a project holds at most "
                                      "{limit}.").format(count=p.get("count"),
                                                         limit=p.get("limit")),
        }
        return sentences.get(exc.code, sentences["unreadable"])

    # -- drop on the window, Ctrl+V on an empty timeline --------------------------------
    def _watch_timeline(self) -> None:
        dock = self.window.timeline_dock
        widget = dock.widget() if dock is not None else None
        if widget is not None and widget is not self._timeline:
            self._timeline = widget
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._timeline and self._is_paste(event):
            self.paste()
            return True
        return super().eventFilter(obj, event)

    def _is_paste(self, event: QEvent) -> bool:
        """Ctrl+V on an empty timeline (with shots, Ctrl+V is the timeline's own)."""
        return isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
            and event.matches(QKeySequence.StandardKey.Paste) \
            and not self.window.doc.project.shots

    @staticmethod
    def dropped_file(event: QEvent) -> Path | None:
        """The storyboard file a drag carries, if it carries one."""
        if not isinstance(event, QDropEvent) and not hasattr(event, "mimeData"):
            return None
        mime = event.mimeData()  # type: ignore[attr-defined]
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and is_storyboard_file(Path(url.toLocalFile())):
                return Path(url.toLocalFile())
        return None
