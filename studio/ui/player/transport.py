"""The transport bar under the video: buttons, scrubber, time, loop, speed, volume.

Pure view: it shows state it is given and emits what the user asked for; the player
widget decides what that means for one clip, a compare pair or the cut. Buttons take no
keyboard focus so Space always reaches the play/pause shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from studio.ui.player.playlist import format_time

SPEEDS = (0.5, 1.0, 1.5, 2.0)


class TransportBar(QWidget):
    """Signals:
    seekRequested(int): the user scrubbed to this position (ms).
    speedRequested(float): a playback rate was picked.
    volumeRequested(int): volume 0..100 was set.
    """

    seekRequested = Signal(int)
    speedRequested = Signal(float)
    volumeRequested = Signal(int)

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 4)
        lay.setSpacing(4)
        self._duration = 0

        def button(name: str) -> QToolButton:
            b = QToolButton(self)
            b.setDefaultAction(actions[name])
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAutoRaise(True)
            return b

        for name in ("frame_back", "play_pause", "frame_forward"):
            lay.addWidget(button(name))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 0)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setAccessibleName(self.tr("Position"))
        self.slider.sliderMoved.connect(self.seekRequested)
        self.slider.actionTriggered.connect(self._on_slider_action)
        lay.addWidget(self.slider, 1)
        self.time = QLabel(self)
        self.time.setTextFormat(Qt.TextFormat.PlainText)
        self.time.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00.00 / 00:00.00") + 8)
        self.time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.time)
        lay.addWidget(button("loop"))
        self.speed = QComboBox(self)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.setToolTip(self.tr("Playback speed"))
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self.speedRequested.emit(SPEEDS[i]))
        lay.addWidget(self.speed)
        lay.addWidget(button("mute"))
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(80)
        self.volume.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.volume.setToolTip(self.tr("Volume"))
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.valueChanged.connect(self.volumeRequested)
        lay.addWidget(self.volume)
        cut = button("play_cut")
        cut.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        lay.addWidget(cut)
        self.show_position(0, 0)

    def show_position(self, position: int, duration: int) -> None:
        if duration != self._duration:
            self._duration = duration
            self.slider.setRange(0, max(0, duration))
        if not self.slider.isSliderDown():
            self.slider.setValue(position)
        self.time.setText(f"{format_time(position)} / {format_time(duration)}")

    def _on_slider_action(self, action: int) -> None:
        # Page clicks on the groove jump; the slider already holds the target position.
        if action in (
            QSlider.SliderAction.SliderPageStepAdd,
            QSlider.SliderAction.SliderPageStepSub,
        ):
            self.seekRequested.emit(self.slider.sliderPosition())


def standard_icon(widget: QWidget, pixmap: QStyle.StandardPixmap):
    return widget.style().standardIcon(pixmap)
