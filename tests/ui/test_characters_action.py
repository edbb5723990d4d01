"""Edit ▸ Characters… in the real window: the library dialog opens without a nested loop,
lists the library, registers a consented character with the provider from a clip (over the
real local provider) and refuses one without consent; an extension naming a character is
refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.app.characters import extension_problem
from studio.core.model import Character, ConsentKind, ConsentRecord
from studio.ui.problems import problem_text
from tests.ui.studio_harness import open_sample, run, until

pytestmark = pytest.mark.timeout(120)


def _clip(tmp_path: Path) -> Path:
    from studio.localserver.animatic import AnimaticRequest, render_animatic

    out = tmp_path / "mei.mp4"
    render_animatic(AnimaticRequest("Mei waves", 640, 360, 2, seed=2), out)
    return out


def _pick(dialog, handle: str) -> None:
    rows = [i for i in range(dialog.list.count()) if dialog.list.item(i).text() == "@" + handle]
    assert rows, handle
    dialog.list.setCurrentRow(rows[0])


def test_characters_action_opens_the_library_and_registers_with_consent(launch, tmp_path):
    win = launch()
    open_sample(win, win.loop)
    lib = win.inspector.shot.library
    lib.save(Character(name="Mei Lin", handle="mei", description="red raincoat"),
             ConsentRecord(kind=ConsentKind.CAMEO, statements=["It is me."],
                           accepted_at="2026-01-01T00:00:00+00:00"))
    lib.save(Character(name="Marco", handle="marco"))  # no consent on record

    action = win.actions["characters"]
    assert action.isEnabled() and action in win.actions.menus["edit"].actions()
    action.trigger()  # returns at once: the dialog is window-modal, not a nested loop
    dialog = win.inspector.shot.characters_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    run(win.loop, until(lambda: dialog.list.count() == 2, 10, "the library listed"))

    _pick(dialog, "marco")
    assert not dialog.register_button.isEnabled()
    assert "consent" in dialog.provider_state.text()
    assert dialog.register_from(_clip(tmp_path)) is None  # refused: nothing sent

    _pick(dialog, "mei")
    assert dialog.register_button.isEnabled()
    run(win.loop, dialog.register_from(_clip(tmp_path)))
    server = win.generation.service.local.store
    run(win.loop, until(lambda: lib.get("mei").provider_ids, 20, "the provider id stored"))
    (char_id,) = lib.get("mei").provider_ids.values()
    assert [c.name for c in server.characters.values()] == ["Mei Lin"]
    assert char_id in server.characters
    run(win.loop, until(lambda: "Registered with" in dialog.provider_state.text(), 10,
                        "the dialog shows the registration"))
    dialog.reject()
    assert not dialog.isVisible()


def test_an_extension_naming_a_character_is_refused_in_words(launch):
    win = launch()
    open_sample(win, win.loop)
    project = win.doc.project
    project.characters.append(Character(name="Mei Lin", handle="mei"))
    shot = project.shots[1]
    problem = extension_problem(project, "and then @mei waves", shot.id)
    assert problem is not None
    text = problem_text(project, problem)
    assert "@mei" in text and "extension" in text and text.startswith("Shot 2")
