"""Qt-free geometry of the shot timeline.

Shots sit edge to edge on one lane, ``x = left + start_seconds * pps``, so the ruler above
them is exact: a block's width *is* its duration at the current zoom. Everything the view
needs per frame (which shots are visible, what is under the mouse, where a drop lands) is a
bisect over the prefix sums, O(log n), which is what keeps 500+ shots smooth.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from studio.core import editing

MIN_PPS = 2.0
MAX_PPS = 400.0
DEFAULT_PPS = 24.0
ZOOM_STEP = 1.25


def clamp_pps(pps: float) -> float:
    return max(MIN_PPS, min(MAX_PPS, pps))


def zoom_pps(pps: float, steps: float) -> float:
    """Zoom by ``steps`` notches (negative zooms out), clamped to the allowed range."""
    return clamp_pps(pps * ZOOM_STEP**steps)


def ruler_step(pps: float, min_px: float = 70.0) -> int:
    """Seconds between labelled ruler ticks so that labels are at least ``min_px`` apart."""
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600):
        if step * pps >= min_px:
            return step
    return 3600


def format_seconds(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


@dataclass(frozen=True)
class Span:
    index: int
    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


class TimelineLayout:
    """Positions of ``durations`` (seconds) laid out at ``pps`` pixels per second."""

    def __init__(self, durations: Sequence[float], pps: float = DEFAULT_PPS, left: float = 8.0):
        self.pps = clamp_pps(pps)
        self.left = left
        self.durations = list(durations)
        # starts[i] = seconds before shot i; starts[n] = total seconds.
        self.starts = [0.0, *itertools.accumulate(self.durations)]

    def __len__(self) -> int:
        return len(self.durations)

    @property
    def total_seconds(self) -> float:
        return self.starts[-1]

    @property
    def total_width(self) -> float:
        return self.left * 2 + self.total_seconds * self.pps

    def x_of_time(self, seconds: float) -> float:
        return self.left + seconds * self.pps

    def time_at(self, x: float) -> float:
        return (x - self.left) / self.pps

    def span(self, i: int) -> Span:
        return Span(i, self.x_of_time(self.starts[i]), self.x_of_time(self.starts[i + 1]))

    def visible_range(self, x0: float, x1: float) -> range:
        """Indices of shots intersecting the horizontal interval [x0, x1)."""
        if not self.durations or x1 <= x0:
            return range(0)
        t0, t1 = self.time_at(x0), self.time_at(x1)
        first = max(0, bisect.bisect_right(self.starts, t0) - 1)
        last = min(len(self.durations), bisect.bisect_left(self.starts, t1))
        return range(first, max(first, last))

    def index_at(self, x: float) -> int | None:
        """The shot under ``x``, or None in the margins."""
        t = self.time_at(x)
        if not self.durations or t < 0 or t >= self.total_seconds:
            return None
        return min(len(self.durations) - 1, bisect.bisect_right(self.starts, t) - 1)

    def handle_at(self, x: float, tolerance: float = 5.0) -> int | None:
        """The shot whose right-edge duration handle is within ``tolerance`` px of ``x``."""
        if not self.durations:
            return None
        t = self.time_at(x)
        j = bisect.bisect_left(self.starts, t)  # nearest boundary candidates: j-1, j
        best: int | None = None
        best_d = tolerance + 1e-9
        for b in (j - 1, j):
            if 1 <= b <= len(self.durations):
                d = abs(self.x_of_time(self.starts[b]) - x)
                if d <= best_d:
                    best, best_d = b - 1, d
        return best

    def insertion_index(self, x: float) -> int:
        """The gap (0..n) nearest to ``x``: where a dragged shot would be dropped."""
        t = self.time_at(x)
        i = self.index_at(x)
        if i is None:
            return 0 if t < 0 else len(self.durations)
        mid = (self.starts[i] + self.starts[i + 1]) / 2
        return i if t < mid else i + 1

    def seconds_for_handle(self, i: int, x: float) -> float:
        """The (unsnapped) duration shot ``i`` gets when its right edge is dragged to ``x``."""
        return max(0.0, self.time_at(x) - self.starts[i])

    def fit_pps(self, viewport_width: float) -> float:
        """The zoom at which the whole film fits ``viewport_width`` pixels."""
        if self.total_seconds <= 0:
            return DEFAULT_PPS
        return clamp_pps((viewport_width - 2 * self.left) / self.total_seconds)


def moved_order(ids: Sequence[str], moving: Sequence[str], slot: int) -> list[str]:
    """``ids`` after moving ``moving`` (kept in their current order) to gap ``slot``.

    ``slot`` counts gaps in the *current* list (0..n); the result is what a drop there
    means to the user. Used to compute the target index and to test the semantics.
    """
    return editing.moved(ids, moving, slot_after_removal(ids, moving, slot)) or list(ids)


def slot_after_removal(ids: Sequence[str], moving: Sequence[str], slot: int) -> int:
    """Gap ``slot`` in the current list, as an index into the list without ``moving``."""
    moving_set = set(moving)
    return sum(1 for i in ids[:slot] if i not in moving_set)


def range_ids(ids: Sequence[str], anchor: str | None, target: str) -> list[str]:
    """The ids from ``anchor`` to ``target`` inclusive, in timeline order (Shift-click)."""
    try:
        a = ids.index(anchor) if anchor is not None else ids.index(target)
    except ValueError:
        a = ids.index(target)
    b = ids.index(target)
    lo, hi = min(a, b), max(a, b)
    return list(ids[lo : hi + 1])
