"""Fixtures: a real LocalProvider on a free port and the real openai SDK pointed at it.

One spawn-context process pool is shared by the whole session (the provider's default
kind of executor), so worker start-up is paid once. One sample clip is rendered once
and registered with ``add_completed_video`` wherever a test only needs *a* finished video.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from openai import AsyncOpenAI

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import API_KEY, FAST, SIZE


@pytest.fixture(scope="session")
def executor() -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def sample_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s 640x360 animatic, rendered once per session."""
    from studio.localserver.animatic import AnimaticRequest, render_animatic

    out = tmp_path_factory.mktemp("sample") / "sample.mp4"
    render_animatic(AnimaticRequest(prompt="A lighthouse at dusk", width=640, height=360,
                                    seconds=4), out)
    return out


@pytest.fixture
def faults() -> FaultConfig:
    return FaultConfig(generation_seconds=FAST)


@pytest.fixture
async def provider(
    tmp_path: Path, faults: FaultConfig, executor: ProcessPoolExecutor
) -> AsyncIterator[LocalProvider]:
    server = LocalProvider(tmp_path / "data", faults=faults, api_key=API_KEY, executor=executor)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(provider: LocalProvider) -> AsyncIterator[AsyncOpenAI]:
    sdk = AsyncOpenAI(base_url=provider.base_url, api_key=API_KEY, max_retries=0)
    yield sdk
    await sdk.close()


@pytest.fixture
def completed_id(provider: LocalProvider, sample_mp4: Path) -> str:
    """A finished 4 s 640x360 video on the provider, without waiting for a render."""
    return provider.add_completed_video(sample_mp4, prompt="A lighthouse at dusk", size=SIZE,
                                        seconds=4)

