"""A gateway's spend headers (LiteLLM's ``x-litellm-response-cost`` / ``x-litellm-key-spend``)
are read from the raw answers, kept on the job's row and carried in its events; absent
headers leave them None. The local provider sends them under ``spend_headers``."""

from __future__ import annotations

import pytest

from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient
from studio.services.jobs import JobEvent, JobRequest, JobRunner
from studio.services.ledger import JobState, Ledger
from tests.services.test_jobs import REQ, done

pytestmark = pytest.mark.timeout(120)
VEO = JobRequest(prompt="A lighthouse at dusk.", model="veo-3.1-fast-generate-preview",
                 size="1280x720", seconds=4)


async def test_spend_headers_are_kept_on_the_job_and_its_events(
        make_runner, provider: LocalProvider, ledger: Ledger) -> None:
    provider.faults.spend_headers = True
    events: list[JobEvent] = []
    runner: JobRunner = make_runner(events=events)
    first = await done(runner, await runner.submit("local", VEO))
    price = runner.quote(VEO.model, VEO.size, VEO.seconds)
    assert price is not None and price > 0
    assert first.gateway_cost == pytest.approx(price)
    assert first.key_spend == pytest.approx(price)
    second = await done(runner, await runner.submit("local", VEO))
    assert second.gateway_cost == pytest.approx(price)
    assert second.key_spend == pytest.approx(2 * price)  # the key's running total
    last = [e for e in events if e.job_id == second.id][-1]
    assert last.state == JobState.DONE and last.key_spend == pytest.approx(2 * price)
    assert (await ledger.get(second.id)).key_spend == pytest.approx(2 * price)  # stored


async def test_json_requests_read_them_too_and_none_without_them(
        runner: JobRunner, client: GenerationClient, provider: LocalProvider) -> None:
    plain = await done(runner, await runner.submit("local", REQ))
    assert plain.gateway_cost is None and plain.key_spend is None  # no header, no figure
    assert runner.event_for(plain).gateway_cost is None
    provider.faults.spend_headers = True
    edit = await client.edit(plain.video_id or "", prompt="Now in rain.",
                             idempotency_key="edit-1")  # JSON through client.post
    assert edit.gateway_cost == 0.0 and edit.key_spend == 0.0  # the animatic is free
    polled = await client.retrieve(edit.id)
    assert polled.video.key_spend == 0.0
