"""Continuity: the previous take's last frame as a consented reference, and extensions of
the previous take — real local provider over HTTP, real ledger, real MP4s decoded."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from studio.app import continuity, references
from studio.app.generation import GenerationService, Mode
from studio.core.model import Project, Take, TakeRelation, TakeStatus
from studio.media.probe import verify_video
from studio.storage.bundled import sample_project_path
from studio.storage.project_file import load_project


def _small(n: int = 3) -> Project:
    project = load_project(sample_project_path("en"))
    project.shots = project.shots[:n]
    project.look.size = "640x360"
    for shot in project.shots:
        shot.reference = None
    return project


async def _generate_first(service: GenerationService, project: Project, root: Path) -> Take:
    """Shot 1 generated, placed and chosen, as the window would leave it."""
    shot = project.shots[0]
    plan = service.plan(project, [shot.id], Mode.SHOTS)
    assert plan.ok, plan.problems
    [(_, take)] = await service.submit(project, plan, root / "film.sorastudio")
    assert take.job_id
    assert (await service.runner.wait(take.job_id)).state == "done"
    rel, _ = await service.place(take.job_id, take.id, root)
    take.media, take.status = rel, TakeStatus.COMPLETED
    shot.takes.append(take)
    shot.chosen_take = take.id
    return take


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def _png(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _code(exc: pytest.ExceptionInfo[continuity.ContinuityRefused]) -> str | None:
    return exc.value.problem.code


@pytest.mark.timeout(120)
async def test_the_last_frame_of_the_previous_take_becomes_a_consented_reference(
        service: GenerationService, tmp_path: Path) -> None:
    project = _small()
    first, second, third = project.shots
    with pytest.raises(continuity.ContinuityRefused) as no_prev:
        continuity.previous(project, first.id)
    assert _code(no_prev) == "continuity_first_shot"
    with pytest.raises(continuity.ContinuityRefused) as no_take:
        continuity.last_frame(project, second.id, tmp_path)
    assert _code(no_take) == "continuity_no_previous_take"
    assert no_take.value.problem.params == {"shot": 1}

    take = await _generate_first(service, project, tmp_path)
    frames = _frames(tmp_path / (take.media or ""))
    still = _png(continuity.last_frame(project, second.id, tmp_path))
    assert still.shape == frames[-1].shape
    assert np.abs(still.astype(int) - frames[-1]).mean() < 1.0
    # a trimmed previous shot ends at its out point, not at the file's end
    first.trim_out = 2.0
    trimmed = _png(continuity.last_frame(project, second.id, tmp_path))
    assert np.abs(trimmed.astype(int) - frames[47]).mean() < 1.0
    assert np.abs(trimmed.astype(int) - frames[-1]).mean() > 1.0

    # the reference flow: fitted to the project's size, consent for these bytes, stored
    image = references.prepare(continuity.last_frame(project, second.id, tmp_path),
                               project.look.size)
    consent = references.consent_for(image)
    rel = references.store(image, tmp_path)
    second.reference = references.reference_for(image, rel, consent)
    project.consents.append(consent)
    assert references.check_on_disk(project, tmp_path, service.table, [second.id]) == []
    plan = service.plan(project, [second.id], Mode.SHOTS)
    assert plan.ok, plan.problems

    (tmp_path / (take.media or "")).unlink()
    with pytest.raises(continuity.ContinuityRefused) as gone:
        continuity.last_frame(project, second.id, tmp_path)
    assert _code(gone) == "continuity_previous_unreadable"
    del third


@pytest.mark.timeout(120)
async def test_extending_the_previous_take_makes_this_shots_take_after_its_ending(
        service: GenerationService, tmp_path: Path) -> None:
    project = _small()
    second = project.shots[1]
    parent = await _generate_first(service, project, tmp_path)
    second.duration = 4
    ext = continuity.extension(project, second.id, service.table)
    assert ext.parent is parent and ext.seconds == 4 and ext.trim_in == 4.0

    take, trim_in = await continuity.extend_previous(service, project, second.id)
    assert trim_in == 4.0
    assert take.relation is TakeRelation.EXTEND and take.parent_take == parent.id
    assert take.job_id
    row = await service.ledger.get(take.job_id)
    assert row.shot == second.id  # crash recovery puts it back on this shot
    assert (await service.runner.wait(take.job_id)).state == "done"
    rel, _ = await service.place(take.job_id, take.id, tmp_path)
    info = verify_video(tmp_path / rel)
    assert info.duration == pytest.approx(8.0, abs=0.1)  # the stitched whole
    # its first part replays the previous take: the cut starts after it
    ours, theirs = _frames(tmp_path / rel), _frames(tmp_path / (parent.media or ""))
    assert np.abs(ours[10].astype(int) - theirs[10]).mean() < 8.0


@pytest.mark.timeout(60)
async def test_extension_refusals_say_why_with_codes(service: GenerationService,
                                                     tmp_path: Path) -> None:
    project = _small()
    first, second, _ = project.shots
    parent = await _generate_first(service, project, tmp_path)
    table = service.table

    project.shots[0].takes[0] = parent.model_copy(update={"model": "veo-3.1-generate-preview"})
    with pytest.raises(continuity.ContinuityRefused) as unsupported:
        continuity.extension(project, second.id, table)
    assert _code(unsupported) == "continuity_extend_unsupported"
    project.shots[0].takes[0] = parent

    second.duration = 120
    with pytest.raises(continuity.ContinuityRefused) as long:
        continuity.extension(project, second.id, table)
    assert _code(long) == "continuity_extend_too_long"
    assert long.value.problem.params["longest"] == 120
    second.duration = 4

    # a chain of six extensions is the most the animatic allows
    chain, prev = [], parent
    for _ in range(6):
        nxt = Take(status=TakeStatus.COMPLETED, media=parent.media, job_id=parent.job_id,
                   model="animatic", params={"seconds": 4}, parent_take=prev.id,
                   relation=TakeRelation.EXTEND)
        chain.append(nxt)
        prev = nxt
    first.takes.extend(chain)
    first.chosen_take = prev.id
    with pytest.raises(continuity.ContinuityRefused) as limit:
        continuity.extension(project, second.id, table)
    assert _code(limit) == "continuity_extend_limit"

    first.chosen_take = parent.id
    parent.job_id = None
    with pytest.raises(continuity.ContinuityRefused) as foreign:
        continuity.extension(project, second.id, table)
    assert _code(foreign) == "continuity_previous_not_ours"


@pytest.mark.timeout(120)
async def test_each_shots_saved_way_of_continuing_steers_its_generation(
        service: GenerationService, tmp_path: Path) -> None:
    from studio.core.model import Continuity
    from studio.storage.project_file import save_project

    project = _small()
    first, second, third = project.shots
    second.continuity, third.continuity = Continuity.LAST_FRAME, Continuity.EXTEND
    # saved with the project; a file from before the field reads as a cut
    save_project(project, tmp_path / "p.sorastudio")
    again = load_project(tmp_path / "p.sorastudio")
    assert [s.continuity for s in again.shots] == [Continuity.CUT, Continuity.LAST_FRAME,
                                                   Continuity.EXTEND]
    assert again.shots[0].model_dump(exclude={"continuity"}) == first.model_dump(
        exclude={"continuity"})

    ids = [s.id for s in project.shots]
    assert continuity.split_extensions(project, ids) == ([third.id], [first.id, second.id])
    # nothing to continue from yet: the plan says so for both, and sends nothing
    plan = service.plan(project, ids, Mode.SHOTS)
    assert not plan.ok
    assert {(p.shot_id, p.code) for p in plan.problems} >= {
        (second.id, "continuity_no_previous_take"), (third.id, "continuity_no_previous_take")}

    take = await _generate_first(service, project, tmp_path)
    plan = service.plan(project, [second.id], Mode.SHOTS)
    [needs] = plan.problems
    assert needs.code == "continuity_needs_last_frame"
    assert needs.params == {"shot": 2, "previous": 1}
    image = references.prepare(continuity.last_frame(project, second.id, tmp_path),
                               project.look.size)
    consent = references.consent_for(image)
    source = continuity.frame_source(project, second.id)
    assert (source.take, source.at) == (take.id, float(first.duration))
    second.reference = references.reference_for(image, references.store(image, tmp_path),
                                                consent, source)
    project.consents.append(consent)
    assert service.plan(project, [second.id], Mode.SHOTS).ok
    # the frame is no longer the one shot 1's cut ends on: refused before anything is paid
    first.trim_out = 2.0
    [moved] = service.plan(project, [second.id], Mode.SHOTS).problems
    assert (moved.code, moved.params) == ("continuity_frame_outdated",
                                          {"shot": 2, "previous": 1})
    first.trim_out = None
    assert service.plan(project, [second.id], Mode.SHOTS).ok
    first.takes.append(take.model_copy(update={"id": "newer"}))
    first.chosen_take = "newer"
    [other] = service.plan(project, [second.id], Mode.SHOTS).problems
    assert other.code == "continuity_frame_outdated"
    second.continuity = Continuity.CUT  # keep the image as it is: a plain cut sends it
    assert service.plan(project, [second.id], Mode.SHOTS).ok
    second.continuity = Continuity.LAST_FRAME
    first.chosen_take = take.id
    assert service.plan(project, [second.id], Mode.SHOTS).ok
    # an extending shot is never sent as a plain create: it goes through extend_previous
    third.continuity = Continuity.EXTEND
    second.takes.append(take.model_copy(update={"id": "t2"}))
    second.chosen_take = "t2"
    [only] = service.plan(project, [third.id], Mode.SHOTS).problems
    assert only.code == "continuity_extend_only"
    second.takes[-1] = second.takes[-1].model_copy(update={"model": "veo-3.1-generate-preview"})
    [why] = service.plan(project, [third.id], Mode.SHOTS).problems
    assert why.code == "continuity_extend_unsupported"
    third.continuity = Continuity.CUT
    assert service.plan(project, [third.id], Mode.SHOTS).ok
    # a shot moved to the front starts the film: whatever it saved, it is generated plainly
    third.continuity = Continuity.EXTEND
    project.shots.insert(0, project.shots.pop(2))
    assert continuity.split_extensions(project, [third.id]) == ([], [third.id])
    assert service.plan(project, [third.id], Mode.SHOTS).ok
