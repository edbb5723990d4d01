"""The shot timeline: shots to scale, drag to reorder, drag edges to change durations.

Why a custom-painted ``QAbstractScrollArea`` and not ``QGraphicsView``: the timeline is one
lane of rectangles whose positions are prefix sums of durations. ``TimelineLayout`` answers
"what is visible / under the mouse / where does a drop land" with a bisect, so a paint
touches only the dozen visible blocks, and a reorder of 500 shots is one O(n) prefix-sum
rebuild with no scene items to create, move or index. A graphics scene would keep 500+
items in sync with the model for no gain.

Every change goes through :class:`~studio.ui.document.ProjectDocument` (one undo command
per gesture: one ``move_shots`` per drop, one ``set_shot_duration`` per handle drag); the
view redraws from the document's signals only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QSizePolicy, QToolTip, QWidget

from studio.core import editing
from studio.core.freshness import is_outdated
from studio.core.model import Shot, Take
from studio.ui.document import ProjectDocument
from studio.ui.thumbnails import ThumbnailCache
from studio.ui.timeline.layout import (
    DEFAULT_PPS,
    TimelineLayout,
    format_seconds,
    range_ids,
    ruler_step,
    slot_after_removal,
    zoom_pps,
)
from studio.ui.timeline.painter import (
    ACCENT,
    TEXT_DIM,
    TRACK_BG,
    BlockInfo,
    BlockPainter,
    badge_text,
)
from studio.ui.timeline.status import shot_status

RULER_H = 22
TRACK_TOP = RULER_H + 6
THUMB_H = 56
HANDLE_TOL = 5.0
AUTOSCROLL_MARGIN = 40


class TimelineView(QAbstractScrollArea):
    """The storyboard's shot lane, bound to a :class:`ProjectDocument`.

    Signals:
        shotActivated(str): a shot was double-clicked or Enter was pressed on it.
        zoomChanged(float): the zoom (pixels per second) changed.

    Actions (attributes, for the main window's menus; their shortcuts work while the
    timeline has focus): ``action_add``, ``action_duplicate`` (Ctrl+D), ``action_split``
    (S), ``action_delete`` (Delete), ``action_select_all`` (Ctrl+A), ``action_zoom_in`` (+),
    ``action_zoom_out`` (-), ``action_zoom_fit`` (0).
    """

    shotActivated = Signal(str)
    zoomChanged = Signal(float)

    def __init__(
        self,
        document: ProjectDocument,
        thumbnails: ThumbnailCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._thumbs = (
            thumbnails if thumbnails is not None else ThumbnailCache(THUMB_H, parent=self)
        )
        self._pps = DEFAULT_PPS
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._layout = TimelineLayout([], self._pps)
        self._progress: dict[str, int] = {}  # take id -> percent
        # take id -> outdated, filled only for painted shots (composing a prompt is the
        # cost); any edit can change it (the look, the previous shot's title): cleared.
        self._outdated: dict[str, bool] = {}
        self._current: str | None = None
        self._anchor: str | None = None
        # gesture state
        self._press: QPoint | None = None
        self._press_id: str | None = None
        self._deferred_select: str | None = None
        self._mode: str | None = None  # None | "pending" | "move" | "resize"
        self._moving: list[str] = []
        self._drop_slot: int | None = None
        self._resize_id: str | None = None
        self._resize_seconds: int | None = None
        self._last_mouse = QPoint()

        self._painter = BlockPainter(self.font(), THUMB_H)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setAccessibleName(self.tr("Shot timeline"))
        self._autoscroll = QTimer(self, interval=30)
        self._autoscroll.timeout.connect(self._on_autoscroll)
        self._make_actions()

        document.projectReset.connect(self._on_reset)
        document.shotsChanged.connect(self._rebuild)
        document.shotChanged.connect(self._on_shot_changed)
        document.selectionChanged.connect(self._on_selection)
        document.lookChanged.connect(self._outdated.clear)
        document.lookChanged.connect(self.viewport().update)
        document.filmChanged.connect(self._outdated.clear)
        self._thumbs.thumbnailReady.connect(self._on_thumbnail)
        self._rebuild()

    # -- public API ----------------------------------------------------------------
    @property
    def pps(self) -> float:
        """Zoom: pixels per second of film."""
        return self._pps

    def set_pps(self, pps: float, anchor_x: float | None = None) -> None:
        """Zoom to ``pps``, keeping the time under viewport x ``anchor_x`` in place."""
        ax = self.viewport().width() / 2 if anchor_x is None else anchor_x
        t = self._layout.time_at(ax + self._xoff())
        self._pps = zoom_pps(pps, 0)
        if self._pps == self._layout.pps:
            return
        self._relayout()
        self.horizontalScrollBar().setValue(round(self._layout.x_of_time(t) - ax))
        self.zoomChanged.emit(self._pps)

    def set_take_progress(self, shot_id: str, take_id: str, percent: int | None) -> None:
        """Show a running take's progress on its shot's badge (None forgets it)."""
        if percent is None:
            self._progress.pop(take_id, None)
        else:
            self._progress[take_id] = int(percent)
        self._update_shot(shot_id)

    def layout_model(self) -> TimelineLayout:
        """The current geometry (content coordinates); for tests and overlays."""
        return self._layout

    def shot_rect(self, shot_id: str) -> QRect:
        """A shot's block in viewport coordinates."""
        i = self._index[shot_id]
        span = self._layout.span(i)
        x0 = round(span.x0) - self._xoff()
        return QRect(x0, TRACK_TOP, max(1, round(span.x1) - round(span.x0)), self._block_h())

    def ensure_visible(self, shot_id: str) -> None:
        if shot_id not in self._index:
            return
        span = self._layout.span(self._index[shot_id])
        sb = self.horizontalScrollBar()
        w = self.viewport().width()
        if span.x0 < sb.value():
            sb.setValue(int(span.x0 - self._layout.left))
        elif span.x1 > sb.value() + w:
            sb.setValue(int(min(span.x0 - self._layout.left, span.x1 - w + self._layout.left)))

    def sizeHint(self) -> QSize:
        return QSize(900, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        sb = self.horizontalScrollBar().sizeHint().height()
        return QSize(200, TRACK_TOP + self._block_h() + 8 + sb + 2 * self.frameWidth())

    # -- actions -------------------------------------------------------------------
    def _make_actions(self) -> None:
        def act(text: str, keys: list, slot, tip: str = "") -> QAction:
            a = QAction(text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if tip:
                a.setStatusTip(tip)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.action_add = act(
            self.tr("&Add Shot"), ["Ins"], self._add,
            self.tr("Insert a shot after the current one")
        )
        self.action_duplicate = act(self.tr("&Duplicate"), ["Ctrl+D"], self._duplicate)
        self.action_split = act(self.tr("&Split"), ["S"], self._split,
                                self.tr("Split the current shot in two"))
        self.action_delete = act(
            self.tr("De&lete"), [QKeySequence.StandardKey.Delete, "Backspace"], self._delete
        )
        self.action_select_all = act(self.tr("Select &All Shots"), ["Ctrl+A"], self._select_all)
        self.action_zoom_in = act(self.tr("Zoom &In"), ["+", "=", "Ctrl++"], lambda: self._zoom(1))
        self.action_zoom_out = act(self.tr("Zoom &Out"), ["-", "Ctrl+-"], lambda: self._zoom(-1))
        self.action_zoom_fit = act(self.tr("Zoom to &Fit"), ["0"], self._zoom_fit)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._update_actions()

    def _update_actions(self) -> None:
        has = bool(self._doc.selection)
        for a in (self.action_duplicate, self.action_delete):
            a.setEnabled(has)
        self.action_split.setEnabled(self._current in self._index)

    def _add(self) -> None:
        at = self._index[self._current] + 1 if self._current in self._index else None
        new = self._doc.add_shot(at)
        self._set_current(new)
        self._doc.set_selection([new])

    def _duplicate(self) -> None:
        if self._doc.selection:
            new = self._doc.duplicate_shots(self._doc.selection)
            if new:
                self._set_current(new[-1], anchor=new[0])

    def _split(self) -> None:
        if self._current in self._index:
            new = self._doc.split_shot(self._current)
            self._set_current(new)

    def _delete(self) -> None:
        if self._doc.selection:
            self._doc.delete_shots(self._doc.selection)

    def _select_all(self) -> None:
        self._doc.set_selection(list(self._ids))

    def _zoom(self, steps: float, anchor_x: float | None = None) -> None:
        self.set_pps(zoom_pps(self._pps, steps), anchor_x)

    def _zoom_fit(self) -> None:
        self.set_pps(self._layout.fit_pps(self.viewport().width()), 0)
        self.horizontalScrollBar().setValue(0)

    # -- document signals ----------------------------------------------------------
    def _on_reset(self) -> None:
        self._progress.clear()
        self._outdated.clear()
        self._current = self._anchor = None
        self._cancel_gesture()
        self._rebuild()
        self.horizontalScrollBar().setValue(0)

    def _rebuild(self) -> None:
        self._outdated.clear()
        shots = self._doc.project.shots
        self._ids = [s.id for s in shots]
        self._index = {sid: i for i, sid in enumerate(self._ids)}
        if self._current not in self._index:
            self._current = None
        if self._anchor not in self._index:
            self._anchor = None
        self._relayout()
        self._update_actions()

    def _relayout(self) -> None:
        durations = [self._shown_seconds(s) for s in self._doc.project.shots]
        self._layout = TimelineLayout(durations, self._pps)
        sb = self.horizontalScrollBar()
        w = self.viewport().width()
        sb.setRange(0, max(0, int(self._layout.total_width) - w))
        sb.setPageStep(w)
        sb.setSingleStep(max(10, int(self._pps)))
        self.viewport().update()

    def _on_shot_changed(self, shot_id: str) -> None:
        i = self._index.get(shot_id)
        if i is None:
            return
        self._outdated.clear()
        if i + 1 < len(self._ids):  # its prompt names this shot ("Previously: …")
            self._update_shot(self._ids[i + 1])
        if self._layout.durations[i] != self._shown_seconds(self._doc.project.shots[i]):
            self._relayout()  # later blocks shift: O(n) prefix sums, still cheap
        else:
            self._update_shot(shot_id)

    def _on_selection(self, ids: list) -> None:
        if ids and self._current not in ids:
            self._current = ids[-1]
        if ids and self._anchor not in ids:
            self._anchor = ids[0]
        if self._current is not None:
            self.ensure_visible(self._current)
        self._update_actions()
        self.viewport().update()

    def _on_thumbnail(self, _path: str) -> None:
        self.viewport().update()

    # -- helpers -------------------------------------------------------------------
    def _xoff(self) -> int:
        return self.horizontalScrollBar().value()

    def _block_h(self) -> int:
        return self._painter.block_height()

    def _shown_seconds(self, shot: Shot) -> int:
        if shot.id == self._resize_id and self._resize_seconds is not None:
            return self._resize_seconds
        return shot.duration

    def _allowed_seconds(self) -> tuple[int, ...] | None:
        return self._doc.allowed_seconds()

    def _update_shot(self, shot_id: str) -> None:
        if shot_id in self._index:
            self.viewport().update(self.shot_rect(shot_id).adjusted(-2, -2, 2, 2))

    def _is_outdated(self, shot: Shot, take: Take) -> bool:
        """Freshness of a painted shot's chosen take, remembered until the next edit."""
        hit = self._outdated.get(take.id)
        if hit is None:
            hit = is_outdated(self._doc.project, shot, take, self._doc.table)
            self._outdated[take.id] = hit
        return hit

    def _thumbnail_for(self, shot: Shot):
        take = shot.chosen()
        if take is None or not take.media:
            return None
        media = Path(take.media)
        if not media.is_absolute():
            root = self._doc.media_root()
            if root is None:
                return None
            media = root / media
        return self._thumbs.get(media)

    def _set_current(self, shot_id: str | None, anchor: str | None = None) -> None:
        self._current = shot_id
        self._anchor = anchor if anchor is not None else shot_id
        if shot_id is not None:
            self.ensure_visible(shot_id)
        self._update_actions()
        self.viewport().update()

    def _hit(self, pos: QPoint) -> tuple[str | None, str | None]:
        """(shot under pos, shot whose duration handle is under pos)."""
        if not (TRACK_TOP <= pos.y() <= TRACK_TOP + self._block_h()):
            return None, None
        x = pos.x() + self._xoff()
        h = self._layout.handle_at(x, HANDLE_TOL)
        i = self._layout.index_at(x)
        return (
            self._ids[i] if i is not None else None,
            self._ids[h] if h is not None else None,
        )

    # -- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        rect = event.rect()
        p.fillRect(rect, TRACK_BG)
        xoff = self._xoff()
        self._paint_ruler(p, rect, xoff)
        shots = self._doc.project.shots
        selected = set(self._doc.selection)
        number_base = 1
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i in self._layout.visible_range(rect.left() + xoff - 2, rect.right() + xoff + 3):
            shot = shots[i]
            span = self._layout.span(i)
            r = QRectF(span.x0 - xoff + 1, TRACK_TOP, span.width - 2, self._block_h())
            info = BlockInfo(
                number=i + number_base,
                title=shot.title,
                seconds=self._shown_seconds(shot),
                status=shot_status(shot, self._progress, self._is_outdated),
                thumbnail=self._thumbnail_for(shot),
                selected=shot.id in selected,
                current=shot.id == self._current and self.hasFocus(),
                resizing=shot.id == self._resize_id,
            )
            self._painter.paint(p, r, info)
        if self._mode == "move" and self._drop_slot is not None:
            x = self._layout.x_of_time(self._layout.starts[self._drop_slot]) - xoff
            p.setPen(QPen(ACCENT, 3))
            p.drawLine(round(x), TRACK_TOP - 4, round(x), TRACK_TOP + self._block_h() + 4)
        if not shots:
            p.setPen(TEXT_DIM)
            p.drawText(
                QRectF(0, TRACK_TOP, self.viewport().width(), self._block_h()),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No shots yet — Insert adds one"),
            )

    def _paint_ruler(self, p: QPainter, rect: QRect, xoff: int) -> None:
        if rect.top() > RULER_H:
            return
        p.fillRect(QRect(rect.left(), 0, rect.width(), RULER_H), QColor("#20242b"))
        step = ruler_step(self._pps)
        t0 = max(0.0, self._layout.time_at(rect.left() + xoff))
        t1 = min(self._layout.total_seconds, self._layout.time_at(rect.right() + xoff))
        fm = self.fontMetrics()
        p.setFont(self.font())
        t = int(t0 // step) * step
        while t <= t1:
            x = round(self._layout.x_of_time(t)) - xoff
            p.setPen(TEXT_DIM)
            p.drawLine(x, RULER_H - 7, x, RULER_H - 1)
            p.drawText(x + 3, RULER_H - 8 - fm.descent() + fm.ascent() // 2, format_seconds(t))
            minor = step / 5 if step >= 5 else 0
            if minor:
                p.setPen(QColor("#4a505a"))
                for k in range(1, 5):
                    mx = round(self._layout.x_of_time(t + k * minor)) - xoff
                    p.drawLine(mx, RULER_H - 4, mx, RULER_H - 1)
            t += step

    # -- keyboard ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        targets = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        if self._ids and key in (*targets, Qt.Key.Key_Home, Qt.Key.Key_End):
            cur = self._index.get(self._current, -1) if self._current else -1
            if key == Qt.Key.Key_Home:
                j = 0
            elif key == Qt.Key.Key_End:
                j = len(self._ids) - 1
            elif cur < 0:
                j = 0 if key == Qt.Key.Key_Right else len(self._ids) - 1
            else:
                j = max(0, min(len(self._ids) - 1, cur + targets[key]))
            target = self._ids[j]
            if mods & Qt.KeyboardModifier.ShiftModifier:
                anchor = self._anchor
                self._current = target
                self._doc.set_selection(range_ids(self._ids, anchor, target))
                self._set_current(target, anchor=anchor or target)
            else:
                self._set_current(target)
                self._doc.set_selection([target])
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current:
            self.shotActivated.emit(self._current)
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self._mode in ("move", "resize"):
            self._cancel_gesture()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- mouse ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        shot, handle = self._hit(pos)
        self._press = pos
        mods = event.modifiers()
        if handle is not None and not mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self._mode = "resize"
            self._resize_id = handle
            self._resize_seconds = self._doc.project.shot(handle).duration
            self._set_current(handle)
            if handle not in self._doc.selection:
                self._doc.set_selection([handle])
            self.viewport().update()
            return
        if shot is None:
            self._mode = None
            if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                self._doc.set_selection([])
            return
        sel = self._doc.selection
        if mods & Qt.KeyboardModifier.ControlModifier:
            new = [s for s in sel if s != shot] if shot in sel else [*sel, shot]
            self._set_current(shot)
            self._doc.set_selection(new)
        elif mods & Qt.KeyboardModifier.ShiftModifier:
            anchor = self._anchor
            self._doc.set_selection(range_ids(self._ids, anchor, shot))
            self._set_current(shot, anchor=anchor or shot)
        elif shot in sel and len(sel) > 1:
            self._deferred_select = shot  # a click keeps the group for a drag; release narrows
            self._set_current(shot)
        else:
            self._set_current(shot)
            self._doc.set_selection([shot])
        self._press_id = shot
        self._mode = "pending" if shot in self._doc.selection else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        self._last_mouse = pos
        if self._mode == "resize" and self._resize_id is not None:
            self._drag_handle_to(pos.x())
            self._autoscroll_if_near_edge(pos)
            return
        far = self._press is not None and (
            (pos - self._press).manhattanLength() >= QApplication.startDragDistance()
        )
        if self._mode == "pending" and far:
            self._mode = "move"
            self._deferred_select = None
            self._moving = list(self._doc.selection)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._mode == "move":
            slot = self._layout.insertion_index(pos.x() + self._xoff())
            if slot != self._drop_slot:
                self._drop_slot = slot
                self.viewport().update()
            self._autoscroll_if_near_edge(pos)
            return
        if not event.buttons():
            _, handle = self._hit(pos)
            self.viewport().setCursor(
                Qt.CursorShape.SizeHorCursor if handle else Qt.CursorShape.ArrowCursor
            )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        mode = self._mode
        if mode == "move" and self._drop_slot is not None and self._moving:
            to_index = slot_after_removal(self._ids, self._moving, self._drop_slot)
            moving = list(self._moving)
            self._end_gesture()
            self._doc.move_shots(moving, to_index)  # one undo command per drop
        elif mode == "resize" and self._resize_id is not None:
            shot_id, seconds = self._resize_id, self._resize_seconds
            self._end_gesture()
            if seconds is not None and seconds != self._doc.project.shot(shot_id).duration:
                self._doc.set_shot_duration(shot_id, seconds)  # one undo command per drag
            else:
                self._relayout()
        else:
            if self._deferred_select is not None:
                self._doc.set_selection([self._deferred_select])
            self._end_gesture()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        shot, _ = self._hit(event.position().toPoint())
        if shot is not None and event.button() == Qt.MouseButton.LeftButton:
            self.shotActivated.emit(shot)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120 if delta.y() else delta.x() / 120
            self._zoom(steps, event.position().x())
            event.accept()
            return
        # A plain wheel scrolls the (only) horizontal axis.
        amount = delta.x() or delta.y()
        sb = self.horizontalScrollBar()
        sb.setValue(sb.value() - round(amount / 120 * sb.singleStep() * 3))
        event.accept()

    def viewportEvent(self, event) -> bool:
        if isinstance(event, QHelpEvent):
            shot_id, _ = self._hit(event.pos())
            if shot_id is None:
                QToolTip.hideText()
                return True
            shot = self._doc.project.shot(shot_id)
            status = badge_text(shot_status(shot, self._progress, self._is_outdated))
            text = self.tr("<b>{title}</b> — {seconds} s — {status}").format(
                title=(shot.title or self.tr("Untitled shot")).replace("<", "&lt;"),
                seconds=shot.duration, status=status)
            if shot.camera:
                text += f"<br><i>{shot.camera}</i>"
            if shot.description:
                text += "<br>" + shot.description[:300]
            QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._painter.set_font(self.font())
            self.updateGeometry()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # -- gestures ------------------------------------------------------------------
    def _drag_handle_to(self, vx: int) -> None:
        i = self._index[self._resize_id]
        raw = self._layout.seconds_for_handle(i, vx + self._xoff())
        snapped = editing.snap(raw, self._allowed_seconds())
        if snapped != self._resize_seconds:
            self._resize_seconds = snapped
            self._relayout()

    def _autoscroll_if_near_edge(self, pos: QPoint) -> None:
        w = self.viewport().width()
        near = pos.x() < AUTOSCROLL_MARGIN or pos.x() > w - AUTOSCROLL_MARGIN
        if near and not self._autoscroll.isActive():
            self._autoscroll.start()
        elif not near:
            self._autoscroll.stop()

    def _on_autoscroll(self) -> None:
        if self._mode not in ("move", "resize"):
            self._autoscroll.stop()
            return
        pos = self._last_mouse
        w = self.viewport().width()
        step = -12 if pos.x() < AUTOSCROLL_MARGIN else 12 if pos.x() > w - AUTOSCROLL_MARGIN else 0
        sb = self.horizontalScrollBar()
        sb.setValue(sb.value() + step)
        if self._mode == "move":
            self._drop_slot = self._layout.insertion_index(pos.x() + self._xoff())
        else:
            self._drag_handle_to(pos.x())
        self.viewport().update()

    def _end_gesture(self) -> None:
        self._autoscroll.stop()
        self._mode = None
        self._press = None
        self._press_id = None
        self._deferred_select = None
        self._moving = []
        self._drop_slot = None
        self._resize_id = None
        self._resize_seconds = None
        self.viewport().unsetCursor()
        self.viewport().update()

    def _cancel_gesture(self) -> None:
        resized = self._resize_id is not None
        self._end_gesture()
        if resized:
            self._relayout()
