"""Periodic autosave of the open project to its recovery file, off the GUI thread.

The project is snapshotted on the GUI thread (JSON pieces: cheap, and the only
consistent moment), then validated and written with fsync on a worker: a slow disk
never stalls the window.
Inside the qasync loop the worker is the loop's default executor; without a running
asyncio loop (tests) a private one-thread pool is used. Results come back through a
queued signal, so all bookkeeping stays on the GUI thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from studio.core.model import Project
from studio.storage import recovery
from studio.storage.project_file import Snapshot
from studio.ui.document import ProjectDocument

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000


class Autosaver(QObject):
    """Writes ``recovery.write_autosave`` every minute while the project has changes.

    Signals:
        saved(str): an autosave was written (its path).
        failed(str): an autosave failed (one-line reason); the next tick tries again.
    """

    saved = Signal(str)
    failed = Signal(str)
    _finished = Signal(object)  # worker -> GUI thread (queued)

    def __init__(
        self, doc: ProjectDocument, untitled_dir: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._doc = doc
        self.untitled_dir = Path(untitled_dir)
        self._revision = 0  # bumps on every model change, take progress included
        self._written = 0
        self._busy = False
        # Writes are numbered and serialised: a worker still writing an older snapshot
        # when the final flush runs must not rename its file over the newer one.
        self._write_lock = threading.Lock()
        self._sequence = 0  # numbers the snapshots taken, never reset
        self._on_disk = 0  # the newest snapshot number written (under the lock)
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self._finished.connect(self._done)
        for sig in (doc.shotsChanged, doc.shotChanged, doc.lookChanged, doc.filmChanged):
            sig.connect(self._bump)
        doc.projectReset.connect(self._reset)

    def start(self) -> None:
        self.timer.start()

    def _bump(self, *_: object) -> None:
        self._revision += 1

    def _reset(self) -> None:
        self._revision = self._written = 0

    def pending(self) -> bool:
        """True when there is something the recovery file does not hold yet."""
        return self._revision != self._written

    def tick(self) -> None:
        if self._busy or not self.pending():
            return
        self._busy = True
        project = self._doc.snapshot()  # kept pieces of JSON: ~1 ms for 500 shots
        path, untitled, rev = self._doc.path, self.untitled_dir, self._revision
        self._sequence += 1
        seq = self._sequence

        def work() -> tuple[int, str | None, str | None]:
            try:
                out = self._write(seq, project, path, untitled)
            except Exception as exc:  # reported, never raised into the loop
                return rev, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return rev, str(out), None

        self._submit(work)

    def _write(self, seq: int, project: Project | Snapshot, path: Path | None,
               untitled: Path) -> Path | None:
        """Write snapshot ``seq`` unless a newer one is on disk already (any thread)."""
        with self._write_lock:
            if seq <= self._on_disk:
                return None
            out = recovery.write_autosave(project, path, untitled_dir=untitled)
            self._on_disk = seq
            return out

    def _submit(self, work: Callable[[], object]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            fut = loop.run_in_executor(None, work)
            fut.add_done_callback(lambda f: self._finished.emit(f.result()))
            return
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(1, "autosave")
        self._pool.submit(work).add_done_callback(lambda f: self._finished.emit(f.result()))

    def _done(self, result: tuple[int, str | None, str | None]) -> None:
        self._busy = False
        rev, path, error = result
        if error is not None:
            log.warning("autosave failed: %s", error)
            self.failed.emit(error)
            return
        self._written = rev
        self.saved.emit(path or "")

    def discard(self, path: Path | None) -> None:
        """Forget the recovery file of ``path`` (after a save or a discarded close)."""
        try:
            with self._write_lock:  # an older snapshot still being written is dropped
                self._on_disk = self._sequence
                recovery.discard_autosave(path, untitled_dir=self.untitled_dir)
        except OSError as exc:
            log.warning("cannot remove autosave: %s", exc)
        self._written = self._revision

    def flush(self) -> Path | None:
        """Write what is pending now, on this thread (the process is about to end:
        nobody waits on the window any more). Returns the file written, if any."""
        if not self.pending():
            return None
        self._sequence += 1  # newer than any tick still writing: it waits, then skips
        out = self._write(self._sequence, self._doc.project, self._doc.path,
                          self.untitled_dir)
        self._written = self._revision
        return out

    def shutdown(self) -> None:
        self.timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
