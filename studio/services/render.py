"""Headless render: project → composed prompts → generation jobs → one joined MP4.

Why jobs are keyed by (project path, shots, prompt, look, provider): a render that is
interrupted (Ctrl-C, a crash, SIGKILL) and started again finds its own ledger rows and
resumes them instead of paying for new generations. A job that failed or was cancelled is
retried as a new, linked job on the next run.

The embedded local provider keeps its data beside the ledger (``local-provider/``), not in
a temp dir, so that a resumed render still finds the jobs it had started there.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from studio.core.capabilities import CapabilityTable
from studio.core.cut import frame_outdated
from studio.core.model import Continuity, Project, Strategy, parse_size
from studio.services.client import GenerationClient
from studio.services.errors import Category, local_storage_failure
from studio.services.jobs import JobEvent, JobRequest, JobRunner, Provider, RunnerConfig
from studio.services.ledger import JobRecord, JobState, Ledger, default_ledger_path

LOCAL = "local"


class RenderError(Exception):
    """The render cannot finish; the message is one plain sentence (or one per shot)."""


@dataclass(frozen=True)
class RenderOptions:
    project: Path
    output: Path
    provider: str = LOCAL  # "local", a provider profile name, or a base URL
    base_url: str | None = None  # a running server; overrides the profile
    api_key_env: str | None = None
    strategy: Strategy | None = None
    ledger: Path | None = None
    concurrency: int | None = None
    probe_model: str | None = None  # a model that costs nothing there: the key is probed
    regenerate: tuple[str, ...] = ()  # shot ids or numbers to send again despite a take
    yes: bool = False  # agree to the quote on a provider that charges
    retry_failed: bool = False  # send again shots the provider refused (moderation, invalid)


@dataclass(frozen=True)
class _Endpoint:
    key: str
    base_url: str
    api_key: str | None
    concurrency: int


async def render(opts: RenderOptions, *, report: Callable[[str], None] | None = None,
                 config: RunnerConfig | None = None) -> Path:
    """Generate every clip of the project (resuming earlier runs) and join them into -o."""
    from studio.core.prompts.compose import compose
    from studio.storage.bundled import capability_table
    from studio.storage.project_file import load_project

    loop = asyncio.get_running_loop()
    started = time.time()
    project_path = Path(os.path.abspath(opts.project))
    project = await loop.run_in_executor(None, load_project, project_path)
    table = capability_table()
    prompts = compose(project, table, mode=opts.strategy)
    reused = await _reuse_or_quote(project, project_path, prompts, opts, table, report)
    if len(reused) == len(prompts):  # every clip exists: join them, send nothing
        from studio.services.render_reuse import join_clips

        clips = [reused[i] for i in range(len(prompts))]
        return await loop.run_in_executor(None, join_clips, clips, Path(opts.output))
    await loop.run_in_executor(None, check_plan, project, project_path, table)  # sends none
    ledger_path = opts.ledger or default_ledger_path()
    root = ledger_path.parent
    ledger = await Ledger(ledger_path).open()
    try:
        if ledger.recovered is not None:
            # The rows of earlier runs are gone: stop before anything is sent (and billed)
            # again, and let the user decide by running the command once more.
            raise RenderError(f"{ledger.recovered}; run the command again to render "
                              "with it (clips of earlier runs will be generated again)")
        async with _endpoint(opts, root) as ep:
            client = GenerationClient(ep.base_url, ep.api_key)
            prov = await _probed(Provider(ep.key, client, ep.concurrency), ep, root, table,
                                 opts.probe_model)
            runner = JobRunner(ledger, [prov], root / "media", table=table, config=config)
            board = _Board(report or _terminal_reporter())
            runner.subscribe(board.update)
            try:
                jobs = []
                for cp in (p for i, p in enumerate(prompts) if i not in reused):
                    request = await loop.run_in_executor(
                        None, job_request, project, project_path, cp.text, cp.shot_ids,
                        cp.seconds, ep.key)
                    jobs.append(await job_for(runner, ep.key, request,
                                              retry_refused=opts.retry_failed))
                finals = [await runner.wait(job.id) for job in jobs]
            finally:
                await runner.close()
            board.finish()
        storage = runner.storage_failure or next(
            (j for j in finals if j.error_category == Category.LOCAL_STORAGE.value), None)
        if storage is not None:  # one line for the cause every job shares
            text = str(storage) if isinstance(storage, Exception) else storage.error_message
            raise RenderError(f"local storage: {text}")
        failed = [j for j in finals if j.state != JobState.DONE]
        if failed:
            lines = [f"shot {', '.join(_shots(j))}: {j.error_message or j.state}"
                     + (_NOT_RESENT if j.error_category in _REFUSED  # from an earlier run
                        and j.finished_at is not None and j.finished_at < started else "")
                     for j in failed]
            raise RenderError("some clips could not be generated:\n  " + "\n  ".join(lines))
        from studio.media.concat import concat_videos

        out = Path(opts.output)
        made = iter(Path(j.media_path or "") for j in finals)
        clips = [reused[i] if i in reused else next(made) for i in range(len(prompts))]
        await loop.run_in_executor(None, _sweep_stale_temps, out)
        try:
            await loop.run_in_executor(None, concat_videos, clips, out)
        except OSError as exc:
            fail = local_storage_failure(exc)
            if fail is None:
                raise
            raise RenderError(f"local storage: cannot write {out}: {fail.text()}") from None
        return out
    finally:
        await ledger.close()


def check_plan(project: Project, project_path: Path, table: CapabilityTable) -> None:
    """Refuse, before the first request, a project ``validate`` would call wrong: every
    error, reference files included (present, a regular file, inside the project folder,
    the bytes consented to). Blocking."""
    import datetime as dt

    from studio.core.validation import errors
    from studio.storage.references import validate_with_files

    found = errors(validate_with_files(project, project_path.parent, table,
                                       today=dt.date.today()))
    if found:
        raise RenderError(f"{project_path.name} cannot be rendered; nothing was sent:\n  "
                          + "\n  ".join(str(p) for p in found))


async def _reuse_or_quote(project: Project, project_path: Path, prompts: list, opts: RenderOptions,
                          table: object, report: Callable[[str], None] | None) -> dict[int, Path]:
    """The clips a render reuses; on a charging provider, the quote (and ``--yes``) first."""
    from studio.services.render_reuse import UnknownShot, quote, reusable_clips

    try:
        reused = await asyncio.get_running_loop().run_in_executor(
            None, reusable_clips, project, project_path, prompts, opts.regenerate)
    except UnknownShot as exc:
        raise RenderError(f"--regenerate {exc}: no shot with that id or number") from None
    todo = [p for i, p in enumerate(prompts) if i not in reused]
    cost = quote(table, project, todo) if todo else 0.0  # type: ignore[arg-type]
    say = report or _terminal_reporter()
    say(f"render: clips reused {len(reused)}, to generate {len(todo)}"
        + (f", about ${cost:.2f}" if cost else ""))
    for note in continuity_notes(project, todo):
        say(note)
    if todo and (cost is None or cost > 0) and not opts.yes:
        price = "at a price the capability table does not know" if cost is None \
            else f"for about ${cost:.2f}"
        raise RenderError(f"this render sends {len(todo)} clip(s) to a provider that charges, "
                          f"{price}; run it again with --yes to go ahead")
    return reused


def continuity_notes(project: Project, todo: list) -> list[str]:
    """A line for each shot to generate whose saved continuity ``render`` does not follow.

    Why: the window sends an extending shot as an extension of the previous take and
    waits for a last-frame shot's reference; ``render`` sends every missing clip at once,
    each on its own, so the user learns before paying that the joins will be plain cuts.
    """
    notes = []
    number = {s.id: i for i, s in enumerate(project.shots, start=1)}
    for cp in todo:
        if len(cp.shot_ids) != 1 or number.get(cp.shot_ids[0], 1) == 1:
            continue  # a one-take film, or the first shot: nothing before it
        shot = project.shot(cp.shot_ids[0])
        n = number[shot.id]
        if shot.continuity is Continuity.EXTEND:
            notes.append(f"render: shot {n} is set to extend shot {n - 1}'s take; render "
                         "generates it as a clip of its own (extend it in the window)")
        elif shot.continuity is Continuity.LAST_FRAME and shot.reference is None:
            notes.append(f"render: shot {n} is set to start from shot {n - 1}'s last frame, "
                         "which is not its reference yet; render generates it without one "
                         "(use the last frame in the window)")
        elif shot.continuity is Continuity.LAST_FRAME and frame_outdated(project, shot):
            notes.append(f"render: shot {n}'s reference is a frame shot {n - 1}'s cut no "
                         "longer ends on; render sends it as it is (use the last frame "
                         "again in the window)")
    return notes


_REFUSED = (Category.MODERATION.value, Category.INVALID_INPUT.value)
_NOT_RESENT = " (refused on an earlier run and not sent again; change the shot, or pass " \
    "--retry-failed to send it as it is)"


async def job_for(runner: JobRunner, provider: str, request: JobRequest, *,
                  retry_refused: bool = False) -> JobRecord:
    """The job of this request key from an earlier run (reused or resumed), or a new one.

    A request the provider refused (moderation, invalid input) would be refused again:
    it is not re-sent unless ``retry_refused``; other failures are retried as new jobs.
    """
    assert request.request_key is not None
    old = await runner.ledger.latest_for_request(request.request_key)
    if old is not None and old.state == JobState.FAILED and old.error_category in _REFUSED \
            and not retry_refused:
        runner.notify(old)
        return old
    if old is not None and old.state == JobState.DONE and old.media_path and \
            await asyncio.get_running_loop().run_in_executor(None, os.path.exists, old.media_path):
        runner.notify(old)
        return old
    if old is not None and not old.state.finished:
        runner.notify(old)
        await runner.resume([old.id])
        return old
    return await runner.submit(provider, request, retry_of=old.id if old else None)


def job_request(project: Project, project_path: Path, text: str, shot_ids: tuple[str, ...],
                seconds: int, provider: str) -> JobRequest:
    """The job request of one composed prompt, with its stable request key (blocking).

    Shared by the CLI render and the studio window, so both send the same requests.
    """
    from studio.storage.bundled import capability_table
    from studio.storage.project_file import resolve_media_path

    look = project.look
    reference = None
    numbers = [i + 1 for i, s in enumerate(project.shots) if s.id in shot_ids]
    if len(shot_ids) == 1:
        label = f"{numbers[0] if numbers else '?'}. {project.shot(shot_ids[0]).title}"
    else:
        span = f"{numbers[0]}–{numbers[-1]}" if numbers else "?"
        label = f"{span}. {project.title}"
    caps = capability_table().get(look.model)  # the model takes characters, and how many
    limit = caps.max_characters if caps is not None and caps.supports("characters") else 0
    characters = provider_characters(project, shot_ids, provider)[:limit]
    if len(shot_ids) == 1:
        shot = project.shot(shot_ids[0])
        if shot.reference is not None and shot.reference.consent_id:
            reference = resolve_media_path(project_path.parent, shot.reference.path).read_bytes()
    elif project.reference is not None and project.reference.consent_id:  # the film's own
        reference = resolve_media_path(project_path.parent, project.reference.path).read_bytes()
    key_src = json.dumps([str(project_path), list(shot_ids), text, look.model, look.size,
                          seconds, provider, characters,
                          hashlib.sha256(reference).hexdigest() if reference else None])
    return JobRequest(prompt=text, model=look.model, size=look.size, seconds=seconds,
                      input_reference=reference, characters=tuple(characters),
                      project=str(project_path), shot=",".join(shot_ids), label=label,
                      request_key=hashlib.sha256(key_src.encode()).hexdigest())


def provider_characters(project: Project, shot_ids: tuple[str, ...], provider: str
                        ) -> list[str]:
    """The provider's character ids of every character these shots use, in prompt order.

    "Uses" is what the composed prompt names: the Characters field, then each ``@handle``
    written in the title or description (cameo: a mention puts the person in the video).
    A character withdrawn from consent, or without an id at this provider, sends none.
    """
    from studio.core.prompts.compose import used_characters

    out: list[str] = []
    for sid in shot_ids:
        for char in used_characters(project, project.shot(sid)):
            if char.revoked or provider not in char.provider_ids:
                continue
            if (cid := char.provider_ids[provider]) not in out:
                out.append(cid)
    return out


async def _probed(prov: Provider, ep: _Endpoint, root: Path, table: CapabilityTable,
                  probe_model: str | None) -> Provider:
    """The provider with its abilities: remembered for this endpoint and key, else probed.

    The list is probed here; the key is probed by the first job of ``probe_model`` (when
    it costs nothing there), whose create is sent twice with its own key.
    """
    from studio.services.probe import CAPS_NAME, CapsStore, remembered

    store = CapsStore(root / CAPS_NAME)
    prov.caps = await remembered(store, ep.key, prov.client, ep.api_key)
    prov.remember = lambda c: store.save(ep.key, c)
    if probe_model and (pm := table.get(probe_model)) is not None and pm.cost(
            pm.sizes[0], min(pm.seconds)) == 0:
        prov.free_models = frozenset({pm.id})
    return prov


def _sweep_stale_temps(out: Path) -> None:
    """Remove temp files of joins into ``out`` that a killed render left behind.

    ``concat_videos`` writes ``.<stem>.<random><suffix>.tmp`` beside the output and renames
    it; a SIGKILL between the two leaves the temp file (never a partial final file).
    """
    for stale in out.parent.glob(f".{out.stem}.*{out.suffix}.tmp"):
        stale.unlink(missing_ok=True)


def _shots(job: JobRecord) -> list[str]:
    return (job.shot or "?").split(",")


@contextlib.asynccontextmanager
async def _endpoint(opts: RenderOptions, root: Path) -> AsyncIterator[_Endpoint]:
    """The provider to talk to; the local one is started in-process for the render."""
    api_key = os.environ.get(opts.api_key_env) if opts.api_key_env else None
    if opts.api_key_env and not api_key:
        raise RenderError(f"the environment variable {opts.api_key_env} is not set")
    url = opts.base_url or (opts.provider if opts.provider.startswith(("http://", "https://"))
                            else None)
    if url:
        from studio.services.identity import provider_identity

        # one provider however its URL is spelled: a resume finds its earlier jobs
        yield _Endpoint(provider_identity(url), url, api_key, opts.concurrency or 2)
        return
    if opts.provider == LOCAL:
        from studio.localserver.server import LocalProvider

        server = LocalProvider(root / "local-provider")
        url = await server.start("127.0.0.1", 0)
        try:
            yield _Endpoint(LOCAL, url, server.api_key, opts.concurrency or 2)
        finally:
            await server.stop()
        return
    from studio.storage.settings import SettingsStore

    store = SettingsStore()
    settings = store.load()
    profile = settings.profile(opts.provider)
    if profile is None:
        raise RenderError(f"no provider profile named {opts.provider!r}; pass --base-url")
    if profile.local:
        async with _endpoint(RenderOptions(**{**opts.__dict__, "provider": LOCAL}), root) as ep:
            yield ep
        return
    key = api_key or store.get_key(settings, profile.name)
    yield _Endpoint(profile.name, profile.base_url, key, opts.concurrency or profile.concurrency)


class _Board:
    """The terminal progress: one compact summary line, redrawn in place on a tty."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._events: dict[str, JobEvent] = {}
        self._last = ""
        self._last_at = 0.0

    def update(self, event: JobEvent) -> None:
        self._events[event.job_id] = event
        line = self._line()
        now = time.monotonic()
        if line != self._last and (now - self._last_at > 0.25 or event.state.finished):
            self._last, self._last_at = line, now
            self._write(line)

    def finish(self) -> None:
        line = self._line()
        if line != self._last:
            self._write(line)

    def _line(self) -> str:
        evs = list(self._events.values())
        done = sum(e.state == JobState.DONE for e in evs)
        failed = sum(e.state in (JobState.FAILED, JobState.CANCELLED) for e in evs)
        running = [e for e in evs if not e.state.finished]
        parts = [f"{done}/{len(evs)} done"]
        if running:
            pct = ", ".join(f"{e.progress}%" for e in running[:6])
            eta = max((e.eta_seconds or 0) for e in running)
            parts.append(f"{len(running)} running ({pct}) ETA {int(eta) // 60}:{int(eta) % 60:02d}")
        if failed:
            parts.append(f"{failed} failed")
        waits = [e.retry_in for e in running if e.retry_in]
        if waits:
            parts.append(f"rate limited, retrying in {math.ceil(max(waits))} s")
        return "render: " + " · ".join(parts)


