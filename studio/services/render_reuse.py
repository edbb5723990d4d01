"""What a render may reuse instead of paying again, and what the rest will cost.

Why: ``sora-studio render`` used to generate every shot again, replacing the remix the
user had chosen and charging for the whole film twice. A shot with a chosen take (else
its latest completed one) whose clip is on disk is joined as it is; only the shots
without one, or named with ``--regenerate``, are sent. On a provider that charges, the
quote of what will be sent is shown first and nothing is sent without ``--yes``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from studio.core.capabilities import CapabilityTable
from studio.core.cut import film_take, pick_take
from studio.core.model import Project, Take
from studio.core.prompts.compose import ComposedPrompt


class UnknownShot(ValueError):
    """A ``--regenerate`` name that is neither a shot id nor a shot number."""


def shots_named(project: Project, names: Sequence[str]) -> set[str]:
    """Shot ids from ids or 1-based numbers (as ``sora-studio validate`` lists them)."""
    ids = {s.id for s in project.shots}
    out: set[str] = set()
    for name in names:
        if name in ids:
            out.add(name)
        elif name.isdigit() and 1 <= int(name) <= len(project.shots):
            out.add(project.shots[int(name) - 1].id)
        else:
            raise UnknownShot(name)
    return out


def _file(take: Take | None, project_dir: Path) -> Path | None:
    if take is None or not take.media:
        return None
    path = Path(take.media)
    path = path if path.is_absolute() else project_dir / path
    return path if path.is_file() else None


def reusable_clips(project: Project, project_path: Path, prompts: Sequence[ComposedPrompt],
                   regenerate: Collection[str] = ()) -> dict[int, Path]:
    """Prompt index -> the existing clip that stands for it (blocking: stats files)."""
    forced = shots_named(project, list(regenerate))
    out: dict[int, Path] = {}
    for i, cp in enumerate(prompts):
        if forced & set(cp.shot_ids):
            continue
        if len(cp.shot_ids) == 1:
            take = pick_take(project.shot(cp.shot_ids[0]), fallback_latest=True)
        else:
            take = film_take(project)
        path = _file(take, project_path.parent)
        if path is not None:
            out[i] = path
    return out


def quote(table: CapabilityTable, project: Project,
          prompts: Sequence[ComposedPrompt]) -> float | None:
    """Estimated USD for sending ``prompts``; None when the price is unknown."""
    caps = table.get(project.look.model)
    if caps is None:
        return None
    total = 0.0
    for cp in prompts:
        cost = caps.cost(project.look.size, cp.seconds)
        if cost is None:
            return None
        total += cost
    return round(total, 2)


def join_clips(clips: Sequence[Path], out: Path) -> Path:
    """Join existing clips into ``out`` (blocking), as a render does after generating."""
    from studio.media.concat import concat_videos

    for stale in out.parent.glob(f".{out.stem}.*{out.suffix}.tmp"):
        stale.unlink(missing_ok=True)
    concat_videos(list(clips), out)
    return out
