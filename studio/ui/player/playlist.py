"""Qt-free: which clips "play the cut" plays, in timeline order.

A shot contributes its chosen take when that take completed and its file exists; shots
without one are skipped (and reported), so a half-generated film still plays.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.core.model import Project, Take, TakeStatus


@dataclass(frozen=True)
class CutEntry:
    shot_id: str
    path: Path
    title: str


def take_path(take: Take, project_path: Path | None) -> Path | None:
    """A take's media file: model paths are relative to the project file's folder."""
    if not take.media:
        return None
    media = Path(take.media)
    if media.is_absolute():
        return media
    return None if project_path is None else project_path.parent / media


def cut_playlist(project: Project, project_path: Path | None) -> tuple[list[CutEntry], list[str]]:
    """(clips to play, ids of shots skipped for lack of a finished chosen take)."""
    clips: list[CutEntry] = []
    skipped: list[str] = []
    for shot in project.shots:
        take = shot.chosen()
        path = take_path(take, project_path) if take is not None else None
        if (
            take is None
            or take.status is not TakeStatus.COMPLETED
            or path is None
            or not path.is_file()
        ):
            skipped.append(shot.id)
            continue
        clips.append(CutEntry(shot.id, path, shot.title))
    return clips, skipped


def format_time(ms: int) -> str:
    """'1:05.25' — minutes, seconds and hundredths, for the transport's time label."""
    ms = max(0, int(ms))
    m, rest = divmod(ms, 60_000)
    return f"{m}:{rest // 1000:02d}.{rest % 1000 // 10:02d}"
