"""``sora-studio serve``: who may reach it, where its key comes from, and what hostile
bodies cost it (measured on the real process's RSS)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from studio.localserver.exposure import KEY_ENV

MB = 1024 * 1024


@asynccontextmanager
async def _serve(*flags: str, env: dict[str, str] | None = None
                 ) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studio.cli", "serve", "--port", "0", *flags,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})})
    assert proc.stdout is not None
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        match = re.fullmatch(r"serving (http://\S+/v1)\n", line)
        assert match, line
        yield match[1], proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.communicate(), 30)


async def _status(url: str, key: str | None) -> int:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with aiohttp.ClientSession() as http, http.get(f"{url}/videos",
                                                         headers=headers) as resp:
        return resp.status


async def test_a_public_host_without_a_key_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if k != KEY_ENV}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studio.cli", "serve", "--host", "0.0.0.0", "--port", "0",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 1 and out == b""
    lines = err.decode().splitlines()
    assert len(lines) == 1 and "--insecure-no-auth" in lines[0] and KEY_ENV in lines[0]


async def test_a_public_host_without_a_key_starts_only_when_told_so() -> None:
    async with _serve("--host", "0.0.0.0", "--insecure-no-auth") as (url, proc):
        port = url.rsplit(":", 1)[1]
        assert await _status(f"http://127.0.0.1:{port}", None) == 200
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert "no API key" in err.decode()


async def test_the_key_from_a_file_or_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("sk-from-file\n")
    async with _serve("--host", "0.0.0.0", "--api-key-file", str(key_file)) as (url, _):
        url = re.sub(r"//[^:]+:", "//127.0.0.1:", url)
        assert await _status(url, None) == 401
        assert await _status(url, "sk-from-file") == 200
    async with _serve(env={KEY_ENV: "sk-from-env"}) as (url, _):
        assert await _status(url, None) == 401
        assert await _status(url, "sk-from-env") == 200


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def _zeros(total: int):  # type: ignore[no-untyped-def]
    chunk = b"0" * MB
    for _ in range(total // MB):
        yield chunk


async def _post(http: aiohttp.ClientSession, url: str, **kw: object) -> int:
    try:
        async with http.post(url, **kw) as resp:  # type: ignore[arg-type]
            return resp.status
    except (aiohttp.ClientError, ConnectionError):
        return -1  # the server stopped reading a body it had refused


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.timeout(240)
async def test_hostile_bodies_leave_the_server_rss_near_its_start(tmp_path: Path) -> None:
    key = "sk-memory"
    async with _serve("--data-dir", str(tmp_path), env={KEY_ENV: key}) as (url, proc):
        auth = {"Authorization": f"Bearer {key}"}
        async with aiohttp.ClientSession(headers=auth) as http:
            await _post(http, f"{url}/videos", json={"prompt": "warm up", "seconds": "x"})
            start = _rss_mb(proc.pid)
            form = aiohttp.FormData()
            form.add_field("prompt", "x")
            form.add_field("characters[3000000][id]", "char_1")
            assert await _post(http, f"{url}/videos", data=form) == 400

            def multipart() -> aiohttp.MultipartWriter:
                writer = aiohttp.MultipartWriter("form-data")
                part = writer.append(_zeros(120 * MB), {"Content-Type": "video/mp4"})
                part.set_content_disposition("form-data", name="video", filename="a.mp4")
                return writer

            json_headers = {"Content-Type": "application/json"}
            big = b"0" * (120 * MB)  # sent with its Content-Length
            bodies = [
                _post(http, f"{url}/videos", data=_zeros(120 * MB), headers=json_headers),
                _post(http, f"{url}/videos", data=_zeros(120 * MB), headers=json_headers),
                _post(http, f"{url}/videos", data=io.BytesIO(big), headers=json_headers),
                _post(http, f"{url}/videos", data=io.BytesIO(big), headers=json_headers),
                _post(http, f"{url}/videos/edits", data=multipart()),
                _post(http, f"{url}/videos/edits", data=multipart()),
            ]
            peak = start
            sampling = True

            async def sample() -> None:
                nonlocal peak
                while sampling:
                    peak = max(peak, _rss_mb(proc.pid))
                    await asyncio.sleep(0.02)

            sampler = asyncio.create_task(sample())
            statuses = await asyncio.gather(*bodies)
            sampling = False
            await sampler
            assert all(s in (400, 413, -1) for s in statuses), statuses
            assert await _status(url, key) == 200  # still serving
            after = _rss_mb(proc.pid)
        print(f"server RSS: start {start:.0f} MB, peak {peak:.0f} MB, after {after:.0f} MB")
        assert after - start < 50, (start, peak, after)
        assert list((tmp_path / "uploads").iterdir()) == []
