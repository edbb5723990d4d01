"""``sora-studio serve``: prints its URL, serves with the fault flags, stops on a signal."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from openai import AsyncOpenAI

from tests.localserver.helpers import SIZE, wait_done


@asynccontextmanager
async def _serve(*flags: str, sig: signal.Signals) -> AsyncIterator[str]:
    """Run the CLI, yield its base URL, then signal it and expect a clean exit."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--api-key", "k", *flags,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        match = re.fullmatch(r"serving (http://127\.0\.0\.1:\d+/v1)\n", line)
        assert match, line
        yield match[1]
        proc.send_signal(sig)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0, err.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_serve_with_fault_flags_until_sigterm(tmp_path: Path) -> None:
    flags = ("--data-dir", str(tmp_path), "--rate-limit-every", "2")
    auth = {"Authorization": "Bearer k"}
    async with _serve(*flags, sig=signal.SIGTERM) as url, \
            aiohttp.ClientSession(headers=auth) as http:
        async with http.get(f"{url}/videos") as resp:
            assert resp.status == 200
            assert (await resp.json())["object"] == "list"
        async with http.get(f"{url}/videos") as resp:
            assert resp.status == 429 and resp.headers["retry-after-ms"]
    assert (tmp_path / "videos").is_dir()


async def test_serve_renders_with_its_own_process_pool_until_sigint() -> None:
    async with _serve("--generation-seconds", "0.2", sig=signal.SIGINT) as url:
        sdk = AsyncOpenAI(base_url=url, api_key="k", max_retries=0)
        try:
            job = await sdk.videos.create(prompt="A heron", model="animatic", size=SIZE)
            assert (await wait_done(sdk, job.id)).status == "completed"
        finally:
            await sdk.close()
