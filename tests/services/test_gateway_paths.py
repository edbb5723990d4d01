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
from studio.services.probe import CapsStore, ProviderCaps, fingerprint, probe, remembered
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
    prov.caps = await probe(prov.client)  # a GET: nothing is created
    assert (prov.caps.can_list, prov.caps.honours_key) == (False, None)
    prov.free_models = frozenset({FREE[0]})
    first = await done(runner, await runner.submit("local", REQ))
    assert prov.caps.honours_key is True  # the job's create, sent twice with its key
    assert first.attempts == 1 and provider.job_count() == 1  # the probe made nothing
    provider.faults.reset_after_create = 1
    final = await done(runner, await runner.submit("local", REQ))
    assert final.attempts == 2  # re-sent, and answered with the video it had made
    assert provider.job_count() == 2  # exactly one video per job


async def test_key_probe_on_a_provider_that_ignores_the_key(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    provider.faults.no_list = True
    provider.faults.ignore_idempotency = True
    runner = make_runner()
    prov = runner.providers["local"]
    prov.caps = await probe(prov.client)
    prov.free_models = frozenset({FREE[0]})
    await done(runner, await runner.submit("local", REQ))
    assert prov.caps.honours_key is False
    assert provider.job_count() == 2  # the free re-send made a second one: learned once
    await done(runner, await runner.submit("local", REQ))
    assert provider.job_count() == 3  # known now: sent once


async def test_unclear_free_create_with_the_key_unknown_is_the_probe(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    provider.faults.no_list = True
    provider.faults.reset_after_create = 1  # the first answer is lost: the job is unclear
    runner = make_runner()
    prov = runner.providers["local"]
    prov.caps = await probe(prov.client)
    prov.free_models = frozenset({FREE[0]})
    final = await done(runner, await runner.submit("local", REQ))
    assert final.attempts == 2  # re-sent with its key (not held), the same video back
    assert prov.caps.honours_key is True and provider.job_count() == 1


async def test_paid_unclear_create_is_held_while_the_key_is_unknown(
        make_runner: MakeRunner, provider: LocalProvider) -> None:
    provider.faults.no_list = True  # the key would be honoured, but nothing has shown it
    provider.faults.reset_after_create = 1
    runner = make_runner()  # no free model named: no job probes the key
    held = await _until_held(runner, await runner.submit("local", REQ))
    assert held.attempts == 1 and provider.job_count() == 1
    assert runner.providers["local"].caps.honours_key is None


async def test_probe_sees_each_gateway_flag(client: GenerationClient,
                                            provider: LocalProvider, tmp_path: Path) -> None:
    plain = await probe(client)
    assert (plain.can_list, plain.honours_key) == (True, None)
    provider.faults.no_list = True
    provider.faults.ignore_idempotency = True
    gateway = await probe(client)
    assert gateway.can_list is False and not gateway.can_reconcile
    assert provider.job_count() == 0  # probing creates nothing
    store = CapsStore(tmp_path / "caps.json")
    fp = fingerprint(client.base_url, "key-1")
    caps = await remembered(store, "gw", client, fp)
    assert caps.can_list is False
    sent = client.requests
    assert (await remembered(store, "gw", client, fp)).can_list is False  # remembered
    assert client.requests == sent  # nothing asked again
    assert store.load("gw", fp).can_list is False
    assert store.load("gw", fingerprint(client.base_url, "key-2")).can_list is None  # re-probe
    await remembered(store, "gw", client, fingerprint(client.base_url, "key-2"))
    assert client.requests == sent + 1


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
