"""Never pay twice for a remix, an edit or an extension: SIGKILLed mid-POST of each, while
downloading, and at random points, a run of all three resumes to exactly three videos made
from the right source.

Like test_crash.py for create: the provider is its own ``sora-studio serve`` process (it
survives the kills, and its 120 ms latency holds each POST open); the worker is
tests/services/kinds_worker.py.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.media.probe import verify_video
from studio.services.client import GenerationClient
from tests.services.test_crash import _serve, _states

KILLS = 8
# Aimed kills first: each job's POST in flight (its row just turned `unclear`), then a
# download in progress; the rest at random moments.
AIMED: list[tuple[str, int | None]] = [("unclear", 0), ("unclear", 1), ("unclear", 2),
                                       ("downloading", None)]
SEED = 20261201
ROOT = Path(__file__).resolve().parents[2]


async def _source(url: str) -> str:
    """A finished 4 s video on the provider to derive from."""
    client = GenerationClient(url, None)
    try:
        video = await client.create(prompt="A paper boat on a river.", model="animatic",
                                    size="480x480", seconds=4, idempotency_key="the-source")
        while (await client.retrieve(video.id)).video.status != "completed":
            await asyncio.sleep(0.1)
        return video.id
    finally:
        await client.close()


def _kill_when(proc: subprocess.Popen[str], ledger: Path, state: str,
               row: int | None) -> bool:
    """SIGKILL ``proc`` as soon as ledger row ``row`` (or any row) is in ``state``."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        states = _states(ledger)
        if (state in states) if row is None else (len(states) > row and states[row] == state):
            proc.send_signal(signal.SIGKILL)
            return True
        time.sleep(0.003)
    return False


def _server_videos(data_dir: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text("utf-8")) for p in (data_dir / "videos").glob("video_*.json")]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_remix_edit_extend_survive_sigkill_at_random_points(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    server, url = _serve(tmp_path / "server")
    ledger = tmp_path / "state" / "jobs.sqlite3"
    media = tmp_path / "state" / "media"
    kills = 0
    seen: list[list[str]] = []
    try:
        source = asyncio.run(_source(url))
        cmd = [sys.executable, "-m", "tests.services.kinds_worker", url, str(ledger),
               str(media), source]
        while True:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            if kills < len(AIMED):
                assert _kill_when(proc, ledger, *AIMED[kills]), (AIMED[kills], _states(ledger))
                proc.communicate()
                kills += 1
                seen.append(_states(ledger))
                continue
            if kills < KILLS:
                try:
                    proc.wait(timeout=rng.uniform(0.4, 2.0))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.communicate()
                    kills += 1
                    for f in media.glob("*.mp4"):  # a final path never holds a broken file
                        verify_video(f, width=480, height=480)
                    seen.append(_states(ledger))
                    continue
            out, err = proc.communicate(timeout=90)
            assert proc.returncode == 0, err
            assert out.split() == ["done"] * 3
            # A run that finished leaves nothing to kill mid-work: every later run would
            # finish at once, and the loop never reached KILLS (a quiet machine made the
            # three jobs done before the random kills ran out: a 300 s timeout).
            break
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    print("ledger states at each kill:", *seen, sep="\n  ")
    assert sum(any(s != "done" for s in kill) for kill in seen) >= KILLS // 2
    assert [kill[i] for kill, (_, i) in zip(seen[:3], AIMED[:3], strict=True)] == ["unclear"] * 3
    assert _states(ledger) == ["done"] * 3
    videos = _server_videos(tmp_path / "server")
    derived = [v for v in videos if v["id"] != source]
    assert len(videos) == 4 and sorted(v["kind"] for v in derived) == ["edit", "extend", "remix"]
    assert all(v["source_id"] == source for v in derived)  # 0 duplicates, 0 strays
    assert not list(media.glob("*.part"))
    lengths = sorted(verify_video(f, width=480, height=480).duration for f in media.glob("*.mp4"))
    assert len(lengths) == 3 and lengths[-1] > 7  # the extension: 4 s + 4 s
