"""The timeline: Qt-free layout math, status badges, and the widget driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from studio.core.model import Project, Shot, Strategy, Take, TakeStatus
from studio.storage.bundled import capability_table
from studio.ui.document import ProjectDocument
from studio.ui.timeline import TimelineView
from studio.ui.timeline import painter as painter_mod
from studio.ui.timeline.layout import (
    MAX_PPS,
    MIN_PPS,
    TimelineLayout,
    moved_order,
    range_ids,
    ruler_step,
    slot_after_removal,
    zoom_pps,
)
from studio.ui.timeline.status import Badge, shot_status
from tests.ui.media_helpers import make_clip

# -- layout (no Qt) -------------------------------------------------------------------


def test_layout_positions_are_to_scale() -> None:
    lay = TimelineLayout([4, 8, 12], pps=10, left=5)
    assert [lay.span(i).x0 for i in range(3)] == [5, 45, 125]
    assert lay.span(2).width == 120
    assert lay.total_seconds == 24
    assert lay.total_width == 5 + 240 + 5


def test_layout_hit_testing() -> None:
    lay = TimelineLayout([4, 8, 12], pps=10, left=0)
    assert lay.index_at(-1) is None
    assert lay.index_at(0) == 0
    assert lay.index_at(39.9) == 0
    assert lay.index_at(40) == 1
    assert lay.index_at(239) == 2
    assert lay.index_at(240) is None
    assert lay.handle_at(38) == 0  # right edge of shot 0 at x=40
    assert lay.handle_at(121) == 1
    assert lay.handle_at(60) is None
    assert lay.handle_at(1) is None  # the left margin is no handle


def test_layout_visible_range_is_only_what_intersects() -> None:
    lay = TimelineLayout([4] * 500, pps=25, left=0)  # 100 px per shot
    assert lay.visible_range(0, 1000) == range(0, 10)
    assert lay.visible_range(1050, 1250) == range(10, 13)
    assert lay.visible_range(49_950, 60_000) == range(499, 500)
    assert lay.visible_range(10, 10) == range(0)
    assert TimelineLayout([], 10).visible_range(0, 100) == range(0)


def test_insertion_index_uses_block_midpoints() -> None:
    lay = TimelineLayout([4, 4, 4], pps=10, left=0)
    assert lay.insertion_index(-5) == 0
    assert lay.insertion_index(19) == 0
    assert lay.insertion_index(21) == 1
    assert lay.insertion_index(65) == 2
    assert lay.insertion_index(500) == 3


def test_drop_slot_maps_to_document_move_semantics() -> None:
    ids = list("abcde")
    # dragging b and d to the gap before e (slot 4)
    assert moved_order(ids, ["b", "d"], 4) == list("acbde")
    to_index = slot_after_removal(ids, ["b", "d"], 4)
    rest = [i for i in ids if i not in {"b", "d"}]
    assert [*rest[:to_index], "b", "d", *rest[to_index:]] == moved_order(ids, ["b", "d"], 4)
    assert slot_after_removal(ids, ["a"], 0) == 0


def test_zoom_ruler_and_ranges() -> None:
    assert zoom_pps(10, 1) == pytest.approx(12.5)
    assert zoom_pps(MAX_PPS, 3) == MAX_PPS
    assert zoom_pps(MIN_PPS, -3) == MIN_PPS
    assert ruler_step(100) == 1
    assert ruler_step(10) == 10
    assert range_ids(list("abcde"), "d", "b") == list("bcd")
    assert range_ids(list("abc"), None, "b") == ["b"]


# -- status badges (no Qt) ------------------------------------------------------------


def _take(status: TakeStatus, **kw) -> Take:
    return Take(status=status, **kw)


def test_status_badges_follow_takes() -> None:
    shot = Shot()
    assert shot_status(shot).badge is Badge.DRAFT
    shot.takes = [_take(TakeStatus.QUEUED)]
    assert shot_status(shot).label == "queued"
    running = _take(TakeStatus.IN_PROGRESS)
    shot.takes.append(running)
    assert shot_status(shot).label == "…"
    assert shot_status(shot, {running.id: 42}).label == "42 %"
    shot.takes = [_take(TakeStatus.FAILED)]
    assert shot_status(shot).badge is Badge.FAILED
    done = _take(TakeStatus.COMPLETED)
    shot.takes = [done, _take(TakeStatus.FAILED)]
    shot.chosen_take = done.id
    assert shot_status(shot).badge is Badge.DONE  # the cut has a clip
    shot.chosen_take = None
    assert shot_status(shot).badge is Badge.FAILED  # the latest attempt failed
    shot.takes = [_take(TakeStatus.CANCELLED)]
    assert shot_status(shot).badge is Badge.CANCELLED


# -- the widget -----------------------------------------------------------------------


def _doc(n: int = 7, durations=(4, 8, 12)) -> ProjectDocument:
    doc = ProjectDocument(capability_table())
    shots = [Shot(title=f"Shot {i}", duration=durations[i % len(durations)]) for i in range(n)]
    doc.load(Project(shots=shots), None)
    return doc


@pytest.fixture
def make_doc():
    """Documents whose history is released while they are alive (see the note below)."""
    made: list[ProjectDocument] = []

    def make(n: int = 7) -> ProjectDocument:
        made.append(_doc(n))
        return made[-1]

    yield make
    # A dirty document's QUndoStack, cleared by the document's destructor, emits
    # cleanChanged into the half-deleted document (a RuntimeError on stderr): clear first.
    for d in made:
        d.undo_stack.clear()


@pytest.fixture
def doc(make_doc) -> ProjectDocument:
    return make_doc()


@pytest.fixture
def view(qtbot, doc: ProjectDocument) -> TimelineView:
    v = TimelineView(doc)
    qtbot.addWidget(v)
    v.resize(1200, 170)
    v.show()
    qtbot.waitExposed(v)
    return v


def _ids(doc: ProjectDocument) -> list[str]:
    return [s.id for s in doc.project.shots]


def _send(view: TimelineView, kind, pos: QPoint, buttons=Qt.MouseButton.LeftButton, mods=None):
    button = (
        Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    )
    mods = mods or Qt.KeyboardModifier.NoModifier
    held = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else buttons
    vp = view.viewport()
    ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, held, mods)
    QApplication.sendEvent(vp, ev)


def _click(view, pos, mods=None):
    _send(view, QMouseEvent.Type.MouseButtonPress, pos, mods=mods)
    _send(view, QMouseEvent.Type.MouseButtonRelease, pos, mods=mods)


def _drag(view, start: QPoint, end: QPoint, steps: int = 6):
    _send(view, QMouseEvent.Type.MouseButtonPress, start)
    for k in range(1, steps + 1):
        _send(view, QMouseEvent.Type.MouseMove, start + (end - start) * (k / steps))
    _send(view, QMouseEvent.Type.MouseButtonRelease, end)


def test_click_ctrl_click_shift_click_select(view: TimelineView, doc: ProjectDocument) -> None:
    ids = _ids(doc)
    _click(view, view.shot_rect(ids[1]).center())
    assert doc.selection == [ids[1]]
    _click(view, view.shot_rect(ids[3]).center(), Qt.KeyboardModifier.ControlModifier)
    assert doc.selection == [ids[1], ids[3]]
    _click(view, view.shot_rect(ids[1]).center(), Qt.KeyboardModifier.ControlModifier)
    assert doc.selection == [ids[3]]
    _click(view, view.shot_rect(ids[5]).center(), Qt.KeyboardModifier.ShiftModifier)
    assert doc.selection == ids[3:6]
    _click(view, QPoint(5, 5))  # the ruler / empty space clears
    assert doc.selection == []


def test_external_selection_repaints_and_scrolls(qtbot, make_doc) -> None:
    v = TimelineView(make_doc(200))
    qtbot.addWidget(v)
    v.resize(600, 170)
    v.show()
    last = _ids(v._doc)[-1]
    v._doc.set_selection([last])
    assert v.horizontalScrollBar().value() > 0
    assert v.viewport().rect().intersects(v.shot_rect(last))


def test_drag_reorders_with_one_command(view: TimelineView, doc: ProjectDocument) -> None:
    ids = _ids(doc)
    start = view.shot_rect(ids[0]).center()
    end = view.shot_rect(ids[3]).center() + QPoint(view.shot_rect(ids[3]).width() // 4, 0)
    _drag(view, start, end)
    assert _ids(doc) == [ids[1], ids[2], ids[3], ids[0], *ids[4:]]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert _ids(doc) == ids


def test_drag_moves_a_multi_selection_together(view, doc) -> None:
    ids = _ids(doc)
    doc.set_selection([ids[0], ids[2]])
    end = view.shot_rect(ids[6]).center() + QPoint(view.shot_rect(ids[6]).width() // 3, 0)
    _drag(view, view.shot_rect(ids[2]).center(), end)
    assert _ids(doc) == [ids[1], ids[3], ids[4], ids[5], ids[6], ids[0], ids[2]]
    assert doc.undo_stack.count() == 1
    assert doc.selection == [ids[0], ids[2]]


def test_click_in_group_without_drag_narrows_selection(view, doc) -> None:
    ids = _ids(doc)
    doc.set_selection(ids[:3])
    _click(view, view.shot_rect(ids[1]).center())
    assert doc.selection == [ids[1]]
    assert doc.undo_stack.count() == 0


def test_duration_handle_snaps_and_pushes_one_command(view, doc) -> None:
    ids = _ids(doc)
    r = view.shot_rect(ids[0])  # 4 s
    start = QPoint(r.right() - 1, r.center().y())
    # 9.3 s worth of drag lands nearer 8 than 12: snapped to the model's 8 s.
    end = QPoint(r.left() + round(9.3 * view.pps), r.center().y())
    _drag(view, start, end, steps=10)
    assert doc.project.shots[0].duration == 8
    assert doc.undo_stack.count() == 1
    assert view.shot_rect(ids[0]).width() == pytest.approx(8 * view.pps, abs=2)
    assert view.layout_model().span(1).x0 == pytest.approx(view.layout_model().left + 8 * view.pps)


def test_duration_drag_in_one_take_mode_uses_whole_seconds(view, doc) -> None:
    doc.set_look_field("strategy", Strategy.ONE_TAKE)
    ids = _ids(doc)
    r = view.shot_rect(ids[0])
    end = QPoint(r.left() + round(6.2 * view.pps), r.center().y())
    _drag(view, QPoint(r.right() - 1, r.center().y()), end)
    assert doc.project.shots[0].duration == 6


def test_keyboard_navigation_and_edit_keys(qtbot, view: TimelineView, doc) -> None:
    ids = _ids(doc)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert doc.selection == [ids[0]]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert doc.selection == [ids[1]]
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert doc.selection == ids[1:4]
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert doc.selection == ids[1:3]
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert doc.selection == [ids[-1]]
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert doc.selection == [ids[0]]
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.project.shots) == 8
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert len(doc.project.shots) == 9
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(doc.project.shots) == 8
    assert doc.undo_stack.count() == 3
    with qtbot.waitSignal(view.shotActivated) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert sig.args == [doc.selection[0]]


def test_zoom_with_ctrl_wheel_and_actions(view: TimelineView) -> None:
    before = view.pps
    ev = QWheelEvent(
        QPointF(300, 60),
        QPointF(view.viewport().mapToGlobal(QPoint(300, 60))),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), ev)
    assert view.pps > before
    view.action_zoom_out.trigger()
    view.action_zoom_out.trigger()
    assert view.pps < before
    view.action_zoom_fit.trigger()
    assert view.layout_model().total_width <= view.viewport().width() + 1


def test_document_signals_update_incrementally(view: TimelineView, doc) -> None:
    ids = _ids(doc)
    doc.set_shot_duration(ids[0], 12)
    assert view.layout_model().durations[0] == 12
    take = Take(status=TakeStatus.IN_PROGRESS)
    doc.add_take(ids[1], take)
    view.set_take_progress(ids[1], take.id, 37)
    assert shot_status(doc.project.shots[1], view._progress).label == "37 %"
    doc.add_shot()
    assert len(view.layout_model()) == 8
    doc.load(Project(shots=[Shot(title="only")]), None)
    assert len(view.layout_model()) == 1
    view.grab()


def test_paints_only_visible_blocks(qtbot, monkeypatch, make_doc) -> None:
    v = TimelineView(make_doc(500))
    qtbot.addWidget(v)
    v.resize(1000, 170)
    v.show()
    qtbot.waitExposed(v)
    painted: list[int] = []
    orig = painter_mod.BlockPainter.paint
    monkeypatch.setattr(
        painter_mod.BlockPainter,
        "paint",
        lambda self, p, r, info: (painted.append(info.number), orig(self, p, r, info)),
    )
    v.grab()  # renders through paintEvent, like a real expose
    assert 0 < len(painted) < 20


def test_chosen_take_thumbnail_loads_off_thread(qtbot, tmp_path: Path, make_doc) -> None:
    (tmp_path / "media").mkdir()
    make_clip(tmp_path / "media" / "t.mp4", seconds=0.5, audio=False)
    doc = make_doc(3)
    take = Take(status=TakeStatus.COMPLETED, media="media/t.mp4")
    doc.project.shots[0].takes.append(take)
    doc.project.shots[0].chosen_take = take.id
    doc.load(doc.project, tmp_path / "p.sorastudio")
    v = TimelineView(doc)
    qtbot.addWidget(v)
    v.resize(800, 170)
    with qtbot.waitSignal(v._thumbs.thumbnailReady, timeout=10_000):
        v.grab()  # the first paint asks for the thumbnail
    pm = v._thumbs.get(tmp_path / "media" / "t.mp4")
    assert pm is not None and pm.height() == 56
    v.grab()


# -- freshness on the badge (issue 7 §5) ----------------------------------------------------
def test_a_done_badge_turns_outdated_only_for_the_chosen_finished_take() -> None:
    done, failed = _take(TakeStatus.COMPLETED), _take(TakeStatus.FAILED)
    shot = Shot(takes=[done, failed], chosen_take=done.id)
    stale = lambda _shot, take: take is done  # noqa: E731
    assert shot_status(shot, None, stale).badge is Badge.OUTDATED
    assert shot_status(shot, None, lambda _s, _t: False).badge is Badge.DONE
    shot.takes.append(_take(TakeStatus.QUEUED))
    assert shot_status(shot, None, stale).badge is Badge.QUEUED  # work in flight first
    assert painter_mod.badge_text(shot_status(Shot(takes=[done], chosen_take=done.id), None,
                                              stale)) == "outdated"


def _made(project: Project, shot: Shot) -> Take:
    from studio.core.freshness import made_from
    from studio.core.prompts.compose import compose_shot

    take = Take(status=TakeStatus.COMPLETED, model=project.look.model,
                params=made_from(compose_shot(project, shot, capability_table()), project))
    shot.takes, shot.chosen_take = [take], take.id
    return take


def test_editing_a_finished_shot_outdates_its_badge(qtbot, make_doc) -> None:
    doc = make_doc(3)
    for s in doc.project.shots:
        _made(doc.project, s)
    v = TimelineView(doc)
    qtbot.addWidget(v)
    v.resize(1200, 170)
    v.show()
    qtbot.waitExposed(v)
    first, second, third = doc.project.shots

    def badges() -> list[Badge]:
        v.grab()
        return [shot_status(s, v._progress, v._is_outdated).badge for s in doc.project.shots]

    assert badges() == [Badge.DONE] * 3
    doc.set_shot_duration(first.id, 8 if first.duration != 8 else 4)
    assert badges() == [Badge.OUTDATED, Badge.DONE, Badge.DONE]
    doc.undo_stack.undo()
    assert badges() == [Badge.DONE] * 3
    doc.set_shot_field(second.id, "title", "Renamed")  # the next prompt says "Previously: …"
    assert badges() == [Badge.DONE, Badge.OUTDATED, Badge.OUTDATED]
    doc.undo_stack.undo()
    doc.set_look_field("style", "charcoal")
    assert badges() == [Badge.OUTDATED] * 3
    doc.undo_stack.undo()
    doc.add_shot()  # every "shot n of 3" becomes "of 4": no take is outdated by that
    assert badges()[:3] == [Badge.DONE] * 3 and third.takes


def test_freshness_is_composed_only_for_painted_shots(qtbot, make_doc) -> None:
    doc = make_doc(300)
    for s in doc.project.shots:
        _made(doc.project, s)
    v = TimelineView(doc)
    qtbot.addWidget(v)
    v.resize(1000, 170)
    v.show()
    qtbot.waitExposed(v)
    v.grab()
    assert 0 < len(v._outdated) < 20