def _terminal_reporter() -> Callable[[str], None]:
    tty = sys.stderr.isatty()

    def write(line: str) -> None:
        if tty:
            sys.stderr.write("\r" + line + "\x1b[K")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    return write


def verify_film(path: Path, *, size: str | None, seconds: float | None) -> str:
    """Decode the whole film and check size, length and audio; returns a one-line summary."""
    from studio.media.probe import MediaError, verify_video

    w, h = parse_size(size) if size else (None, None)
    info = verify_video(path, width=w, height=h)
    if seconds is not None and abs(info.duration - seconds) > 0.5:
        raise MediaError(f"{path}: {info.duration:.2f} s long, expected {seconds} s")
    if not info.has_audio or not info.audio_duration:
        raise MediaError(f"{path}: no decodable audio track")
    return (f"{path}: ok, {info.duration:.2f} s, {info.width}x{info.height}, {info.frames} "
            f"frames, audio {info.audio_codec} {info.audio_duration:.2f} s")


def _main(argv: list[str] | None = None) -> int:
    """``python -m studio.services.render FILE [--size WxH] [--seconds N]``: check a film."""
    parser = argparse.ArgumentParser(prog="python -m studio.services.render")
    parser.add_argument("film")
    parser.add_argument("--size")
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args(argv)
    from studio.media.probe import MediaError

    try:
        print(verify_film(Path(args.film), size=args.size, seconds=args.seconds))
    except MediaError as exc:
        print(f"verify: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
