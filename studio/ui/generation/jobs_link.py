"""The jobs panel's gestures that need only the generation service: the history of
earlier sessions, saving a finished clip, and settling a job held as unclear."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from studio.app.generation import GenerationService

if TYPE_CHECKING:
    from studio.ui.jobs_dock import JobsPanel
    from studio.ui.main_window import MainWindow


class JobsLink(QObject):
    """Connects a :class:`JobsPanel` to the service, through the window's task manager."""

    def __init__(self, panel: JobsPanel, service: GenerationService,
                 window: MainWindow) -> None:
        super().__init__(panel)
        self.panel, self.service, self.window = panel, service, window
        tasks = service.tasks
        panel.model.provider_of = service.provider_of
        tasks.spawn(service.history(), label=self.tr("Read the job history"),
                    done=panel.add_history)
        panel.saveRequested.connect(lambda job, dest: tasks.spawn(
            service.save_clip(job, Path(dest)), label=self.tr("Save clip"),
            done=lambda _: self._say(self.tr("Clip saved as {path}").format(path=dest))))
        panel.adoptRequested.connect(lambda job, video: tasks.spawn(
            service.adopt_video(job, video), label=self.tr("Adopt video"),
            done=lambda _: self._say(self.tr("The job follows the provider's video now."))))
        panel.sendAgainRequested.connect(lambda job: tasks.spawn(
            service.send_again(job), label=self.tr("Send again"),
            done=lambda _: self._say(self.tr("Sent again."))))

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
