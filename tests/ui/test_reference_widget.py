"""A reference image through the real window: drop, consent, attach, save, reload.

Drops are real ``QDropEvent``s carrying real ``QMimeData`` (file URLs or image data); the
consent dialog and message boxes are the real ones, answered by a timer while their
``exec()`` runs, as a user would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from studio.app.references import REF_DIR, reference_hashes
from studio.core.model import ConsentKind
from studio.core.validation import validate_project
from studio.storage.project_file import load_project, save_project
from studio.ui.consent_dialog import ConsentDialog
from studio.ui.reference_widget import ReferenceWidget
from tests.media.image_corpus import BAD, encoded, photo, tagged_jpeg
from tests.ui.studio_harness import open_sample, run, until

pytestmark = pytest.mark.timeout(120)


def drop(widget: ReferenceWidget, mime: QMimeData) -> bool:
    """Drag ``mime`` over ``widget`` and drop it; True when the drop was accepted."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    ev = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)
    return ev.isAccepted()


def file_mime(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def answer(kind: type, act: Callable[[object], None], seen: list[object]) -> None:
    """When a modal ``kind`` shows, call ``act(dialog)`` (it must close it)."""
    def poke() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w.isVisible():
            seen.append(w)
            act(w)
        else:
            QTimer.singleShot(20, poke)

    QTimer.singleShot(0, poke)


def tick_all_checking_use(dialog: ConsentDialog, states: list[bool]) -> None:
    """Tick every box, noting whether Use was enabled before each tick and after the last."""
    for box in dialog.boxes:
        states.append(dialog.use.isEnabled())
        box.setChecked(True)
    states.append(dialog.use.isEnabled())


@pytest.fixture
def window(launch, tmp_path):
    win = launch()
    open_sample(win, win.loop)
    win.doc.set_selection([win.doc.project.shots[0].id])
    return win


def refs_dir(win) -> Path:
    return win.doc.media_root() / REF_DIR


def test_a_dropped_file_asks_consent_and_is_attached(window, tmp_path: Path) -> None:
    win, loop = window, window.loop
    widget = win.inspector.shot.reference
    shot_id = win.doc.project.shots[0].id
    src = tmp_path / "ref.jpg"
    src.write_bytes(tagged_jpeg())
    seen: list[object] = []
    states: list[bool] = []

    def use(d: ConsentDialog) -> None:
        tick_all_checking_use(d, states)
        d.accept()

    answer(ConsentDialog, use, seen)
    attached: list[object] = []
    widget.attached.connect(attached.append)
    assert drop(widget, file_mime(src))
    run(loop, until(lambda: attached, 30, "the reference to be attached"))
    assert states == [False, False, False, True]  # Use only once every box is ticked
    ref = win.doc.project.shot(shot_id).reference
    assert ref is not None and attached == [shot_id]
    consent = next(c for c in win.doc.project.consents if c.id == ref.consent_id)
    assert consent.kind is ConsentKind.REFERENCE_IMAGE and consent.image_sha256 == ref.sha256
    assert len(consent.statements) == 3 and consent.accepted_at.endswith("+00:00")
    stored = win.doc.media_root() / ref.path
    assert stored.is_file() and b"SecretCam" not in stored.read_bytes()
    assert not widget.preview.pixmap().isNull()  # the fitted result is shown

    # saved with the project and back on reload, bytes checked by core validation
    path = tmp_path / "film.sorastudio"
    save_project(win.doc.project, path)
    again = load_project(path)
    assert again.shot(shot_id).reference == ref and consent in again.consents
    table = win.doc.table
    hashes = reference_hashes(again, win.doc.media_root())
    codes = {p.code for p in validate_project(again, table, reference_hashes=hashes)}
    assert not {c for c in codes if c.startswith("reference_")}
    stored.write_bytes(encoded(photo(1280, 720, seed=9), "JPEG"))  # swapped behind our back
    hashes = reference_hashes(again, win.doc.media_root())
    codes = {p.code for p in validate_project(again, table, reference_hashes=hashes)}
    assert "reference_bytes_changed" in codes

    # one undo step takes both the image and its record away
    win.doc.undo_stack.undo()
    assert win.doc.project.shot(shot_id).reference is None
    assert all(c.id != consent.id for c in win.doc.project.consents)


def test_cancel_attaches_nothing(window, tmp_path: Path) -> None:
    win, loop = window, window.loop
    src = tmp_path / "ref.png"
    src.write_bytes(encoded(photo(), "PNG"))
    seen: list[object] = []
    closed: list[int] = []

    def cancel(d: ConsentDialog) -> None:
        d.finished.connect(closed.append)
        d.reject()

    answer(ConsentDialog, cancel, seen)
    before = win.doc.project.model_dump()
    assert drop(win.inspector.shot.reference, file_mime(src))
    run(loop, until(lambda: closed, 30, "the consent dialog"))
    run(loop, asyncio.sleep(0.3))
    assert win.doc.project.model_dump() == before
    assert not refs_dir(win).exists() or not any(refs_dir(win).iterdir())


def test_image_data_drop_and_replace_after_confirmation(window) -> None:
    win, loop = window, window.loop
    widget = win.inspector.shot.reference
    shot_id = win.doc.project.shots[0].id
    for n, colour in enumerate((Qt.GlobalColor.red, Qt.GlobalColor.blue)):
        image = QImage(640, 360, QImage.Format.Format_RGB32)
        image.fill(colour)
        mime = QMimeData()
        mime.setImageData(image)
        seen: list[object] = []
        if n:  # the second image asks before it replaces the first
            answer(QMessageBox, lambda b: b.button(QMessageBox.StandardButton.Yes).click(), seen)

        def use(d: ConsentDialog) -> None:
            for box in d.boxes:
                box.setChecked(True)
            d.use.click()

        answer(ConsentDialog, use, seen)
        attached: list[object] = []
        widget.attached.connect(attached.append)
        assert drop(widget, mime)
        run(loop, until(lambda got=attached: got, 30, "the reference"))
        widget.attached.disconnect()
        assert len(seen) == n + 1
    ref = win.doc.project.shot(shot_id).reference
    pixels = QImage(str(win.doc.media_root() / ref.path))
    assert pixels.size().width() == 1280 and pixels.size().height() == 720
    assert pixels.pixelColor(640, 360).blue() > 200  # the second (blue) image won
    assert len(win.doc.project.consents) == 2


def test_a_refused_file_says_why_and_attaches_nothing(window, tmp_path: Path) -> None:
    win, loop = window, window.loop
    widget = win.inspector.shot.reference
    src = tmp_path / "iphone.jpg"
    src.write_bytes(BAD["iphone.heic"][0]())
    seen: list[object] = []
    texts: list[str] = []

    def close(box: QMessageBox) -> None:
        texts.append(box.text())
        box.accept()

    answer(QMessageBox, close, seen)
    codes: list[str] = []
    widget.refused.connect(codes.append)
    before = win.doc.project.model_dump()
    assert drop(widget, file_mime(src))
    run(loop, until(lambda: texts, 30, "the refusal"))
    assert codes == ["format_refused"] and "HEIC" in texts[0]
    assert win.doc.project.model_dump() == before
    assert not refs_dir(win).exists()


def test_the_film_has_its_own_reference(window, tmp_path: Path) -> None:
    win, loop = window, window.loop
    widget = win.inspector.look.film_reference
    src = tmp_path / "film.webp"
    src.write_bytes(encoded(photo(), "WEBP"))
    seen: list[object] = []

    def use(d: ConsentDialog) -> None:
        for box in d.boxes:
            box.setChecked(True)
        d.done(QDialog.DialogCode.Accepted)

    answer(ConsentDialog, use, seen)
    attached: list[object] = []
    widget.attached.connect(attached.append)
    widget.offer(src)  # the same path as the file dialog's answer
    run(loop, until(lambda: attached, 30, "the film reference"))
    assert attached == [None] and win.doc.project.reference is not None
    assert win.doc.project.shots[0].reference is None
