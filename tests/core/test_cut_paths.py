"""The cut's edge cases: take lengths written as text, degenerate trims, the film take's
fallback, and a one-take film shorter than its storyboard."""

from __future__ import annotations

import pytest

from studio.core.cut import build_cut, film_take, shot_clip
from studio.core.model import Look, Project, Shot, Strategy, Take, TakeStatus


def _take(seconds: object = 4, status: TakeStatus = TakeStatus.COMPLETED,
          media: str | None = "media/a.mp4", created: float = 0.0) -> Take:
    return Take(status=status, media=media, params={"seconds": seconds}, created_at=created)


@pytest.mark.parametrize(("seconds", "length"), [
    ("8", 8.0),  # the API's own spelling: seconds as a string
    ("2.5", 2.5),
    ("0", 6.0),  # not a length: the shot's own duration
    ("-3", 6.0),
    ("eight", 6.0),
    (True, 6.0),  # a bool is not a number of seconds
    (None, 6.0),
    (0, 6.0),
])
def test_a_takes_length_as_recorded_else_the_shots_duration(seconds: object,
                                                             length: float) -> None:
    take = _take(seconds)
    shot = Shot(duration=6, takes=[take], chosen_take=take.id, trim_out=120.0)
    assert shot_clip(shot, take).source_out == length  # the out point is clamped to it


def test_an_in_point_past_the_take_plays_the_whole_take_rather_than_nothing() -> None:
    take = _take(4)
    shot = Shot(duration=4, takes=[take], chosen_take=take.id, trim_in=6.0)
    clip = shot_clip(shot, take)
    assert (clip.source_in, clip.source_out) == (0.0, 4.0)
    assert clip.beats[0].end == 4.0


def test_an_out_point_before_the_in_point_plays_the_whole_take() -> None:
    take = _take(8)
    shot = Shot(duration=4, takes=[take], chosen_take=take.id, trim_in=3.0, trim_out=1.0)
    clip = shot_clip(shot, take)
    assert (clip.source_in, clip.source_out) == (0.0, 8.0)


def test_a_clip_is_named_by_its_shot() -> None:
    take = _take(4)
    shot = Shot(title="Dawn", duration=4, takes=[take], chosen_take=take.id)
    (clip,) = build_cut(Project(shots=[shot])).clips
    assert (clip.shot_id, clip.shot_ids, clip.title) == (shot.id, (shot.id,), "Dawn")


def _one_take(*takes: Take, chosen: str | None, shots: list[Shot]) -> Project:
    return Project(look=Look(strategy=Strategy.ONE_TAKE), shots=shots, film_takes=list(takes),
                   chosen_film_take=chosen)


def test_the_film_take_falls_back_to_the_latest_completed_only_when_asked() -> None:
    failed = _take(12, status=TakeStatus.FAILED, created=3.0)
    old, new = _take(12, created=1.0), _take(12, created=2.0)
    project = _one_take(old, new, failed, chosen=failed.id, shots=[Shot(duration=4)])
    assert film_take(project) is new
    assert film_take(project, fallback_latest=False) is None
    chosen = _one_take(old, new, chosen=old.id, shots=[Shot(duration=4)])
    assert film_take(chosen, fallback_latest=False) is old


def test_a_one_take_film_shorter_than_its_shots_gives_the_late_beats_no_time() -> None:
    film = _take(6)
    shots = [Shot(title="A", duration=4), Shot(title="B", duration=4), Shot(title="C", duration=4)]
    cut = build_cut(_one_take(film, chosen=film.id, shots=shots))
    (clip,) = cut.clips
    assert [(b.title, b.start, b.end) for b in clip.beats] == [
        ("A", 0.0, 4.0), ("B", 4.0, 6.0), ("C", 6.0, 6.0)]
    assert cut.duration == 6.0 and cut.missing == ()


def test_a_one_take_project_without_a_film_take_cuts_its_shots() -> None:
    take = _take(4)
    shot = Shot(duration=4, takes=[take], chosen_take=take.id)
    no_film = _take(12, media=None)  # completed but its download never landed
    cut = build_cut(_one_take(no_film, chosen=no_film.id, shots=[shot, Shot()]))
    assert not cut.one_take
    assert [c.take_id for c in cut.clips] == [take.id] and len(cut.missing) == 1
