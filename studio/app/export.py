"""Export, without widgets: what the Export dialog and ``sora-studio export`` both run.

Why here: the film, the per-shot clips, the contact sheet, the subtitles, the prompts and
the bundle all start from the same cut (``core.cut``) and the same checks (every shot has
a finished take, every file reads). Problems come back as codes with parameters
(:class:`ExportFailed`), the window and the command line make their own sentences.

All files of one export are written or none: a failure or a cancel removes what this run
had already written (each file itself appears only complete, by rename). Blocking work
runs in the executor; progress reaches the caller on the loop's thread.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.cut import Cut, build_cut
from studio.core.model import Project

if TYPE_CHECKING:  # PyAV and OpenCV load when an export runs, not when the window starts
    from studio.media.export import ExportClip
    from studio.media.loudness import LoudnessStore

Progress = Callable[[float, str], None]  # (fraction 0..1, stage code)
STAGES = ("check", "film", "shots", "sheet", "subtitles", "prompts", "bundle")


class ExportFailed(Exception):
    """Codes: ``nothing_to_export``, ``missing_take`` (shot, title), ``take_unreadable``
    (shot, title, detail), ``cancelled``, ``write_failed`` (path, detail); for a bundle's
    import, ``bundle_refused`` (name, detail)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ExportRequest:
    output: Path  # the film's path; the extras go beside it, named after it
    crossfade: float = 0.0
    preset: str = "source"
    ai_note: bool = True
    even_loudness: bool = True
    shot_clips: bool = False
    contact_sheet: bool = False
    subtitles: bool = False
    prompts: bool = False
    bundle: bool = False


@dataclass
class ExportOutcome:
    files: list[Path] = field(default_factory=list)
    mode: str = ""  # the film's: "copy", "joins" (only the joins re-encoded) or "reencode"
    seconds: float = 0.0


def extra_paths(output: Path) -> dict[str, Path]:
    """Where each extra goes: beside the film, named after it."""
    stem, parent = output.stem, output.parent
    return {
        "shots": parent / f"{stem}-shots",
        "sheet": parent / f"{stem}-contact-sheet.png",
        "subtitles": parent / f"{stem}.srt",
        "prompts": parent / f"{stem}-prompts.txt",
        "bundle": parent / f"{stem}-project.zip",
    }


def _shot_label(project: Project, shot_id: str) -> tuple[int, str]:
    for i, shot in enumerate(project.shots):
        if shot.id == shot_id:
            return i + 1, shot.title
    return 0, ""


def _resolve(media: str, root: Path) -> Path:
    path = Path(media)
    return path if path.is_absolute() else root / path


def plan_clips(project: Project, media_root: Path, cut: Cut | None = None,
               loudness: LoudnessStore | None = None) -> list[ExportClip]:
    """The cut as export clips; ExportFailed('missing_take') names the first gap.

    With ``loudness``, each clip carries its take's kept loudness (measured now and kept
    when it has none), so evening the film decodes no sound. A shot saved to continue the
    one before (``Shot.continuity``) is cut to, never dissolved into: its first frame is
    meant to match the previous one's last.
    """
    from studio.media.export import ExportClip

    cut = cut or build_cut(project)
    if cut.missing:
        n, title = _shot_label(project, cut.missing[0])
        raise ExportFailed("missing_take", shot=n, title=title, count=len(cut.missing))
    if not cut.clips:
        raise ExportFailed("nothing_to_export")
    from studio.core.model import Continuity

    ways = {s.id: s.continuity for s in project.shots}
    clips = []
    for clip in cut.clips:
        n, title = _shot_label(project, clip.shot_id)
        label = f"{n}. {title}" if title else str(n)
        path = _resolve(clip.media, media_root)
        if not path.is_file():
            raise ExportFailed("take_unreadable", shot=n, title=title, detail="missing")
        level = loudness.remember(path) if loudness is not None else None
        clips.append(ExportClip(path, label, clip.source_in,
                                clip.source_out if clip.trimmed else None, level,
                                dissolve=ways.get(clip.shot_id, Continuity.CUT)
                                is Continuity.CUT))
    return clips


