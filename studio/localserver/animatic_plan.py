"""Split an animatic request's prompt into timed shots.

Why here and not in the renderer: the plan (which shot owns which frames, what the camera
does, what the card says) is pure data, so it is tested without encoding anything. The
prompt is read by the studio's own storyboard parser, so a pasted prompt previews exactly
as it would import; its shot durations are only weights, scaled to fill the request.

A per-shot clip's prompt holds one shot, so by itself its card would read "1/1" whatever
its place in the film; the composer writes that place as a plain context line
("Position: shot 3 of 7"), which the card shows instead (``ShotPlan.badge``).
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.model import Language
from studio.core.prompts.parse import parse_prompt
from studio.core.prompts.templates import find_position
from studio.localserver.animatic_camera import CameraMove, parse_camera

FPS = 24
MIN_SHOT_FRAMES = FPS // 2  # a shot shorter than half a second would be a flicker


@dataclass(frozen=True)
class ShotPlan:
    index: int  # 0-based
    count: int  # shots in the clip
    title: str
    description: str
    camera: str  # the camera text as written
    move: CameraMove
    start: int  # first frame
    frames: int
    language: Language
    position: tuple[int, int] | None = None  # (n, N) in the film, from the prompt

    @property
    def badge(self) -> tuple[int, int]:
        """The card's "n/N": the shot's place in the film if the prompt says, else in the clip."""
        return self.position or (self.index + 1, self.count)


def plan_shots(prompt: str, seconds: int) -> list[ShotPlan]:
    """Shots covering exactly ``seconds * FPS`` frames, in prompt order.

    More shots than fit (at ``MIN_SHOT_FRAMES`` each) are dropped from the end, since a
    previz of a too-dense storyboard is still useful; the card shows "n/N" of what stays.
    """
    total = seconds * FPS
    position = None
    if prompt.strip():
        project = parse_prompt(prompt)
        shots = [(s.title, s.description, s.camera, s.duration) for s in project.shots]
        language = project.language
        position = find_position(prompt) if len(shots) == 1 else None
    else:
        shots, language = [("", "", "", 1)], Language.EN
    shots = shots[: max(1, total // MIN_SHOT_FRAMES)]
    lengths = split_frames(total, [max(d, 1) for *_, d in shots])
    plans: list[ShotPlan] = []
    start = 0
    for i, ((title, description, camera, _), n) in enumerate(zip(shots, lengths, strict=True)):
        plans.append(ShotPlan(i, len(shots), title.strip(), description.strip(), camera.strip(),
                              parse_camera(camera), start, n, language, position))
        start += n
    return plans


def split_frames(total: int, weights: list[int]) -> list[int]:
    """``total`` frames split in proportion to ``weights`` (largest remainder), each >= 1."""
    if total < len(weights):
        raise ValueError(f"{total} frames cannot hold {len(weights)} shots")
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    out = [max(1, int(x)) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(out) < total:
        out[order[i % len(order)]] += 1
        i += 1
    while sum(out) > total:  # only after the max(1, …) bumps
        j = max(range(len(out)), key=lambda k: out[k])
        out[j] -= 1
    return out
