"""Cameo characters in the real window: ``@`` completion typed with keys, the library
dialog's create / taken handle / hostile import, and the cast carried into the project."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from studio.core.model import Character, ConsentKind, ConsentRecord
from studio.core.validation import validate_project
from studio.ui.characters_dialog import CharactersDialog
from tests.ui.studio_harness import open_sample, run, until

pytestmark = [
    pytest.mark.timeout(120),
    # The completion popup on the headless (offscreen) platform: noise, not a defect.
    pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)"),
]


@pytest.fixture
def window(launch):
    win = launch()
    open_sample(win, win.loop)
    win.doc.set_selection([win.doc.project.shots[0].id])
    lib = win.inspector.shot.library
    assert lib is not None  # opened by start_services in the data dir
    lib.save(Character(name="Mei Lin", handle="mei", description="red raincoat, soft voice"),
             ConsentRecord(kind=ConsentKind.CAMEO, statements=["It is me."],
                           accepted_at="2026-01-01T00:00:00+00:00"))
    lib.save(Character(name="Marco", handle="marco"))
    return win


def type_and_pick(win, editor, text: str, pick: str) -> None:
    win.activateWindow()
    editor.setFocus()
    run(win.loop, until(editor.hasFocus, 10, "focus"))
    QTest.keyClicks(editor, text)
    completer = next(m.completer for m in win.inspector.shot.mentions if m.editor is editor)
    popup = completer.popup()
    run(win.loop, until(popup.isVisible, 10, "the completion popup"))
    options = [completer.completionModel().index(i, 0).data()
               for i in range(completer.completionModel().rowCount())]
    assert pick in options, options
    popup.setCurrentIndex(completer.completionModel().index(options.index(pick), 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)


def test_at_completes_handles_and_brings_the_character_in(window) -> None:
    win = window
    shot_id = win.doc.project.shots[0].id
    editor = win.inspector.shot.characters
    editor.clear()
    type_and_pick(win, editor, "@me", "mei")
    assert editor.text().startswith("@mei")
    run(win.loop, until(lambda: win.doc.project.shot(shot_id).characters == ["mei"], 10,
                        "the mention stored"))
    mei = win.doc.project.character_by_handle("mei")
    assert mei is not None and mei.description == "red raincoat, soft voice"
    assert any(c.id == mei.consent_id for c in win.doc.project.consents)
    codes = {p.code for p in validate_project(win.doc.project, win.doc.table)}
    assert "unknown_character" not in codes

    desc = win.inspector.shot.description
    desc.moveCursor(desc.textCursor().MoveOperation.End)
    type_and_pick(win, desc, " with @ma", "marco")
    assert desc.toPlainText().rstrip().endswith("with @marco")


def test_revoked_character_blocks_generation(window) -> None:
    win = window
    shot_id = win.doc.project.shots[0].id
    win.doc.set_shot_field(shot_id, "characters", ["mei"])
    win.inspector.shot.sync_cast()
    assert win.doc.project.character_by_handle("mei") is not None
    win.inspector.shot.library.revoke("mei")
    win.inspector.shot.sync_cast()
    codes = {p.code for p in validate_project(win.doc.project, win.doc.table)}
    assert "character_revoked" in codes


def test_library_dialog_creates_refuses_and_imports(window, qtbot, tmp_path: Path) -> None:
    win = window
    lib = win.inspector.shot.library
    dialog = CharactersDialog(lib, win.tasks)
    qtbot.addWidget(dialog)
    run(win.loop, until(lambda: dialog.list.count() == 2, 10, "the library listed"))
    dialog.name.setText("Ana")
    dialog.handle.setText("@ana")
    dialog.description.setPlainText("green scarf")
    said = lambda: dialog.message.text() if dialog.message else ""  # noqa: E731
    assert dialog.save_current() is None  # no consent ticked yet: refused at once
    assert "consent" in said() and dialog.message.isVisible()
    dialog.consent.setChecked(True)
    run(win.loop, dialog.save_current())
    run(win.loop, until(lambda: dialog.list.count() == 3 and not dialog.busy, 10, "Ana listed"))
    assert lib.get("ana").description == "green scarf" and lib.consent(lib.get("ana").id)
    assert dialog.list.currentItem().text() == "@ana"
    dialog._clear()
    dialog.name.setText("Imposter")
    dialog.handle.setText("MEI")
    dialog.consent.setChecked(True)
    run(win.loop, dialog.save_current())
    run(win.loop, until(lambda: "@MEI" in said(), 10, "the taken handle said"))

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("../../outside.jpg", b"\xff\xd8\xff")
    run(win.loop, dialog.import_from(evil))
    run(win.loop, until(lambda: "Nothing was imported" in said(), 10, "the refusal said"))
    assert not (tmp_path.parent / "outside.jpg").exists() and len(lib.all()) == 3
