"""The built-in player: one take, two takes side by side (A/B), or the whole cut.

Everything is event driven: QMediaPlayer decodes on its own threads (Qt's FFmpeg backend),
the widget reacts to ``mediaStatusChanged`` / ``positionChanged``; nothing here waits.
Deck A carries the audio; deck B (compare only) is silent and slaved to A's position,
play state and rate, re-synced whenever it drifts by more than ~3 frames.

With no audio device (CI, offscreen) the audio output is simply not attached, so video
still plays, and it is attached when a device appears.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from studio.ui.document import ProjectDocument
from studio.ui.player.deck import Deck
from studio.ui.player.playlist import CutEntry, cut_playlist
from studio.ui.player.transport import TransportBar

try:  # Qt >= 6.7
    from PySide6.QtMultimedia import QtAudio

    def _linear_volume(percent: int) -> float:
        return QtAudio.convertVolume(
            percent / 100,
            QtAudio.VolumeScale.LogarithmicVolumeScale,
            QtAudio.VolumeScale.LinearVolumeScale,
        )
except ImportError:  # pragma: no cover

    def _linear_volume(percent: int) -> float:
        return percent / 100


DRIFT_MS = 120
_S = QMediaPlayer.MediaStatus


class PlayerWidget(QWidget):
    """Plays takes, compares two takes, and plays the cut of a :class:`ProjectDocument`.

    Signals:
        positionChanged(int): playback position of the (A) clip in ms.
        durationChanged(int): duration of the (A) clip in ms.
        playingChanged(bool): playback started (True) or paused/stopped (False).
        mediaFinished(): a single clip or compare pair reached its end (no loop).
        currentShotChanged(str): play-the-cut moved to this shot's clip.
        cutFinished(): play-the-cut played its last clip (or had nothing to play).
        errorOccurred(str): a clip could not be played; the message is for people.

    Actions (attributes; shortcuts work while the player has focus): ``action_play_pause``
    (Space), ``action_frame_back`` (,), ``action_frame_forward`` (.), ``action_loop`` (L),
    ``action_mute`` (M), ``action_play_cut``, ``action_stop``.
    """

    positionChanged = Signal("qlonglong")  # ms; int64 like QMediaPlayer.position
    durationChanged = Signal("qlonglong")  # ms
    playingChanged = Signal(bool)
    mediaFinished = Signal()
    currentShotChanged = Signal(str)
    cutFinished = Signal()
    errorOccurred = Signal(str)

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._mode: str | None = None  # None | "single" | "compare" | "cut"
        self._cut: list[CutEntry] = []
        self._cut_index = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Player"))

        self._audio = QAudioOutput(self)
        self._devices = QMediaDevices(self)
        self.a = Deck(self, self)
        self.b = Deck(self, self)
        self._attach_audio()
        self._devices.audioOutputsChanged.connect(self._attach_audio)

        self._make_actions()
        # A dark stage, like every video tool: letterboxing and captions read on it.
        stage = QWidget(self)
        stage.setObjectName("playerStage")
        stage.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        stage.setStyleSheet(
            "#playerStage { background: #101215; }"
            " QLabel { color: #c9ced6; padding: 3px 6px; background: transparent; }"
        )
        self.placeholder = QLabel(self.tr("Nothing to play yet — pick a take, or Play Cut."), stage)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMinimumSize(160, 90)
        self._col_a, self.caption_a = self._column(stage, self.a)
        self._col_b, self.caption_b = self._column(stage, self.b)
        videos = QHBoxLayout(stage)
        videos.setContentsMargins(0, 0, 0, 0)
        videos.setSpacing(4)
        videos.addWidget(self.placeholder, 1)
        videos.addWidget(self._col_a, 1)
        videos.addWidget(self._col_b, 1)
        self.transport = TransportBar(self._actions_by_name, self)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(stage, 1)
        root.addWidget(self.transport)

        pa, pb = self.a.player, self.b.player
        pa.positionChanged.connect(self._on_position)
        # Forwarded in C++: a Python emit per position tick is wasted work (and see emit.py).
        pa.positionChanged.connect(self.positionChanged)
        pa.durationChanged.connect(self.durationChanged)
        pa.durationChanged.connect(self._on_duration)
        pa.playbackStateChanged.connect(self._on_state)
        pa.mediaStatusChanged.connect(self._on_status)
        pa.errorOccurred.connect(self._on_error)
        pb.errorOccurred.connect(self._on_error)
        self.transport.seekRequested.connect(self.seek)
        self.transport.speedRequested.connect(self.set_speed)
        self.transport.volumeRequested.connect(self.set_volume)
        self.set_volume(self.transport.volume.value())
        self._show_mode()

    # -- public API ----------------------------------------------------------------
    @property
    def mode(self) -> str | None:
        """None, "single", "compare" or "cut"."""
        return self._mode

    def load(self, path: Path, *, play: bool = False) -> None:
        """Show one clip, paused at its start (or playing, with ``play``)."""
        self._reset("single")
        self.a.open(Path(path))
        self.caption_a.setText(Path(path).name)
        self._show_mode()
        self.a.player.pause()  # paused, not stopped: the first frame shows and seeks render
        if play:
            self.play()

    def menu_actions(self) -> list[QAction]:
        """The player's actions for the window's Playback menu (Play the Cut is there)."""
        return [a for name, a in self._actions_by_name.items() if name != "play_cut"]

    def compare(self, a: Path, b: Path) -> None:
        """Show two clips side by side; play/pause/seek/speed drive both."""
        self._reset("compare")
        self.a.open(Path(a))
        self.b.open(Path(b))
        self.caption_a.setText(f"A  {Path(a).name}")  # i18n: not text
        self.caption_b.setText(f"B  {Path(b).name}")  # i18n: not text
        self._show_mode()
        self.pause()

    def play_cut(self) -> int:
        """Play the chosen takes in timeline order; returns how many clips will play.

        Emits ``currentShotChanged`` per clip and ``cutFinished`` after the last one (at
        once when no shot has a finished chosen take).
        """
        root = self._doc.media_root()  # an untitled project's media live in a scratch folder
        anchor = self._doc.path or (root / "untitled" if root is not None else None)
        clips, _skipped = cut_playlist(self._doc.project, anchor)
        self._reset("cut" if clips else None)
        self._show_mode()
        if not clips:
            self.cutFinished.emit()
            return 0
        self._cut = clips
        self._start_cut_clip(0)
        return len(clips)

    def play(self) -> None:
        if self._mode is None:
            return
        if self.a.player.mediaStatus() == _S.EndOfMedia:
            self.seek(0)
        for d in self._decks():
            d.player.play()

    def pause(self) -> None:
        for d in self._decks():
            d.player.pause()
        self._sync_b(force=True)

    def toggle_play(self) -> None:
        self.pause() if self.a.is_playing() else self.play()

    def stop(self) -> None:
        """Stop playback and forget the cut; the loaded clip stays."""
        self._cut, self._cut_index = [], -1
        for d in (self.a, self.b):
            d.player.stop()
        if self._mode == "cut":
            self._mode = "single" if self.a.path else None

    def seek(self, ms: int) -> None:
        for d in self._decks():
            d.player.setPosition(max(0, int(ms)))

    def step_frames(self, n: int) -> None:
        """Pause and move ``n`` frames (negative: back), at the media's frame rate."""
        if self._mode is None:
            return
        self.pause()
        pos = self.a.player.position() + n * self.a.frame_ms()
        dur = self.a.player.duration()
        self.seek(max(0, min(pos, dur - 1 if dur > 0 else pos)))

    def set_loop(self, on: bool) -> None:
        self.action_loop.setChecked(on)

    def set_speed(self, rate: float) -> None:
        for d in (self.a, self.b):
            d.player.setPlaybackRate(rate)
        i = self.transport.speed.findData(rate)
        if i >= 0 and i != self.transport.speed.currentIndex():
            self.transport.speed.setCurrentIndex(i)

    def set_volume(self, percent: int) -> None:
        self._audio.setVolume(_linear_volume(max(0, min(100, percent))))
        if self.transport.volume.value() != percent:
            self.transport.volume.setValue(percent)

    def set_muted(self, on: bool) -> None:
        self.action_mute.setChecked(on)

    def position(self) -> int:
        return self.a.player.position()

    def duration(self) -> int:
        return self.a.player.duration()

    def is_playing(self) -> bool:
        return self.a.is_playing()

    def current_shot(self) -> str | None:
        """The shot whose clip play-the-cut is showing, if any."""
        return self._cut[self._cut_index].shot_id if 0 <= self._cut_index < len(self._cut) else None

    @staticmethod
    def _column(stage: QWidget, deck: Deck) -> tuple[QWidget, QLabel]:
        """A caption over a video surface; hidden as one so the other column gets the room."""
        col = QWidget(stage)
        caption = QLabel(col)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        lay = QVBoxLayout(col)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(caption)
        deck.video.setParent(col)
        lay.addWidget(deck.video, 1)
        return col, caption

    # -- actions -------------------------------------------------------------------
    def _make_actions(self) -> None:
        style = self.style()
        sp = QStyle.StandardPixmap

        def act(name: str, text: str, key: str, icon, slot, checkable=False) -> QAction:
            a = QAction(style.standardIcon(icon), text, self)
            if key:
                a.setShortcut(QKeySequence(key))
                native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                a.setToolTip(self.tr("{action} ({key})").format(action=text.replace("&", ""),
                                                               key=native))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.setCheckable(checkable)
            (a.toggled if checkable else a.triggered).connect(slot)
            self.addAction(a)
            self._actions_by_name[name] = a
            return a

        self._actions_by_name: dict[str, QAction] = {}
        self.action_play_pause = act(
            "play_pause", self.tr("&Play/Pause"), "Space", sp.SP_MediaPlay, self.toggle_play
        )
        self.action_frame_back = act(
            "frame_back", self.tr("Frame &Back"), ",", sp.SP_MediaSeekBackward,
            lambda: self.step_frames(-1),
        )
        self.action_frame_forward = act(
            "frame_forward",
            self.tr("Frame &Forward"),
            ".",
            sp.SP_MediaSeekForward,
            lambda: self.step_frames(1),
        )
        self.action_loop = act("loop", self.tr("&Loop"), "L", sp.SP_BrowserReload,
                               lambda _on: None, True)
        self.action_mute = act("mute", self.tr("&Mute"), "M", sp.SP_MediaVolume,
                               self._on_mute, True)
        self.action_play_cut = act(
            "play_cut", self.tr("Play &Cut"), "", sp.SP_MediaSkipForward, self.play_cut
        )
        self.action_play_cut.setToolTip(self.tr("Play the chosen takes of all shots in order"))
        self.action_stop = act("stop", self.tr("&Stop"), "", sp.SP_MediaStop, self.stop)

    def _on_mute(self, on: bool) -> None:
        self._audio.setMuted(on)
        pix = (
            QStyle.StandardPixmap.SP_MediaVolumeMuted
            if on
            else QStyle.StandardPixmap.SP_MediaVolume
        )
        self.action_mute.setIcon(self.style().standardIcon(pix))

    # -- internals -----------------------------------------------------------------
    def _decks(self) -> tuple[Deck, ...]:
        return (self.a, self.b) if self._mode == "compare" else (self.a,)

    def _attach_audio(self) -> None:
        """Attach audio only when a device exists: without one Qt warns on every play."""
        has_device = bool(self._devices.audioOutputs())
        self.a.set_audio(self._audio if has_device else None)
        self.b.set_audio(None)

    def _reset(self, mode: str | None) -> None:
        self._cut, self._cut_index = [], -1
        for d in (self.a, self.b):
            d.player.stop()
        self.b.open(None)
        self._mode = mode

    def _show_mode(self) -> None:
        active = self._mode is not None
        self.placeholder.setVisible(not active)
        self._col_a.setVisible(active)
        self._col_b.setVisible(self._mode == "compare")
        for name in ("play_pause", "frame_back", "frame_forward"):
            self._actions_by_name[name].setEnabled(active)
        self.transport.setEnabled(True)
        self.transport.show_position(0, 0)

    def _start_cut_clip(self, i: int) -> None:
        self._cut_index = i
        entry = self._cut[i]
        self.a.open(entry.path)
        if entry.start_ms:  # the shot's in point (core.cut trims)
            self.a.player.setPosition(entry.start_ms)
        n = len(self._cut)
        self.caption_a.setText(self.tr("Cut {i}/{n}  {title}").format(
            i=i + 1, n=n, title=entry.title or entry.path.name))
        self.a.player.play()
        self.currentShotChanged.emit(entry.shot_id)

    def _sync_b(self, force: bool = False) -> None:
        if self._mode != "compare" or self.b.player.mediaStatus() in (_S.NoMedia, _S.EndOfMedia):
            return
        pa = self.a.player.position()
        drifted = force or abs(self.b.player.position() - pa) > DRIFT_MS
        if drifted and pa < self.b.player.duration():
            self.b.player.setPosition(pa)

    def _on_position(self, ms: int) -> None:
        self.transport.show_position(ms, self.a.player.duration())
        if self._mode == "cut" and 0 <= self._cut_index < len(self._cut):
            end = self._cut[self._cut_index].end_ms
            if end is not None and ms >= end and self.sender() is self.a.player:
                self.a.player.pause()
                self._on_status(_S.EndOfMedia)  # the shot's out point: on to the next clip
                return
        if self.a.is_playing():
            self._sync_b()

    def _on_duration(self, ms: int) -> None:
        self.transport.show_position(self.a.player.position(), ms)

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        pix = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.action_play_pause.setIcon(self.style().standardIcon(pix))
        self.playingChanged.emit(playing)

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status != _S.EndOfMedia:
            return
        loop = self.action_loop.isChecked()
        if self._mode == "cut" and self._cut:
            nxt = self._cut_index + 1
            if nxt < len(self._cut):
                self._start_cut_clip(nxt)
            elif loop:
                self._start_cut_clip(0)
            else:
                self.cutFinished.emit()
        elif loop:
            self.seek(0)
            self.play()
        else:
            self.mediaFinished.emit()

    def _on_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        text = message or "This clip cannot be played."
        if self._mode == "cut" and self.sender() is self.a.player and self._cut:
            self.errorOccurred.emit(f"{self._cut[self._cut_index].path.name}: {text}")
            self._on_status(_S.EndOfMedia)  # skip the broken clip, keep the cut going
            return
        self.errorOccurred.emit(text)
