"""How one shot block looks: the timeline view decides *where*, this decides *what*.

Kept apart from the view so the interaction code stays readable and so other widgets (a
shot list, a contact sheet preview) can draw the same block.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap

from studio.ui.timeline.status import Badge, ShotStatus

BADGE_COLORS: dict[Badge, tuple[str, str]] = {  # (background, text)
    Badge.DRAFT: ("#5b606b", "#f2f2f2"),
    Badge.QUEUED: ("#8a6d1d", "#fff6d8"),
    Badge.RUNNING: ("#1f6fb2", "#ffffff"),
    Badge.DONE: ("#2e7d4f", "#ffffff"),
    Badge.OUTDATED: ("#7b5ea7", "#ffffff"),  # not amber: queued is amber
    Badge.FAILED: ("#b23a3a", "#ffffff"),
    Badge.CANCELLED: ("#6b5b5b", "#f2f2f2"),
}

#: The badges' words, marked for the translator and translated where they are drawn.
BADGE_WORDS: dict[Badge, str] = {
    Badge.DRAFT: QT_TRANSLATE_NOOP("Timeline", "draft"),
    Badge.QUEUED: QT_TRANSLATE_NOOP("Timeline", "queued"),
    Badge.DONE: QT_TRANSLATE_NOOP("Timeline", "done"),
    Badge.OUTDATED: QT_TRANSLATE_NOOP("Timeline", "outdated"),
    Badge.FAILED: QT_TRANSLATE_NOOP("Timeline", "failed"),
    Badge.CANCELLED: QT_TRANSLATE_NOOP("Timeline", "cancelled"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def badge_text(status: ShotStatus) -> str:
    """The badge's word in the current language; a running take shows its percent."""
    if status.badge is Badge.RUNNING:
        return "…" if status.percent is None else f"{status.percent} %"
    return _tr(BADGE_WORDS[status.badge])


TRACK_BG = QColor("#17191d")
BLOCK_BG = QColor("#2c313a")
BLOCK_BG_SELECTED = QColor("#2f4a6b")
THUMB_BG = QColor("#1b1e24")
TEXT = QColor("#e8eaed")
TEXT_DIM = QColor("#a9b0bb")
ACCENT = QColor("#4da3ff")
PREVIEW = QColor("#ffcc4d")


@dataclass
class BlockInfo:
    number: int
    title: str
    seconds: int
    status: ShotStatus
    thumbnail: QPixmap | None
    selected: bool
    current: bool
    resizing: bool = False


class BlockPainter:
    """Paints shot blocks with fonts and metrics computed once per font change."""

    def __init__(self, font: QFont, thumb_height: int) -> None:
        self.thumb_height = thumb_height
        self.set_font(font)

    def set_font(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        self.fm = QFontMetrics(self.font)
        self.fm_bold = QFontMetrics(self.bold)
        self.fm_small = QFontMetrics(self.small)

    def block_height(self) -> int:
        return 4 + self.thumb_height + 4 + self.fm_bold.height() + 2 + self.fm.height() + 6

    def paint(self, p: QPainter, r: QRectF, info: BlockInfo) -> None:
        bg = BLOCK_BG_SELECTED if info.selected else BLOCK_BG
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(r, 4, 4)
        if r.width() < 6:
            return
        thumb = QRectF(r.left() + 3, r.top() + 3, r.width() - 6, self.thumb_height)
        p.fillRect(thumb, THUMB_BG)
        if info.thumbnail is not None and not info.thumbnail.isNull():
            p.save()
            p.setClipRect(thumb)
            pm = info.thumbnail
            x = thumb.left()
            while x < thumb.right():  # tile: a long shot shows a filmstrip, not a gap
                p.drawPixmap(QPointF(x, thumb.top()), pm)
                x += max(1, pm.width() / pm.devicePixelRatio())
            p.restore()
        self._paint_number(p, thumb, info.number)
        self._paint_badge(p, thumb, info.status)
        self._paint_text(p, r, thumb, info)
        if info.selected or info.current:
            p.setBrush(Qt.BrushStyle.NoBrush)
            pen = QPen(ACCENT, 2 if info.selected else 1)
            if not info.selected:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4)
        if info.selected or info.resizing:
            grip = QRectF(r.right() - 5, r.top() + r.height() * 0.3, 3, r.height() * 0.4)
            p.fillRect(grip, PREVIEW if info.resizing else ACCENT)

    def _paint_number(self, p: QPainter, thumb: QRectF, number: int) -> None:
        text = str(number)
        w = self.fm_small.horizontalAdvance(text) + 8
        if thumb.width() < w + 4:
            return
        box = QRectF(thumb.left() + 3, thumb.top() + 3, w, self.fm_small.height() + 2)
        p.fillRect(box, QColor(0, 0, 0, 150))
        p.setFont(self.small)
        p.setPen(TEXT)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_badge(self, p: QPainter, thumb: QRectF, status: ShotStatus) -> None:
        bg, fg = BADGE_COLORS[status.badge]
        # A status strip always shows, even on a block too narrow for the label; while a
        # take renders it doubles as a progress bar.
        strip = QRectF(thumb.left(), thumb.bottom() - 3, thumb.width(), 3)
        if status.badge is Badge.RUNNING and status.percent is not None:
            p.fillRect(strip, QColor(0, 0, 0, 200))
            strip.setWidth(strip.width() * status.percent / 100)
        p.fillRect(strip, QColor(bg))
        text = badge_text(status)
        w = self.fm_small.horizontalAdvance(text) + 10
        h = self.fm_small.height() + 2
        if thumb.width() < w + 30:
            return
        box = QRectF(thumb.right() - w - 3, thumb.top() + 3, w, h)
        if status.badge is Badge.RUNNING and status.percent is not None:
            p.setPen(QPen(QColor(bg), 1))
            p.setBrush(QColor(0, 0, 0, 170))
            p.drawRoundedRect(box, h / 2, h / 2)
            fill = QRectF(box.left(), box.top(), box.width() * status.percent / 100, h)
            p.save()
            p.setClipRect(fill)
            p.setBrush(QColor(bg))
            p.drawRoundedRect(box, h / 2, h / 2)
            p.restore()
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(bg))
            p.drawRoundedRect(box, h / 2, h / 2)
        p.setFont(self.small)
        p.setPen(QColor(fg))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_text(self, p: QPainter, r: QRectF, thumb: QRectF, info: BlockInfo) -> None:
        inner = r.width() - 10
        if inner < 12:
            return
        y = thumb.bottom() + 4
        title = info.title or _tr("Untitled shot")
        p.setFont(self.bold)
        p.setPen(TEXT if info.title else TEXT_DIM)
        elided = self.fm_bold.elidedText(title, Qt.TextElideMode.ElideRight, int(inner))
        line = QRectF(r.left() + 5, y, inner, self.fm_bold.height())
        p.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        y += self.fm_bold.height() + 2
        p.setFont(self.font)
        p.setPen(PREVIEW if info.resizing else TEXT_DIM)
        secs = self.fm.elidedText(_tr("{n} s").format(n=info.seconds),
                                  Qt.TextElideMode.ElideRight, int(inner))
        line = QRectF(r.left() + 5, y, inner, self.fm.height())
        p.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, secs)
