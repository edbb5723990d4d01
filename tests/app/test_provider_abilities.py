"""The window's generation path learns what a provider can do before its first paid send.

A gateway-shaped local provider (``--no-list --ignore-idempotency``: it can neither list
videos nor recognise a re-sent create) over real HTTP, a real ledger and caps file: the
service probes it once (a GET) before the first submit, remembers it per endpoint and
key, probes again when the key changes, and an unclear create there is held for the
user — never re-sent by itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from studio.app.generation import GenerationService, Mode
from studio.core.model import Project, Shot
from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from studio.services.jobs import JobEvent
from studio.services.ledger import JobState
from studio.services.probe import CAPS_NAME
from studio.storage.settings import ProviderProfile, Settings, SettingsStore, local_profile
from tests.app.conftest import make_service

PAID = "veo-3.1-fast-generate-preview"
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def gateway(tmp_path: Path, render_pool: ThreadPoolExecutor
                  ) -> AsyncIterator[LocalProvider]:
    faults = FaultConfig(generation_seconds=0.3, no_list=True, ignore_idempotency=True)
    server = LocalProvider(tmp_path / "upstream", faults=faults, executor=render_pool,
                           open_access=True)
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


def _settings(url: str) -> Settings:
    return Settings(profiles=[local_profile(), ProviderProfile(
        name="Gateway", base_url=url, models=[PAID], key_env="STUDIO_TEST_GW_KEY")])


async def _service(tmp_path: Path, pool: ThreadPoolExecutor,
                   settings: Settings) -> GenerationService:
    svc = make_service(tmp_path, pool)
    await svc.start(settings, SettingsStore(tmp_path / "cfg"))
    return svc


def _project() -> Project:
    project = Project(shots=[Shot(title="Pier", duration=4)])
    project.look.provider, project.look.model, project.look.size = "Gateway", PAID, "1280x720"
    return project


def _caps_rows(tmp_path: Path) -> dict[str, dict[str, object]]:
    path = tmp_path / "data" / CAPS_NAME
    return json.loads(path.read_text()) if path.exists() else {}


async def test_the_window_probes_before_its_first_paid_submit_and_holds_an_unclear_create(
        tmp_path: Path, render_pool: ThreadPoolExecutor, gateway: LocalProvider,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_TEST_GW_KEY", "key-one")
    svc = await _service(tmp_path, render_pool, _settings(gateway.base_url))
    try:
        assert svc.providers is not None and svc.runner is not None
        prov = svc.providers.get("Gateway")
        assert prov is not None and prov.caps.can_list is None  # nothing sent yet
        assert "Gateway" not in _caps_rows(tmp_path)
        at_first_event: list[bool | None] = []

        def first(ev: JobEvent) -> None:
            if not at_first_event:  # the intent row: nothing has been POSTed yet
                at_first_event.append(prov.caps.can_list)

        svc.subscribe(first)
        gateway.faults.reset_after_create = 1  # created upstream, the answer is lost
        project = _project()
        plan = svc.plan(project, [project.shots[0].id], Mode.SHOTS)
        assert plan.ok, plan.problems
        ((_, take),) = await svc.submit(project, plan, tmp_path / "p" / "film.sorastudio")
        assert at_first_event == [False]  # learned before the paid POST, not after it
        assert _caps_rows(tmp_path)["Gateway"]["can_list"] is False  # remembered
        assert take.job_id is not None
        held = await asyncio.wait_for(svc.runner.wait(take.job_id), 60)
        assert held.state == JobState.UNCLEAR and held.error_category == "unclear"
        assert held.attempts == 1 and gateway.job_count() == 1
        assert svc.latest[take.job_id].error_category == "unclear"  # what the jobs dock shows
        await svc.runner.resume()  # a resume sends nothing either
        held = await asyncio.wait_for(svc.runner.wait(take.job_id), 60)
        assert held.state == JobState.UNCLEAR and gateway.job_count() == 1
    finally:
        await svc.close()

    # a new session: remembered for this endpoint and key, not asked again
    again = await _service(tmp_path, render_pool, _settings(gateway.base_url))
    try:
        assert again.providers is not None and again.runner is not None
        prov = again.providers.get("Gateway")
        assert prov is not None and prov.caps.can_list is False
        held = await asyncio.wait_for(again.runner.wait(take.job_id), 60)  # resumed: held
        assert held.state == JobState.UNCLEAR and prov.client.requests == 0
        await again.learn("Gateway")
        assert prov.client.requests == 0
        # the profile's key changes: its abilities are probed again (one GET)
        monkeypatch.setenv("STUDIO_TEST_GW_KEY", "key-two")
        await again.reload(_settings(gateway.base_url))
        prov = again.providers.get("Gateway")
        assert prov is not None and prov.caps.can_list is None
        await again.learn("Gateway")
        assert prov.caps.can_list is False and prov.client.requests == 1
        assert gateway.job_count() == 1  # probing never created anything
    finally:
        await again.close()


async def test_previews_are_made_locally_when_the_gateway_ignores_the_variant(
        tmp_path: Path, render_pool: ThreadPoolExecutor, gateway: LocalProvider) -> None:
    from studio.services.previews import image_kind

    gateway.faults.no_list = gateway.faults.ignore_idempotency = False
    gateway.faults.ignore_variant = True  # every variant answers the MP4
    settings = Settings(profiles=[local_profile(), ProviderProfile(
        name="Gateway", base_url=gateway.base_url, models=["animatic"])])
    svc = await _service(tmp_path, render_pool, settings)
    try:
        assert svc.runner is not None
        project = Project(shots=[Shot(title="Pier", duration=4)])
        project.look.provider, project.look.size = "Gateway", "640x360"
        plan = svc.plan(project, [project.shots[0].id], Mode.SHOTS)
        assert plan.ok, plan.problems
        ((_, take),) = await svc.submit(project, plan, tmp_path / "p" / "film.sorastudio")
        assert take.job_id is not None
        done = await asyncio.wait_for(svc.runner.wait(take.job_id), 60)
        assert done.state == JobState.DONE
        thumb = await svc.preview(take.job_id, "thumbnail")
        assert image_kind(thumb.read_bytes()[:16]) == "webp"  # made here, not the MP4
        sheet = await svc.preview(take.job_id, "spritesheet")
        assert image_kind(sheet.read_bytes()[:16]) == "jpeg"
        assert _caps_rows(tmp_path)["Gateway"]["variants"] is False  # remembered
        prov = svc.providers.get("Gateway") if svc.providers else None
        assert prov is not None
        asked = prov.client.requests
        assert await svc.preview(take.job_id, "thumbnail") == thumb  # made once, reused
        assert prov.client.requests == asked
        assert not list((tmp_path / "data" / "media").glob("*.part*"))
    finally:
        await svc.close()
