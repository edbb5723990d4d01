"""The player on real MP4s (H.264 + AAC made with PyAV) through Qt's FFmpeg backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from studio.core.model import Project, Shot, Take, TakeStatus
from studio.storage.bundled import capability_table
from studio.ui.document import ProjectDocument
from studio.ui.player import PlayerWidget
from studio.ui.player.playlist import cut_playlist, format_time
from tests.ui.media_helpers import make_clip

# What Qt says about this machine, not about our code: optional libraries Qt Multimedia
# probes for (PipeWire, VA-API), no PulseAudio server, no GPU for video conversion, and the
# offscreen platform plugin's missing size-hint support for the video widget's window.

COLORS = [(200, 40, 40), (40, 160, 60), (40, 80, 200)]
_S = QMediaPlayer.MediaStatus


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("clips")
    return [make_clip(root / f"c{i}.mp4", seconds=0.6, color=c) for i, c in enumerate(COLORS)]


@pytest.fixture
def player(qtbot) -> PlayerWidget:
    doc = ProjectDocument(capability_table())
    w = PlayerWidget(doc)
    w._test_doc = doc  # keep the document alive as long as the widget
    qtbot.addWidget(w)
    w.resize(720, 420)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_format_time() -> None:
    assert format_time(0) == "0:00.00"
    assert format_time(65_250) == "1:05.25"


def test_cut_playlist_skips_shots_without_a_finished_chosen_take(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    make_clip(tmp_path / "m" / "a.mp4", seconds=0.2, audio=False)
    done = Take(status=TakeStatus.COMPLETED, media="m/a.mp4")
    failed = Take(status=TakeStatus.FAILED)
    missing = Take(status=TakeStatus.COMPLETED, media="m/gone.mp4")
    shots = [
        Shot(takes=[done], chosen_take=done.id),
        Shot(takes=[failed], chosen_take=failed.id),
        Shot(),
        Shot(takes=[missing], chosen_take=missing.id),
    ]
    clips, skipped = cut_playlist(Project(shots=shots), tmp_path / "p.sorastudio")
    assert [c.shot_id for c in clips] == [shots[0].id]
    assert clips[0].path == tmp_path / "m" / "a.mp4"
    assert skipped == [s.id for s in shots[1:]]


def test_plays_to_end_of_media(qtbot, player: PlayerWidget, clips) -> None:
    pa = player.a.player
    player.load(clips[0])
    # Loading is asynchronous; once it settles (load() pauses, so the first frame buffers)
    # a real clip is Loaded/BufferedMedia and a broken file InvalidMedia
    # (test_unplayable_file_reports_an_error): this tells the two apart.
    settled = (_S.LoadedMedia, _S.BufferedMedia, _S.InvalidMedia)
    qtbot.waitUntil(lambda: pa.mediaStatus() in settled, timeout=5_000)
    assert pa.mediaStatus() in (_S.LoadedMedia, _S.BufferedMedia)
    statuses: list[QMediaPlayer.MediaStatus] = []
    pa.mediaStatusChanged.connect(statuses.append)
    playing: list[bool] = []
    player.playingChanged.connect(playing.append)
    positions: list[int] = []
    player.positionChanged.connect(positions.append)
    with qtbot.waitSignal(player.mediaFinished, timeout=10_000):
        player.play()
    assert True in playing  # it played, rather than jumping straight to the end
    assert _S.InvalidMedia not in statuses
    assert statuses[-1] == pa.mediaStatus() == _S.EndOfMedia
    assert max(positions) >= 500
    assert positions == sorted(positions)  # it advanced, never jumped back
    assert not player.is_playing()


def test_space_toggles_and_frame_step_moves_one_frame(qtbot, player: PlayerWidget, clips) -> None:
    player.load(clips[1])
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=5_000)
    player.setFocus()
    with qtbot.waitSignal(player.playingChanged, timeout=5_000) as sig:
        qtbot.keyClick(player, Qt.Key.Key_Space)
    assert sig.args == [True]
    with qtbot.waitSignal(player.playingChanged, timeout=5_000) as sig:
        qtbot.keyClick(player, Qt.Key.Key_Space)
    assert sig.args == [False]
    player.seek(200)
    qtbot.waitUntil(lambda: player.position() == 200, timeout=5_000)
    assert player.a.frame_ms() == 42  # 24 fps, read from the file
    qtbot.keyClick(player, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: player.position() == 242, timeout=5_000)
    qtbot.keyClick(player, Qt.Key.Key_Comma)
    qtbot.keyClick(player, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: player.position() == 158, timeout=5_000)
    assert not player.is_playing()


def test_scrub_speed_loop_volume_and_mute(qtbot, player: PlayerWidget, clips) -> None:
    player.load(clips[0])
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=5_000)
    player.transport.seekRequested.emit(300)  # what dragging the slider does
    qtbot.waitUntil(lambda: player.position() == 300, timeout=5_000)
    assert player.transport.slider.value() == 300
    player.transport.speed.setCurrentIndex(player.transport.speed.findData(2.0))
    assert player.a.player.playbackRate() == 2.0
    player.set_volume(30)
    assert player.transport.volume.value() == 30
    player.action_mute.trigger()
    assert player._audio.isMuted()
    player.action_loop.trigger()
    starts: list[int] = []
    player.positionChanged.connect(lambda ms: starts.append(ms) if ms < 100 else None)
    finished: list[bool] = []
    player.mediaFinished.connect(lambda: finished.append(True))
    player.play()
    qtbot.waitUntil(lambda: bool(starts), timeout=10_000)  # wrapped around to the start
    assert player.is_playing() and not finished
    player.stop()


def test_ab_compare_drives_both_decks(qtbot, player: PlayerWidget, clips) -> None:
    player.compare(clips[0], clips[2])
    assert player.mode == "compare"
    assert player.a.video.isVisible() and player.b.video.isVisible()
    qtbot.waitUntil(lambda: player.a.player.duration() > 0 and player.b.player.duration() > 0)
    player.seek(250)
    qtbot.waitUntil(
        lambda: player.a.player.position() == 250 and player.b.player.position() == 250,
        timeout=5_000,
    )
    player.set_speed(1.5)
    assert player.b.player.playbackRate() == 1.5
    with qtbot.waitSignal(player.mediaFinished, timeout=10_000):
        player.play()
        qtbot.waitUntil(player.b.is_playing, timeout=5_000)
    player.load(clips[1])
    assert not player.b.video.isVisible()


def _cut_doc(tmp_path: Path, clips: list[Path], chosen: list[bool]) -> ProjectDocument:
    doc = ProjectDocument(capability_table())
    shots = []
    for i, (clip, has) in enumerate(zip(clips, chosen, strict=True)):
        shot = Shot(title=f"Shot {i}")
        if has:
            take = Take(status=TakeStatus.COMPLETED, media=str(clip))  # absolute is allowed too
            shot.takes.append(take)
            shot.chosen_take = take.id
        shots.append(shot)
    doc.load(Project(shots=shots), tmp_path / "p.sorastudio")
    return doc


def test_play_the_cut_walks_the_chosen_takes_in_order(qtbot, tmp_path, clips) -> None:
    doc = _cut_doc(tmp_path, [clips[2], clips[0], clips[1], clips[0]], [True, True, False, True])
    w = PlayerWidget(doc)
    qtbot.addWidget(w)
    w.show()
    seen: list[str] = []
    w.currentShotChanged.connect(seen.append)
    with qtbot.waitSignal(w.cutFinished, timeout=20_000):
        assert w.play_cut() == 3
    ids = [s.id for s in doc.project.shots]
    assert seen == [ids[0], ids[1], ids[3]]
    assert w.a.player.mediaStatus() == w.a.player.MediaStatus.EndOfMedia


def test_play_the_cut_with_nothing_finished_ends_at_once(qtbot, tmp_path, clips) -> None:
    doc = _cut_doc(tmp_path, clips[:2], [False, False])
    w = PlayerWidget(doc)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.cutFinished, timeout=1_000):
        assert w.play_cut() == 0
    assert w.mode is None and w.placeholder.isVisibleTo(w)


@pytest.mark.qt_log_ignore(r"Could not open media", extend=True)  # the very failure under test
def test_unplayable_file_reports_an_error(qtbot, player: PlayerWidget, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all" * 100)
    with qtbot.waitSignal(player.errorOccurred, timeout=10_000):
        player.load(bad)
        player.play()
    qtbot.waitUntil(lambda: player.a.player.mediaStatus() == _S.InvalidMedia, timeout=5_000)
    assert not player.is_playing()
