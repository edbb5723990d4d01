"""Jobs, idempotency keys and characters survive a restart of the provider."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from openai import AsyncOpenAI

from studio.localserver.faults import FaultConfig
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import API_KEY, SIZE, check_mp4, wait_done


async def _started(data: Path, executor: ProcessPoolExecutor) -> LocalProvider:
    server = LocalProvider(data, faults=FaultConfig(generation_seconds=0.5), api_key=API_KEY,
                           executor=executor)
    await server.start()
    return server


async def test_unfinished_jobs_resume_after_restart(
    tmp_path: Path, executor: ProcessPoolExecutor, sample_mp4: Path
) -> None:
    first = await _started(tmp_path, executor)
    sdk = AsyncOpenAI(base_url=first.base_url, api_key=API_KEY, max_retries=0)
    char = await sdk.videos.create_character(name="Mossy", video=sample_mp4)
    job = await sdk.videos.create(prompt="A tide", model="animatic", size=SIZE,
                                  extra_headers={"Idempotency-Key": "intent-1"})
    await sdk.close()
    await first.stop()  # mid-job

    second = await _started(tmp_path, executor)
    sdk = AsyncOpenAI(base_url=second.base_url, api_key=API_KEY, max_retries=0)
    try:
        assert second.job_count() == 1
        again = await sdk.videos.create(prompt="A tide", model="animatic", size=SIZE,
                                        extra_headers={"Idempotency-Key": "intent-1"})
        assert again.id == job.id
        done = await wait_done(sdk, job.id)
        assert done.status == "completed", done.error
        check_mp4((await sdk.videos.download_content(job.id)).content, 640, 360, 4)
        assert (await sdk.videos.get_character(char.id or "")).name == "Mossy"
    finally:
        await sdk.close()
        await second.stop()
