"""The cut: which clip plays for each shot, in timeline order, and which part of it.

Why in ``core``: the player, the export, the contact sheet, the subtitles and the command
line all need the same answer, and none of them may import another's layer to get it.
Pure: no file is opened here, so a clip's real length is not known; ``source_out`` is the
trim point or the take's requested length, and the exporter clamps it to the file.

A one-take project whose film has a usable take cuts to that one clip (its shots are beats
inside it, timed by their durations); otherwise each shot contributes its chosen take.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.core.model import FrameSource, Project, Shot, Strategy, Take, TakeStatus


@dataclass(frozen=True)
class Beat:
    """A shot's place inside a clip of the cut (a one-take film holds several)."""

    shot_id: str
    title: str
    start: float  # seconds from the clip's in point
    end: float


@dataclass(frozen=True)
class CutClip:
    """One clip of the cut: a take's media from ``source_in`` to ``source_out`` seconds."""

    take_id: str
    media: str  # as the take stores it (relative to the project folder, posix)
    source_in: float
    source_out: float
    beats: tuple[Beat, ...]
    trim_out: float | None = None  # the shot's explicit out point, if any

    @property
    def shot_id(self) -> str:
        return self.beats[0].shot_id

    @property
    def shot_ids(self) -> tuple[str, ...]:
        return tuple(b.shot_id for b in self.beats)

    @property
    def title(self) -> str:
        return self.beats[0].title

    @property
    def duration(self) -> float:
        return self.source_out - self.source_in

    @property
    def trimmed(self) -> bool:
        """Cut inside the file (an export must then re-encode at least this clip)."""
        return self.source_in > 0 or self.trim_out is not None


@dataclass(frozen=True)
class Cut:
    clips: tuple[CutClip, ...]
    #: shots with no usable take (no take, not completed, or no media), in timeline order
    missing: tuple[str, ...]
    one_take: bool = False

    @property
    def duration(self) -> float:
        return sum(c.duration for c in self.clips)

    def starts(self, crossfade: Crossfade = 0.0) -> list[float]:
        """Where each clip starts on the cut's time line, less the crossfade of each join
        (one length for every join, or one per join: a shot that continues the one
        before it has none)."""
        fades = joins(crossfade, len(self.clips))
        out, t = [], 0.0
        for i, c in enumerate(self.clips):
            out.append(t)
            t += c.duration - (fades[i] if i < len(fades) else 0.0)
        return out


#: a dissolve's length at every join, or one length per join (clip i to clip i + 1)
Crossfade = float | Sequence[float]


def joins(crossfade: Crossfade, clips: int) -> list[float]:
    """The crossfade of each of the ``clips - 1`` joins."""
    if isinstance(crossfade, int | float):
        return [float(crossfade)] * max(0, clips - 1)
    return [float(f) for f in crossfade][: max(0, clips - 1)]


def usable(take: Take | None) -> bool:
    return take is not None and take.status is TakeStatus.COMPLETED and bool(take.media)


def latest_completed(takes: list[Take]) -> Take | None:
    """The newest completed take with media (by creation time, then list order)."""
    done = [(t.created_at, i, t) for i, t in enumerate(takes) if usable(t)]
    return max(done, key=lambda x: (x[0], x[1]))[2] if done else None


def pick_take(shot: Shot, *, fallback_latest: bool = False) -> Take | None:
    """The shot's chosen take if usable; else (when asked) its latest completed one."""
    chosen = shot.chosen()
    if usable(chosen):
        return chosen
    return latest_completed(shot.takes) if fallback_latest else None


def _take_seconds(take: Take, default: float) -> float:
    seconds = take.params.get("seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
        return float(seconds)
    if isinstance(seconds, str):
        try:
            return float(seconds) if float(seconds) > 0 else default
        except ValueError:
            return default
    return default


def shot_clip(shot: Shot, take: Take) -> CutClip:
    """The part of ``take`` this shot plays: its trims, else the shot's own length.

    A shot written as 3 s is made as the shortest clip that holds it (4 s on a model of
    4/8/12 s clips) and plays 3 s in the cut; a take shorter than its shot plays whole.
    """
    length = _take_seconds(take, float(shot.duration))
    t_in = min(max(0.0, shot.trim_in), length)
    t_out = min(t_in + shot.duration, length) if shot.trim_out is None \
        else min(max(shot.trim_out, t_in), length)
    if t_out <= t_in:  # a degenerate trim plays the whole take rather than nothing
        t_in, t_out = 0.0, length
    return CutClip(take.id, take.media or "", t_in, t_out,
                   (Beat(shot.id, shot.title, 0.0, t_out - t_in),), shot.trim_out)


#: Out points closer than this are the same frame (under half a frame at 24 fps).
FRAME_SLACK_S = 0.02


def ends_on(shot: Shot) -> FrameSource | None:
    """The take and the second the shot's part of the cut ends on (chosen take, else its
    latest finished one): what a next shot's "last frame" is taken from."""
    take = pick_take(shot, fallback_latest=True)
    if take is None:
        return None
    return FrameSource(take=take.id, at=round(shot_clip(shot, take).source_out, 3))


def frame_outdated(project: Project, shot: Shot) -> bool:
    """The shot's reference is a last frame the previous shot's cut no longer ends on
    (another take chosen or generated since, or its out point moved)."""
    ref = shot.reference
    if ref is None or ref.frame_of is None:
        return False  # no reference, or the user's own image: nothing to compare
    index = next((i for i, s in enumerate(project.shots) if s is shot), 0)
    now = ends_on(project.shots[index - 1]) if index > 0 else None
    if now is None:
        return False  # first shot now, or nothing to continue from: said elsewhere
    return now.take != ref.frame_of.take or abs(now.at - ref.frame_of.at) > FRAME_SLACK_S


def film_take(project: Project, *, fallback_latest: bool = True) -> Take | None:
    chosen = next((t for t in project.film_takes if t.id == project.chosen_film_take), None)
    if usable(chosen):
        return chosen
    return latest_completed(project.film_takes) if fallback_latest else None


def build_cut(project: Project, *, fallback_latest: bool = False,
              use_film: bool | None = None) -> Cut:
    """The project's cut. ``use_film`` None: the film take when the look is one-take."""
    if use_film is None:
        use_film = project.look.strategy is Strategy.ONE_TAKE
    if use_film:
        take = film_take(project)
        if take is not None and project.shots:
            length = _take_seconds(take, float(project.total_seconds()))
            beats, t = [], 0.0
            for shot in project.shots:
                end = min(t + shot.duration, length)
                beats.append(Beat(shot.id, shot.title, t, max(end, t)))
                t = end
            clip = CutClip(take.id, take.media or "", 0.0, length, tuple(beats))
            return Cut((clip,), (), one_take=True)
    clips: list[CutClip] = []
    missing: list[str] = []
    for shot in project.shots:
        take = pick_take(shot, fallback_latest=fallback_latest)
        if take is None:
            missing.append(shot.id)
        else:
            clips.append(shot_clip(shot, take))
    return Cut(tuple(clips), tuple(missing))
