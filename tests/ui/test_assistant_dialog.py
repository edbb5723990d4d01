"""The storyboard assistant in the real window, through the real openai SDK against the
window's own local provider (its chat template filler): a draft reviewed, applied, undone
and redone; bad answers said and nothing changed; a stream cancelled; a shot improved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from shiboken6 import isValid

from studio.storage.settings import AssistantProfile
from tests.ui.studio_harness import open_sample, run, until

pytestmark = pytest.mark.timeout(90)


def settle(win, predicate: Callable[[], object], what: str, timeout: float = 20) -> None:
    run(win.loop, until(predicate, timeout, what), timeout + 5)


def ready(win) -> None:
    settle(win, lambda: win.assistant._local_url() is not None, "the local provider")


def use_model(win, model: str) -> None:
    win.settings.assistant = AssistantProfile(model=model)


def test_a_draft_is_reviewed_applied_undone_and_redone(launch):
    win = launch()
    ready(win)
    open_sample(win, win.loop)
    before = win.doc.project.model_dump()
    win.actions["draft_storyboard"].trigger()
    dialog = win.assistant.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.idea.setPlainText("A paper boat sails down a rainy street")
    dialog.seconds.setValue(14)
    dialog.shots.setValue(3)
    dialog.ask_button.click()
    settle(win, lambda: win.storyboards.review is not None
           and win.storyboards.review.isVisible(), "the review of the draft")
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted later)
    review = win.storyboards.review
    assert review.table.rowCount() == 3
    review.replace.setChecked(True)
    review.apply_button.click()
    shots = win.doc.project.shots
    assert [s.duration for s in shots] == [5, 5, 4]  # as asked, not clip lengths
    assert all("paper boat" in s.description for s in shots)
    win.doc.undo_stack.undo()
    assert win.doc.project.model_dump() == before
    win.doc.undo_stack.redo()
    assert [s.duration for s in win.doc.project.shots] == [5, 5, 4]


@pytest.mark.parametrize(("flag", "says"), [
    ("malformed", "not valid JSON"), ("truncated", "cut off"), ("schema", "does not fit")])
def test_a_bad_answer_says_why_and_changes_nothing(launch, flag, says):
    win = launch()
    ready(win)
    open_sample(win, win.loop)
    before, steps = win.doc.project.model_dump(), win.doc.undo_stack.count()
    use_model(win, f"storyboard-template+{flag}")
    dialog = win.assistant.draft()
    dialog.idea.setPlainText("kites over the sea")
    dialog.ask_button.click()
    settle(win, lambda: says in dialog.status.text(), f"the {flag} refusal")
    assert "Nothing was changed" in dialog.status.text()
    assert dialog.isVisible() and dialog.ask_button.isEnabled()  # ask again, or cancel
    assert win.storyboards.review is None
    assert win.doc.project.model_dump() == before and win.doc.undo_stack.count() == steps
    dialog.cancel_button.click()


def test_cancel_mid_stream_stops_and_changes_nothing(launch):
    win = launch()
    ready(win)
    open_sample(win, win.loop)
    before = win.doc.project.model_dump()
    use_model(win, "storyboard-template+slow")
    dialog = win.assistant.draft()
    dialog.idea.setPlainText("a very long slow film")
    dialog.shots.setValue(20)
    dialog.ask_button.click()
    settle(win, lambda: "characters" in dialog.status.text(), "the first streamed piece")
    task = win.assistant.task
    dialog.cancel_button.click()
    settle(win, lambda: task.done(), "the cancelled task")
    assert task.cancelled() and win.assistant.task is None
    assert "Cancelled" in dialog.status.text()
    run(win.loop, _sleep(0.5))  # nothing arrives after the cancel
    assert win.storyboards.review is None and win.doc.project.model_dump() == before


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def test_improve_this_shot_shows_the_suggestion_and_accepts_in_one_step(launch):
    win = launch()
    ready(win)
    open_sample(win, win.loop)
    shot = win.doc.project.shots[2]
    win.doc.set_selection([shot.id])
    old = (shot.camera, shot.description, shot.duration, shot.title)
    win.actions["improve_shot"].trigger()
    dialog = win.assistant.dialog
    assert dialog.before["description"].toPlainText() == shot.description
    assert not dialog.accept_button.isEnabled()
    dialog.ask_button.click()
    settle(win, lambda: dialog.accept_button.isEnabled(), "the suggestion")
    suggested = dialog.after["description"].toPlainText()
    assert suggested != shot.description and suggested.startswith(shot.description[:10])
    steps = win.doc.undo_stack.count()
    dialog.accept_button.click()
    now = win.doc.project.shot(shot.id)
    assert now.description == suggested and (now.duration, now.title) == old[2:]
    assert win.doc.undo_stack.count() == steps + 1
    win.doc.undo_stack.undo()
    assert (now.camera, now.description) == old[:2]
