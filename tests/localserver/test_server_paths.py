"""The provider's routing, idempotency and job paths that ordinary use never takes: an
unknown route, a key replayed on remix/edit/extend, a twin in flight, a render or a record
write that fails, an upload that is not a video. Each answer is checked as a client sees it
(status and OpenAI error body) and against what the provider keeps."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import aiohttp
import pytest

from studio.localserver.faults import FaultConfig
from studio.localserver.gateway import wrap_id
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import API_KEY, FAST, SIZE
from tests.localserver.test_hostile_requests import _refusal, _send

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def faults() -> FaultConfig:
    """Jobs end `failed` by injection, so no test here pays for a render unless it asks."""
    return FaultConfig(generation_seconds=FAST, failure_rate=1.0)


async def _wait_terminal(provider: LocalProvider, video_id: str) -> dict:
    while True:  # the timeout mark bounds this wait
        status, body = await _send(provider, "GET", f"/videos/{video_id}")
        assert status == 200, body
        if body["status"] in ("completed", "failed"):
            return body
        await asyncio.sleep(0.05)


def test_the_base_url_of_a_provider_not_started_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not started"):
        _ = LocalProvider(tmp_path, open_access=True).base_url


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
async def test_an_ipv6_host_gets_a_bracketed_base_url(tmp_path: Path) -> None:
    provider = LocalProvider(tmp_path, open_access=True)
    url = await provider.start("::1", 0)
    try:
        assert url.startswith("http://[::1]:") and url.endswith("/v1")
        async with aiohttp.ClientSession() as http, http.get(f"{url}/videos") as resp:
            assert resp.status == 200 and (await resp.json())["data"] == []
    finally:
        await provider.stop()


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/nothing/here", 404),
    ("PUT", "/videos", 405),
])
async def test_aiohttps_own_refusals_leave_as_openai_errors(
        provider: LocalProvider, method: str, path: str, status: int) -> None:
    got, body = await _send(provider, method, path)
    assert got == status
    assert body["error"]["type"] == "invalid_request_error" and body["error"]["message"]


async def test_an_id_that_is_not_a_video_id_is_a_404(provider: LocalProvider) -> None:
    status, body = await _send(provider, "GET", "/videos/abc")
    assert _refusal(status, body, 404) == "No video found with id 'abc'."


async def test_a_list_order_other_than_asc_or_desc_is_refused(provider: LocalProvider) -> None:
    status, body = await _send(provider, "GET", "/videos", params={"order": "sideways"})
    assert _refusal(status, body) == "'order' must be 'asc' or 'desc'."
    assert body["error"]["param"] == "order"


async def test_a_completed_video_whose_file_vanished_is_a_404(
        provider: LocalProvider, completed_id: str) -> None:
    rec = provider.store.videos[completed_id]
    provider.store.media_path(rec, "video").unlink()
    status, body = await _send(provider, "GET", f"/videos/{completed_id}/content")
    assert _refusal(status, body, 404) == f"The video of video '{completed_id}' is missing."


async def test_a_broken_render_fails_its_job_not_the_server(
        provider: LocalProvider, completed_id: str, caplog: pytest.LogCaptureFixture) -> None:
    provider.faults.failure_rate = 0.0  # this job really renders
    provider.store.videos[completed_id].reference = "gone.png"  # its reference was lost
    status, job = await _send(provider, "POST", f"/videos/{completed_id}/remix",
                              json={"prompt": "In snow"})
    assert status == 200, job
    done = await _wait_terminal(provider, job["id"])
    assert done["status"] == "failed"
    assert done["error"] == {"code": "internal_error",
                             "message": "Rendering failed: FileNotFoundError."}
    assert f"render of {job['id']} failed" in caplog.text
    status, _ = await _send(provider, "GET", "/videos")
    assert status == 200


# -- Idempotency-Key on every creating endpoint --------------------------------------------


@pytest.mark.parametrize("endpoint", ["remix", "edit", "extend"])
async def test_a_key_replayed_on_remix_edit_or_extend_gives_the_first_video(
        provider: LocalProvider, completed_id: str, sample_mp4: Path, endpoint: str) -> None:
    path, body = {
        "remix": (f"/videos/{completed_id}/remix", {"prompt": "In snow"}),
        "edit": ("/videos/edits", {"prompt": "Green sky", "video": {"id": completed_id}}),
        "extend": ("/videos/extensions", {"prompt": "Rise", "seconds": "4",
                                          "video": {"id": completed_id}}),
    }[endpoint]
    other = provider.add_completed_video(sample_mp4, prompt="another", size=SIZE, seconds=4)
    key = {"Idempotency-Key": f"shot-3-{endpoint}"}
    _, first = await _send(provider, "POST", path, json=body, headers=key)
    count = provider.job_count()
    status, again = await _send(provider, "POST", path, json=body, headers=key)
    assert status == 200 and again["id"] == first["id"]
    assert provider.job_count() == count  # never paid twice
    moved = (path.replace(completed_id, other), {**body, "video": {"id": other}}
             if "video" in body else body)
    status, answer = await _send(provider, "POST", moved[0], json=moved[1], headers=key)
    assert status == 422 and answer["error"]["code"] == "idempotency_key_reused"
    assert provider.job_count() == count


async def test_a_key_longer_than_255_characters_is_refused(provider: LocalProvider) -> None:
    status, body = await _send(provider, "POST", "/videos", json={"prompt": "x"},
                               headers={"Idempotency-Key": "k" * 256})
    assert "longer than 255 characters" in _refusal(status, body)
    assert body["error"]["code"] == "invalid_idempotency_key"
    assert provider.job_count() == 0


async def test_a_twin_sent_while_the_first_is_in_flight_gets_a_409(
        provider: LocalProvider) -> None:
    release = asyncio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        yield b'{"prompt": "A heron", "model": "animatic", '
        await release.wait()
        yield b'"size": "640x360"}'

    headers = {"Idempotency-Key": "twin", "Content-Type": "application/json"}
    first = asyncio.create_task(_send(provider, "POST", "/videos", data=slow_body(),
                                      headers=headers))
    while "twin" not in provider._in_flight._keys:  # the first is being read
        await asyncio.sleep(0.01)
    status, body = await _send(provider, "POST", "/videos",
                               json={"prompt": "A heron", "model": "animatic", "size": SIZE},
                               headers={"Idempotency-Key": "twin"})
    assert status == 409 and body["error"]["code"] == "idempotency_key_in_use"
    release.set()
    status, made = await first
    assert status == 200 and provider.job_count() == 1
    status, again = await _send(provider, "POST", "/videos",
                                json={"prompt": "A heron", "model": "animatic", "size": SIZE},
                                headers={"Idempotency-Key": "twin"})
    assert status == 200 and again["id"] == made["id"] and provider.job_count() == 1


async def test_a_key_stored_before_requests_were_compared_replays_as_it_was(
        provider: LocalProvider) -> None:
    old = provider.store.new_video(model="animatic", prompt="old", size=SIZE, seconds=4,
                                   planned_seconds=0.0, status="completed",
                                   idempotency_key="legacy")
    assert old.request_scope is None
    status, body = await _send(provider, "POST", "/videos", json={"prompt": "anything"},
                               headers={"Idempotency-Key": "legacy"})
    assert status == 200 and body["id"] == old.id and provider.job_count() == 1


# -- sources that cannot be used -----------------------------------------------------------


async def test_a_model_without_remix_is_refused(provider: LocalProvider,
                                                sample_mp4: Path) -> None:
    veo = provider.add_completed_video(sample_mp4, prompt="veo", size="1280x720", seconds=4,
                                       model="veo-3.1-generate-preview")
    status, body = await _send(provider, "POST", f"/videos/{veo}/remix", json={"prompt": "x"})
    assert _refusal(status, body) == ("Model 'veo-3.1-generate-preview' does not support "
                                      "remix.")
    assert provider.job_count() == 1


async def test_an_uploaded_clip_that_is_not_a_video_is_refused_and_not_kept(
        provider: LocalProvider) -> None:
    data = aiohttp.FormData()
    data.add_field("prompt", "Make the sea red")
    data.add_field("model", "animatic")
    data.add_field("video", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096, filename="a.mp4",
                   content_type="video/mp4")
    status, body = await _send(provider, "POST", "/videos/edits", data=data)
    assert _refusal(status, body).startswith("The uploaded video is 0x0; model 'animatic'")
    assert list((provider.store.root / "uploads").iterdir()) == []
    assert provider.job_count() == 0


async def test_opaque_ids_wrap_the_remix_source_too(tmp_path: Path, sample_mp4: Path,
                                                   executor: ProcessPoolExecutor) -> None:
    provider = LocalProvider(tmp_path, api_key=API_KEY, executor=executor,
                             faults=FaultConfig(generation_seconds=FAST, failure_rate=1.0,
                                                opaque_ids=True))
    await provider.start()
    try:
        src = provider.add_completed_video(sample_mp4, prompt="p", size=SIZE, seconds=4)
        status, body = await _send(provider, "POST", f"/videos/{wrap_id(src)}/remix",
                                   json={"prompt": "In snow"})
        assert status == 200, body
        assert body["remixed_from_video_id"] == wrap_id(src)
        assert body["id"] == wrap_id(next(v for v in provider.store.videos if v != src))
    finally:
        await provider.stop()


# -- the store cannot be written -----------------------------------------------------------


def _break_records(provider: LocalProvider) -> Path:
    """Put a file where the record folder was: every record write fails (as on a full or
    read-only disk, which root would not see)."""
    videos = provider.store.root / "videos"
    shutil.rmtree(videos)
    videos.write_text("")
    return videos


async def test_a_create_whose_record_cannot_be_written_is_a_500_and_leaves_nothing(
        provider: LocalProvider) -> None:
    videos = _break_records(provider)
    key = {"Idempotency-Key": "retry-me"}
    body = {"prompt": "A heron", "model": "animatic", "size": SIZE}
    status, answer = await _send(provider, "POST", "/videos", json=body, headers=key)
    assert status == 500 and answer["error"]["type"] == "server_error"
    _, listed = await _send(provider, "GET", "/videos")
    assert listed["data"] == []  # no video that was never stored, queued for ever
    videos.unlink()
    videos.mkdir()
    status, made = await _send(provider, "POST", "/videos", json=body, headers=key)
    assert status == 200, made  # the retry makes the video, not a replay of a ghost
    assert (videos / f"{made['id']}.json").exists()
    assert (await _wait_terminal(provider, made["id"]))["status"] == "failed"  # injected


async def test_a_job_whose_record_cannot_be_saved_is_reported_once(
        provider: LocalProvider, caplog: pytest.LogCaptureFixture) -> None:
    provider.faults.generation_seconds = 2.0  # the job's next save is well after the break
    status, job = await _send(provider, "POST", "/videos",
                              json={"prompt": "A heron", "model": "animatic", "size": SIZE})
    assert status == 200
    _break_records(provider)
    with caplog.at_level(logging.ERROR, logger="studio.localserver.server"):
        while "a job stopped" not in caplog.text:  # the timeout mark bounds this wait
            await asyncio.sleep(0.05)
    assert "local provider: a job stopped: NotADirectoryError" in caplog.text
    status, _ = await _send(provider, "GET", f"/videos/{job['id']}")
    assert status == 200  # the server goes on answering
