"""The jobs dock with a gateway's ~300-character video id and its spend headers: the id is
elided in the middle (whole on hover, whole in "Copy id"), the layout never widens for it,
and the gateway's figures show only when it reported them."""

from __future__ import annotations

import base64
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from studio.services.jobs import JobEvent
from studio.services.ledger import JobState
from studio.ui.ids import IdLabel, elide_ids, elided_id
from studio.ui.jobs_dock import COST, STATUS, JobsPanel

LONG_ID = "video_" + base64.b64encode(os.urandom(221)).decode()[:294]


def _event(job: str, **kw) -> JobEvent:
    base = dict(eta_seconds=None, elapsed=5.0, cost_quoted=0.6, cost_spent=0.6)
    base.update(kw)
    return JobEvent(job, JobState.DONE, 100, **base)


def test_a_300_character_video_id_is_elided_in_the_middle_and_copied_whole(qtbot) -> None:
    assert len(LONG_ID) == 300
    panel = JobsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 240)
    panel.show()
    panel.model.set_title("j1", "1. Pier")
    panel.model.apply(_event("j1", video_id=LONG_ID))
    panel.model.apply(_event("j2"))  # no video id yet: no id line
    panel.select_job("j1")
    label = panel.video_id
    qtbot.waitUntil(lambda: label.isVisible() and "…" in label.text())
    shown = label.text()
    assert shown.startswith(LONG_ID[:6]) and shown.endswith(LONG_ID[-4:])  # both ends kept
    assert len(shown) < 120 and label.toolTip() == LONG_ID
    assert panel.width() <= 520  # the id never widened the dock
    assert label.geometry().right() <= panel.width()
    label.copy_action.trigger()  # its context menu's "Copy id"
    assert QGuiApplication.clipboard().text() == LONG_ID
    QGuiApplication.clipboard().clear()
    panel.copy_video_action.trigger()  # the table's context menu, on the selected row
    assert QGuiApplication.clipboard().text() == LONG_ID
    panel.copy_job_action.trigger()
    assert QGuiApplication.clipboard().text() == "j1"
    panel.select_job("j2")
    assert not label.isVisible() and not panel.copy_video_action.isEnabled()
    panel.grab().save("/tmp/jobs_dock_long_id.png")


def test_gateway_spend_shows_only_when_reported(qtbot) -> None:
    panel = JobsPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 240)
    panel.show()
    panel.model.apply(_event("gw", video_id="video_1", gateway_cost=0.6, key_spend=1.2))
    panel.model.apply(_event("plain", video_id="video_2"))
    panel.select_job("gw")
    assert panel.spend.isVisible()
    assert "$0.60" in panel.spend.text() and "$1.20" in panel.spend.text()
    row = panel.model.row_of("gw")
    assert row is not None
    assert "$1.20" in panel.model.index(row, COST).data(Qt.ItemDataRole.ToolTipRole)
    panel.select_job("plain")
    assert not panel.spend.isVisible() and panel.spend.text() == ""


def test_elided_id_for_sentences() -> None:
    assert elided_id("short") == "short"
    text = elided_id(LONG_ID)
    assert text == f"{LONG_ID[:12]}…{LONG_ID[-12:]}"
    said = elide_ids(f"No video found with id '{LONG_ID}'.")
    assert said == f"No video found with id '{text}'."
    path = "/home/someone/projects/a-rather-long-folder-name/media/take.mp4"
    assert elide_ids(f"cannot write {path}") == f"cannot write {path}"  # paths stay whole


def test_a_failure_naming_the_id_is_elided_in_the_row_and_whole_in_details(qtbot) -> None:
    panel = JobsPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 240)
    panel.show()
    message = f"The provider refused the request as invalid. (No video found with id '{LONG_ID}'.)"
    panel.model.apply(JobEvent("bad", JobState.FAILED, 0, None, 5.0, 0.6, 0.0,
                               "invalid_input", message, video_id=LONG_ID))
    row = panel.model.row_of("bad")
    assert row is not None
    cell = panel.model.index(row, STATUS).data()
    assert elided_id(LONG_ID) in cell and LONG_ID not in cell
    panel.select_job("bad")
    assert LONG_ID not in panel.error.text()
    assert LONG_ID in panel.model.error_of("bad")  # the details dialog's text is whole


def test_id_label_follows_its_width(qtbot) -> None:
    label = IdLabel()
    qtbot.addWidget(label)
    label.set_id(LONG_ID)
    label.resize(200, 20)
    label.show()
    narrow = label.text()
    label.resize(900, 20)
    qtbot.waitUntil(lambda: len(label.text()) > len(narrow))
    assert label.full_id() == LONG_ID
