"""Each command's redo/undo restores the exact project; typing merges; dirty state."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.core.model import Take, TakeStatus
from studio.ui.document import ProjectDocument


def ids(doc: ProjectDocument) -> list[str]:
    return [s.id for s in doc.project.shots]


EDITS: dict[str, Callable[[ProjectDocument], object]] = {
    "move": lambda d: d.move_shots([ids(d)[0], ids(d)[2]], 2),
    "add": lambda d: d.add_shot(1),
    "add_end": lambda d: d.add_shot(),
    "duplicate": lambda d: d.duplicate_shots(ids(d)[1:3]),
    "split": lambda d: d.split_shot(ids(d)[2]),
    "delete": lambda d: d.delete_shots([ids(d)[0], ids(d)[4]]),
    "title": lambda d: d.set_shot_field(ids(d)[0], "title", "New"),
    "characters": lambda d: d.set_shot_field(ids(d)[0], "characters", ["mei"]),
    "duration": lambda d: d.set_shot_duration(ids(d)[0], 12),
    "look_style": lambda d: d.set_look_field("style", "noir"),
    "look_keywords": lambda d: d.set_look_field("keywords", ["a", "b"]),
    "look_model": lambda d: d.set_look_field("model", "sora-2"),
    "look_strategy": lambda d: d.set_look_field("strategy", "one-take"),
    "add_take": lambda d: d.add_take(ids(d)[0], Take(model="animatic")),
    "add_film_take": lambda d: d.add_take(None, Take(model="animatic")),
    "choose_take": lambda d: d.choose_take(
        next(s.id for s in d.project.shots if s.chosen_take), None
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_redo_undo_round_trip_restores_the_exact_project(doc: ProjectDocument, name: str):
    before = doc.project.model_dump()
    EDITS[name](doc)
    after = doc.project.model_dump()
    assert after != before
    assert doc.undo_stack.count() == 1
    assert doc.is_dirty()
    doc.undo_stack.undo()
    assert doc.project.model_dump() == before
    assert not doc.is_dirty()
    doc.undo_stack.redo()
    assert doc.project.model_dump() == after


def test_a_long_history_unwinds_exactly(doc: ProjectDocument):
    states = [doc.project.model_dump()]
    for n, name in enumerate(sorted(EDITS), 1):
        EDITS[name](doc)
        assert doc.undo_stack.count() == n, name
        states.append(doc.project.model_dump())
    for state in reversed(states[:-1]):
        doc.undo_stack.undo()
        assert doc.project.model_dump() == state
    for state in states[1:]:
        doc.undo_stack.redo()
        assert doc.project.model_dump() == state


def test_typing_merges_into_one_command(doc: ProjectDocument):
    sid = ids(doc)[0]
    for text in ("N", "Ne", "New", "New t", "New title"):
        doc.set_shot_field(sid, "title", text)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.project.shot(sid).title == "Shot 0"


def test_merge_stops_at_another_field_or_a_focus_change(doc: ProjectDocument):
    sid = ids(doc)[0]
    doc.set_shot_field(sid, "title", "A")
    doc.set_shot_field(sid, "camera", "pan")
    doc.set_shot_field(sid, "title", "AB")
    assert doc.undo_stack.count() == 3
    doc.break_merge()
    doc.set_shot_field(sid, "title", "ABC")
    assert doc.undo_stack.count() == 4


def test_typing_back_to_the_original_leaves_no_step(doc: ProjectDocument):
    sid = ids(doc)[0]
    doc.set_shot_field(sid, "title", "Shot 0x")
    doc.set_shot_field(sid, "title", "Shot 0")
    assert doc.undo_stack.count() == 0
    assert not doc.is_dirty()


def test_no_merge_into_the_saved_state(doc: ProjectDocument, tmp_path):
    sid = ids(doc)[0]
    doc.set_shot_field(sid, "title", "A")
    doc.mark_saved(tmp_path / "x.sorastudio")
    assert not doc.is_dirty()
    doc.set_shot_field(sid, "title", "AB")
    assert doc.is_dirty()
    doc.undo_stack.undo()
    assert not doc.is_dirty()
    assert doc.project.shot(sid).title == "A"


def test_dirty_follows_the_clean_index(doc: ProjectDocument, qtbot):
    seen: list[bool] = []
    doc.dirtyChanged.connect(seen.append)
    doc.add_shot()
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert seen == [True, False, True]


def test_update_take_is_not_undoable_but_announced(doc: ProjectDocument, qtbot):
    sid = ids(doc)[0]
    take = Take(model="animatic")
    doc.add_take(sid, take)
    with qtbot.waitSignal(doc.shotChanged) as blocker:
        doc.update_take(sid, take.id, status="in_progress")
    assert blocker.args == [sid]
    assert doc.project.shot(sid).takes[-1].status is TakeStatus.IN_PROGRESS
    assert doc.undo_stack.count() == 1
    with pytest.raises(ValueError):
        doc.update_take(sid, take.id, status="bogus")


def test_duration_snaps_per_shot_but_not_one_take(doc: ProjectDocument):
    sid = ids(doc)[0]
    doc.set_shot_duration(sid, 7)
    assert doc.project.shot(sid).duration == 8
    doc.set_shot_duration(sid, 10)
    assert doc.project.shot(sid).duration == 12  # ties go to the longer
    doc.set_look_field("strategy", "one-take")
    doc.set_shot_duration(sid, 7)
    assert doc.project.shot(sid).duration == 7


def test_model_change_moves_an_unoffered_size(doc: ProjectDocument):
    doc.set_look_field("size", "1920x1080")
    doc.set_look_field("model", "sora-2")
    assert doc.project.look.size == "1280x720"
    doc.undo_stack.undo()
    assert doc.project.look.model == "animatic"
    assert doc.project.look.size == "1920x1080"


def test_refused_values_raise_and_push_nothing(doc: ProjectDocument):
    sid = ids(doc)[0]
    with pytest.raises(ValueError):
        doc.set_shot_field(sid, "characters", ["not a handle"])
    with pytest.raises(ValueError):
        doc.set_shot_field(sid, "takes", [])
    with pytest.raises(ValueError):
        doc.set_look_field("model", "no-such-model")
    assert doc.undo_stack.count() == 0
