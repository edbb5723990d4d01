"""Validation names the shot, the field and what is allowed."""

from __future__ import annotations

import pytest

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
from studio.core.validation import Severity, errors, validate_project
from studio.storage.bundled import capability_table

SHA = "0" * 64


def project(*shots: Shot, **look: object) -> Project:
    return Project(look=Look(**look), shots=list(shots))


@pytest.fixture(scope="module")
def table():
    return capability_table()


def test_a_good_project_has_no_problems(table) -> None:
    assert validate_project(project(Shot(title="a"), Shot(description="b", duration=8)),
                            table) == []


def test_unknown_model_lists_the_known_ones(table) -> None:
    (p,) = validate_project(project(Shot(title="a"), model="veo-9"), table)
    assert p.field == "look.model" and "animatic" in p.allowed and "sora-2" in p.allowed


def test_size_not_offered_by_the_model(table) -> None:
    (p,) = validate_project(project(Shot(title="a"), model="sora-2", size="1920x1080"), table)
    assert p.field == "look.size" and p.allowed == ("720x1280", "1280x720")
    assert p.shot_index is None and "project: look.size" in str(p)


def test_per_shot_duration_names_the_shot_and_the_lengths(table) -> None:
    # 5 s is made as an 8 s clip and played 5 s in the cut; 21 s fits no clip at all
    shots = [Shot(title="a"), Shot(title="b", duration=5), Shot(title="c", duration=21)]
    (p,) = validate_project(project(*shots), table)
    assert (p.shot_index, p.shot_id, p.field) == (2, shots[2].id, "duration")
    assert p.code == "duration_not_offered" and p.params["longest"] == 20
    assert p.allowed == ("4 s", "8 s", "12 s", "16 s", "20 s")
    assert str(p).startswith("error: shot 3: duration: 21 s is longer than the longest clip")


def test_one_take_checks_the_total_not_each_shot(table) -> None:
    beats = [Shot(title=str(i), duration=3) for i in range(6)]
    assert validate_project(project(*beats, strategy=Strategy.ONE_TAKE), table) == []
    beats.append(Shot(title="long", duration=5))  # 23 s > 20 s
    (p,) = validate_project(project(*beats, strategy=Strategy.ONE_TAKE), table)
    assert p.field == "shots" and "23 s" in p.message


def test_empty_shot_and_empty_storyboard(table) -> None:
    assert [p.field for p in validate_project(project(), table)] == ["shots"]
    (p,) = validate_project(project(Shot()), table)
    assert p.field == "description" and p.shot_index == 0


def test_reference_image_needs_its_consent_record(table) -> None:
    ref = Shot(title="a", reference=ReferenceImage(path="refs/a.png", sha256=SHA))
    (p,) = validate_project(project(ref), table)
    assert p.field == "reference" and "consent" in p.message
    consent = ConsentRecord(kind=ConsentKind.REFERENCE_IMAGE, statements=["mine"],
                            accepted_at="2026-11-26T08:00:00Z", image_sha256=SHA)
    ref.reference = ReferenceImage(path="refs/a.png", sha256=SHA, consent_id=consent.id)
    good = project(ref)
    good.consents.append(consent)
    assert validate_project(good, table) == []


def test_character_mentions_must_exist_and_fit(table) -> None:
    shot = Shot(title="a", characters=["mossy", "ghost", "third"])
    p = project(shot)
    p.characters.append(Character(name="Mossy", handle="mossy"))
    problems = validate_project(p, table)
    assert [x.field for x in problems] == ["characters", "characters"]
    assert "@ghost" in problems[0].message and "@mossy" not in problems[0].message
    assert "at most 2" in problems[1].message
    assert all(x.severity is Severity.ERROR for x in errors(problems))


def test_chosen_take_must_exist(table) -> None:
    (p,) = validate_project(project(Shot(title="a", chosen_take="nope")), table)
    assert p.field == "chosen_take"
