"""One playback deck: a ``QMediaPlayer`` feeding a ``QVideoWidget``.

The player widget owns one deck for normal playback and a second for A/B compare; keeping
the per-player plumbing here keeps the widget about modes, not about Qt Multimedia.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaMetaData, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QWidget

DEFAULT_FPS = 24.0


class Deck(QObject):
    """A media player and its video surface. Audio is attached by the owner (A only)."""

    def __init__(self, video_parent: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.video = QVideoWidget(video_parent)
        self.video.setMinimumSize(160, 90)
        self.player.setVideoOutput(self.video)
        self.path: Path | None = None

    def set_audio(self, audio: QAudioOutput | None) -> None:
        self.player.setAudioOutput(audio)

    def open(self, path: Path | None) -> None:
        self.path = path
        self.player.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())

    def fps(self) -> float:
        """The media's frame rate (falls back to 24 when the container does not say)."""
        value = self.player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        try:
            fps = float(value)
        except (TypeError, ValueError):
            return DEFAULT_FPS
        return fps if 1.0 <= fps <= 240.0 else DEFAULT_FPS

    def frame_ms(self) -> int:
        return max(1, round(1000 / self.fps()))

    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
