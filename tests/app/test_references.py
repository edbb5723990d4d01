"""A generation with a Cameo character and a reference image, through the real local
provider over HTTP: what the server received, and the clip's first frame."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from studio.app import references
from studio.app.characters import ConsentMissing, register
from studio.app.generation import GenerationService, Mode
from studio.core.model import Character, ConsentKind, ConsentRecord, Project
from studio.media.images import prepare_image
from studio.storage.bundled import sample_project_path
from studio.storage.project_file import load_project
from tests.media.image_corpus import encoded

pytestmark = pytest.mark.timeout(120)


def _project() -> Project:
    project = load_project(sample_project_path("en"))
    project.shots = project.shots[:1]
    project.look.size = "640x360"
    return project


def _checker() -> bytes:
    """A picture no generated set looks like: big black and yellow squares."""
    arr = np.zeros((360, 640, 3), np.uint8)
    for y in range(0, 360, 90):
        for x in range(0, 640, 80):
            if (x // 80 + y // 90) % 2:
                arr[y:y + 90, x:x + 80] = (250, 220, 0)
    return encoded(Image.fromarray(arr), "PNG")


def _clip(tmp_path: Path) -> bytes:
    from studio.localserver.animatic import AnimaticRequest, render_animatic

    out = tmp_path / "cameo.mp4"
    render_animatic(AnimaticRequest("Mei waves", 640, 360, 4, seed=1), out)
    return out.read_bytes()


async def test_character_and_reference_reach_the_server_and_the_first_frame(
        service: GenerationService, tmp_path: Path) -> None:
    project = _project()
    anchor = tmp_path / "p.sorastudio"
    image = references.prepare(_checker(), project.look.size)
    consent = references.consent_for(image)
    rel = references.store(image, tmp_path)
    shot = project.shots[0]
    shot.reference = references.reference_for(image, rel, consent)
    project.consents.append(consent)

    cameo = ConsentRecord(kind=ConsentKind.CAMEO, statements=["It is me."],
                          accepted_at="2026-01-01T00:00:00+00:00")
    mei = Character(name="Mei Lin", handle="mei", description="red raincoat",
                    consent_id=cameo.id)
    local = next(p for p in service.providers.providers if p.key == service.providers.local_name)
    with pytest.raises(ConsentMissing):  # no record, no provider character
        await register(local.client, mei, None, b"", local.key)
    mei = await register(local.client, mei, cameo, _clip(tmp_path), local.key)
    server_char = mei.provider_ids[local.key]
    assert server_char in service.local.store.characters  # made on the server
    project.characters.append(mei)
    project.consents.append(cameo)
    shot.description += " @mei waves from the quay."  # a mention, not the Characters field

    plan = service.plan(project, [shot.id], Mode.SHOTS)
    assert plan.ok, plan.problems
    assert "Mei Lin" in plan.items[0].prompt.text and "red raincoat" in plan.items[0].prompt.text
    [(_, take)] = await service.submit(project, plan, anchor)
    await service.runner.wait(take.job_id)
    row = await service.ledger.get(take.job_id)
    record = service.local.store.videos[row.video_id]
    # the server's side: the exact consented bytes arrived as the reference
    assert service.local.store.upload_path(record.reference).read_bytes() == image.data
    assert record.status == "completed"
    assert record.characters == [server_char]  # the mention became the provider's character
    with av.open(row.media_path) as container:
        first = next(container.decode(video=0)).to_ndarray(format="rgb24").astype(int)
    want = np.asarray(Image.open(tmp_path / rel).convert("RGB")).astype(int)
    assert first.shape == want.shape
    assert np.abs(first - want).mean() < 25  # the clip opens on the image


async def test_swapped_reference_bytes_stop_the_submit(service: GenerationService,
                                                       tmp_path: Path) -> None:
    project = _project()
    image = references.prepare(_checker(), project.look.size)
    consent = references.consent_for(image)
    rel = references.store(image, tmp_path)
    project.shots[0].reference = references.reference_for(image, rel, consent)
    project.consents.append(consent)
    plan = service.plan(project, [project.shots[0].id], Mode.SHOTS)
    assert plan.ok
    (tmp_path / rel).write_bytes(encoded(Image.new("RGB", (640, 360), "red"), "JPEG"))
    before = len(service.local.store.videos)
    with pytest.raises(references.ReferenceChanged) as caught:
        await service.submit(project, plan, tmp_path / "p.sorastudio")
    assert [p.code for p in caught.value.problems] == ["reference_bytes_changed"]
    assert len(service.local.store.videos) == before  # nothing was sent


def test_a_face_in_the_image_is_a_warning_code_before_consent() -> None:
    from tests.media.test_faces import ASTRONAUT

    face = references.prepare(ASTRONAUT.read_bytes(), "720x1280")
    [warning] = references.image_warnings(face)
    assert (warning.code, warning.params, warning.severity) == ("reference_face", {"count": 1},
                                                                "warning")
    assert references.image_warnings(references.prepare(_checker(), "640x360")) == []
    unchecked = prepare_image(_checker(), 640, 360, detect_faces=False)
    assert [p.code for p in references.image_warnings(unchecked)] == \
        ["reference_face_unchecked"]
