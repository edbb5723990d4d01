"""Qt-free: the status badge a shot shows, derived only from its takes.

What matters to the user first is work in flight (queued / n %), then whether the cut has a
usable clip (done), then whether the last attempt failed. A done clip made before its shot
(or the look) was edited is *outdated*: still in the cut, no longer what the storyboard
says. Progress percentages are not part of the model (the job runner owns them), so they
are passed in by take id; freshness needs the project, so it is passed in as a callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from studio.core.model import Shot, Take, TakeStatus


class Badge(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    OUTDATED = "outdated"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ShotStatus:
    badge: Badge
    percent: int | None = None

    @property
    def label(self) -> str:
        if self.badge is Badge.RUNNING:
            return "…" if self.percent is None else f"{self.percent} %"
        return self.badge.value


def shot_status(shot: Shot, progress: Mapping[str, int] | None = None,
                outdated: Callable[[Shot, Take], bool] | None = None) -> ShotStatus:
    """The badge for ``shot``; ``progress`` maps take id -> percent for running takes;
    ``outdated(shot, take)`` says whether the chosen finished take is outdated."""
    takes = shot.takes
    if not takes:
        return ShotStatus(Badge.DRAFT)
    running = [t for t in takes if t.status is TakeStatus.IN_PROGRESS]
    if running:
        pct = (progress or {}).get(running[-1].id)
        return ShotStatus(Badge.RUNNING, None if pct is None else max(0, min(100, int(pct))))
    if any(t.status is TakeStatus.QUEUED for t in takes):
        return ShotStatus(Badge.QUEUED)
    chosen = shot.chosen()
    if chosen is not None and chosen.status is TakeStatus.COMPLETED:
        stale = outdated is not None and outdated(shot, chosen)
        return ShotStatus(Badge.OUTDATED if stale else Badge.DONE)
    last = takes[-1]
    if last.status is TakeStatus.COMPLETED:
        return ShotStatus(Badge.DONE)
    if last.status is TakeStatus.FAILED:
        return ShotStatus(Badge.FAILED)
    if any(t.status is TakeStatus.COMPLETED for t in takes):
        return ShotStatus(Badge.DONE)
    return ShotStatus(Badge.CANCELLED)