def import_bundle(bundle: Path, parent: Path) -> Path:
    """Unpack a project bundle into a new folder in ``parent`` named after it (``film``,
    else ``film 2``, ...); returns the project file's path (blocks).

    The archive is treated as hostile (``storage.bundle``): an entry that would leave the
    folder, a link, a bomb or a broken project refuses the whole bundle, and then no
    folder is left behind. ExportFailed('bundle_refused') says why.
    """
    from studio.storage.bundle import BundleError, read_bundle

    bundle, parent = Path(bundle), Path(parent)
    stem = _safe_name(bundle.stem) if bundle.stem else "project"
    folder = parent / stem
    n = 2
    while folder.exists():
        folder, n = parent / f"{stem} {n}", n + 1
    try:
        return read_bundle(bundle, folder)
    except BundleError as exc:
        raise ExportFailed("bundle_refused", name=bundle.name, detail=str(exc)) from exc
    except OSError as exc:
        raise ExportFailed("write_failed", path=str(exc.filename or folder),
                           detail=exc.strerror or str(exc)) from exc


def remember_loudness(path: Path) -> None:
    """Measure a newly placed take's loudness and keep it in the user's cache (blocks),
    so no export decodes its sound to even the film; a take that does not read is left
    for the export to report."""
    from studio.media.loudness import LoudnessStore

    LoudnessStore().remember(path)


