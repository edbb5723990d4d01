"""Fixtures for the services tests: a real LocalProvider over real HTTP, real SQLite files.

The provider renders in a shared thread pool (a process pool would pay a spawn per test).
Polling is tuned fast so the whole set stays well under its time budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from studio.services.client import GenerationClient
from studio.services.jobs import JobEvent, JobRunner, Provider, RunnerConfig
from studio.services.ledger import Ledger
from studio.storage.bundled import capability_table

FAST = RunnerConfig(poll_min=0.05, poll_max=0.3, default_eta=5.0)


def make_mp4(path: Path, *, width: int = 320, height: int = 240, seconds: float = 1.0,
             fps: int = 12) -> Path:
    """A small real H.264 + AAC clip (moving gradient, a tone)."""
    from studio.media.concat import Mp4Writer

    n = int(seconds * fps)
    x = np.linspace(0, 255, width, dtype=np.float32)
    with Mp4Writer(path, width, height, fps=fps) as w:
        for i in range(n):
            row = ((x + i * 9) % 256).astype(np.uint8)
            w.write_rgb(np.repeat(np.repeat(row[None, :, None], height, 0), 3, 2))
        t = np.arange(int(seconds * 48_000)) / 48_000
        w.write_audio((0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
    return path


@pytest.fixture
async def provider(tmp_path: Path, render_pool: ThreadPoolExecutor
                   ) -> AsyncIterator[LocalProvider]:
    server = LocalProvider(tmp_path / "server", faults=FaultConfig(generation_seconds=0.4),
                           executor=render_pool, open_access=True)  # as `serve` on loopback
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


@pytest.fixture
async def client(provider: LocalProvider) -> AsyncIterator[GenerationClient]:
    c = GenerationClient(provider.base_url, None, timeout=20.0)
    yield c
    await c.close()


@pytest.fixture
async def ledger(tmp_path: Path) -> AsyncIterator[Ledger]:
    led = await Ledger(tmp_path / "state" / "jobs.sqlite3").open()
    yield led
    await led.close()


@pytest.fixture
async def make_runner(provider: LocalProvider, ledger: Ledger, tmp_path: Path
                      ) -> AsyncIterator[Callable[..., JobRunner]]:
    """Runners on the shared ledger; each gets its own client (closed with the runner)."""
    made: list[JobRunner] = []

    def make(*, config: RunnerConfig = FAST, concurrency: int = 4,
             events: list[JobEvent] | None = None) -> JobRunner:
        client = GenerationClient(provider.base_url, None, timeout=20.0, retries=3)
        runner = JobRunner(ledger, [Provider("local", client, concurrency)],
                           tmp_path / "media", table=capability_table(), config=config,
                           on_event=events.append if events is not None else None)
        made.append(runner)
        return runner

    yield make
    for r in made:
        await r.close()


@pytest.fixture
def runner(make_runner: Callable[..., JobRunner]) -> JobRunner:
    return make_runner()


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mp4(tmp_path_factory.mktemp("clips") / "clip.mp4")


def make_noisy_mp4(path: Path, *, width: int = 320, height: int = 240, frames: int = 72,
                   fps: int = 12) -> Path:
    """A real clip of random frames at high quality: over 4 MiB in a few frames' time."""
    from studio.media.concat import Mp4Writer

    rng = np.random.default_rng(7)
    with Mp4Writer(path, width, height, fps=fps, crf=10) as w:
        for _ in range(frames):
            w.write_rgb(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
        t = np.arange(int(frames / fps * 48_000)) / 48_000
        w.write_audio((0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
    return path


@pytest.fixture(scope="session")
def big_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6 s 320x240 clip larger than the client's 4 MiB write batch."""
    path = make_noisy_mp4(tmp_path_factory.mktemp("clips") / "big.mp4")
    assert path.stat().st_size > 4 << 20
    return path
