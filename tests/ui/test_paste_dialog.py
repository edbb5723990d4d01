"""Storyboards into the real window: paste, review, apply as one undo step, undo/redo;
a dropped .md; Ctrl+V on an empty timeline; text it cannot read says so, changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from studio.ui.paste_dialog import StoryboardReview
from tests.ui.studio_harness import open_sample, run, until

CORPUS = Path(__file__).parents[1] / "core" / "prompts" / "corpus"
DEEPSEEK = (CORPUS / "zh_deepseek_sections.txt").read_text(encoding="utf-8")


@pytest.fixture
def win(qtbot, qloop, tmp_path):
    from studio.ui.app import build_window

    w = build_window(settings_dir=tmp_path / "cfg", recovery=tmp_path / "recovery")
    qtbot.addWidget(w, before_close_func=lambda w: w.doc.undo_stack.setClean())
    w.show()
    w.loop = qloop
    yield w
    if w.storyboards.review is not None and w.storyboards.review.isVisible():
        w.storyboards.review.reject()
    qloop.run_until_complete(w.tasks.close())


def settle(win, predicate: Callable[[], object], what: str, timeout: float = 20) -> None:
    run(win.loop, until(predicate, timeout, what), timeout + 5)


def review_of(win) -> StoryboardReview:
    settle(win, lambda: win.storyboards.review is not None
           and win.storyboards.review.isVisible(), "the review dialog")
    review = win.storyboards.review
    assert review is not None
    return review


def drop(win, path: Path) -> None:
    """A file dragged over the window and dropped (Qt drops only what a DragEnter took)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, event)


@pytest.mark.timeout(60)
def test_paste_review_edit_apply_then_undo_and_redo(win):
    open_sample(win, win.loop)
    before = win.doc.project.model_dump()
    steps = win.doc.undo_stack.count()
    QGuiApplication.clipboard().setText(DEEPSEEK)
    win.actions["paste_storyboard"].trigger()
    review = review_of(win)
    assert review.table.rowCount() == 5
    assert review.table.item(0, 0).text() == "开场：日出海天，国旗飘扬"
    assert review.table.item(0, 1).text() == "超广角航拍镜头"
    assert not review.missing.isVisible()
    assert review.unread_box.isVisibleTo(review)  # the chat model's opener and closer
    assert "希望这个分镜" in review.unread.toPlainText()
    review.table.item(1, 0).setText("城市醒来")
    review.table.item(1, 3).setText("7")
    review.replace.setChecked(True)
    review.apply_button.click()

    project = win.doc.project
    assert [s.title for s in project.shots][:2] == ["开场：日出海天，国旗飘扬", "城市醒来"]
    assert [s.duration for s in project.shots] == [4, 7, 4, 6, 5]  # as written, not 4/8/12
    assert project.look.style.startswith("电影级写实风格")
    assert "激昂交响乐" in project.look.music and "烟花" in project.look.keywords
    assert project.id == before["id"]
    assert win.doc.undo_stack.count() == steps + 1  # one undo step
    win.doc.undo_stack.undo()
    assert win.doc.project.model_dump() == before
    win.doc.undo_stack.redo()
    assert [s.title for s in win.doc.project.shots][1] == "城市醒来"


@pytest.mark.timeout(60)
def test_append_goes_after_the_last_shot_and_undoes_in_one_step(win):
    open_sample(win, win.loop)
    titles = [s.title for s in win.doc.project.shots]
    style = win.doc.project.look.style
    QGuiApplication.clipboard().setText((CORPUS / "en_table_markdown.txt").read_text("utf-8"))
    win.actions["paste_storyboard"].trigger()
    review = review_of(win)
    assert review.append.isChecked()  # a project with shots: append is the default
    review.apply_button.click()
    shots = win.doc.project.shots
    assert [s.title for s in shots[:7]] == titles and len(shots) == 12
    assert shots[7].camera == "Extreme close-up, slow push in"
    assert win.doc.project.look.style == style  # a filled look field is kept
    win.doc.undo_stack.undo()
    assert [s.title for s in win.doc.project.shots] == titles


@pytest.mark.timeout(60)
def test_a_dropped_markdown_file_is_reviewed_and_applied(win, tmp_path):
    path = tmp_path / "storyboard.md"
    path.write_bytes((CORPUS / "en_headings_bold_labels.txt").read_bytes())
    drop(win, path)
    review = review_of(win)
    assert review.replace.isChecked() and not review.append.isEnabled()
    review.apply_button.click()
    assert win.has_project  # no project was open: a new one holds the storyboard
    assert [s.title for s in win.doc.project.shots] == [
        "The Workshop", "The Cut", "The Apprentice", "The Chair"]
    assert win.doc.project.look.music == "Warm fingerpicked guitar with a soft cello line"


@pytest.mark.timeout(60)
def test_ctrl_v_on_an_empty_timeline_reads_the_clipboard(win, qtbot):
    win.actions["new"].trigger()
    settle(win, lambda: win.has_project, "a new project")
    assert not win.doc.project.shots
    QGuiApplication.clipboard().setText("1. Dawn (3s)\nCamera: aerial\n2. Dusk (5s)\n")
    timeline = win.timeline_dock.widget()
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    review = review_of(win)
    review.apply_button.click()
    assert [(s.title, s.duration) for s in win.doc.project.shots] == [("Dawn", 3), ("Dusk", 5)]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("content", "says"), [
    ("   \n\t \n", "no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00", "not text"),
])
def test_text_it_cannot_read_says_so_and_changes_nothing(win, tmp_path, content, says):
    open_sample(win, win.loop)
    before = win.doc.project.model_dump()
    steps = win.doc.undo_stack.count()
    if isinstance(content, str):
        QGuiApplication.clipboard().setText(content)
        win.actions["paste_storyboard"].trigger()
    else:
        path = tmp_path / "picture.txt"
        path.write_bytes(content)
        drop(win, path)
    settle(win, lambda: says in win.statusBar().currentMessage(), "the refusal")
    assert win.storyboards.review is None
    assert win.doc.project.model_dump() == before
    assert win.doc.undo_stack.count() == steps


@pytest.mark.timeout(60)
def test_fewer_shots_than_numbered_offers_the_assistant(win):
    offered: list[str] = []
    win.storyboards.assist = offered.append
    text = "Shot 1: a fox\nCamera: wide\n\nThen Shot 2 and Shot 3 follow, Shot 9 ends it."
    win.storyboards.bring_in(text)
    review = review_of(win)
    assert review.missing.isVisibleTo(review) and review.assist_button.isEnabled()
    review.assist_button.click()
    assert offered == [text] and not review.isVisible()
