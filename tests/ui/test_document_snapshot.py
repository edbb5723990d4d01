"""The document's save snapshot reuses each shot's JSON until that shot changes.

Every kind of change a shot can have — a field, a take added, chosen, updated by a job,
a reference, a split that copies it under the same id, undo and redo, a restore — and
after each the kept snapshot must equal one made afresh from the model: a stale piece
would be a save that silently loses the edit.
"""

from __future__ import annotations

import pytest

from studio.core.model import Project, Shot, Take, TakeStatus
from studio.storage.project_file import dumps_snapshot, snapshot
from studio.ui.document import ProjectDocument


def same_as_fresh(doc: ProjectDocument) -> None:
    kept = doc.snapshot()
    assert kept == snapshot(doc.project)
    assert dumps_snapshot(kept) == dumps_snapshot(snapshot(doc.project))


@pytest.mark.timeout(60)
def test_every_edit_of_a_shot_reaches_the_next_snapshot(doc: ProjectDocument):
    first, second = (s.id for s in doc.project.shots[:2])
    same_as_fresh(doc)  # every piece made: from now on, edits must replace them
    edits = [
        lambda: doc.set_shot_field(first, "title", "A new title"),
        lambda: doc.set_shot_field(first, "description", "Rain on the harbour wall."),
        lambda: doc.set_shot_duration(second, 8),
        lambda: doc.add_take(first, Take(job_id="job-1", status=TakeStatus.QUEUED)),
        lambda: doc.update_take(first, doc.project.shot(first).takes[-1].id,
                                status=TakeStatus.COMPLETED, media="takes/a.mp4"),
        lambda: doc.choose_take(first, None),
        lambda: doc.choose_take(first, doc.project.shot(first).takes[-1].id),
        lambda: doc.split_shot(first),  # the first half keeps the id: another object
        lambda: doc.move_shots([second], 0),
        lambda: doc.duplicate_shots([second]),
        lambda: doc.delete_shots([second]),
        lambda: doc.set_look_field("atmosphere", "salt air"),
    ]
    for edit in edits:
        edit()
        same_as_fresh(doc)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        same_as_fresh(doc)
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
        same_as_fresh(doc)
    doc.restore(Project(shots=[Shot(id=first, title="Restored")]))
    same_as_fresh(doc)


@pytest.mark.timeout(60)
def test_after_an_open_the_pieces_are_made_a_few_at_a_time(doc: ProjectDocument, qtbot):
    shots = [Shot(title=f"Beat {i}", description="x " * 400) for i in range(400)]
    doc.load(Project(shots=shots), None)
    assert len(doc._pieces) == 0  # nothing made inside the open itself
    qtbot.waitUntil(lambda: len(doc._pieces) == len(shots), timeout=10_000)
    same_as_fresh(doc)
