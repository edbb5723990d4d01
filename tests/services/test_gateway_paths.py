"""The runner behind what gateways do (the local provider's gateway flags, real HTTP).

An unclear create on a provider that can neither list nor honour Idempotency-Key is never
re-sent by itself; with either ability it is settled as before; opaque ids work end to
end; an ignored ``variant`` gets a preview made locally; a job resumes by retrieving.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient
from studio.services.errors import Category
from studio.services.jobs import JobEvent, JobRunner, Provider
from studio.services.ledger import JobKind, JobRecord, JobState, Ledger
from studio.services.previews import image_kind, preview
from studio.services.probe import CapsStore, ProviderCaps, fingerprint, probe
from tests.services.test_jobs import REQ, done

MakeRunner = Callable[..., JobRunner]
FREE = ("animatic", "480x480", 4)
pytestmark = pytest.mark.timeout(120)


async def _until_held(runner: JobRunner, job: JobRecord) -> JobRecord:
    row = await asyncio.wait_for(runner.wait(job.id), 60)
    assert row.state == JobState.UNCLEAR, (row.state, row.error_message)
    assert row.error_category == Category.UNCLEAR.value
    return row


async def test_unclear_create_without_list_or_key_is_held_not_resent(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    provider.faults.no_list = True
    provider.faults.ignore_idempotency = True
    provider.faults.reset_after_create = 1  # created upstream, the answer never arrives
    events: list[JobEvent] = []
    runner = make_runner(events=events)
    held = await _until_held(runner, await runner.submit("local", REQ))
    assert provider.job_count() == 1 and held.attempts == 1  # 0 automatic re-sends
    assert runner.providers["local"].caps.can_list is False  # learned from the 400
    assert events[-1].error_category == "unclear" and "billed" in (events[-1].error_message or "")
    await runner.resume()  # a restart does not send it either
    await _until_held(runner, held)
    assert provider.job_count() == 1
    # the user adopts the provider's video: no new create, the clip arrives
    vid = next(iter(provider.store.videos))
    await runner.adopt(held.id, vid)
    final = await done(runner, held)
    assert final.video_id == vid and provider.job_count() == 1


async def test_send_again_is_the_users_choice(make_runner: MakeRunner,
                                              provider: LocalProvider) -> None:
    provider.faults.no_list = True
    provider.faults.ignore_idempotency = True
    provider.faults.reset_after_create = 1
    runner = make_runner()
    held = await _until_held(runner, await runner.submit("local", REQ))
    await runner.send_again(held.id)
    final = await done(runner, held)
    assert provider.job_count() == 2 and final.attempts == 2  # billed twice, as warned


async def test_no_list_but_key_honoured_resends_with_the_same_key(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    provider.faults.no_list = True
    runner = make_runner()
    prov = runner.providers["local"]
    prov.caps = await probe(prov.client, free_model=FREE)  # the probe's create: 1 video
    assert prov.caps == ProviderCaps(can_list=False, honours_key=True,
                                     probed_at=prov.caps.probed_at)
    provider.faults.reset_after_create = 1
    final = await done(runner, await runner.submit("local", REQ))
    assert final.attempts == 2  # re-sent, and answered with the video it had made
    assert provider.job_count() == 2  # the probe's video + exactly one for the job


async def test_probe_sees_each_gateway_flag(client: GenerationClient,
                                            provider: LocalProvider, tmp_path: Path) -> None:
    plain = await probe(client, free_model=FREE)
    assert (plain.can_list, plain.honours_key) == (True, True)
    provider.faults.no_list = True
    provider.faults.ignore_idempotency = True
    gateway = await probe(client, free_model=FREE)
    assert (gateway.can_list, gateway.honours_key) == (False, False)
    assert not gateway.can_reconcile
    paid_only = await probe(client)  # no free model named: the key is never probed
    assert paid_only.honours_key is None and not paid_only.can_reconcile
    store = CapsStore(tmp_path / "caps.json")
    fp = fingerprint(client.base_url, "key-1")
    await store.save("gw", ProviderCaps(**{**gateway.__dict__, "fingerprint": fp}))
    assert store.load("gw", fp).can_list is False  # remembered
    assert store.load("gw", fingerprint(client.base_url, "key-2")).can_list is None  # re-probe


async def test_opaque_ids_end_to_end(runner: JobRunner, provider: LocalProvider) -> None:
    provider.faults.opaque_ids = True
    provider.faults.reset_after_create = 1  # reconciled by listing opaque ids
    final = await done(runner, await runner.submit("local", REQ))
    assert final.video_id is not None and len(final.video_id) > 250
    assert Path(final.media_path or "").name == f"{final.id}.mp4"  # never a server string
    assert provider.job_count() == 1
    remix = await done(runner, await runner.submit(
        "local", REQ.__class__(prompt="Now at dusk.", model=REQ.model, size=REQ.size,
                               seconds=REQ.seconds, kind=JobKind.REMIX,
                               source_video_id=final.video_id)))
    assert len(remix.video_id or "") > 250 and provider.job_count() == 2


async def test_resume_with_a_known_video_id_retrieves_never_lists(
        make_runner: MakeRunner, ledger: Ledger, client: GenerationClient,
        provider: LocalProvider) -> None:
    provider.faults.opaque_ids = True
    sent = await client.create(prompt=REQ.prompt, model=REQ.model, size=REQ.size,
                               seconds=REQ.seconds, idempotency_key="known")
    row = JobRecord(kind=JobKind.CREATE, provider="local", model=REQ.model, size=REQ.size,
                    seconds=REQ.seconds, params={"prompt": REQ.prompt}, video_id=sent.id,
                    state=JobState.SUBMITTED, attempts=1)
    await ledger.add(row)
    provider.faults.no_list = True  # a list would fail the job: it must not be asked
    runner = make_runner()
    await runner.resume()
    final = await done(runner, row)
    assert final.video_id == sent.id and provider.job_count() == 1


async def test_ignored_variant_gets_a_local_preview(runner: JobRunner,
                                                    provider: LocalProvider) -> None:
    provider.faults.ignore_variant = True
    final = await done(runner, await runner.submit("local", REQ))
    thumb = await preview(runner, final.id, "thumbnail")
    assert image_kind(thumb.read_bytes()[:16]) == "webp"  # the bytes, not the header
    assert thumb.name == f"{final.id}.thumbnail.webp"
    assert runner.providers["local"].caps.variants is False
    sheet = await preview(runner, final.id, "spritesheet")
    assert image_kind(sheet.read_bytes()[:16]) == "jpeg"
    assert not list(runner.media_dir.glob("*.part*"))


async def test_served_variant_is_kept(runner: JobRunner) -> None:
    final = await done(runner, await runner.submit("local", REQ))
    thumb = await preview(runner, final.id, "thumbnail")
    assert image_kind(thumb.read_bytes()[:16]) == "webp"
    assert runner.providers["local"].caps.variants is True


async def test_one_driver_per_job_and_exceptions_retrieved(
        runner: JobRunner, caplog: pytest.LogCaptureFixture) -> None:
    job = await runner.submit("local", REQ)
    for _ in range(5):  # resumes racing the running driver start no second one
        await runner.resume([job.id])
    assert len([t for t in asyncio.all_tasks() if t.get_name() == f"job-{job.id}"]) == 1
    await done(runner, job)
    assert "never retrieved" not in caplog.text


def test_provider_caps_defaults_keep_todays_reconcile() -> None:
    assert ProviderCaps().can_reconcile  # unknown list: try it, as before
    assert not ProviderCaps(can_list=False).can_reconcile
    assert ProviderCaps(can_list=False, honours_key=True).can_reconcile
    assert Provider("x", GenerationClient("http://127.0.0.1:9/v1", None)).caps == ProviderCaps()
