"""The application layer's fixture: a GenerationService on the embedded local provider
(fast polls, 0.3 s jobs, renders in the session's shared worker pool)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from studio.app.generation import GenerationConfig, GenerationService
from studio.app.tasks import TaskManager
from studio.localserver.faults import FaultConfig
from studio.services.jobs import RunnerConfig
from studio.storage.bundled import capability_table
from studio.storage.settings import Settings, SettingsStore

FAST = RunnerConfig(poll_min=0.05, poll_max=0.3, default_eta=5.0)


def make_service(tmp_path: Path, pool: ThreadPoolExecutor) -> GenerationService:
    """A service not started yet (a test may start it with its own settings)."""
    cfg = GenerationConfig(data_dir=tmp_path / "data",
                           local_faults=FaultConfig(generation_seconds=0.3),
                           local_executor=pool, runner=FAST)
    return GenerationService(capability_table(), TaskManager(), cfg)


@pytest.fixture
async def service(tmp_path: Path, render_pool: ThreadPoolExecutor
                  ) -> AsyncIterator[GenerationService]:
    svc = make_service(tmp_path, render_pool)
    await svc.start(Settings(), SettingsStore(tmp_path / "cfg"))
    yield svc
    await svc.close()
