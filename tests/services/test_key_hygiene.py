"""An API key goes to the provider and to the 0600 key file, and nowhere else on disk.

No keyring (keyring's own "no recommended backend"), the user's opt-in to the key file, a
second local provider that demands the key over real HTTP, the real SDK client, runner and
ledger, and every logger at DEBUG into a file. Afterwards every byte under the test's
directory is searched for the key. A wrong key fails the job as an auth failure, at $0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import stat
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient
from studio.services.errors import Category
from studio.services.jobs import JobRequest, JobRunner, Provider
from studio.services.ledger import JobRecord, JobState, Ledger
from studio.storage.bundled import capability_table
from studio.storage.settings import ProviderProfile, Settings, SettingsStore
from tests.services.conftest import FAST

KEY = "sk-hygiene-" + secrets.token_hex(16)  # unique: any hit on disk is this test's key
PROFILE = "Second local"
REQ = JobRequest(prompt="A paper boat drifts past lanterns.", model="animatic",
                 size="480x480", seconds=4, project="p1", shot="s1", label="Shot 1")

pytestmark = pytest.mark.timeout(90)



@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Every logger, the ones not created yet included, at DEBUG into one file."""
    path = tmp_path / "logs" / "debug.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    loggers = [lg for lg in logging.root.manager.loggerDict.values()
               if isinstance(lg, logging.Logger)]
    saved = [(lg, lg.level, lg.disabled) for lg in [root, *loggers]]
    for lg in loggers:
        lg.setLevel(logging.NOTSET)  # inherit DEBUG from the root
        lg.disabled = False
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield path
    root.removeHandler(handler)
    handler.close()
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled


@pytest.fixture
async def keyed_server(tmp_path: Path, render_pool: ThreadPoolExecutor
                       ) -> AsyncIterator[LocalProvider]:
    server = LocalProvider(tmp_path / "server", faults=FaultConfig(generation_seconds=0.4),
                           api_key=KEY, executor=render_pool)
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


async def run_one(tmp_path: Path, base_url: str, key: str | None) -> JobRecord:
    """One generation through the services, on a ledger and media dir in ``tmp_path``."""
    ledger = await Ledger(tmp_path / "state" / "jobs.sqlite3").open()
    client = GenerationClient(base_url, key, timeout=20.0, retries=3)
    runner = JobRunner(ledger, [Provider(PROFILE, client, 2)], tmp_path / "media",
                       table=capability_table(), config=FAST)
    try:
        job = await runner.submit(PROFILE, REQ)
        return await asyncio.wait_for(runner.wait(job.id), 60)
    finally:
        await runner.close()
        await client.close()
        await ledger.close()


def files_holding(root: Path, needle: bytes) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes())


async def test_the_key_is_on_disk_only_in_the_owner_only_key_file(
        tmp_path: Path, no_ring: None, debug_log: Path, keyed_server: LocalProvider) -> None:
    store = SettingsStore(tmp_path / "config")
    settings = Settings(plaintext_keys=True)
    settings.profiles.append(ProviderProfile(name=PROFILE, base_url=keyed_server.base_url,
                                             models=["animatic"]))
    assert not store.keyring_available()
    store.set_key(settings, PROFILE, KEY)
    store.save(settings)

    loaded = store.load()
    key = store.get_key(loaded, PROFILE)
    assert key == KEY and store.key_source(loaded, PROFILE) == "file"
    final = await run_one(tmp_path, loaded.profile(PROFILE).base_url, key)
    assert final.state == JobState.DONE, (final.error_category, final.error_message)
    assert keyed_server.job_count() == 1  # the server accepted the key it demands
    await keyed_server.stop()  # flush the server's own files before the search

    logged = debug_log.read_text("utf-8")
    assert "openai._base_client DEBUG" in logged  # the SDK's request log was captured
    assert files_holding(tmp_path, KEY.encode()) == [store.secrets_path]
    assert stat.S_IMODE(os.stat(store.secrets_path).st_mode) == 0o600
    assert KEY not in repr(final) and KEY not in repr(loaded)


async def test_a_wrong_key_fails_the_job_as_auth_at_no_cost(
        tmp_path: Path, no_ring: None, debug_log: Path, keyed_server: LocalProvider) -> None:
    wrong = "sk-wrong-" + secrets.token_hex(8)
    final = await run_one(tmp_path, keyed_server.base_url, wrong)
    assert final.state == JobState.FAILED
    assert final.error_category == Category.AUTH.value
    assert "401" in (final.error_message or "")
    assert final.cost_spent == 0.0 and final.attempts == 1  # refused once, never re-sent
    assert keyed_server.job_count() == 0
    await keyed_server.stop()
    assert files_holding(tmp_path, wrong.encode()) == []
