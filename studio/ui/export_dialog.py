"""File ▸ Export: where the film goes, how it is joined, which extras, with progress.

The dialog only asks and shows; :class:`studio.app.export.Exporter` does the work in the
executor through the window's task manager. It is opened with ``open()`` (window-modal,
no nested event loop), the export runs while it stays open, Cancel stops the export (the
files of the run are removed) and a second Cancel closes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app.export import (
    Exporter,
    ExportFailed,
    ExportOutcome,
    ExportRequest,
)
from studio.app.export import import_bundle as unpack_bundle
from studio.app.tasks import TaskManager
from studio.core.model import Project


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def failure_text(exc: ExportFailed) -> str:
    """The sentence for an export failure code (the app layer gives codes only)."""
    p = exc.params
    shot = _tr("shot {n} “{title}”").format(n=p.get("shot", "?"), title=p.get("title", "")) \
        if p.get("title") else _tr("shot {n}").format(n=p.get("shot", "?"))
    if exc.code == "missing_take":
        return _tr("Nothing was written: {shot} has no finished chosen take. Choose a "
                   "take for it (or generate one) and export again.").format(shot=shot)
    if exc.code == "take_unreadable":
        return _tr("Nothing was written: the take of {shot} cannot be read; it may be "
                   "missing or damaged. Choose another take or generate it "
                   "again.").format(shot=shot)
    if exc.code == "nothing_to_export":
        return _tr("Nothing was written: the storyboard has no shots with takes yet.")
    if exc.code == "cancelled":
        return _tr("Export cancelled; nothing was written.")
    if exc.code == "write_failed":
        return _tr("Nothing was written: {path} could not be written ({detail}).").format(
            path=p.get("path", ""), detail=p.get("detail", ""))
    if exc.code == "bundle_refused":
        return _tr("{name} was not opened, and nothing was unpacked: {detail}.").format(
            name=p.get("name", ""), detail=p.get("detail", ""))
    return _tr("The export failed ({code}).").format(code=exc.code)


class ExportDialog(QDialog):
    """Signals: finishedExport(object): an ExportOutcome or an ExportFailed."""

    finishedExport = Signal(object)

    PRESETS = ("source", "1080p", "720p", "480p", "720p-24", "720p-30")

    def __init__(self, project: Project, media_root: Path, tasks: TaskManager,
                 default_output: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.setObjectName("export_dialog")
        self._project = project
        self._root = media_root
        self._tasks = tasks
        self._exporter: Exporter | None = None
        self.outcome: ExportOutcome | None = None
        self.failure: ExportFailed | None = None

        self.output = QLineEdit(str(default_output))
        self.output.setMinimumWidth(380)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(self.browse)

        self.crossfade = QDoubleSpinBox()
        self.crossfade.setRange(0.0, 2.0)
        self.crossfade.setSingleStep(0.25)
        self.crossfade.setDecimals(2)
        self.crossfade.setSuffix(self.tr(" s"))
        self.crossfade.setToolTip(self.tr("A dissolve (and a matching sound crossfade) at "
                                          "each join; 0 joins shots with a cut"))
        self.preset = QComboBox()
        names = {"source": self.tr("As the takes"), "1080p": self.tr("1080p"),
                 "720p": self.tr("720p"), "480p": self.tr("480p"),
                 "720p-24": self.tr("720p, 24 fps"), "720p-30": self.tr("720p, 30 fps")}
        for key in self.PRESETS:
            self.preset.addItem(names[key], key)
        self.ai_note = QCheckBox(self.tr("Note in the file that the video is AI-generated"))
        self.ai_note.setChecked(True)
        self.loudness = QCheckBox(self.tr("Even out loudness between shots"))
        self.loudness.setChecked(True)

        form = QFormLayout()
        form.addRow(self.tr("Film:"), where)
        form.addRow(self.tr("Crossfade:"), self.crossfade)
        form.addRow(self.tr("Size and frame rate:"), self.preset)
        form.addRow("", self.ai_note)
        form.addRow("", self.loudness)

        extras = QGroupBox(self.tr("Also write, beside the film"))
        self.shot_clips = QCheckBox(self.tr("Each shot’s clip (a folder)"))
        self.sheet = QCheckBox(self.tr("A contact sheet (PNG)"))
        self.subtitles = QCheckBox(self.tr("Shot titles as subtitles (SRT)"))
        self.prompts = QCheckBox(self.tr("The prompts (text)"))
        self.bundle = QCheckBox(self.tr("A project bundle (zip of the project and its media)"))
        col = QVBoxLayout(extras)
        for box in (self.shot_clips, self.sheet, self.subtitles, self.prompts, self.bundle):
            col.addWidget(box)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Ready."))
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(extras)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # -- the run -----------------------------------------------------------------------
    def request(self) -> ExportRequest:
        path = Path(self.output.text().strip()).expanduser()
        if path.suffix.lower() != ".mp4":
            path = path.with_name(path.name + ".mp4")
        return ExportRequest(
            path, crossfade=self.crossfade.value(), preset=self.preset.currentData(),
            ai_note=self.ai_note.isChecked(), even_loudness=self.loudness.isChecked(),
            shot_clips=self.shot_clips.isChecked(), contact_sheet=self.sheet.isChecked(),
            subtitles=self.subtitles.isChecked(), prompts=self.prompts.isChecked(),
            bundle=self.bundle.isChecked())

    def running(self) -> bool:
        return self._exporter is not None

    def start(self) -> None:
        if self._exporter is not None or not self.output.text().strip():
            return
        self.outcome = self.failure = None
        self._exporter = Exporter(self._project, self._root, self.request(), self._on_progress)
        self._set_busy(True)
        self.status.setText(self.tr("Checking the takes…"))
        exporter = self._exporter

        async def go() -> ExportOutcome | ExportFailed:
            try:
                return await exporter.run()
            except ExportFailed as exc:
                return exc

        self._tasks.spawn(go(), label="export", done=self._done)

    def _on_progress(self, fraction: float, stage: str) -> None:
        if self._exporter is None:
            return
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        words = {"check": self.tr("Checking the takes…"), "film": self.tr("Writing the film…"),
                 "shots": self.tr("Writing each shot’s clip…"),
                 "sheet": self.tr("Drawing the contact sheet…"),
                 "subtitles": self.tr("Writing the subtitles…"),
                 "prompts": self.tr("Writing the prompts…"),
                 "bundle": self.tr("Packing the project bundle…"), "done": self.tr("Done.")}
        self.status.setText(words.get(stage, ""))

    def _done(self, result: ExportOutcome | ExportFailed) -> None:
        self._exporter = None
        self._set_busy(False)
        if isinstance(result, ExportFailed):
            self.failure = result
            self.progress.setValue(0)
            self.status.setText(failure_text(result))
        else:
            self.outcome = result
            self.progress.setValue(1000)
            n = len(result.files)
            text = self.tr("Exported the film: {path}.") if n == 1 else \
                self.tr("Exported {n} files; the film is {path}.")
            self.status.setText(text.format(n=n, path=result.files[0]))
        self.finishedExport.emit(result)

    def _cancel(self) -> None:
        if self._exporter is not None:
            self._exporter.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def reject(self) -> None:  # Escape or the window's close button while exporting
        if self._exporter is not None:
            self._exporter.cancel()
            return
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        for w in (self.output, self.browse, self.crossfade, self.preset, self.ai_note,
                  self.loudness, self.shot_clips, self.sheet, self.subtitles, self.prompts,
                  self.bundle):
            w.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Stop") if busy else self.tr("Close"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the film"),
                                              self.output.text(), self.tr("MP4 video (*.mp4)"))
        if path:
            self.output.setText(path)


def show_export(window) -> ExportDialog:
    """The Export action: open the dialog for the window's project (window-modal)."""
    doc = window.doc
    # no media folder yet (nothing generated): the export then names the first shot
    root = doc.media_root() or Path.home()
    base = doc.path.with_suffix(".mp4") if doc.path is not None else \
        Path.home() / f"{doc.project.title or 'film'}.mp4"
    dialog = ExportDialog(doc.project, root, window.tasks, base, window)
    dialog.finishedExport.connect(lambda r: window.statusBar().showMessage(
        failure_text(r) if isinstance(r, ExportFailed) else
        _tr("Exported {path}").format(path=r.files[0]), 10_000))
    window.export_dialog = dialog
    dialog.open()
    return dialog


