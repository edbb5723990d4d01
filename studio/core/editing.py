"""The editing rules of a storyboard, in one place: allowed durations, snapping, the
seconds range, the closest offered size, and the list arithmetic of move and split.

Why here: the document, the inspector, the timeline, the parser and the validator all
need the same answers; written once, they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.core.capabilities import ModelCaps
from studio.core.model import Strategy, parse_size

#: Any shot lasts 1..120 s (the model's field bounds say the same).
SECONDS_MIN, SECONDS_MAX = 1, 120


def clamp_seconds(seconds: float) -> int:
    """Whole seconds inside the range every shot must respect."""
    return max(SECONDS_MIN, min(SECONDS_MAX, round(seconds)))


def allowed_durations(caps: ModelCaps | None, strategy: Strategy) -> tuple[int, ...] | None:
    """The clip lengths a shot may have, or None when any length in range will do.

    Per shot, every shot is one clip, so only the model's lengths work; in a one-take
    film shots are beats inside one clip and may last any whole number of seconds.
    """
    if caps is not None and strategy is Strategy.PER_SHOT:
        return tuple(sorted(caps.seconds))
    return None


def snap(seconds: float, allowed: Sequence[int] | None) -> int:
    """The nearest of ``allowed`` (ties go to the longer clip), or whole seconds in range
    when any length will do (``allowed`` None)."""
    if allowed:
        return min(allowed, key=lambda v: (abs(v - seconds), -v))
    return clamp_seconds(seconds)


def fit_seconds(seconds: float, caps: ModelCaps | None, strategy: Strategy) -> int:
    """What a requested duration becomes under the project's model and strategy."""
    return snap(seconds, allowed_durations(caps, strategy))


def split_seconds(duration: int, caps: ModelCaps | None, strategy: Strategy) -> tuple[int, int]:
    """The lengths of the two halves of a split shot, each fitted to what is allowed."""
    first = fit_seconds(max(SECONDS_MIN, (duration + 1) // 2), caps, strategy)
    second = fit_seconds(max(SECONDS_MIN, duration - first), caps, strategy)
    return first, second


def closest_size(size: str, offered: Sequence[str]) -> str:
    """The offered size nearest to ``size``: same orientation first, then nearest area."""
    w, h = parse_size(size)

    def key(s: str) -> tuple[int, int]:
        sw, sh = parse_size(s)
        same = (sw >= sh) == (w >= h)
        return (0 if same else 1, abs(sw * sh - w * h))

    return min(offered, key=key)


def moved(ids: Sequence[str], moving: Sequence[str], to_index: int) -> list[str] | None:
    """``ids`` with ``moving`` (kept in list order) placed so the first lands at ``to_index``.

    ``to_index`` counts positions in the list *without* the moved ids, clamped. None when
    nothing moves (no known id, or the order would not change).
    """
    wanted = set(moving)
    picked = [i for i in ids if i in wanted]
    if not picked:
        return None
    rest = [i for i in ids if i not in wanted]
    at = max(0, min(to_index, len(rest)))
    new = rest[:at] + picked + rest[at:]
    return None if new == list(ids) else new
