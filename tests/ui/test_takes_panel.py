"""The inspector's Takes tab: list, choose (undoable), play, compare, derive, cancel, retry."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import Project, Shot, Take, TakeRelation, TakeStatus
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
             cost_quoted=0.4, cost_spent=0.4, created_at=1_700_000_000.0,
             params={"prompt": "dawn"}),
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
    assert lst.topLevelItem(3).toolTip(1) == "The provider refused."
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