def import_bundle(window, bundle: Path | None = None, parent: Path | None = None) -> None:
    """File ▸ Import Bundle…: unpack a project bundle (an export's ``-project.zip``) into
    a new folder beside it, off the GUI thread, then open its project.

    ``bundle`` and ``parent`` skip the file dialog (tests); a refused bundle is said in a
    window-modal box (``window.bundle_box``), and the open project stays.
    """
    files = window.files
    if not files.maybe_save():
        return
    if bundle is None:
        name, _ = QFileDialog.getOpenFileName(
            window, _tr("Import a project bundle"), str(Path.home()),
            _tr("Sora Studio bundles (*.zip);;All files (*)"))
        if not name:
            return
        bundle = Path(name)
    where = Path(parent) if parent is not None else Path(bundle).parent

    async def work() -> Path | ExportFailed:
        try:
            return await window.tasks.blocking(unpack_bundle, Path(bundle), where)
        except ExportFailed as exc:
            return exc

    def done(result: Path | ExportFailed) -> None:
        if isinstance(result, ExportFailed):
            box = QMessageBox(QMessageBox.Icon.Warning, _tr("Bundle not imported"),
                              failure_text(result), QMessageBox.StandardButton.Ok, window)
            window.bundle_box = box
            box.open()
        else:
            files.open_path(result, ask_save=False)

    window.tasks.spawn(work(), label=_tr("Import bundle"), done=done)
