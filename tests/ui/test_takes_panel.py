"""The inspector's Takes tab: list, choose (undoable), play, compare, derive, cancel, retry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from studio.core.freshness import made_from
from studio.core.model import Project, Shot, Take, TakeRelation, TakeStatus
from studio.core.prompts.compose import compose_shot
from studio.storage.bundled import capability_table
from studio.ui.document import ProjectDocument
from studio.ui.inspector import Inspector
from tests.ui.media_helpers import make_clip


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    (tmp_path / "media").mkdir()
    make_clip(tmp_path / "media" / "a.mp4")
    make_clip(tmp_path / "media" / "b.mp4", color=(40, 40, 200))
    takes = [
        Take(id="a", job_id="ja", status=TakeStatus.COMPLETED, media="media/a.mp4",
             cost_quoted=0.4, cost_spent=0.4, created_at=1_700_000_000.0),
        Take(id="b", job_id="jb", status=TakeStatus.COMPLETED, media="media/b.mp4",
             parent_take="a", relation=TakeRelation.REMIX),
        Take(id="c", job_id="jc", status=TakeStatus.IN_PROGRESS),
        Take(id="d", job_id="jd", status=TakeStatus.FAILED, error="The provider refused."),
    ]
    shot = Shot(id="s1", title="Dawn", takes=takes, chosen_take="a")
    doc = ProjectDocument(capability_table())
    doc.load(Project(shots=[shot, Shot(id="s2", title="Waves")]), tmp_path / "p.sorastudio")
    insp = Inspector(doc)
    qtbot.addWidget(insp)
    insp.show()
    doc.set_selection(["s1"])
    yield doc, insp.takes
    insp.close()


def test_lists_the_takes_of_the_selected_shot(setup):
    doc, panel = setup
    lst = panel.list
    assert lst.topLevelItemCount() == 4
    assert lst.topLevelItem(0).text(0) == "★ Take 1"
    assert lst.topLevelItem(1).text(0) == "Take 2 (remix)"
    assert [lst.topLevelItem(i).text(1) for i in range(4)] == [
        "done", "done", "generating", "failed"]
    assert lst.topLevelItem(0).text(2) == "$0.40"
    assert "The provider refused." in lst.topLevelItem(3).toolTip(1)
    doc.set_selection(["s2"])
    assert lst.topLevelItemCount() == 0 and "Waves" in panel.heading.text()
    doc.set_selection([])
    assert panel.shot_id is None and "one-take film" in panel.heading.text()


def test_use_this_take_is_one_undoable_step(setup):
    doc, panel = setup
    panel.select_take("b")
    assert panel.use_button.isEnabled()
    panel.use_button.click()
    assert doc.project.shot("s1").chosen_take == "b"
    assert panel.list.topLevelItem(1).text(0).startswith("★")
    doc.undo_stack.undo()
    assert doc.project.shot("s1").chosen_take == "a"


def test_play_compare_and_derive_requests(setup, tmp_path):
    _doc, panel = setup
    played, compared, derived = [], [], []
    panel.playRequested.connect(played.append)
    panel.compareRequested.connect(lambda a, b: compared.append((a, b)))
    panel.deriveRequested.connect(lambda *a: derived.append(a))
    panel.select_take("b")
    panel.play_button.click()
    panel.compare_button.click()
    panel.extend_button.click()
    assert played == [tmp_path / "media" / "b.mp4"]
    assert compared == [(tmp_path / "media" / "a.mp4", tmp_path / "media" / "b.mp4")]
    assert derived == [("extend", "s1", "b")]
    panel.select_take("a")
    assert not panel.compare_button.isEnabled()  # it is the chosen one


def test_cancel_and_retry_follow_the_take_status(setup):
    doc, panel = setup
    cancels, retries = [], []
    panel.cancelRequested.connect(cancels.append)
    panel.retryRequested.connect(lambda s, t: retries.append((s, t)))
    panel.select_take("c")
    assert panel.cancel_button.isEnabled() and not panel.retry_button.isEnabled()
    assert not panel.play_button.isEnabled() and not panel.remix_button.isEnabled()
    panel.cancel_button.click()
    panel.select_take("d")
    assert panel.retry_button.isEnabled() and not panel.cancel_button.isEnabled()
    panel.retry_button.click()
    assert cancels == ["jc"] and retries == [("s1", "d")]
    doc.update_take("s1", "c", status=TakeStatus.COMPLETED, media="media/a.mp4")
    panel.select_take("c")
    assert panel.list.currentItem().text(1) == "done" and panel.play_button.isEnabled()


# -- freshness, cost and errors (issue 7 §5, §6) ------------------------------------------
@pytest.fixture
def fresh(qtbot):
    """A shot with one finished take made from what the shot composes to now."""
    table = capability_table()
    shot = Shot(id="s1", title="Dawn", description="the sea at sunrise", duration=4)
    project = Project(shots=[shot, Shot(id="s2", title="Waves")])
    take = Take(id="t", job_id="jt", status=TakeStatus.COMPLETED, model=project.look.model,
                cost_quoted=0.4, cost_spent=0.4,
                params=made_from(compose_shot(project, shot, table), project))
    shot.takes, shot.chosen_take = [take], "t"
    doc = ProjectDocument(table)
    doc.load(project, None)
    insp = Inspector(doc)
    qtbot.addWidget(insp)
    insp.show()
    doc.set_selection(["s1"])
    yield doc, insp.takes
    doc.undo_stack.clear()
    insp.close()


def test_editing_the_shot_marks_its_take_outdated(fresh):
    doc, panel = fresh
    item = lambda: panel.list.topLevelItem(0)  # noqa: E731 - the list is rebuilt per edit
    assert item().text(1) == "done" and item().toolTip(1) == ""
    doc.add_shot()  # a new last shot changes every prompt's "shot n of N" line only
    doc.set_selection(["s1"])
    assert len(doc.project.shots) == 3 and item().text(1) == "done"
    doc.undo_stack.undo()
    doc.set_selection(["s1"])
    doc.set_shot_duration("s1", 8)
    assert doc.project.shot("s1").duration == 8
    assert item().text(1) == "outdated"
    assert "the shot was edited after this take was made" in item().toolTip(1).lower()
    doc.undo_stack.undo()
    assert item().text(1) == "done"
    doc.set_look_field("style", "oil paint")
    assert item().text(1) == "outdated"


def test_failed_and_refused_takes_cost_nothing_queued_ones_show_the_quote(qtbot):
    takes = [
        Take(id="f", status=TakeStatus.FAILED, cost_quoted=0.4, error="refused (401)"),
        Take(id="c", status=TakeStatus.CANCELLED, cost_quoted=0.4),
        Take(id="q", status=TakeStatus.QUEUED, cost_quoted=0.4),
        Take(id="r", status=TakeStatus.IN_PROGRESS, cost_quoted=1.2),
        Take(id="d", status=TakeStatus.COMPLETED, cost_quoted=0.4, cost_spent=0.4),
    ]
    doc = ProjectDocument(capability_table())
    doc.load(Project(shots=[Shot(id="s1", title="Dawn", takes=takes)]), None)
    insp = Inspector(doc)
    qtbot.addWidget(insp)
    doc.set_selection(["s1"])
    lst = insp.takes.list
    assert [lst.topLevelItem(i).text(2) for i in range(5)] == [
        "$0.00", "$0.00", "~$0.40", "~$1.20", "$0.40"]
    assert lst.topLevelItem(0).toolTip(2) == "Quoted $0.40 · spent $0.00"


def test_a_long_error_wraps_shows_whole_on_hover_and_in_details(setup, qtbot):
    doc, panel = setup
    words = " ".join(f"word{i}" for i in range(200))
    error = f"“Gateway” refused the API key. Check the key in Settings. ({words} END)"
    doc.update_take("s1", "d", error=error)
    panel.window().setCurrentWidget(panel)  # the inspector's Takes tab
    panel.select_take("a")
    assert not panel.error.isVisible() and not panel.details_button.isVisible()
    panel.select_take("d")
    assert panel.error.isVisible() and panel.error.wordWrap()
    shown = panel.error.text()
    assert shown.startswith("“Gateway” refused") and shown.endswith("…")
    assert len(shown) < len(error) and "END" not in shown
    assert "END" in panel.error.toolTip() and "word199" in panel.error.toolTip()
    assert panel.error.width() <= panel.width()  # wrapped inside the panel, not cut off
    panel.details_button.click()
    dlg = panel.details
    assert dlg is not None and dlg.isVisible()
    assert dlg.text.toPlainText() == error and dlg.text.isReadOnly()
    dlg.copy_button.click()
    assert QGuiApplication.clipboard().text() == error
    dlg.close()
