"""Continuity through the real window: the Shot tab's Use Last Frame (consent asked, the
frame attached) and Extend Previous Take (a new take for this shot, its cut after the
replayed part) on the local provider."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.core.model import TakeRelation, TakeStatus
from studio.ui.consent_dialog import ConsentDialog
from tests.ui.studio_harness import gesture, open_sample, run, until
from tests.ui.test_reference_widget import answer

pytestmark = pytest.mark.timeout(300)


def test_use_last_frame_and_extend_previous_take(launch, tmp_path) -> None:
    win = launch()
    open_sample(win, win.loop)
    doc = win.doc
    doc.delete_shots([s.id for s in doc.project.shots[2:]])
    first, second = doc.project.shots
    row = win.inspector.shot.continuity

    doc.set_selection([first.id])
    assert not row.last_frame.isEnabled() and not row.extend.isEnabled()  # nothing before
    doc.set_selection([second.id])
    assert row.last_frame.isEnabled() and row.extend.isEnabled()  # the animatic extends

    # before shot 1 has a take: a message names it, nothing changes
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    answer(QMessageBox, read, [])
    run(win.loop, gesture(row.last_frame.click))
    assert len(said) == 1 and "Shot 1 has no finished take" in said[0]
    assert doc.project.shot(second.id).reference is None

    async def generate_first() -> None:
        doc.set_selection([first.id])
        win.actions.generate_shot.trigger()
        await until(lambda: first.takes and first.takes[-1].status is TakeStatus.COMPLETED,
                    120, "shot 1's take")

    run(win.loop, generate_first(), 150)
    doc.set_selection([second.id])
    consents: list[object] = []

    def use(d: ConsentDialog) -> None:
        for box in d.boxes:
            box.setChecked(True)
        d.accept()

    answer(ConsentDialog, use, consents)

    async def click(button, done, what: str) -> None:
        await gesture(button.click)
        await until(done, 120, what)

    run(win.loop, click(row.last_frame,
                        lambda: doc.project.shot(second.id).reference is not None,
                        "the last frame attached"), 150)
    assert len(consents) == 1  # it is the user's own frame, and the dialog still asked
    ref = doc.project.shot(second.id).reference
    assert ref is not None and (doc.media_root() / ref.path).is_file()
    assert any(c.id == ref.consent_id for c in doc.project.consents)
    assert ref.frame_of is not None and ref.frame_of.take == first.takes[-1].id  # remembered

    run(win.loop, click(row.extend, lambda: any(t.relation is TakeRelation.EXTEND
                                                 for t in doc.project.shot(second.id).takes),
                        "the extension's take"), 150)
    shot = doc.project.shot(second.id)
    take = next(t for t in shot.takes if t.relation is TakeRelation.EXTEND)
    assert take.parent_take == first.takes[-1].id
    assert shot.trim_in == pytest.approx(first.duration)
    run(win.loop, until(lambda: doc.project.shot(second.id).takes[-1].status
                        is TakeStatus.COMPLETED, 120, "the extension to finish"))
    # one undo takes the extension back whole: the take and the in point
    doc.undo_stack.undo()
    shot = doc.project.shot(second.id)
    assert all(t.relation is not TakeRelation.EXTEND for t in shot.takes)
    assert shot.trim_in == 0.0


def test_each_shots_way_of_continuing_is_saved_and_followed_by_generate(launch) -> None:
    from studio.core.model import Continuity

    win = launch()
    open_sample(win, win.loop)
    doc = win.doc
    doc.delete_shots([s.id for s in doc.project.shots[3:]])
    first, second, third = doc.project.shots
    row = win.inspector.shot.continuity
    gen = win.generation

    def choose(shot_id: str, way: Continuity) -> None:
        doc.set_selection([shot_id])
        index = row.way.findData(way.value)
        row.way.setCurrentIndex(index)
        row.way.activated.emit(index)  # as the user's pick

    doc.set_selection([first.id])
    assert not row.way.isEnabled()  # the first shot starts the film
    # shot 2 continues from the last frame before shot 1 has a take: saved (one undo
    # step), no dialog; generating it is refused with the reason, nothing is sent
    steps = doc.undo_stack.count()
    choose(second.id, Continuity.LAST_FRAME)
    assert doc.project.shot(second.id).continuity is Continuity.LAST_FRAME
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.project.shot(second.id).continuity is Continuity.CUT
    assert row.way.currentData() == Continuity.CUT.value  # the box follows the undo
    doc.undo_stack.redo()
    assert row.way.currentData() == Continuity.LAST_FRAME.value
    refused: list[list[str]] = []
    gen.problemsFound.connect(refused.append)
    win.actions.generate_shot.trigger()
    assert refused and "shot 1, which has no finished take yet" in refused[-1][0]
    gen.last_problem_box.close()
    assert doc.project.shot(second.id).takes == []

    async def generate(shot_id: str, what: str) -> None:
        doc.set_selection([shot_id])
        before = len(doc.project.shot(shot_id).takes)
        win.actions.generate_shot.trigger()
        await until(lambda: len(doc.project.shot(shot_id).takes) > before and
                    doc.project.shot(shot_id).takes[-1].status is TakeStatus.COMPLETED,
                    120, what)

    run(win.loop, generate(first.id, "shot 1's take"), 150)
    # choosing the last frame again, now that there is one, offers it (consent asked)
    consents: list[object] = []

    def use(d: ConsentDialog) -> None:
        for box in d.boxes:
            box.setChecked(True)
        d.accept()

    answer(ConsentDialog, use, consents)
    choose(second.id, Continuity.CUT)
    choose(second.id, Continuity.LAST_FRAME)
    run(win.loop, until(lambda: doc.project.shot(second.id).reference is not None, 30,
                        "the last frame attached"))
    assert len(consents) == 1
    run(win.loop, generate(second.id, "shot 2's take"), 150)
    # shot 3 saved to extend: Generate sends an extension of shot 2's take
    choose(third.id, Continuity.EXTEND)
    run(win.loop, generate(third.id, "shot 3's extension"), 150)
    take = doc.project.shot(third.id).takes[-1]
    assert take.relation is TakeRelation.EXTEND
    assert take.parent_take == doc.project.shot(second.id).takes[-1].id
    assert doc.project.shot(third.id).trim_in > 0  # its cut starts after the replay
