"""The consent dialog's face note: worded from the warning codes, shown only when there is
something to say."""

from __future__ import annotations

import pytest

from studio.app import references
from studio.core.validation import Problem
from studio.media.images import prepare_image
from studio.ui.consent_dialog import ConsentDialog
from studio.ui.problems import notice_text
from tests.media.image_corpus import encoded, photo
from tests.media.test_faces import ASTRONAUT

pytestmark = pytest.mark.timeout(60)


def test_a_face_photo_shows_the_warning(qtbot) -> None:
    dialog = ConsentDialog(references.prepare(ASTRONAUT.read_bytes(), "720x1280"))
    qtbot.addWidget(dialog)
    text = dialog.face_note.text()
    assert not dialog.face_note.isHidden()
    assert text == notice_text(Problem("reference", "", code="reference_face"))
    assert "face was found" in text and "Cameo" in text


def test_no_face_no_note(qtbot) -> None:
    dialog = ConsentDialog(references.prepare(encoded(photo(800, 600), "JPEG"), "640x360"))
    qtbot.addWidget(dialog)
    assert dialog.face_note.isHidden() and dialog.face_note.text() == ""


def test_an_unchecked_image_says_so(qtbot) -> None:
    unchecked = prepare_image(encoded(photo(), "PNG"), 640, 360, detect_faces=False)
    dialog = ConsentDialog(unchecked)
    qtbot.addWidget(dialog)
    assert not dialog.face_note.isHidden() and "cannot check" in dialog.face_note.text()
