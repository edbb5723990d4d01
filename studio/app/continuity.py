"""Continuity between shots: carry the previous shot's ending into this one.

Two ways, both per shot and both the user's gesture:

* **From the last frame**: the frame the previous shot's take ends on in the cut (its out
  point, else the file's end) becomes this shot's reference image. It goes through the
  ordinary reference flow (``app.references``: fitted to the project's size, consent
  asked, stored by hash): it is the user's own generated frame, but the consent record is
  what says which bytes were affirmed, so the dialog still shows.
* **Extend the previous take**: where the capability table offers ``extend``, the
  provider continues the previous take's video (``/videos/extensions``) with this shot's
  prompt. The result is the stitched whole, so this shot's cut starts where the
  previous take ended (:attr:`Extension.trim_in`).

Refusals are :class:`~studio.core.validation.Problem` codes; the window words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.capabilities import CapabilityTable
from studio.core.cut import pick_take, shot_clip
from studio.core.model import Project, Shot, Take, TakeRelation
from studio.core.validation import Problem, Severity

if TYPE_CHECKING:
    from studio.app.generation import GenerationService


class ContinuityRefused(Exception):
    """This shot cannot continue from the previous one; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Previous:
    """The previous shot, the take it plays in the cut, and where that take ends in it."""

    shot: Shot
    take: Take
    t_out: float  # seconds into the take where the cut leaves it


@dataclass(frozen=True)
class Extension:
    """What an extension of the previous take sends, and where this shot's cut starts."""

    parent: Take
    prompt: str
    seconds: int  # what the extension adds: this shot's duration
    trim_in: float  # the stitched result replays the previous take first


def _refuse(project: Project, shot_id: str, code: str, message: str,
            **params: object) -> ContinuityRefused:
    index = next((i for i, s in enumerate(project.shots) if s.id == shot_id), None)
    return ContinuityRefused(Problem("continuity", message, Severity.ERROR, shot_index=index,
                                     shot_id=shot_id, code=code, params=params))


def previous(project: Project, shot_id: str) -> Previous:
    """The shot before ``shot_id`` and its take in the cut (chosen, else latest finished)."""
    index = next((i for i, s in enumerate(project.shots) if s.id == shot_id), None)
    if index is None:
        raise KeyError(shot_id)
    if index == 0:
        raise _refuse(project, shot_id, "continuity_first_shot",
                      "the first shot has no previous shot to continue from")
    before = project.shots[index - 1]
    take = pick_take(before, fallback_latest=True)
    if take is None:
        raise _refuse(project, shot_id, "continuity_no_previous_take",
                      f"shot {index} has no finished take to continue from", shot=index)
    return Previous(before, take, shot_clip(before, take).source_out)


def last_frame(project: Project, shot_id: str, media_root: Path) -> bytes:
    """The previous take's last frame in the cut, as image bytes (blocking).

    Give the bytes to the reference flow (``references.prepare`` then consent), never
    straight to the shot: the upload is fitted and consented like any other image.
    """
    from studio.media.probe import MediaError
    from studio.media.stills import frame_png
    from studio.storage.project_file import resolve_media_path

    prev = previous(project, shot_id)
    index = project.shots.index(prev.shot) + 1
    try:
        path = resolve_media_path(media_root, prev.take.media or "")
        if not path.is_file():
            raise FileNotFoundError(path)
        return frame_png(path, max(0.0, prev.t_out - 0.01))
    except (OSError, ValueError, MediaError) as exc:
        raise _refuse(project, shot_id, "continuity_previous_unreadable",
                      f"shot {index}'s take cannot be read ({exc})", shot=index) from exc


def extension(project: Project, shot_id: str, table: CapabilityTable) -> Extension:
    """Check and compose an extension of the previous take by this shot (sends nothing)."""
    from studio.app.characters import extension_problem
    from studio.core.prompts.compose import compose_shot

    prev = previous(project, shot_id)
    index = project.shots.index(prev.shot) + 1
    caps = table.get(prev.take.model or project.look.model)
    if caps is None or not caps.supports("extend"):
        raise _refuse(project, shot_id, "continuity_extend_unsupported",
                      f"{caps.label if caps else prev.take.model} cannot extend a video",
                      model=caps.label if caps else prev.take.model)
    if not prev.take.job_id:
        raise _refuse(project, shot_id, "continuity_previous_not_ours",
                      f"shot {index}'s take was not generated here; it cannot be extended",
                      shot=index)
    done = _extensions(prev.shot, prev.take)
    if done >= caps.max_extensions:
        raise _refuse(project, shot_id, "continuity_extend_limit",
                      f"shot {index}'s take has been extended {done} times, the most "
                      f"{caps.label} allows", shot=index, limit=caps.max_extensions,
                      model=caps.label)
    shot = project.shot(shot_id)
    length = shot_clip(prev.shot, prev.take).source_out
    full = _take_length(prev.take, length)
    if full + shot.duration > caps.max_total_seconds:
        raise _refuse(project, shot_id, "continuity_extend_too_long",
                      f"the extended video would last {full + shot.duration:g} s; "
                      f"{caps.label} makes at most {caps.max_total_seconds} s",
                      total=full + shot.duration, longest=caps.max_total_seconds,
                      model=caps.label)
    prompt = compose_shot(project, shot, table).text
    refused = extension_problem(project, prompt, shot_id)
    if refused is not None:
        raise ContinuityRefused(refused)
    return Extension(prev.take, prompt, shot.duration, full)


def _take_length(take: Take, default: float) -> float:
    secs = take.params.get("seconds")
    try:
        return float(secs) if secs is not None and not isinstance(secs, bool) else default
    except (TypeError, ValueError):
        return default


def _extensions(shot: Shot, take: Take) -> int:
    """How many extensions made ``take`` (its chain of extend parents within the shot)."""
    by_id = {t.id: t for t in shot.takes}
    n, cur = 0, take
    while cur.relation is TakeRelation.EXTEND and cur.parent_take in by_id and n < 100:
        n += 1
        cur = by_id[cur.parent_take]
    return n


async def extend_previous(service: GenerationService, project: Project,
                          shot_id: str) -> tuple[Take, float]:
    """Send the extension; the new take for ``shot_id`` and the shot's new in point.

    The caller adds the take to the shot and sets ``trim_in`` in one undo step.
    """
    ext = extension(project, shot_id, service.table)
    take = await service.derive(project, shot_id, ext.parent, TakeRelation.EXTEND, ext.prompt,
                                ext.seconds)
    return take, ext.trim_in
