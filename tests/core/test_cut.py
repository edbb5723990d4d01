"""The cut: chosen takes in timeline order, trims, one-take film takes, latest fallback."""

from __future__ import annotations

import pytest

from studio.core.cut import build_cut, ends_on, frame_outdated, pick_take
from studio.core.model import (
    FrameSource,
    Look,
    Project,
    ReferenceImage,
    Shot,
    Strategy,
    Take,
    TakeStatus,
)


def _take(media: str, seconds: int = 4, status: TakeStatus = TakeStatus.COMPLETED,
          created: float = 0.0) -> Take:
    return Take(status=status, media=media, params={"seconds": seconds}, created_at=created)


def test_chosen_takes_in_timeline_order_with_trims() -> None:
    a, b = _take("media/a.mp4"), _take("media/b.mp4", seconds=8)
    s1 = Shot(title="One", duration=4, takes=[a], chosen_take=a.id, trim_out=3.0)
    s2 = Shot(title="Two", duration=8, takes=[b], chosen_take=b.id, trim_in=1.5)
    cut = build_cut(Project(shots=[s1, s2]))
    assert [c.media for c in cut.clips] == ["media/a.mp4", "media/b.mp4"]
    assert [(c.source_in, c.source_out) for c in cut.clips] == [(0.0, 3.0), (1.5, 8.0)]
    assert cut.duration == pytest.approx(3.0 + 6.5)
    assert [c.trimmed for c in cut.clips] == [True, True]
    assert cut.starts(crossfade=0.5) == [0.0, 2.5]
    assert cut.missing == ()


def test_untrimmed_clip_plays_the_take_length_and_out_is_clamped() -> None:
    a = _take("media/a.mp4", seconds=4)
    s = Shot(duration=4, takes=[a], chosen_take=a.id, trim_out=9.0)
    clip = build_cut(Project(shots=[s])).clips[0]
    assert (clip.source_in, clip.source_out) == (0.0, 4.0)
    plain = Shot(duration=4, takes=[a], chosen_take=a.id)
    clip = build_cut(Project(shots=[plain])).clips[0]
    assert not clip.trimmed and clip.duration == 4.0


def test_unfinished_or_unchosen_shots_are_missing_unless_latest_is_asked() -> None:
    old, new = _take("media/old.mp4", created=1.0), _take("media/new.mp4", created=2.0)
    failed = _take("media/f.mp4", status=TakeStatus.FAILED, created=3.0)
    s1 = Shot(takes=[old, new, failed])  # nothing chosen
    s2 = Shot(takes=[failed], chosen_take=failed.id)
    project = Project(shots=[s1, s2])
    assert build_cut(project).missing == (s1.id, s2.id)
    cut = build_cut(project, fallback_latest=True)
    assert [c.media for c in cut.clips] == ["media/new.mp4"]
    assert cut.missing == (s2.id,)
    assert pick_take(s1) is None and pick_take(s1, fallback_latest=True) is new


def test_one_take_film_take_is_the_whole_cut_with_beats() -> None:
    film = _take("media/film.mp4", seconds=12)
    shots = [Shot(title="A", duration=4), Shot(title="B", duration=4), Shot(title="C", duration=4)]
    project = Project(look=Look(strategy=Strategy.ONE_TAKE), shots=shots, film_takes=[film],
                      chosen_film_take=film.id)
    cut = build_cut(project)
    assert cut.one_take and len(cut.clips) == 1
    clip = cut.clips[0]
    assert clip.media == "media/film.mp4" and clip.duration == 12.0
    assert [(b.title, b.start, b.end) for b in clip.beats] == [
        ("A", 0.0, 4.0), ("B", 4.0, 8.0), ("C", 8.0, 12.0)]
    # per-shot look: the film take is not used
    project.look.strategy = Strategy.PER_SHOT
    assert build_cut(project).clips == () and len(build_cut(project).missing) == 3


def test_a_shot_plays_its_own_length_from_a_longer_clip() -> None:
    from studio.core.cut import shot_clip
    from studio.core.model import Shot, Take, TakeStatus

    take = Take(media="media/t.mp4", status=TakeStatus.COMPLETED, params={"seconds": 4})
    clip = shot_clip(Shot(title="Pier", duration=3), take)  # written 3 s, made as 4 s
    assert (clip.source_in, clip.duration) == (0.0, 3.0)
    longer = shot_clip(Shot(title="Pier", duration=8), take)  # edited after: plays whole
    assert longer.duration == 4.0


def test_a_crossfade_per_join_starts_each_clip_after_its_own_join() -> None:
    takes = [_take(f"media/{n}.mp4") for n in "abc"]
    shots = [Shot(duration=4, takes=[t], chosen_take=t.id) for t in takes]
    cut = build_cut(Project(shots=shots))
    assert cut.starts([0.5, 0.0]) == [0.0, 3.5, 7.5]  # the second join is a plain cut
    assert cut.starts(0.5) == cut.starts([0.5, 0.5]) == [0.0, 3.5, 7.0]


def test_a_last_frame_reference_is_outdated_once_the_previous_cut_ends_elsewhere() -> None:
    old, new = _take("media/old.mp4", created=1.0), _take("media/new.mp4", created=2.0)
    before = Shot(duration=3, takes=[old])
    assert ends_on(before) == FrameSource(take=old.id, at=3.0)  # its length, not the file's
    frame = ReferenceImage(path="media/ref.png", sha256="0" * 64, frame_of=ends_on(before))
    after = Shot(reference=frame)
    project = Project(shots=[before, after])
    assert not frame_outdated(project, after)
    before.trim_out = 3.01  # within a frame: the same frame
    assert not frame_outdated(project, after)
    before.trim_out = 2.5
    assert frame_outdated(project, after)
    before.trim_out = None
    before.takes.append(new)  # a newer take is what the cut plays now
    assert frame_outdated(project, after)
    before.chosen_take = old.id
    assert not frame_outdated(project, after)
    # nothing to compare: the user's own image, no previous take, or the first shot
    own = Shot(reference=frame.model_copy(update={"frame_of": None}))
    assert not frame_outdated(Project(shots=[Shot(takes=[new]), own]), own)
    assert not frame_outdated(Project(shots=[Shot(), after]), after)
    assert not frame_outdated(Project(shots=[after, before]), after)
