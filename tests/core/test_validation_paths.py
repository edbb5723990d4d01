"""Validation's less travelled refusals: a sunset model, the one-take film's reference,
consent records that do not match, reference bytes that changed, revoked characters."""

from __future__ import annotations

import datetime as dt

import pytest

from studio.core.capabilities import CapabilityTable, Features, ModelCaps
from studio.core.model import (
    Character,
    ConsentKind,
    ConsentRecord,
    Look,
    Project,
    ReferenceImage,
    Shot,
    Strategy,
)
from studio.core.validation import Severity, errors, sunset_problem, validate_project
from studio.storage.bundled import capability_table

SHA, OTHER = "a" * 64, "b" * 64


@pytest.fixture(scope="module")
def table() -> CapabilityTable:
    return capability_table()


def _consent(sha: str = SHA, kind: ConsentKind = ConsentKind.REFERENCE_IMAGE) -> ConsentRecord:
    return ConsentRecord(kind=kind, statements=["I may use this image"],
                         accepted_at="2026-01-01T00:00:00Z", image_sha256=sha)


def _with_reference(consent: ConsentRecord | None, *, consent_id: str | None = None,
                    **look: object) -> Project:
    ref = ReferenceImage(path="refs/a.png", sha256=SHA,
                         consent_id=consent_id or (consent.id if consent else None))
    project = Project(look=Look(**look), shots=[Shot(title="a", reference=ref)])
    if consent is not None:
        project.consents.append(consent)
    return project


def test_a_sunset_model_warns_after_its_date_only(table) -> None:
    project = Project(look=Look(model="sora-2"), shots=[Shot(title="a")])
    caps = table["sora-2"]
    sunset = dt.date.fromisoformat(caps.sunset)
    assert validate_project(project, table, today=sunset) == []
    (p,) = validate_project(project, table, today=sunset + dt.timedelta(days=1))
    assert (p.field, p.code, p.severity) == ("look.model", "model_sunset", Severity.WARNING)
    assert p.params == {"model": caps.label, "date": caps.sunset}
    assert errors([p]) == []  # a warning: the project can still be generated
    assert sunset_problem(table["animatic"], dt.date(2100, 1, 1)) is None  # no sunset
    assert sunset_problem(caps, None) is None  # no clock given


def test_a_consent_record_missing_from_the_project_is_refused(table) -> None:
    (p,) = validate_project(_with_reference(None, consent_id="gone"), table)
    assert (p.field, p.code, p.shot_index) == ("reference", "reference_consent_missing", 0)


@pytest.mark.parametrize("consent", [
    _consent(OTHER),  # given for other bytes
    _consent(kind=ConsentKind.CAMEO),  # given for a cameo, not a reference image
])
def test_a_consent_record_for_something_else_is_refused(table, consent) -> None:
    (p,) = validate_project(_with_reference(consent), table)
    assert p.code == "reference_consent_mismatch" and p.severity is Severity.ERROR


def test_reference_bytes_are_checked_against_the_consent_when_hashes_are_given(table) -> None:
    project = _with_reference(_consent())
    assert validate_project(project, table, reference_hashes={"refs/a.png": SHA}) == []
    (gone,) = validate_project(project, table, reference_hashes={})
    assert (gone.code, gone.params) == ("reference_file_missing", {"path": "refs/a.png"})
    assert "refs/a.png is missing" in gone.message
    (changed,) = validate_project(project, table, reference_hashes={"refs/a.png": OTHER})
    assert (changed.code, changed.params) == ("reference_bytes_changed", {"path": "refs/a.png"})
    # no consent at all: only that is reported, not the bytes as well
    bare = _with_reference(None)
    assert [p.code for p in validate_project(bare, table, reference_hashes={})] == [
        "reference_no_consent"]


def test_a_model_without_reference_images_refuses_one() -> None:
    caps = ModelCaps(id="text-only", label="Text Only", sizes=("1280x720",), seconds=(4, 8),
                     features=Features())
    table = CapabilityTable(models=(caps,))
    (p,) = validate_project(_with_reference(_consent(), model="text-only"), table)
    assert (p.code, p.params) == ("reference_unsupported", {"model": "Text Only"})
    assert str(p) == "error: shot 1: reference: text-only does not take a reference image"


def test_the_one_take_films_reference_is_checked_under_film(table) -> None:
    consent = _consent()
    project = Project(look=Look(strategy=Strategy.ONE_TAKE), shots=[Shot(title="a")],
                      reference=ReferenceImage(path="refs/film.png", sha256=SHA,
                                               consent_id=consent.id))
    (p,) = validate_project(project, table)
    assert (p.field, p.code, p.shot_index) == ("film.reference", "reference_consent_missing",
                                               None)
    project.consents.append(consent)
    assert validate_project(project, table) == []
    (p,) = validate_project(project, table, reference_hashes={"refs/film.png": OTHER})
    assert p.field == "film.reference" and p.code == "reference_bytes_changed"
    project.look.strategy = Strategy.PER_SHOT  # the film's reference is not used per shot
    assert validate_project(project, table, reference_hashes={}) == []


def test_a_revoked_character_is_refused_by_handle(table) -> None:
    shot = Shot(title="a", characters=["Mossy"])
    project = Project(shots=[shot], characters=[Character(name="Mossy", handle="mossy",
                                                          revoked=True)])
    (p,) = validate_project(project, table)
    assert (p.code, p.params, p.severity) == ("character_revoked", {"handles": "@mossy"},
                                              Severity.ERROR)  # the character's own handle
    assert p.message == "consent was withdrawn for: @mossy"


def test_a_character_mentioned_only_in_the_text_counts_as_used(table) -> None:
    """``@handle`` in the description puts the person in the video as the field does: a
    withdrawn consent refuses it, and it counts towards the model's limit."""
    shot = Shot(title="a", description="@mossy waves at @nobody (not a character)")
    project = Project(shots=[shot], characters=[Character(name="Mossy", handle="mossy",
                                                          revoked=True)])
    (p,) = validate_project(project, table)
    assert (p.code, p.params, p.severity) == ("character_revoked", {"handles": "@mossy"},
                                              Severity.ERROR)
    project.characters[0].revoked = False
    project.look.model = "veo-3.1-generate-preview"  # takes no characters
    (p,) = validate_project(project, table)
    assert (p.code, p.params["limit"]) == ("too_many_characters", 0)


def test_too_many_characters_only_warns_on_a_model_without_characters(table) -> None:
    shot = Shot(title="a", characters=["a"])
    project = Project(look=Look(model="veo-3.1-generate-preview"), shots=[shot],
                      characters=[Character(name="A", handle="a")])
    (p,) = validate_project(project, table)
    assert (p.code, p.severity, p.params["limit"]) == ("too_many_characters",
                                                       Severity.WARNING, 0)
