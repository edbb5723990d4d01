"""The SRT of shot titles: timed to the cut, a crossfade hands the title over mid-dissolve."""

from __future__ import annotations

import pytest

from studio.core.cut import Cut, build_cut
from studio.core.model import Look, Project, Shot, Strategy, Take, TakeStatus
from studio.core.subtitles import beat_times, cut_srt, srt_time


def _take(media: str, seconds: int) -> Take:
    return Take(status=TakeStatus.COMPLETED, media=media, params={"seconds": seconds})


def _per_shot(*specs: tuple[str, int]) -> Project:
    shots = []
    for i, (title, seconds) in enumerate(specs):
        take = _take(f"media/{i}.mp4", seconds)
        shots.append(Shot(title=title, duration=seconds, takes=[take], chosen_take=take.id))
    return Project(shots=shots)


@pytest.mark.parametrize(("seconds", "text"), [
    (0.0, "00:00:00,000"),
    (3.5, "00:00:03,500"),
    (59.9996, "00:01:00,000"),  # rounds to the millisecond, carrying into the minute
    (3723.4567, "01:02:03,457"),
    (-2.0, "00:00:00,000"),  # a time before the film's start is clamped, never negative
])
def test_srt_time_is_hours_minutes_seconds_and_milliseconds(seconds: float, text: str) -> None:
    assert srt_time(seconds) == text


def test_the_srt_names_each_shot_and_an_untitled_one_by_its_number() -> None:
    cut = build_cut(_per_shot(("Dawn", 4), ("  ", 8)))
    assert cut_srt(cut) == (
        "1\n00:00:00,000 --> 00:00:04,000\nDawn\n"
        "\n"
        "2\n00:00:04,000 --> 00:00:12,000\nShot 2\n"
    )
    assert cut_srt(cut, untitled="镜头 {n}").endswith("镜头 2\n")


def test_a_crossfade_hands_the_title_over_where_the_next_clip_starts() -> None:
    cut = build_cut(_per_shot(("A", 4), ("B", 4), ("C", 4)))
    times = beat_times(cut, crossfade=0.5)
    assert [(sid, title) for sid, title, _a, _b in times] == [
        (c.shot_id, c.title) for c in cut.clips]
    assert [(a, b) for _sid, _t, a, b in times] == [(0.0, 3.5), (3.5, 7.0), (7.0, 11.0)]
    srt = cut_srt(cut, crossfade=0.5)
    assert "00:00:03,500 --> 00:00:07,000\nB" in srt
    assert srt.count("-->") == 3


def test_a_one_take_film_times_its_beats_inside_the_one_clip() -> None:
    film = _take("media/film.mp4", 12)
    shots = [Shot(title="A", duration=3), Shot(title="B", duration=5), Shot(title="C", duration=4)]
    project = Project(look=Look(strategy=Strategy.ONE_TAKE), shots=shots, film_takes=[film],
                      chosen_film_take=film.id)
    times = beat_times(build_cut(project))
    assert [(t, a, b) for _s, t, a, b in times] == [("A", 0.0, 3.0), ("B", 3.0, 8.0),
                                                     ("C", 8.0, 12.0)]


def test_an_empty_cut_is_an_empty_document() -> None:
    assert cut_srt(Cut((), ())) == ""
