"""Prompt view: shows compose() of the project, follows edits, switches, copies, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from studio.core.model import Language, Project, Strategy
from studio.core.prompts.compose import compose
from studio.ui.prompt_view import PromptView


@pytest.fixture
def setup(qtbot, doc):
    view = PromptView(doc)
    qtbot.addWidget(view)
    view.recompose()
    yield doc, view


def test_shows_the_composed_prompts(setup):
    doc, view = setup
    prompts = compose(doc.project, doc.table)
    assert len(prompts) == 5
    for p in prompts:
        assert p.text in view.text.toPlainText()
    assert view.text.isReadOnly()
    assert view.mode is Strategy.PER_SHOT


def test_updates_after_an_edit_debounced(setup, qtbot):
    doc, view = setup
    doc.set_shot_field(doc.project.shots[0].id, "description", "A lighthouse at dawn")
    assert "lighthouse" not in view.text.toPlainText()
    qtbot.waitUntil(lambda: "lighthouse" in view.text.toPlainText(), timeout=2000)


def test_mode_and_language_switches(setup, qtbot):
    doc, view = setup
    qtbot.mouseClick(view.one_take, Qt.MouseButton.LeftButton)
    assert view.mode is Strategy.ONE_TAKE
    (film,) = compose(doc.project, doc.table, mode=Strategy.ONE_TAKE)
    assert view.text.toPlainText() == film.text
    view.set_lang(Language.ZH)
    (zh,) = compose(doc.project, doc.table, mode=Strategy.ONE_TAKE, lang=Language.ZH)
    assert view.text.toPlainText() == zh.text
    assert doc.undo_stack.count() == 0  # previewing does not edit the project


def test_copy_puts_the_text_on_the_clipboard(setup, qtbot):
    _, view = setup
    with qtbot.waitSignal(view.copied):
        view.copy_button.click()
    assert QGuiApplication.clipboard().text() == view.text.toPlainText()


def test_prompt_error_is_a_clear_message(setup):
    doc, view = setup
    long = "x" * 31_000
    doc.set_shot_field(doc.project.shots[0].id, "description", long)
    view.set_mode(Strategy.ONE_TAKE)
    view.set_mode(Strategy.PER_SHOT)
    doc.set_shot_field(doc.project.shots[1].id, "description", long)
    view.set_mode(Strategy.ONE_TAKE)
    assert not view.error.isHidden()
    assert "Cannot compose" in view.error.text()
    assert not view.copy_button.isEnabled()
    doc.load(Project(), None)
    view.recompose()
    assert "no shots" in view.error.text()


def test_a_long_storyboard_is_composed_a_chunk_per_turn(qtbot, doc):
    from studio.core.model import Shot
    from studio.ui.prompt_view import CHUNK

    doc.load(Project(shots=[Shot(title=f"Beat {i}", duration=4) for i in range(CHUNK * 3 + 5)]),
             None)
    view = PromptView(doc)
    qtbot.addWidget(view)
    view.recompose()
    assert view.composing and not view.copy_button.isEnabled()  # the window keeps going
    assert "Beat 0" in view.text.toPlainText() and "Beat 64" not in view.text.toPlainText()
    qtbot.waitUntil(lambda: not view.composing, timeout=5000)
    prompts = compose(doc.project, doc.table)
    expected = "\n\n".join(f"── {i} / {len(prompts)} · {p.seconds} s ──\n{p.text}"
                           for i, p in enumerate(prompts, 1))
    assert view.text.toPlainText() == expected
    assert view.copy_button.isEnabled()
    chars = sum(len(p.text) for p in prompts)
    assert view.info.text() == f"{len(prompts)} prompts · {chars:,} characters"  # grouped
