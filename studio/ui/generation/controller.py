"""The generation controller: the window's side of the generation service (``studio.app``).

Actions become service calls; service events become document and widget updates. The
decisions (which provider, what may be sent, which take a job fills) are the service's.
A plan with problems sends nothing and says why; otherwise the takes of one gesture are
added in one undo step. Jobs that finished while the window was closed become takes when
their project is opened. Runs on the GUI thread's loop, through the one task manager.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.app.generation import RUNNING, GenerationService, Mode, Plan
from studio.app.providers import profile_of
from studio.core.model import Take, TakeRelation, TakeStatus
from studio.services.jobs import JobEvent
from studio.ui.document import AFTER_RESET_MS
from studio.ui.generation.current import bind_current_gestures
from studio.ui.generation.derive import DeriveGestures
from studio.ui.generation.dialogs import DeriveAnswer, ask_derive
from studio.ui.generation.jobs_link import JobsLink
from studio.ui.generation.notices import job_title, refusal_box, status_texts
from studio.ui.problems import failure_text, problem_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from studio.ui.jobs_dock import JobsPanel
    from studio.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class GenerationController(DeriveGestures, QObject):
    """Generate / remix / edit / extend / cancel / retry, and the live job state.

    Signals:
        ready(): the services run; the Generate menu is enabled.
        jobEvent(object): a :class:`JobEvent`, after the document and the panel saw it.
        problemsFound(list): a gesture was refused; the sentences shown.
        takeCompleted(object, str): a take's clip is in the project (shot id or None, take id).
    """

    ready = Signal()
    jobEvent = Signal(object)
    problemsFound = Signal(list)
    takeCompleted = Signal(object, str)

    def __init__(self, window: MainWindow, service: GenerationService) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.service = service
        self.tasks = service.tasks
        assert window.jobs_dock is not None
        self.jobs: JobsPanel = window.jobs_dock.widget()  # type: ignore[assignment]
        #: Asks the remix/edit/extend prompt; replaceable (tests answer without a dialog).
        self.ask: Callable[[QWidget, TakeRelation, str, tuple[int, ...]],
                           DeriveAnswer | None] = ask_derive
        self.last_problem_box: QMessageBox | None = None
        self._where: dict[str, tuple[str | None, str]] = {}  # job id -> (shot id, take id)
        self._shot_index: dict[str, int] = {}  # shot id -> position, as of the last reindex
        self.jobs.model.title_source = self._title_source
        self._placing: set[str] = set()
        self._resync_timer = QTimer(self, singleShot=True, interval=0)
        self._resync_timer.timeout.connect(self._resync)

    @property
    def local(self) -> Any:
        """The embedded local provider (its fault switches, for tests)."""
        return self.service.local

    # -- lifecycle -----------------------------------------------------------------
    async def start(self) -> None:
        """Start the services, then follow their jobs and take the window's gestures."""
        await self.service.start(self.window.settings, self.window.store)
        self.service.subscribe(self._on_event)
        JobsLink(self.jobs, self.service, self.window)
        self._connect()
        self._new_scratch()
        self._resync()
        if self.window.has_project:  # opened before the services ran (`gui PROJECT`)
            self.tasks.spawn(self._recover(self.doc.project), label=self.tr("Recover takes"))
        self.window.actions.update(services=True)
        self.refresh_status()
        self.ready.emit()

    async def close(self) -> None:
        await self.service.close()

    def _connect(self) -> None:
        a, doc = self.window.actions, self.doc
        a.bind("generate_shot", lambda: self.generate(Mode.SHOTS))
        a.bind("generate_all", lambda: self.generate(Mode.SHOTS, all_shots=True))
        a.bind("generate_film", lambda: self.generate(Mode.FILM))
        bind_current_gestures(self)
        self.window.settingsChanged.connect(
            lambda: self.tasks.spawn(self._reload(), label=self.tr("Provider profiles")))
        self.jobs.cancelRequested.connect(self.cancel_job)
        self.jobs.retryRequested.connect(self.retry_job)
        takes = self.window.inspector.takes
        takes.deriveRequested.connect(
            lambda rel, sid, tid: self.derive(TakeRelation(rel), sid, tid))
        takes.cancelRequested.connect(self.cancel_job)
        takes.retryRequested.connect(self.retry_take)
        self.window.inspector.shot.continuity.extendRequested.connect(self.extend_previous)
        doc.projectReset.connect(self._on_project_reset)
        doc.undo_stack.indexChanged.connect(self._schedule_resync)

    async def _reload(self) -> None:
        await self.service.reload(self.window.settings)
        self.refresh_status()

    # -- gestures ------------------------------------------------------------------
    def generate(self, mode: Mode, *, all_shots: bool = False) -> None:
        """Plan a generation (selected shots, every shot, or the film) and send it."""
        if not self.window.has_project:
            return
        project = self.doc.project
        ids = [s.id for s in project.shots] if all_shots or mode is Mode.FILM \
            else self.doc.selection
        if mode is Mode.SHOTS:  # a shot saved to extend the previous take is sent as one
            from studio.app.continuity import split_extensions

            extend, ids = split_extensions(project, ids)
            for shot_id in extend:
                self.extend_previous(shot_id)
            if extend and not ids:
                return
        plan = self.service.plan(project, ids, mode, today=dt.date.today())
        if not plan.ok:
            self._refuse(plan)
            return
        if plan.warnings:  # e.g. a model past its sunset: sent, but said
            self.window.statusBar().showMessage(
                problem_text(project, plan.warnings[0]), 10_000)
        self.window.show_jobs()
        self.tasks.spawn(self._submit(plan), label=self.tr("Generate"))

    async def _submit(self, plan: Plan) -> None:
        project = self.doc.project
        made = await self.service.submit(project, plan, self._project_anchor())
        if self.doc.project is project:
            self._add_takes(made, self.tr("Generate shot") if len(made) == 1 else
                            self.tr("Generate {n} shots").format(n=len(made)))

    def cancel_job(self, job_id: str) -> None:
        self.tasks.spawn(self.service.cancel(job_id), label=self.tr("Cancel job"))

    def retry_job(self, job_id: str) -> None:
        loc = self._locate(job_id)
        if loc is not None:
            self.retry_take(loc[0], loc[1].id)
        elif self.service.runner is not None:
            self.tasks.spawn(self.service.runner.retry(job_id), label=self.tr("Retry job"))

    def retry_take(self, shot_id: str | None, take_id: str) -> None:
        take = self._take(shot_id, take_id)
        if take is None or not take.job_id:
            return
        if take.status not in (TakeStatus.FAILED, TakeStatus.CANCELLED):
            self.say(self.tr("Only a failed or cancelled take can be retried."))
            return
        self.tasks.spawn(self._retry(shot_id, take), label=self.tr("Retry job"))

    async def _retry(self, shot_id: str | None, old: Take) -> None:
        project = self.doc.project
        take = await self.service.retry(old)
        if take is old:  # the paid video is fetched again by the same job: no new take
            self._apply(old.job_id or "")
        elif self.doc.project is project:
            self._add_takes([(shot_id, take)], self.tr("Retry take"))

    def _add_takes(self, made: list[tuple[str | None, Take]], text: str) -> None:
        """All takes of one gesture as one undo step; then catch up on their events.

        A take already in the project (a recovery that raced another) is not added twice.
        """
        shots = {s.id for s in self.doc.project.shots}
        alive = [(sid, take) for sid, take in made if (sid is None or sid in shots)
                 and self._take(sid, take.id) is None]
        if not alive:
            return
        with self.doc.transaction(text):
            for sid, take in alive:
                self.doc.add_take(sid, take)
                assert take.job_id
                self._where[take.job_id] = (sid, take.id)
                self._title(take.job_id, sid)
        for _sid, take in alive:
            assert take.job_id
            self._apply(take.job_id)

    # -- events --------------------------------------------------------------------
    def _on_event(self, ev: JobEvent) -> None:
        """Service callback (GUI thread): the jobs panel, the take, the timeline."""
        self.jobs.model.apply(ev)
        self._apply(ev.job_id)
        self.jobEvent.emit(ev)

    def _apply(self, job_id: str) -> None:
        ev, loc = self.service.latest.get(job_id), self._locate(job_id)
        if ev is None or loc is None:
            return
        shot_id, take = loc
        timeline = self._timeline()
        if shot_id is not None and timeline is not None:
            timeline.set_take_progress(shot_id, take.id,
                                       ev.progress if ev.state in RUNNING else None)
        status = self.service.take_status(ev)
        if status is TakeStatus.COMPLETED and take.status is not TakeStatus.COMPLETED:
            if job_id not in self._placing:
                self._placing.add(job_id)
                self.tasks.spawn(self._place(job_id, shot_id, take.id),
                                 label=self.tr("Place clip"))
            status = TakeStatus.IN_PROGRESS  # "done" only once the clip is in the project
        changes: dict[str, Any] = {}
        if status is not take.status:
            changes["status"] = status
        if ev.cost_spent is not None and ev.cost_spent != take.cost_spent:
            changes["cost_spent"] = ev.cost_spent
        if ev.error_message:
            text = failure_text(ev.error_category, ev.error_message,
                                self.service.provider_of(job_id))[:2000]
            if text != take.error:
                changes["error"] = text
        if changes:
            self.doc.update_take(shot_id, take.id, **changes)

    async def _place(self, job_id: str, shot_id: str | None, take_id: str) -> None:
        """The finished job's clip into ``<project>/media/<take id>.mp4``, then "done"."""
        try:
            project, root = self.doc.project, self.doc.media_root()
            if root is None:
                return
            rel, spent = await self.service.place(job_id, take_id, root)
            new_root = self.doc.media_root()
            if self.doc.project is not project or new_root is None:
                return
            await self.service.carry_media(rel, root, new_root)  # saved elsewhere meanwhile
            if self._locate(job_id) is None:
                return
            self.doc.update_take(shot_id, take_id, status=TakeStatus.COMPLETED, media=rel,
                                 cost_spent=spent, error=None)
            self.takeCompleted.emit(shot_id, take_id)
        finally:
            self._placing.discard(job_id)

    # -- the open project --------------------------------------------------------------
    def _take(self, shot_id: str | None, take_id: str) -> Take | None:
        try:
            takes = self.doc.takes_of(shot_id)
        except KeyError:
            return None
        return next((t for t in takes if t.id == take_id), None)

    def _locate(self, job_id: str) -> tuple[str | None, Take] | None:
        """The open project's take of ``job_id``, if it has one."""
        hit = self._where.get(job_id)
        if hit is None:
            return None
        take = self._take(*hit)
        return (hit[0], take) if take is not None and take.job_id == job_id else None

    def _reindex(self) -> None:
        p = self.doc.project
        self._where = {t.job_id: (s.id, t.id) for s in p.shots for t in s.takes if t.job_id}
        self._where.update({t.job_id: (None, t.id) for t in p.film_takes if t.job_id})
        self._shot_index = {s.id: i for i, s in enumerate(p.shots)}

    def _title_source(self, job_id: str) -> str | None:
        """The jobs panel asks when a job's row appears (see ``JobsModel.title_source``)."""
        where = self._where.get(job_id)
        if where is None:
            return None
        sid, shots = where[0], self.doc.project.shots
        i = self._shot_index.get(sid) if sid is not None else None
        fresh = i is not None and i < len(shots) and shots[i].id == sid
        return job_title(self.doc.project, sid, self.service.provider_of(job_id),
                         self._shot_index if fresh else None)

    def _schedule_resync(self, *_: object) -> None:
        if not self._resync_timer.isActive():
            self._resync_timer.start()

    def _resync(self) -> None:
        """Bring every take of the open project up to date with its job (undo/redo, open).

        One pass over the project (shot positions and takes looked up in dicts): a
        500-shot project has 1000 takes, and a scan of the shots per take was ~0.1 s of
        GUI-thread time at every open.
        """
        self._reindex()
        p = self.doc.project
        index = self._shot_index
        takes = {t.id: t for s in p.shots for t in s.takes}
        takes.update((t.id, t) for t in p.film_takes)
        model = self.jobs.model
        model.forget_unlisted_titles()  # the others are titled when their row appears
        for job_id, (sid, _tid) in self._where.items():
            if model.has_row(job_id):
                self._title(job_id, sid, index)
            if job_id in self.service.latest:
                self._apply(job_id)
        waiting = [j for j, (_sid, tid) in self._where.items() if j not in self.service.latest
                   and (t := takes.get(tid)) is not None
                   and t.status in (TakeStatus.QUEUED, TakeStatus.IN_PROGRESS)]
        if waiting:
            self.tasks.spawn(self._adopt(waiting), label=self.tr("Read the job ledger"))

    async def _adopt(self, job_ids: list[str]) -> None:
        """Takes whose jobs ran while their project was closed: read the ledger's word."""
        for job_id in job_ids:
            ev = await self.service.event_of(job_id)
            if ev is not None and job_id not in self.service.latest:
                self.service.latest[job_id] = ev
                self._on_event(ev)

    def _on_project_reset(self) -> None:
        self._new_scratch()
        # The takes catch up with their jobs a turn later (~8 ms for a 500-shot project,
        # in the open's busiest turn otherwise); the status bar is the window's to
        # refresh (it does a turn later too).
        self._reindex()
        QTimer.singleShot(AFTER_RESET_MS, self, self._schedule_resync)
        if self.service.running:
            project = self.doc.project
            self.tasks.spawn(self._recover(project), label=self.tr("Recover takes"))

    async def _recover(self, project: Any) -> None:
        """Jobs of this project sent before a crash: add their takes (one undo step)."""
        found = await self.service.recoverable(project)
        if found and self.doc.project is project:
            log.info("recovered %d takes of jobs sent after the last save", len(found))
            self._add_takes(found, self.tr("Recover takes"))
            self.window.statusBar().showMessage(self.tr(
                "Takes generated after the last save were recovered: {n}").format(
                    n=len(found)), 8000)

    def _new_scratch(self) -> None:
        """An untitled project keeps its clips in its own scratch folder until Save As."""
        self.doc.scratch_dir = (self.service.root / "scratch" / uuid.uuid4().hex[:12]
                                if self.doc.path is None else None)

    def _project_anchor(self) -> Path:
        """The project's file path, or a stand-in inside the scratch folder (untitled)."""
        if self.doc.path is not None:
            return self.doc.path
        root = self.doc.media_root() or self.service.root / "scratch"
        return root / "untitled.sorastudio"

    def _timeline(self) -> Any:
        dock = self.window.timeline_dock
        widget = dock.widget() if dock is not None else None
        return widget if hasattr(widget, "set_take_progress") else None

    def _title(self, job_id: str, shot_id: str | None,
               index: dict[str, int] | None = None) -> None:
        """The jobs panel names the shot and the provider that really runs the job."""
        self.jobs.model.set_title(job_id, job_title(self.doc.project, shot_id,
                                                    self.service.provider_of(job_id), index))

    # -- saying things -------------------------------------------------------------------
    def refresh_status(self) -> None:
        """The status bar: who runs this project's jobs, what they cost, how many run."""
        project = self.doc.project
        name, refused = self.service.resolve(project) if self.service.running else (None, None)
        if name is None:
            prof = profile_of(project.look, self.window.settings)
            name = prof.name if prof is not None and refused is None else \
                self.tr("{name} (missing)").format(name=project.look.provider)
        self.window.show_job_summary(*status_texts(project, name))

    def _refuse(self, plan: Plan) -> None:
        """Say why nothing was sent, in plain words, without blocking."""
        box, lines, self.per_shot_button = refusal_box(
            self.window, self.doc.project, plan,
            lambda: self.generate(Mode.SHOTS, all_shots=True))
        self.last_problem_box = box
        self.problemsFound.emit(list(lines))
        self.window.statusBar().showMessage(lines[0] if lines else "", 8000)

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
        self.problemsFound.emit([text])
