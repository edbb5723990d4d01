"""The local provider draws what was sent: characters as labelled figures, an edit from its
source's frames. Checked by decoding the clips, in the renderer and through the server."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from openai import AsyncOpenAI
from PIL import Image

from studio.localserver.animatic import AnimaticRequest, render_animatic
from studio.localserver.animatic_figures import PLATE, figure_slots
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import SIZE, wait_done
from tests.media.clips import decode_frames

W, H = 640, 360
STILL_SHOT = "1. Pier\nCamera: static\nThey wait on the pier."


def _picture(seed: int) -> bytes:
    """A structured picture (blocks of colour), so 'is it this picture' is decidable."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(30, 220, (9, 16, 3), dtype=np.uint8)
    img = Image.fromarray(blocks).resize((W, H), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _first(path: Path) -> np.ndarray:
    return decode_frames(path, "rgb24")[0].astype(int)


def _crop(frame: np.ndarray, box: tuple[int, int, int, int], inset: int = 3) -> np.ndarray:
    x0, y0, x1, y1 = box
    return frame[y0 + inset:y1 - inset, x0 + inset:x1 - inset]


def _render(tmp: Path, name: str, characters: tuple[str, ...], prompt: str = STILL_SHOT) -> Path:
    out = tmp / f"{name}.mp4"
    render_animatic(AnimaticRequest(prompt, W, H, 1, reference_image=_picture(1),
                                    characters=characters), out)
    return out


@pytest.mark.timeout(60)
def test_each_character_is_a_figure_under_its_own_name(tmp_path: Path) -> None:
    bare = _first(_render(tmp_path, "bare", ()))
    cast = _first(_render(tmp_path, "cast", ("Mei", "Pip")))
    other = _first(_render(tmp_path, "other", ("Wolfgang", "Pip")))
    slots = figure_slots(["Mei", "Pip"], W, H)
    assert len(slots) == 2 and slots[0].centre_x < slots[1].centre_x
    for slot in slots:
        plate = _crop(cast, slot.plate)
        light = (np.abs(plate - np.array(PLATE)).sum(axis=2) < 60).mean()
        ink = (plate.sum(axis=2) < 200).mean()
        assert light > 0.5, f"{slot.name}: no light name plate ({light:.2f})"
        assert 0.03 < ink < 0.5, f"{slot.name}: no name written on the plate ({ink:.2f})"
        assert np.abs(plate - _crop(bare, slot.plate)).mean() > 40
        head = slot.head_y, slot.centre_x
        assert np.abs(cast[head] - bare[head]).sum() > 60, "no figure under the plate"
    # the label is the name: another name in the first slot changes that plate only
    mei, wolfgang = slots[0].plate, figure_slots(["Wolfgang", "Pip"], W, H)[0].plate
    left = (min(mei[0], wolfgang[0]), mei[1], max(mei[2], wolfgang[2]), mei[3])
    assert np.abs(_crop(cast, left, 0) - _crop(other, left, 0)).mean() > 15
    assert np.abs(_crop(cast, slots[1].plate) - _crop(other, slots[1].plate)).mean() < 4
    # the rest of the picture is still the reference image
    corner = (0, H // 2, W // 8, H - 1)
    assert np.abs(_crop(cast, corner) - _crop(bare, corner)).mean() < 4


@pytest.mark.timeout(60)
def test_figures_move_with_the_camera(tmp_path: Path) -> None:
    frames = decode_frames(_render(tmp_path, "pan", ("Mei",), "1. Pier\nCamera: pan right\nx"),
                           "rgb24")
    (slot,) = figure_slots(["Mei"], W, H)
    first, last = frames[0].astype(int), frames[-1].astype(int)
    at = slot.head_y, slot.centre_x
    assert np.abs(first[at] - last[at]).sum() > 60, "the figure stayed put while the view moved"


@pytest.mark.timeout(120)
async def test_the_server_draws_the_characters_a_job_asked_for(
    client: AsyncOpenAI, provider: LocalProvider, sample_mp4: Path
) -> None:
    mei = await client.videos.create_character(name="Mei", video=sample_mp4)
    job = await client.videos.create(
        prompt=STILL_SHOT, model="animatic", size=SIZE, seconds="4",
        input_reference=("ref.png", _picture(1), "image/png"),
        extra_body={"characters": [{"id": mei.id}]})
    assert provider.store.videos[job.id].characters == [mei.id]  # recorded with the job
    done = await wait_done(client, job.id)
    assert done.status == "completed", done.error
    clip = provider.store.media_path(provider.store.videos[job.id], "video")
    first = _first(clip)
    (slot,) = figure_slots(["Mei"], W, H)
    plate = _crop(first, slot.plate)
    assert (np.abs(plate - np.array(PLATE)).sum(axis=2) < 60).mean() > 0.5
    assert (plate.sum(axis=2) < 200).mean() > 0.03
    corner = (0, 0, W // 8, H // 8)
    expected = np.asarray(Image.open(io.BytesIO(_picture(1))).convert("RGB"), dtype=int)
    assert np.abs(_crop(first, corner) - _crop(expected, corner)).mean() < 8


@pytest.mark.timeout(120)
async def test_an_edit_of_an_uploaded_video_starts_from_its_frames(
    client: AsyncOpenAI, provider: LocalProvider, tmp_path: Path
) -> None:
    source = tmp_path / "source.mp4"
    render_animatic(AnimaticRequest("1. Bay\nCamera: static\nA bay.", W, H, 4,
                                    reference_image=_picture(5)), source)
    job = await client.videos.edit(prompt="1. Bay\nCamera: push in\nThe bay at night.",
                                   video=source, extra_body={"model": "animatic"})
    done = await wait_done(client, job.id)
    assert done.status == "completed", done.error
    edited = decode_frames(provider.store.media_path(provider.store.videos[job.id], "video"),
                           "rgb24")
    source_first = _first(source)
    for frame in edited[:2]:  # before the card fades in and the camera has moved
        assert np.abs(frame.astype(int) - source_first).mean() < 8
    unrelated = np.asarray(Image.open(io.BytesIO(_picture(6))).convert("RGB"), dtype=int)
    assert np.abs(unrelated - source_first).mean() > 30  # the check above can fail
