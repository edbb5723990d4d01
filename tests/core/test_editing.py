"""The editing rules every layer shares: durations, snapping, sizes, move and split."""

from __future__ import annotations

from studio.core import editing
from studio.core.model import Strategy
from studio.storage.bundled import capability_table


def test_snap_goes_to_the_nearest_allowed_length_ties_longer() -> None:
    assert editing.snap(5.9, (4, 8, 12)) == 4
    assert editing.snap(6.0, (4, 8, 12)) == 8
    assert editing.snap(100, (4, 8, 12)) == 12
    assert editing.snap(0.2, None) == 1
    assert editing.snap(6.6, None) == 7
    assert editing.snap(500, None) == editing.SECONDS_MAX


def test_allowed_durations_follow_the_strategy() -> None:
    caps = capability_table()["sora-2"]
    assert editing.allowed_durations(caps, Strategy.PER_SHOT) == (4, 8, 12, 16, 20)
    assert editing.allowed_durations(caps, Strategy.ONE_TAKE) is None
    assert editing.allowed_durations(None, Strategy.PER_SHOT) is None
    assert editing.fit_seconds(7, caps, Strategy.PER_SHOT) == 8
    assert editing.fit_seconds(7, caps, Strategy.ONE_TAKE) == 7


def test_split_halves_fit_the_model() -> None:
    caps = capability_table()["sora-2"]
    assert editing.split_seconds(8, caps, Strategy.PER_SHOT) == (4, 4)
    assert editing.split_seconds(12, caps, Strategy.PER_SHOT) == (8, 4)  # 6 snaps up
    assert editing.split_seconds(7, caps, Strategy.ONE_TAKE) == (4, 3)
    assert editing.split_seconds(1, caps, Strategy.ONE_TAKE) == (1, 1)


def test_closest_size_prefers_orientation_then_area() -> None:
    assert editing.closest_size("1080x1920", ("1280x720", "720x1280")) == "720x1280"
    assert editing.closest_size("1920x1080", ("1280x720", "720x1280")) == "1280x720"
    assert editing.closest_size("1920x1080", ("640x360", "1792x1024")) == "1792x1024"


def test_moved_places_the_block_and_says_when_nothing_moves() -> None:
    ids = ["a", "b", "c", "d", "e"]
    assert editing.moved(ids, ["b", "d"], 0) == ["b", "d", "a", "c", "e"]
    assert editing.moved(ids, ["d", "b"], 3) == ["a", "c", "e", "b", "d"]
    assert editing.moved(ids, ["a"], 99) == ["b", "c", "d", "e", "a"]
    assert editing.moved(ids, ["a"], 0) is None
    assert editing.moved(ids, ["zz"], 1) is None