def _safe_name(text: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")
    return name[:60] or "shot"


class Exporter:
    """One export run; :meth:`cancel` may be called from any thread (the dialog's button)."""

    def __init__(self, project: Project, media_root: Path, request: ExportRequest,
                 progress: Progress | None = None, *,
                 loudness: LoudnessStore | None = None) -> None:
        self.project = project.model_copy(deep=True)  # the window may edit on meanwhile
        self.media_root = Path(media_root)
        self.request = request
        self.loudness = loudness  # None: the user's cache (media.loudness)
        self._progress = progress
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    async def run(self) -> ExportOutcome:
        """Export in the executor; progress is delivered on this loop's thread."""
        loop = asyncio.get_running_loop()
        report = self._progress

        def progress(fraction: float, stage: str) -> None:
            if report is not None:
                loop.call_soon_threadsafe(report, fraction, stage)

        try:
            return await loop.run_in_executor(None, self.run_blocking, progress)
        except asyncio.CancelledError:
            self._stop.set()  # the worker stops at its next frame and removes its files
            raise

    def run_blocking(self, progress: Progress | None = None) -> ExportOutcome:
        from studio.media.export import ExportCancelled, ExportError

        report = progress or (lambda _f, _s: None)
        written: list[Path] = []
        try:
            return self._run(report, written)
        except ExportCancelled as exc:
            _remove(written)
            raise ExportFailed("cancelled") from exc
        except ExportError as exc:
            _remove(written)
            n, _, title = (exc.label or "").partition(". ")
            raise ExportFailed("take_unreadable", shot=int(n) if n.isdigit() else 0,
                               title=title, detail=str(exc)) from exc
        except OSError as exc:
            _remove(written)
            raise ExportFailed("write_failed", path=str(exc.filename or self.request.output),
                               detail=exc.strerror or str(exc)) from exc
        except BaseException:
            _remove(written)
            raise

    def _run(self, report: Progress, written: list[Path]) -> ExportOutcome:
        from studio.media.export import PRESETS, ExportOptions, export_film

        req = self.request
        report(0.0, "check")
        cut = build_cut(self.project)
        store = None
        if req.even_loudness:
            from studio.media.loudness import LoudnessStore

            store = self.loudness or LoudnessStore()
        clips = plan_clips(self.project, self.media_root, cut, store)
        if req.preset not in PRESETS:
            raise ValueError(f"unknown preset {req.preset!r}")
        w, h, fps = PRESETS[req.preset]
        options = ExportOptions(crossfade=max(0.0, req.crossfade), width=w, height=h, fps=fps,
                                even_loudness=req.even_loudness,
                                note=None if not req.ai_note else ExportOptions().note)
        extras = [req.shot_clips, req.contact_sheet, req.subtitles, req.prompts, req.bundle]
        film_share = 0.9 if any(extras) else 1.0

        def film_progress(f: float) -> None:
            report(f * film_share, "film")

        out = Path(req.output)
        result = export_film(clips, out, options, progress=film_progress, cancel=self._stop)
        written.append(out)
        outcome = ExportOutcome([out], result.mode, result.seconds)
        paths = extra_paths(out)
        if req.shot_clips:
            self._check()
            report(film_share, "shots")
            folder = paths["shots"]
            if not folder.exists():
                folder.mkdir()
                written.append(folder)
            single = ExportOptions(width=w, height=h, fps=fps, even_loudness=False,
                                   note=options.note)
            for i, clip in enumerate(clips, start=1):
                target = folder / f"{i:02d}-{_safe_name(clip.label.partition('. ')[2])}.mp4"
                export_film([clip], target, single, cancel=self._stop)
                written.append(target)
                outcome.files.append(target)
        if req.contact_sheet:
            self._check()
            report(film_share + 0.02, "sheet")
            from studio.media.contact_sheet import SheetRow, contact_sheet

            rows = [SheetRow(c.label, c.path, c.source_in, c.source_in + cc.duration
                             if c.source_out is None else c.source_out)
                    for c, cc in zip(clips, cut.clips, strict=True)]
            written.append(paths["sheet"])
            outcome.files.append(contact_sheet(rows, paths["sheet"]))
        if req.subtitles:
            self._check()
            report(film_share + 0.04, "subtitles")
            from studio.core.subtitles import cut_srt

            fades = [options.crossfade if c.dissolve else 0.0 for c in clips[1:]]
            written.append(paths["subtitles"])
            _write_text(paths["subtitles"], cut_srt(_measured(cut, clips), fades))
            outcome.files.append(paths["subtitles"])
        if req.prompts:
            self._check()
            report(film_share + 0.06, "prompts")
            written.append(paths["prompts"])
            _write_text(paths["prompts"], composed_prompts(self.project))
            outcome.files.append(paths["prompts"])
        if req.bundle:
            self._check()
            report(film_share + 0.08, "bundle")
            from studio.app.media import media_paths
            from studio.storage.bundle import write_bundle

            written.append(paths["bundle"])
            write_bundle(self.project, self.media_root, paths["bundle"],
                         list(media_paths(self.project)))
            outcome.files.append(paths["bundle"])
        self._check()
        report(1.0, "done")
        return outcome

    def _check(self) -> None:
        from studio.media.export import ExportCancelled

        if self._stop.is_set():
            raise ExportCancelled()


def _measured(cut: Cut, clips: list[ExportClip]) -> Cut:
    """The cut with each untrimmed clip's out point at its file's real length."""
    from dataclasses import replace

    from studio.media.probe import probe

    fixed = []
    for c, e in zip(cut.clips, clips, strict=True):
        if e.source_out is None:
            length = probe(e.path).duration
            scale = (length - c.source_in) / c.duration if c.duration else 1.0
            beats = tuple(replace(b, start=b.start * scale, end=b.end * scale) for b in c.beats)
            c = replace(c, source_out=length, beats=beats)
        fixed.append(c)
    return replace(cut, clips=tuple(fixed))


def composed_prompts(project: Project) -> str:
    """Every prompt the project sends, as one text file (what was asked of the model)."""
    from studio.core.prompts.compose import compose
    from studio.storage.bundled import capability_table

    prompts = compose(project, capability_table())
    return "\n\n".join(p.text.strip() for p in prompts) + "\n"


def _write_text(path: Path, text: str) -> None:
    from studio.storage.atomic import atomic_write_bytes

    atomic_write_bytes(path, text.encode("utf-8"))


def _remove(paths: list[Path]) -> None:
    import shutil

    for path in reversed(paths):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
