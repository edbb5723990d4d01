"""The generation service: from a storyboard to jobs on the provider the project names.

Qt-free; the window drives it (``ui/generation/controller.py``) and the same calls work
from a script. It owns the job ledger, the embedded local provider, one client per
provider profile and the :class:`~studio.services.jobs.JobRunner`; it turns a gesture
into a checked :class:`Plan` (nothing is sent while the plan has problems), a plan into
ledger jobs and new takes, job states into take statuses, and a finished job's file into
the project's media folder. Every job row names its project, shot and take, so a job
that finished while the window was dead becomes a take when its project is next opened.

Threading: coroutines on the caller's loop (qasync's, on the GUI thread, in the window);
blocking work (files, the reference image) through the task manager's executor.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.app.media import copy_media, place_file, same_folder, take_media_rel
from studio.app.providers import ProviderSet, build_providers, learn_abilities, profile_of
from studio.app.tasks import TaskManager
from studio.core.capabilities import CapabilityTable
from studio.core.freshness import made_from
from studio.core.model import Project, Shot, Take, TakeRelation, TakeStatus
from studio.core.prompts.compose import ComposedPrompt, PromptError, compose_film, compose_shot
from studio.core.validation import Problem, Severity, errors, sunset_problem, validate_project
from studio.services.jobs import JobEvent, JobRequest, JobRunner, RunnerConfig
from studio.services.ledger import LEDGER_NAME, JobKind, JobRecord, JobState, Ledger
from studio.services.probe import CAPS_NAME, CapsStore
from studio.storage.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from studio.localserver.faults import FaultConfig
    from studio.localserver.server import LocalProvider

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


class Mode(StrEnum):
    SHOTS = "shots"  # one clip per shot
    FILM = "film"  # the whole storyboard as one clip (a one-take film take)


@dataclass(frozen=True)
class GenerationConfig:
    """Where the service keeps its state; tests point everything at ``tmp_path``."""

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


@dataclass(frozen=True)
class PlanItem:
    shot_id: str | None  # None: the one-take film
    prompt: ComposedPrompt
    label: str  # "3. Sunrise", for the jobs list and for jobs whose project is gone


@dataclass(frozen=True)
class Plan:
    """What a gesture would send, or why it must not: nothing is sent with ``problems``."""

    items: tuple[PlanItem, ...] = ()
    provider: str = ""  # the profile that runs it
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    ways_on: tuple[str, ...] = ()  # for a refused film: "per_shot", "extend"

    @property
    def ok(self) -> bool:
        return bool(self.items) and not self.problems


def problem(code: str, message: str, **params: object) -> Problem:
    """A problem of the application layer (same shape as core's validation problems)."""
    return Problem("generation", message, Severity.ERROR, code=code, params=params)


def _missing_references(project: Project, mode: Mode, wanted: set[str],
                        model: str) -> list[Problem]:
    """A model that only animates an image (Runway Gen-4 Turbo) refuses a shot without one:
    the film needs its own reference, each shot its own (what the request would carry)."""
    if mode is Mode.FILM:
        if project.reference is not None:
            return []
        return [Problem("reference", f"{model} needs a reference image for the film",
                        Severity.ERROR, code="reference_required",
                        params={"model": model})]
    return [Problem("reference", f"{model} needs a reference image", Severity.ERROR,
                    shot_index=i, shot_id=s.id, code="reference_required",
                    params={"model": model})
            for i, s in enumerate(project.shots) if s.id in wanted and s.reference is None]


def shot_label(project: Project, shot_id: str | None) -> str:
    if shot_id is None:
        return "One-take film"
    for i, s in enumerate(project.shots):
        if s.id == shot_id:
            return f"{i + 1}. {s.title}" if s.title else f"Shot {i + 1}"
    return "(deleted shot)"


@dataclass
class _Known:
    """What the service remembers of a job it has seen."""

    provider: str
    take: str | None = None


class GenerationService:
    """Plans, submits and follows generations; see the module docstring."""

    def __init__(self, table: CapabilityTable, tasks: TaskManager,
                 config: GenerationConfig | None = None) -> None:
        self.table = table
        self.tasks = tasks
        self.config = config or GenerationConfig()
        self.root = self.config.root()
        self.ledger: Ledger | None = None
        self.runner: JobRunner | None = None
        self.local: LocalProvider | None = None
        self.providers: ProviderSet | None = None
        self.settings = Settings()
        self.store: SettingsStore | None = None
        #: The newest event of every job seen this session.
        self.latest: dict[str, JobEvent] = {}
        self._known: dict[str, _Known] = {}
        self._listeners: list[Callable[[JobEvent], None]] = []
        #: What each profile can do (list, honour the key), shared with ``render``.
        self.caps_store = CapsStore(self.root / CAPS_NAME)
        self._probing: dict[str, asyncio.Lock] = {}

    # -- lifecycle -----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.runner is not None

    async def start(self, settings: Settings, store: SettingsStore) -> None:
        """Open the ledger, start the local provider and the runner, resume old jobs."""
        from studio.localserver.server import LocalProvider

        cfg = self.config
        self.settings, self.store = settings, store
        self.ledger = await Ledger(cfg.ledger_path or self.root / LEDGER_NAME).open()
        self.local = LocalProvider(self.root / "local-provider", faults=cfg.local_faults,
                                   executor=cfg.local_executor, table=self.table)
        url = await self.local.start("127.0.0.1", 0)
        self.providers = await build_providers(settings, store, url, self.tasks,
                                               self.caps_store, self.table)
        self.runner = JobRunner(self.ledger, self.providers.providers, self.root / "media",
                                table=self.table, config=cfg.runner)
        self.runner.subscribe(self._on_event)
        for row in await self.ledger.unfinished():
            self._known[row.id] = _Known(row.provider, row.take)
        await self.runner.resume()

    async def close(self) -> None:
        """Stop driving jobs (they stay resumable in the ledger) and stop the services."""
        if self.runner is not None:
            await self.runner.close()
        if self.local is not None:
            await self.local.stop()
        if self.ledger is not None:
            await self.ledger.close()
        self.runner = self.local = self.ledger = None

    async def reload(self, settings: Settings) -> None:
        """Apply edited provider profiles now: no restart needed."""
        self.settings = settings
        if self.runner is None or self.local is None or self.store is None:
            return
        self.providers = await build_providers(settings, self.store, self.local.base_url,
                                               self.tasks, self.caps_store, self.table)
        self.runner.set_providers(self.providers.providers)

    def subscribe(self, callback: Callable[[JobEvent], None]) -> None:
        """``callback(event)`` for every job event, on the loop's thread."""
        self._listeners.append(callback)

    # -- which provider --------------------------------------------------------------
    def resolve(self, project: Project) -> tuple[str | None, Problem | None]:
        """The profile that runs ``project``'s jobs, or why there is none."""
        profile = profile_of(project.look, self.settings)
        if profile is None:
            return None, problem("provider_unknown",
                                 f"no provider profile named {project.look.provider!r}",
                                 provider=project.look.provider)
        if profile.models and project.look.model not in profile.models:
            caps = self.table.get(project.look.model)
            return None, problem(
                "model_not_served", f"{profile.name} does not serve {project.look.model}",
                provider=profile.name, model=caps.label if caps else project.look.model)
        if self.providers is not None and not profile.local and \
                profile.name not in {p.key for p in self.providers.providers}:
            return None, problem("provider_unusable",
                                 f"{profile.name}: {self.providers.key_problems.get(profile.name)}",
                                 provider=profile.name)
        name = self.providers.local_name if profile.local and self.providers else profile.name
        return name, None

    async def learn(self, provider: str) -> None:
        """Learn what ``provider`` can do before anything is sent there: probed once per
        endpoint and key (a GET, never billed), remembered in the caps store, probed again
        after its profile's URL or key changed. Without it, an unclear create on a gateway
        would be treated as reconcilable (listing unknown) until a list failed."""
        if self.providers is None:
            return
        lock = self._probing.setdefault(provider, asyncio.Lock())
        async with lock:  # two gestures in a row probe once
            caps = await learn_abilities(self.providers, provider, self.caps_store)
        if caps is not None:
            log.info("provider %s: list %s, key %s", provider, caps.can_list, caps.honours_key)

    def provider_of(self, job_id: str) -> str | None:
        known = self._known.get(job_id)
        return known.provider if known is not None else None

    # -- planning --------------------------------------------------------------------
    def plan(self, project: Project, shot_ids: Sequence[str], mode: Mode, *,
             today: dt.date | None = None) -> Plan:
        """Check and compose a generation of ``shot_ids`` (or the film); sends nothing."""
        if not project.shots:
            return Plan(problems=(problem("no_shots", "the storyboard has no shots"),))
        if mode is Mode.SHOTS and not shot_ids:
            return Plan(problems=(problem("no_selection", "no shot is selected"),))
        provider, refused = self.resolve(project)
        found = validate_project(project, self.table, today=today)
        caps = self.table.get(project.look.model)
        wanted = set(shot_ids)
        ways: tuple[str, ...] = ()
        if mode is Mode.FILM:  # durations are beats inside one clip here
            found = [p for p in found if p.field not in ("duration", "shots")]
            total = project.total_seconds()
            if caps is not None and caps.clip_seconds_for(total) is None:
                ways = ("extend", "per_shot") if caps.supports("extend") else ("per_shot",)
                found.append(problem(
                    "film_too_long", f"the film is {total} s; {caps.label} makes clips of at "
                    f"most {max(caps.seconds)} s", total=total, longest=max(caps.seconds),
                    model=caps.label))
            wanted |= {s.id for s in project.shots}
        else:
            found = [p for p in found if p.field != "shots"]
            from studio.app.continuity import strategy_problems  # each shot's saved way

            found += strategy_problems(project, list(shot_ids), self.table)
        if caps is not None and caps.requires_reference:
            found += _missing_references(project, mode, wanted, caps.label)
        found = [p for p in found if p.shot_id is None or p.shot_id in wanted]
        if refused is not None:
            found.insert(0, refused)
        warnings = tuple(p for p in found if p.severity is Severity.WARNING)
        problems = tuple(errors(found))
        if problems:
            return Plan(problems=problems, warnings=warnings, ways_on=ways)
        try:
            if mode is Mode.FILM:
                items = (PlanItem(None, compose_film(project, self.table),
                                  shot_label(project, None)),)
            else:
                items = tuple(PlanItem(sid, compose_shot(project, project.shot(sid), self.table),
                                       shot_label(project, sid))
                              for sid in shot_ids)
        except PromptError as exc:
            return Plan(problems=(problem("prompt", str(exc), detail=str(exc)),),
                        warnings=warnings)
        assert provider is not None
        return Plan(items=items, provider=provider, warnings=warnings)

    def sunset_warning(self, project: Project, today: dt.date) -> Problem | None:
        caps = self.table.get(project.look.model)
        return sunset_problem(caps, today) if caps is not None else None

    # -- sending ---------------------------------------------------------------------
    async def submit(self, project: Project, plan: Plan,
                     anchor: Path) -> list[tuple[str | None, Take]]:
        """Send a checked plan: one ledger job and one new take per item.

        ``anchor`` is the project's file (or a stand-in in its scratch folder): reference
        images resolve against its folder. The takes are returned for the caller to add
        to the project (one undo step); their ids are already in the ledger rows.
        """
        if not plan.ok:
            raise ValueError("a plan with problems is never sent")
        assert self.runner is not None
        from studio.services.render import job_request

        takes = [Take() for _ in plan.items]

        def requests() -> list[JobRequest]:
            from studio.app.references import ReferenceChanged, check_on_disk

            shot_ids = [sid for item in plan.items for sid in item.prompt.shot_ids]
            changed = check_on_disk(project, anchor.parent, self.table, shot_ids)
            if changed:  # swapped or deleted since consent: core refuses, nothing is sent
                raise ReferenceChanged(changed)
            out = []
            for item, take in zip(plan.items, takes, strict=True):
                cp = item.prompt
                req = job_request(project, anchor, cp.text, cp.shot_ids, cp.seconds,
                                  plan.provider)
                out.append(replace(req, project=project.id, take=take.id, label=item.label))
            return out

        reqs = await self.tasks.blocking(requests)
        await self.learn(plan.provider)
        made: list[tuple[str | None, Take]] = []
        for item, take, req in zip(plan.items, takes, reqs, strict=True):
            job = await self.runner.submit(plan.provider, req)
            self._known[job.id] = _Known(plan.provider, take.id)
            made.append((item.shot_id, self._take(job, take.id, made_from(item.prompt, project))))
        return made

    async def derive(self, project: Project, shot_id: str | None, parent: Take,
                     relation: TakeRelation, prompt: str, seconds: int | None) -> Take:
        """Remix / edit / extend a finished take: a new job and its child take."""
        assert self.runner is not None and self.ledger is not None and parent.job_id
        src = await self.ledger.get(parent.job_id)
        if not src.video_id:
            raise LookupError("the provider no longer knows this take's video")
        take_id = Take().id
        secs = seconds if relation is TakeRelation.EXTEND and seconds else src.seconds
        req = JobRequest(prompt=prompt, model=src.model, size=src.size, seconds=secs,
                         kind=JobKind(relation.value), source_video_id=src.video_id,
                         # an extension may continue another shot's take (continuity):
                         # the ledger names the shot the new take belongs to
                         project=project.id, shot=shot_id or src.shot, take=take_id,
                         label=f"{shot_label(project, shot_id)} ({relation.value})")
        await self.learn(src.provider)
        job = await self.runner.submit(src.provider, req)
        self._known[job.id] = _Known(src.provider, take_id)
        params = {"prompt": prompt, "size": src.size, "seconds": secs}
        return self._take(job, take_id, params, parent_take=parent.id, relation=relation)

    async def retry(self, old: Take) -> Take:
        """A new attempt of a failed or cancelled take: a new job, a linked take.

        When the provider still holds the video the failed job paid for (only our copy
        failed), the same job fetches it again and ``old`` itself is returned.
        """
        assert self.runner is not None and old.job_id
        await self.learn(old.provider)
        job = await self.runner.retry(old.job_id)
        if job.id == old.job_id:
            return old
        take_id = Take().id
        await self.ledger_set_take(job.id, take_id)
        self._known[job.id] = _Known(job.provider, take_id)
        return self._take(job, take_id, dict(old.params), parent_take=old.id,
                          relation=old.relation)

    async def ledger_set_take(self, job_id: str, take_id: str) -> None:
        assert self.ledger is not None
        await self.ledger.update(job_id, take=take_id)

    async def cancel(self, job_id: str) -> None:
        if self.runner is not None:
            await self.runner.cancel(job_id)

    # -- unclear jobs: the user decides ---------------------------------------------------
    # A job whose event has ``error_category == "unclear"`` may have been created (and
    # billed) by a provider that can neither list nor recognise a re-send; it waits here.
    async def adopt_video(self, job_id: str, video_id: str) -> None:
        """Settle an unclear job with the provider's video id the user gives; follow it.

        Raises ProviderError when the provider does not know the id, ValueError when the
        job is not unclear or another job holds that video.
        """
        assert self.runner is not None
        await self.runner.adopt(job_id, video_id)

    async def send_again(self, job_id: str) -> None:
        """Re-send an unclear job because the user accepts it may be billed twice."""
        assert self.runner is not None
        await self.runner.send_again(job_id)

    def _take(self, job: JobRecord, take_id: str, params: dict[str, Any],
              **links: Any) -> Take:
        return Take(id=take_id, job_id=job.id, provider=job.provider, model=job.model,
                    params=params, status=TAKE_STATUS[job.state],
                    cost_quoted=job.cost_quoted or 0.0, created_at=time.time(), **links)

    # -- following jobs ----------------------------------------------------------------
    def _on_event(self, ev: JobEvent) -> None:
        self.latest[ev.job_id] = ev
        for listener in list(self._listeners):
            listener(ev)

    @staticmethod
    def take_status(ev: JobEvent) -> TakeStatus:
        return TAKE_STATUS[ev.state]

    async def event_of(self, job_id: str) -> JobEvent | None:
        """The ledger's word on a job this session has not heard of (closed project)."""
        if job_id in self.latest:
            return self.latest[job_id]
        if self.ledger is None or self.runner is None:
            return None
        try:
            row = await self.ledger.get(job_id)
        except KeyError:
            return None
        self._known.setdefault(row.id, _Known(row.provider, row.take))
        return self.runner.event_for(row)

    async def place(self, job_id: str, take_id: str, media_root: Path) -> tuple[str, float]:
        """Link (or copy) the finished job's clip to ``<media_root>/media/<take>.mp4``.

        Returns the relative media path and what the job cost.
        """
        assert self.ledger is not None
        row = await self.ledger.get(job_id)
        if not row.media_path:
            raise FileNotFoundError(f"job {job_id} has no clip")
        rel = take_media_rel(take_id)
        await self.tasks.blocking(place_file, Path(row.media_path), media_root / rel)
        from studio.app.export import remember_loudness

        await self.tasks.blocking(remember_loudness, media_root / rel)  # exports decode none
        return rel, row.cost_spent or 0.0

    async def carry_media(self, rel: str, old_root: Path, new_root: Path) -> None:
        """A clip placed in a folder the project has since left: copy it to the new one."""
        if not same_folder(old_root, new_root):
            await self.tasks.blocking(copy_media, [rel], old_root, new_root)

    # -- crash recovery ------------------------------------------------------------------
    async def recoverable(self, project: Project) -> list[tuple[str | None, Take]]:
        """Jobs of ``project`` whose takes it does not hold (the window died after sending).

        Each comes back as a take for its shot (None: the film), to be added to the
        project; a job whose shot is gone is left to :meth:`orphans`.
        """
        if self.ledger is None:
            return []
        have = {t.id for s in project.shots for t in s.takes}
        have |= {t.id for t in project.film_takes}
        shots = {s.id: s for s in project.shots}
        out: list[tuple[str | None, Take]] = []
        for row in await self.ledger.for_project(project.id):
            if not row.take or row.take in have:
                continue
            shot_id = _shot_of(row, shots)
            if shot_id is False:
                continue
            self._known.setdefault(row.id, _Known(row.provider, row.take))
            params: dict[str, Any] = {"prompt": row.prompt, "size": row.size,
                                      "seconds": row.seconds}
            out.append((shot_id, self._take(row, row.take, params)))
            have.add(row.take)
        return out

    async def history(self, limit: int = 200) -> list[tuple[JobRecord, JobEvent]]:
        """The newest jobs of every project, with their last state, newest first.

        Jobs whose project is gone stay reachable here (their ``label`` names the shot),
        and a finished one's clip can be saved as a file (:meth:`save_clip`).
        """
        if self.ledger is None or self.runner is None:
            return []
        rows = await self.ledger.recent(limit)
        for row in rows:
            self._known.setdefault(row.id, _Known(row.provider, row.take))
        return [(row, self.latest.get(row.id) or self.runner.event_for(row)) for row in rows]

    async def preview(self, job_id: str, variant: str) -> Path:
        """A finished job's ``thumbnail`` or ``spritesheet``: the provider's when it serves
        them as images, else made here from the downloaded clip (a gateway that drops
        ``?variant=`` answers the MP4); what was learned is remembered per profile."""
        assert self.runner is not None
        from studio.services.previews import preview

        return await preview(self.runner, job_id, variant)

    async def save_clip(self, job_id: str, dest: Path) -> None:
        """Copy a finished job's clip to ``dest`` (a path the user chose)."""
        assert self.ledger is not None
        row = await self.ledger.get(job_id)
        if row.state is not JobState.DONE or not row.media_path:
            raise FileNotFoundError(f"job {job_id} has no finished clip")
        await self.tasks.blocking(_copy_file, Path(row.media_path), Path(dest))


def _copy_file(src: Path, dest: Path) -> None:
    """Copy through a temporary sibling, so ``dest`` is never half written."""
    import shutil

    tmp = dest.with_name(f".{dest.name}.part")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _shot_of(row: JobRecord, shots: dict[str, Shot]) -> str | bool | None:
    """The shot id a job fills, None for the film, False when its shot is gone."""
    ids = [s for s in (row.shot or "").split(",") if s]
    if len(ids) == 1:
        return ids[0] if ids[0] in shots else False
    return None if ids else False

