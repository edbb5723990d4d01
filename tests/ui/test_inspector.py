"""Inspector: every field edits the selected shot / the look as one undoable step."""

from __future__ import annotations

import pytest

from studio.storage.bundled import capability_table
from studio.storage.settings import ProviderProfile, Settings, local_profile
from studio.ui.inspector import Inspector, parse_keywords, parse_list

#: The local animatic and a gateway that serves the OpenAI models too.
SETTINGS = Settings(profiles=[
    local_profile(),
    ProviderProfile(name="Gateway", base_url="http://127.0.0.1:9/v1",
                    models=["animatic", "sora-2", "sora-2-pro"]),
    ProviderProfile(name="Sora only", base_url="http://127.0.0.1:9/v1", models=["sora-2"]),
])


@pytest.fixture
def setup(qtbot, doc):
    ins = Inspector(doc, SETTINGS)
    qtbot.addWidget(ins)
    ins.show()
    doc.set_selection([doc.project.shots[0].id])
    yield doc, ins


def test_shows_the_selected_shot(setup):
    doc, ins = setup
    assert ins.shot.title.text() == "Shot 0"
    assert ins.shot.description.toPlainText() == "Description 0"
    assert ins.shot.duration.value() == 8
    doc.set_selection([doc.project.shots[1].id])
    assert ins.shot.characters.text() == "@mei"


def test_typing_is_one_undo_step(setup, qtbot):
    doc, ins = setup
    ins.shot.title.selectAll()
    qtbot.keyClicks(ins.shot.title, "Dawn")
    assert doc.project.shots[0].title == "Dawn"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert ins.shot.title.text() == "Shot 0"


def test_every_shot_field_edits_the_model(setup, qtbot):
    doc, ins = setup
    shot = doc.project.shots[0]
    ins.shot.description.setPlainText("Waves on a statue")
    ins.shot.camera.setText("drone orbit")
    ins.shot.notes.setPlainText("wind")
    ins.shot.characters.setText("@mei, bob")
    assert (shot.description, shot.camera, shot.notes) == ("Waves on a statue", "drone orbit",
                                                            "wind")
    assert shot.characters == ["mei", "bob"]
    ins.shot.characters.setText("@no good!")
    assert shot.characters == ["mei", "bob"]  # refused, flagged on the field
    assert ins.shot.characters.toolTip()


def test_duration_spin_snaps_to_clip_lengths(setup, qtbot):
    doc, ins = setup
    ins.shot.duration.stepBy(1)
    assert doc.project.shots[0].duration == 12
    ins.shot.duration.setValue(13)
    assert doc.project.shots[0].duration == 12
    assert ins.shot.duration.value() == 12


def test_several_selected_disables_the_form(setup):
    doc, ins = setup
    doc.set_selection([s.id for s in doc.project.shots[:2]])
    assert not ins.shot.form.isEnabled()
    assert "2 shots" in ins.shot.hint.text()


def test_look_fields_and_model_undo_refresh_without_loops(setup):
    doc, ins = setup
    look = ins.look
    look.style.setPlainText("noir")
    look.keywords.setText("sea, paper lanterns")
    assert doc.project.look.keywords == ["sea", "paper lanterns"]
    assert look.model.findData("sora-2") < 0  # the local animatic serves its own model only
    look.provider.setCurrentIndex(look.provider.findData("Gateway"))
    assert doc.project.look.provider == "Gateway" and doc.project.look.model == "animatic"
    look.model.setCurrentIndex(look.model.findData("sora-2"))
    assert doc.project.look.model == "sora-2"
    assert [look.size.itemData(i) for i in range(look.size.count())] == ["720x1280", "1280x720"]
    look.size.setCurrentIndex(look.size.findData("720x1280"))
    look.strategy.setCurrentIndex(look.strategy.findData("one-take"))
    n = doc.undo_stack.count()
    assert n == 6
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert look.model.currentData() == "animatic"
    assert look.size.currentData() == "1280x720"
    assert look.size.count() == len(capability_table()["animatic"].sizes)
    assert doc.undo_stack.count() == n  # refreshing pushed nothing
    assert doc.undo_stack.index() == n - 3


def test_a_provider_that_does_not_serve_the_model_brings_its_own_in_one_step(setup):
    doc, ins = setup
    look = ins.look
    n = doc.undo_stack.count()
    look.provider.setCurrentIndex(look.provider.findData("Sora only"))
    assert (doc.project.look.provider, doc.project.look.model) == ("Sora only", "sora-2")
    assert doc.project.look.size in capability_table()["sora-2"].sizes
    assert [look.model.itemData(i) for i in range(look.model.count())] == ["sora-2"]
    assert "September 24, 2026" in look.model_note.text()  # past its sunset: said at once
    assert doc.undo_stack.count() == n + 1
    doc.undo_stack.undo()
    assert (doc.project.look.provider, doc.project.look.model) == ("local", "animatic")
    assert look.provider.currentData() == "local"


def test_a_project_naming_a_missing_profile_says_so(setup):
    doc, ins = setup
    doc.set_look_field("provider", "Deleted gateway")
    assert "no such profile" in ins.look.provider.currentText()


def test_list_parsing():
    assert parse_list("@a, b  c，d") == ["@a", "b", "c", "d"]
    assert parse_list("@a, @b", strip_at=True) == ["a", "b"]
    assert parse_keywords("paper lanterns, sea,,") == ["paper lanterns", "sea"]
