"""ProjectDocument: loading, selection, signals and the structural edits' results."""

from __future__ import annotations

from studio.core.model import Project
from studio.ui.document import ProjectDocument


def ids(doc):
    return [s.id for s in doc.project.shots]


def test_load_resets_history_and_announces(doc: ProjectDocument, qtbot):
    doc.add_shot()
    with qtbot.waitSignals([doc.projectReset, doc.dirtyChanged]):
        doc.load(Project(), None)
    assert doc.undo_stack.count() == 0
    assert not doc.is_dirty()
    assert doc.selection == []


def test_selection_is_in_timeline_order_and_filtered(doc: ProjectDocument, qtbot):
    a, _, c = ids(doc)[:3]
    with qtbot.waitSignal(doc.selectionChanged) as blocker:
        doc.set_selection([c, "nope", a])
    assert blocker.args == [[a, c]]
    with qtbot.assertNotEmitted(doc.selectionChanged):
        doc.set_selection([a, c])


def test_move_places_shots_in_order(doc: ProjectDocument):
    s = ids(doc)
    doc.move_shots([s[3], s[0]], 0)
    assert ids(doc) == [s[0], s[3], s[1], s[2], s[4]]
    doc.move_shots([s[1]], 99)
    assert ids(doc)[-1] == s[1]
    assert doc.selection == [s[1]]


def test_move_to_the_same_place_pushes_nothing(doc: ProjectDocument):
    doc.move_shots([ids(doc)[0]], 0)
    assert doc.undo_stack.count() == 0


def test_duplicate_copies_fields_not_takes(doc: ProjectDocument):
    src = ids(doc)[2]
    (new,) = doc.duplicate_shots([src])
    copy = doc.project.shot(new)
    assert ids(doc)[3] == new
    assert copy.title == "Shot 2" and copy.takes == [] and copy.chosen_take is None
    assert doc.selection == [new]


def test_split_halves_and_keeps_takes_on_the_first(doc: ProjectDocument):
    src = ids(doc)[2]
    new = doc.split_shot(src)
    first, second = doc.project.shot(src), doc.project.shot(new)
    assert (first.duration, second.duration) == (4, 4)
    assert first.takes and not second.takes
    assert second.description == first.description


def test_delete_selects_the_next_shot(doc: ProjectDocument):
    s = ids(doc)
    doc.delete_shots([s[1]])
    assert doc.selection == [s[2]]
    doc.undo_stack.undo()
    assert ids(doc) == s


def test_shot_changed_carries_the_id(doc: ProjectDocument, qtbot):
    sid = ids(doc)[1]
    with qtbot.waitSignal(doc.shotChanged) as blocker:
        doc.set_shot_field(sid, "notes", "rain")
    assert blocker.args == [sid]


def test_restore_is_one_undoable_dirty_step(doc: ProjectDocument):
    before = doc.project.model_dump()
    doc.restore(Project(title="restored"))
    assert doc.is_dirty() and doc.project.title == "restored"
    doc.undo_stack.undo()
    assert doc.project.model_dump() == before


