"""Qt-free: which clips "play the cut" plays, in timeline order (from ``core.cut``).

A shot contributes its chosen take when that take completed and its file exists; shots
without one are skipped (and reported), so a half-generated film still plays. A one-take
project plays its film take. Trims become the clip's start/end in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.core.cut import build_cut
from studio.core.model import Project, Take


@dataclass(frozen=True)
class CutEntry:
    shot_id: str
    path: Path
    title: str
    start_ms: int = 0
    end_ms: int | None = None  # None: to the end of the file


def media_file(media: str | None, project_path: Path | None) -> Path | None:
    """A media path of the model (relative to the project file's folder) on disk."""
    if not media:
        return None
    path = Path(media)
    if path.is_absolute():
        return path
    return None if project_path is None else project_path.parent / path


def take_path(take: Take, project_path: Path | None) -> Path | None:
    """A take's media file: model paths are relative to the project file's folder."""
    return media_file(take.media, project_path)


def cut_playlist(project: Project, project_path: Path | None) -> tuple[list[CutEntry], list[str]]:
    """(clips to play, ids of shots skipped for lack of a finished chosen take)."""
    cut = build_cut(project)
    clips: list[CutEntry] = []
    skipped = list(cut.missing)
    for clip in cut.clips:
        path = media_file(clip.media, project_path)
        if path is None or not path.is_file():
            skipped.extend(clip.shot_ids)
            continue
        end = round(clip.source_out * 1000) if clip.trim_out is not None else None
        clips.append(CutEntry(clip.shot_id, path, clip.title, round(clip.source_in * 1000), end))
    order = {s.id: i for i, s in enumerate(project.shots)}
    skipped.sort(key=lambda sid: order.get(sid, 0))
    return clips, skipped


def format_time(ms: int) -> str:
    """'1:05.25' — minutes, seconds and hundredths, for the transport's time label."""
    ms = max(0, int(ms))
    m, rest = divmod(ms, 60_000)
    return f"{m}:{rest // 1000:02d}.{rest % 1000 // 10:02d}"
