"""The generation controller: the studio window's bridge to the job runner.

Built after the first paint (``app.start_services``): it opens the ledger, starts the
local animatic provider in-process on a free loopback port, builds one client per
provider profile and one :class:`~studio.services.jobs.JobRunner`, and resumes the
jobs an earlier session left unfinished.

Threading: everything here runs on the GUI thread's qasync loop. The runner calls
:meth:`GenerationController._on_event` from its tasks on that same loop, so document and
widget updates need no marshalling; never touch the UI from a worker. Blocking work (the
ledger's SQLite, file links/copies, keyring reads, reference bytes) goes to executors.

A gesture ("Generate all shots") submits its jobs first (each an intent row in the
ledger), then adds all their takes in one undo macro: one gesture, one undo step. Events
of a job whose take is not (or no longer) in the open project update only the jobs dock;
if the take comes back (redo, reopening the project) it is brought up to date.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.app.media import (
    copy_media,
    media_paths,
    place_file,
    same_folder,
    take_media_rel,
)
from studio.core.model import Project, Strategy, Take, TakeRelation, TakeStatus
from studio.core.prompt_compose import ComposedPrompt, PromptError, compose_film, compose_shot
from studio.core.validation import Problem, errors, validate_project
from studio.services.client import GenerationClient
from studio.services.jobs import JobEvent, JobRequest, JobRunner, Provider, RunnerConfig
from studio.services.ledger import LEDGER_NAME, JobKind, JobRecord, JobState, Ledger
from studio.storage.settings import SettingsError
from studio.ui.generation.dialogs import DeriveAnswer, ask_derive
from studio.ui.jobs_dock import JobsPanel

if TYPE_CHECKING:
    from studio.localserver.faults import FaultConfig
    from studio.localserver.server import LocalProvider
    from studio.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TAKE_STATUS = {
    JobState.INTENT: TakeStatus.QUEUED,
    JobState.UNCLEAR: TakeStatus.QUEUED,
    JobState.SUBMITTED: TakeStatus.QUEUED,
    JobState.POLLING: TakeStatus.IN_PROGRESS,
    JobState.DOWNLOADING: TakeStatus.IN_PROGRESS,
    JobState.DONE: TakeStatus.COMPLETED,
    JobState.FAILED: TakeStatus.FAILED,
    JobState.CANCELLED: TakeStatus.CANCELLED,
}
RUNNING = (JobState.POLLING, JobState.DOWNLOADING)
FILM = "One-take film"


@dataclass(frozen=True)
class GenerationConfig:
    """Where the controller keeps its state; tests point everything at ``tmp_path``."""

    data_dir: Path | None = None  # default: the user data dir
    ledger_path: Path | None = None  # default: <data_dir>/jobs.sqlite3
    local_faults: FaultConfig | None = None  # e.g. FaultConfig(generation_seconds=0.5)
    local_executor: Executor | None = None  # default: the provider's process pool
    runner: RunnerConfig | None = None

    def root(self) -> Path:
        if self.data_dir is not None:
            return Path(self.data_dir)
        import platformdirs

        return Path(platformdirs.user_data_dir("sora-studio", appauthor=False))


def plain_problem(project: Project, p: Problem) -> str:
    """A validation problem as one sentence for people."""
    if p.shot_index is not None:
        title = project.shots[p.shot_index].title if p.shot_index < len(project.shots) else ""
        where = f"Shot {p.shot_index + 1}" + (f" “{title}”" if title else "")
    else:
        where = "The project"
    tail = f" (allowed: {', '.join(p.allowed)})" if p.allowed else ""
    return f"{where}: {p.message}{tail}."


class GenerationController(QObject):
    """Generate / remix / edit / extend / cancel / retry, and the live job state.

    Signals:
        ready(): the services run; the Generate menu is enabled.
        jobEvent(object): a :class:`JobEvent`, after the document and the dock saw it.
        problemsFound(list): a gesture was refused; the plain-word reasons (also shown).
        takeCompleted(object, str): a take's clip is in the project (shot id or None, take id).
    """

    ready = Signal()
    jobEvent = Signal(object)
    problemsFound = Signal(list)
    takeCompleted = Signal(object, str)

    def __init__(self, window: MainWindow, config: GenerationConfig | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.config = config or GenerationConfig()
        self.root = self.config.root()
        self.ledger: Ledger | None = None
        self.runner: JobRunner | None = None
        self.local: LocalProvider | None = None
        self.local_key = ""
        #: Asks the remix/edit/extend prompt; replaceable (tests answer without a dialog).
        self.ask: Callable[[QWidget, TakeRelation, str, tuple[int, ...]],
                           DeriveAnswer | None] = ask_derive
        self.last_problem_box: QMessageBox | None = None
        self._latest: dict[str, JobEvent] = {}
        self._where: dict[str, tuple[str | None, str]] = {}  # job id -> (shot id, take id)
        self._index_stale = True
        self._placing: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._status_timer = QTimer(self, singleShot=True, interval=150)
        self._status_timer.timeout.connect(self._push_status)
        self._resync_timer = QTimer(self, singleShot=True, interval=0)
        self._resync_timer.timeout.connect(self._resync)
        self.jobs = self._jobs_panel()

    # -- lifecycle -----------------------------------------------------------------
    async def start(self) -> None:
        """Open the ledger, start the local provider and the runner, resume old jobs."""
        from studio.localserver.server import LocalProvider

        cfg = self.config
        self.ledger = await Ledger(cfg.ledger_path or self.root / LEDGER_NAME).open()
        self.local = LocalProvider(self.root / "local-provider", faults=cfg.local_faults,
                                   executor=cfg.local_executor, table=self.doc.table)
        url = await self.local.start("127.0.0.1", 0)
        providers = await self._providers(url)
        self.runner = JobRunner(self.ledger, providers, self.root / "media",
                                table=self.doc.table, config=cfg.runner)
        self.runner.subscribe(self._on_event)
        self._connect()
        self._new_scratch()
        await self.runner.resume()
        self._resync()
        for act in self.window.actions.generation_actions():
            act.setEnabled(True)
        self.window.provider_label.setText(f"Provider: {self._provider_for(self.doc.project)}")
        self.ready.emit()

    async def close(self) -> None:
        """Stop driving jobs (they stay resumable in the ledger) and stop the services."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.runner is not None:
            await self.runner.close()
        if self.local is not None:
            await self.local.stop()
        if self.ledger is not None:
            await self.ledger.close()
        self.runner = self.local = self.ledger = None

    async def reload_providers(self) -> None:
        """Apply edited provider profiles now: no restart needed."""
        if self.runner is None or self.local is None or self.local.base_url is None:
            return
        self.runner.set_providers(await self._providers(self.local.base_url))
        self.window.provider_label.setText(f"Provider: {self._provider_for(self.doc.project)}")

    async def _providers(self, local_url: str) -> list[Provider]:
        """One client per profile; keys come from the keyring (off the GUI thread)."""
        settings, store = self.window.settings, self.window.store
        loop = asyncio.get_running_loop()
        out: list[Provider] = []
        for prof in settings.profiles:
            if prof.local:
                self.local_key = self.local_key or prof.name
                out.append(Provider(prof.name, GenerationClient(local_url, None),
                                    prof.concurrency))
                continue
            if not prof.base_url:
                continue
            try:
                key = await loop.run_in_executor(None, store.get_key, settings, prof.name)
            except SettingsError as exc:
                log.warning("no API key for %s: %s", prof.name, exc)
                key = None
            out.append(Provider(prof.name, GenerationClient(prof.base_url, key),
                                prof.concurrency))
        if not self.local_key:  # settings without a local profile still get the animatic
            from studio.storage.settings import LOCAL_PROFILE

            self.local_key = LOCAL_PROFILE
            out.append(Provider(LOCAL_PROFILE, GenerationClient(local_url, None), 2))
        return out

    def _jobs_panel(self) -> JobsPanel:
        dock = self.window.jobs_dock
        panel = dock.widget() if dock is not None else None
        if isinstance(panel, JobsPanel):
            return panel
        panel = JobsPanel()
        self.window.set_jobs_dock(panel)
        return panel

    def _connect(self) -> None:
        a, doc = self.window.actions, self.doc
        a.generate_shot.triggered.connect(self.generate_selected)
        self.window.settingsChanged.connect(lambda: self._spawn(self.reload_providers()))
        a.generate_all.triggered.connect(self.generate_all)
        a.generate_film.triggered.connect(self.generate_film)
        a.remix.triggered.connect(lambda: self._derive_current(TakeRelation.REMIX))
        a.edit_take.triggered.connect(lambda: self._derive_current(TakeRelation.EDIT))
        a.extend.triggered.connect(lambda: self._derive_current(TakeRelation.EXTEND))
        a.cancel_job.triggered.connect(self._cancel_current)
        a.retry_job.triggered.connect(self._retry_current)
        self.jobs.cancelRequested.connect(self.cancel_job)
        self.jobs.retryRequested.connect(self.retry_job)
        takes = self.window.inspector.takes
        takes.deriveRequested.connect(
            lambda rel, sid, tid: self.derive(TakeRelation(rel), sid, tid))
        takes.cancelRequested.connect(self.cancel_job)
        takes.retryRequested.connect(self.retry_take)
        doc.projectReset.connect(self._on_project_reset)
        doc.shotsChanged.connect(self._mark_stale)
        doc.undo_stack.indexChanged.connect(self._schedule_resync)
        self.window.prepare_save = self.prepare_save

    # -- gestures ------------------------------------------------------------------
    def generate_selected(self) -> None:
        """Generate the selected shots (one take each, one undo step)."""
        if not self.window.has_project:
            return
        ids = self.doc.selection
        if not ids:
            self._refuse(["Select a shot on the timeline first."])
            return
        self._spawn(self._generate(ids, film=False))

    def generate_all(self) -> None:
        """Generate every shot, one clip per shot (one undo step)."""
        if self.window.has_project:
            self._spawn(self._generate([s.id for s in self.doc.project.shots], film=False))

    def generate_film(self) -> None:
        """Generate the whole storyboard as one clip: a take of the one-take film."""
        if self.window.has_project:
            self._spawn(self._generate([s.id for s in self.doc.project.shots], film=True))

    def derive(self, relation: TakeRelation, shot_id: str | None, take_id: str) -> None:
        """Remix / edit / extend a completed take: ask the prompt, then make a child take.

        A slot: the dialog runs its own event loop, so it must not run inside a task.
        """
        take = self._take(shot_id, take_id)
        if take is None or take.status is not TakeStatus.COMPLETED or not take.job_id:
            self._refuse(["Only a finished take can be remixed, edited or extended."])
            return
        caps = self.doc.table.get(take.model)
        if caps is not None and not caps.supports(relation.value):
            self._refuse([f"{caps.label} cannot {relation.value} a video."])
            return
        seconds = caps.seconds if caps is not None else (4,)
        answer = self.ask(self.window, relation, str(take.params.get("prompt", "")), seconds)
        if answer is not None and answer.prompt:
            self._spawn(self._derive(relation, shot_id, take, answer))

    def cancel_job(self, job_id: str) -> None:
        if self.runner is not None:
            self._spawn(self.runner.cancel(job_id))

    def retry_job(self, job_id: str) -> None:
        """Retry a failed/cancelled job; its take (if open) gets a linked new take."""
        loc = self._locate(job_id)
        if loc is not None:
            self.retry_take(loc[0], loc[1].id)
        elif self.runner is not None:
            self._spawn(self.runner.retry(job_id))

    def retry_take(self, shot_id: str | None, take_id: str) -> None:
        take = self._take(shot_id, take_id)
        if take is None or not take.job_id:
            return
        if take.status not in (TakeStatus.FAILED, TakeStatus.CANCELLED):
            self._refuse(["Only a failed or cancelled take can be retried."])
            return
        self._spawn(self._retry(shot_id, take))

    # -- gesture bodies (tasks) ----------------------------------------------------
    async def _generate(self, shot_ids: list[str], *, film: bool) -> None:
        assert self.runner is not None
        project = self.doc.project
        problems = self._problems(shot_ids, film=film)
        prompts: list[tuple[str | None, ComposedPrompt]] = []
        try:
            if film:
                prompts.append((None, compose_film(project, self.doc.table)))
            else:
                prompts += [(sid, compose_shot(project, project.shot(sid), self.doc.table))
                            for sid in shot_ids]
        except PromptError as exc:
            problems.append(str(exc).rstrip(".") + ".")
        if problems:
            self._refuse(problems)
            return
        from studio.services.render import job_request

        provider = self._provider_for(project)
        anchor = self._project_anchor()
        requests = await asyncio.get_running_loop().run_in_executor(None, lambda: [
            job_request(project, anchor, cp.text, cp.shot_ids, cp.seconds, provider)
            for _, cp in prompts])
        made: list[tuple[str | None, Take, str]] = []
        self.window.show_jobs()
        for (sid, _cp), req in zip(prompts, requests, strict=True):
            job = await self.runner.submit(provider, req)
            title = FILM if sid is None else self._shot_title(sid)
            self.jobs.model.set_title(job.id, title)
            made.append((sid, self._new_take(job), title))
        if self.doc.project is not project:
            return  # another project was opened meanwhile: the jobs stay in the ledger
        text = (f"Generate {len(made)} shots" if len(made) > 1 else
                "Generate film" if film else "Generate shot")
        self._add_takes(made, text)

    async def _derive(self, relation: TakeRelation, shot_id: str | None, parent: Take,
                      answer: DeriveAnswer) -> None:
        assert self.runner is not None and self.ledger is not None and parent.job_id
        project = self.doc.project
        src = await self.ledger.get(parent.job_id)
        if not src.video_id:
            self._refuse(["The provider no longer knows this take's video."])
            return
        seconds = answer.seconds if relation is TakeRelation.EXTEND and answer.seconds \
            else src.seconds
        req = JobRequest(prompt=answer.prompt, model=src.model, size=src.size,
                         seconds=seconds, kind=JobKind(relation.value),
                         source_video_id=src.video_id, project=src.project, shot=src.shot)
        job = await self.runner.submit(src.provider, req)
        title = f"{FILM if shot_id is None else self._shot_title(shot_id)} ({relation.value})"
        self.jobs.model.set_title(job.id, title)
        take = self._new_take(job, parent_take=parent.id, relation=relation)
        if self.doc.project is project:
            self._add_takes([(shot_id, take, title)], f"{relation.value.capitalize()} take")

    async def _retry(self, shot_id: str | None, old: Take) -> None:
        assert self.runner is not None and old.job_id
        project = self.doc.project
        job = await self.runner.retry(old.job_id)
        title = f"{FILM if shot_id is None else self._shot_title(shot_id)} (retry)"
        self.jobs.model.set_title(job.id, title)
        take = self._new_take(job, parent_take=old.id, relation=old.relation)
        if self.doc.project is project:
            self._add_takes([(shot_id, take, title)], "Retry take")

    def _new_take(self, job: JobRecord, **links: Any) -> Take:
        return Take(job_id=job.id, provider=job.provider, model=job.model,
                    params={"prompt": job.prompt, "size": job.size, "seconds": job.seconds},
                    status=TAKE_STATUS[job.state], cost_quoted=job.cost_quoted or 0.0,
                    created_at=time.time(), **links)

    def _add_takes(self, made: list[tuple[str | None, Take, str]], text: str) -> None:
        """All takes of one gesture as one undo step; then catch up on their events."""
        alive = [(sid, take) for sid, take, _ in made
                 if sid is None or any(s.id == sid for s in self.doc.project.shots)]
        if not alive:
            return
        stack = self.doc.undo_stack
        stack.beginMacro(text)
        try:
            for sid, take in alive:
                self.doc.add_take(sid, take)
                assert take.job_id
                self._where[take.job_id] = (sid, take.id)
        finally:
            stack.endMacro()
        for _sid, take in alive:
            assert take.job_id
            self._apply(take.job_id)

    # -- events --------------------------------------------------------------------
    def _on_event(self, ev: JobEvent) -> None:
        """Runner callback (GUI thread, inside a runner task): dock, take, timeline."""
        self._latest[ev.job_id] = ev
        self.jobs.model.apply(ev)
        self._apply(ev.job_id)
        if not self._status_timer.isActive():
            self._status_timer.start()
        self.jobEvent.emit(ev)

    def _apply(self, job_id: str) -> None:
        ev, loc = self._latest.get(job_id), self._locate(job_id)
        if ev is None or loc is None:
            return
        shot_id, take = loc
        timeline = self._timeline()
        if shot_id is not None and timeline is not None:
            timeline.set_take_progress(shot_id, take.id,
                                       ev.progress if ev.state in RUNNING else None)
        status = TAKE_STATUS[ev.state]
        if status is TakeStatus.COMPLETED and take.status is not TakeStatus.COMPLETED:
            if job_id not in self._placing:
                self._placing.add(job_id)
                self._spawn(self._place(job_id), done=lambda: self._placing.discard(job_id))
            status = TakeStatus.IN_PROGRESS  # "done" only once the clip is in the project
        changes: dict[str, Any] = {}
        if status is not take.status:
            changes["status"] = status
        if ev.cost_spent is not None and ev.cost_spent != take.cost_spent:
            changes["cost_spent"] = ev.cost_spent
        if ev.error_message and ev.error_message[:2000] != take.error:
            changes["error"] = ev.error_message[:2000]
        if changes:
            self.doc.update_take(shot_id, take.id, **changes)

    async def _place(self, job_id: str) -> None:
        """Link (or copy) the finished job's file to ``<project>/media/<take id>.mp4``."""
        assert self.ledger is not None
        loop = asyncio.get_running_loop()
        project = self.doc.project
        row = await self.ledger.get(job_id)
        loc = self._locate(job_id)
        root = self.doc.media_root()
        if loc is None or self.doc.project is not project or not row.media_path or root is None:
            return
        rel = take_media_rel(loc[1].id)
        await loop.run_in_executor(None, place_file, Path(row.media_path), root / rel)
        new_root = self.doc.media_root()
        if self.doc.project is not project or new_root is None:
            return
        if not same_folder(root, new_root):  # saved elsewhere while we copied
            await loop.run_in_executor(None, copy_media, [rel], root, new_root)
        loc = self._locate(job_id)
        if loc is None:
            return
        shot_id, take = loc
        self.doc.update_take(shot_id, take.id, status=TakeStatus.COMPLETED, media=rel,
                             cost_spent=row.cost_spent or 0.0, error=None)
        self.takeCompleted.emit(shot_id, take.id)

    # -- finding takes -------------------------------------------------------------
    def _take(self, shot_id: str | None, take_id: str) -> Take | None:
        project = self.doc.project
        try:
            takes = project.film_takes if shot_id is None else project.shot(shot_id).takes
        except KeyError:
            return None
        return next((t for t in takes if t.id == take_id), None)

    def _locate(self, job_id: str) -> tuple[str | None, Take] | None:
        """The open project's take of ``job_id``, if it has one."""
        for attempt in range(2):
            hit = self._where.get(job_id)
            if hit is not None:
                take = self._take(*hit)
                if take is not None and take.job_id == job_id:
                    return hit[0], take
            if attempt == 0 and self._index_stale:
                self._reindex()
            else:
                break
        return None

    def _reindex(self) -> None:
        p = self.doc.project
        self._where = {t.job_id: (s.id, t.id) for s in p.shots for t in s.takes if t.job_id}
        self._where.update({t.job_id: (None, t.id) for t in p.film_takes if t.job_id})
        self._index_stale = False

    def _mark_stale(self, *_: object) -> None:
        self._index_stale = True

    def _schedule_resync(self, *_: object) -> None:
        self._index_stale = True
        if not self._resync_timer.isActive():
            self._resync_timer.start()

    def _resync(self) -> None:
        """Bring every take of the open project up to date with its job (undo/redo, open)."""
        self._reindex()
        for job_id in list(self._where):
            if job_id in self._latest:
                self._apply(job_id)
        orphans = [j for j, (sid, tid) in self._where.items() if j not in self._latest
                   and (t := self._take(sid, tid)) is not None
                   and t.status in (TakeStatus.QUEUED, TakeStatus.IN_PROGRESS)]
        if orphans and self.ledger is not None:
            self._spawn(self._adopt(orphans))

    async def _adopt(self, job_ids: list[str]) -> None:
        """Takes whose jobs ran while their project was closed: read the ledger's word."""
        assert self.ledger is not None and self.runner is not None
        for job_id in job_ids:
            try:
                row = await self.ledger.get(job_id)
            except KeyError:
                continue  # a ledger from another machine: the take stays as it is
            if job_id not in self._latest:
                self._on_event(self.runner.event_for(row))

    def _on_project_reset(self) -> None:
        self._new_scratch()
        self._schedule_resync()

    def _new_scratch(self) -> None:
        """An untitled project gets its own scratch folder for media until Save As."""
        if self.doc.path is None:
            self.doc.scratch_dir = self.root / "scratch" / uuid.uuid4().hex[:12]
        else:
            self.doc.scratch_dir = None

    # -- save hook -----------------------------------------------------------------
    def prepare_save(self, path: Path) -> Coroutine[Any, Any, None] | None:
        """Before writing the project to ``path``: media to carry into its folder.

        Returns None when nothing needs copying (same folder, or no media), else a
        coroutine that copies them off the GUI thread; MainWindow saves when it is done.
        """
        old, new = self.doc.media_root(), Path(path).parent
        rels = list(media_paths(self.doc.project))
        if old is None or same_folder(old, new) or not rels:
            return None

        async def copy() -> None:
            n = await asyncio.get_running_loop().run_in_executor(None, copy_media, rels, old,
                                                                 new)
            log.info("copied %d media files into %s", n, new)

        return copy()

    # -- helpers -------------------------------------------------------------------
    def _problems(self, shot_ids: list[str], *, film: bool) -> list[str]:
        project = self.doc.project
        if not project.shots:
            return ["The storyboard has no shots yet."]
        wanted = set(shot_ids)
        found = errors(validate_project(project, self.doc.table))
        if film:  # durations are beats inside one clip here, whatever the strategy
            found = [p for p in found if p.field != "duration" and p.field != "shots"]
            caps = self.doc.caps()
            total = project.total_seconds()
            if caps is not None and caps.clip_seconds_for(total) is None:
                return [f"The film is {total} s but {caps.label} makes clips of at most "
                        f"{max(caps.seconds)} s; shorten the shots or generate per shot."]
        elif project.look.strategy is Strategy.ONE_TAKE:
            found = [p for p in found if p.field != "shots"]
        return [plain_problem(project, p) for p in found
                if p.shot_id is None or p.shot_id in wanted]

    def _refuse(self, problems: list[str]) -> None:
        """Say why nothing was sent, in plain words, without blocking."""
        self.problemsFound.emit(list(problems))
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot generate yet",
                          "Nothing was sent. Fix this first:", QMessageBox.StandardButton.Ok,
                          self.window)
        box.setInformativeText("\n".join(f"• {p}" for p in problems))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_problem_box = box
        self.window.statusBar().showMessage(problems[0], 8000)

    def _provider_for(self, project: Project) -> str:
        """The profile the project asks for; the local animatic when it names none we know."""
        known = self.runner.providers if self.runner is not None else {}
        wanted = project.look.provider
        if wanted in known:
            return wanted
        settings = self.window.settings
        active = settings.active_profile().name
        if wanted == "local" or active not in known:
            return self.local_key
        return active

    def _project_anchor(self) -> Path:
        """The project's file path, or a stand-in inside the scratch folder (untitled)."""
        if self.doc.path is not None:
            return self.doc.path
        root = self.doc.media_root() or self.root / "scratch"
        return root / "untitled.sorastudio"

    def _timeline(self) -> Any:
        dock = self.window.timeline_dock
        widget = dock.widget() if dock is not None else None
        return widget if hasattr(widget, "set_take_progress") else None

    def _shot_title(self, shot_id: str) -> str:
        try:
            i = self.doc.shot_index(shot_id)
        except KeyError:
            return "(deleted shot)"
        title = self.doc.project.shots[i].title
        return f"{i + 1}. {title}" if title else f"Shot {i + 1}"

    def _push_status(self) -> None:
        evs = list(self._latest.values())
        queued = sum(TAKE_STATUS[e.state] is TakeStatus.QUEUED for e in evs)
        running = sum(e.state in RUNNING for e in evs)
        done = sum(e.state is JobState.DONE for e in evs)
        failed = sum(e.state in (JobState.FAILED, JobState.CANCELLED) for e in evs)
        quoted = sum(e.cost_quoted or 0.0 for e in evs)
        spent = sum(e.cost_spent or 0.0 for e in evs)
        self.window.show_job_summary(
            f"Quoted ${quoted:.2f} · Spent ${spent:.2f}",
            f"Jobs: {queued} queued · {running} running · {done} done · {failed} failed")

    def _spawn(self, coro: Coroutine[Any, Any, Any],
               done: Callable[[], None] | None = None) -> asyncio.Task[Any]:
        """Run a gesture's coroutine; failures reach the status bar, never vanish."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)

        def finished(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if done is not None:
                done()
            if t.cancelled():
                return
            exc = t.exception()
            if exc is not None:
                log.error("generation task failed", exc_info=exc)
                self.window.statusBar().showMessage(f"Generation: {exc}", 10_000)

        task.add_done_callback(finished)
        return task

    def _current_take(self) -> tuple[str | None, Take] | None:
        panel = self.window.inspector.takes
        take = panel.current_take()
        return (panel.shot_id, take) if take is not None else None

    def _derive_current(self, relation: TakeRelation) -> None:
        cur = self._current_take()
        if cur is None:
            self._refuse(["Select a finished take first (Inspector ▸ Takes)."])
            return
        self.derive(relation, cur[0], cur[1].id)

    def _cancel_current(self) -> None:
        job = self.jobs.selected_job()
        if job is None and (cur := self._current_take()) is not None:
            job = cur[1].job_id
        if job:
            self.cancel_job(job)

    def _retry_current(self) -> None:
        job = self.jobs.selected_job()
        if job is not None:
            self.retry_job(job)
        elif (cur := self._current_take()) is not None:
            self.retry_take(cur[0], cur[1].id)
