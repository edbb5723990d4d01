"""Acceptance through a real LiteLLM proxy: SIGKILL a per-shot render of the 7-shot sample
at >= 8 random moments, restarting it each time; the render ends, the upstream holds
exactly 7 videos of the film, the film decodes with audio, no ``.part`` is left and no
"Task exception was never retrieved" is printed.

The proxy (``STUDIO_LITELLM``: its ``litellm`` command, from ``make test-gateway``) routes
model ``animatic`` to a ``sora-studio serve`` process, loads the studio's idempotency
callback (scripts/gateway/) and cannot list videos, as any LiteLLM proxy. The render
probes the list (refused) and learns the key from its first job of the free model, whose
create is sent twice with its own key (honoured: the same video back), so the probe adds
no video upstream. Ids come back from the proxy as long base64 strings.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

import pytest

from studio.services.render import verify_film

KILLS = 8
SEED = 20261201
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "festival-island.en.sorastudio"
HOOK = ROOT / "scripts" / "gateway" / "studio_idempotency.py"
KEY = "sk-studio-gateway-test"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _upstream(data: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--data-dir", str(data),
         # each video takes 8 s upstream, so the 7 shots stay in flight across several
         # kills even on a fast machine (with 2 s they were all done after the second)
         "--generation-seconds", "8", "--latency-ms", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    match = re.fullmatch(r"serving (http://\S+/v1)\n", proc.stdout.readline())
    assert match
    return proc, match[1]


def _proxy(work: Path, upstream: str, log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    shutil.copy(HOOK, work / HOOK.name)
    (work / "config.yaml").write_text(
        "model_list:\n"
        "  - model_name: animatic\n"
        "    litellm_params:\n"
        "      model: openai/animatic\n"
        f"      api_base: {upstream}\n"
        "      api_key: upstream-key\n"
        "litellm_settings:\n"
        "  callbacks: studio_idempotency.hook\n"
        "general_settings:\n"
        f"  master_key: {KEY}\n")
    port = _free_port()
    proc = subprocess.Popen([os.environ["STUDIO_LITELLM"], "--config", "config.yaml",
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=work, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240  # the proxy imports for a long time on 2 cores
    while True:
        assert proc.poll() is None, (work / "litellm.log").read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{url}/health/liveliness", timeout=2):
                return proc, f"{url}/v1"
        except OSError:
            assert time.monotonic() < deadline, "the LiteLLM proxy did not start"
            time.sleep(1)


def _touched(ledger: Path) -> float:
    """When a run last wrote a job row (0 before there is one)."""
    if not ledger.exists():
        return 0.0
    db = sqlite3.connect(ledger)
    try:
        return float(db.execute("SELECT max(updated_at) FROM jobs").fetchone()[0] or 0.0)
    except sqlite3.OperationalError:
        return 0.0
    finally:
        db.close()


def _states(ledger: Path) -> list[str]:
    if not ledger.exists():
        return []
    db = sqlite3.connect(ledger)
    try:
        return [r[0] for r in db.execute("SELECT state FROM jobs ORDER BY created_at")]
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


@pytest.mark.timeout(900)
def test_sigkilled_render_through_litellm_pays_once_per_shot(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    (tmp_path / "proxy").mkdir()
    upstream, up_url = _upstream(tmp_path / "upstream")
    log = open(tmp_path / "proxy" / "litellm.log", "wb")  # noqa: SIM115 - closed below
    proxy, url = _proxy(tmp_path / "proxy", up_url, log)
    project = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, project)
    ledger = tmp_path / "state" / "jobs.sqlite3"
    film = tmp_path / "film.mp4"
    cmd = [sys.executable, "-m", "studio.cli", "render", str(project), "-o", str(film),
           "--base-url", url, "--api-key-env", "STUDIO_GATEWAY_KEY", "--ledger", str(ledger),
           "--concurrency", "2", "--probe-model", "animatic"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STUDIO_GATEWAY_KEY": KEY}
    kills, outputs, seen = 0, [], []
    try:
        while True:
            mark = _touched(ledger)
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env)
            if kills < KILLS:
                # kill once this run drives jobs (it wrote a row), not while it imports:
                # after the first run the rows exist from the start
                started = time.monotonic()
                while _touched(ledger) <= mark and proc.poll() is None \
                        and time.monotonic() - started < 120:
                    time.sleep(0.05)
                try:
                    proc.wait(timeout=rng.uniform(0.5, 4.0))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    out, err = proc.communicate()
                    outputs.append(out + err)
                    kills += 1
                    seen.append(_states(ledger))
                    continue
            out, err = proc.communicate(timeout=300)
            outputs.append(out + err)
            assert proc.returncode == 0, err
            if kills >= KILLS:
                break
            film.unlink()
    finally:
        for p in (proxy, upstream):
            p.terminate()
            p.wait(timeout=60)
        if upstream.stdout is not None:
            upstream.stdout.close()
        log.close()
    print("ledger states at each kill:", *seen, sep="\n  ")
    assert kills >= KILLS
    # the kills landed while work was in flight, not only during start-up
    assert sum(any(s != "done" for s in kill) for kill in seen) >= KILLS // 2
    assert _states(ledger) == ["done"] * 7
    records = [json.loads(p.read_text()) for p in
               (tmp_path / "upstream" / "videos").glob("video_*.json")]
    print(f"upstream: {len(records)} videos")
    assert len(records) == 7  # exactly one video per shot, none left by the probe
    caps = json.loads((tmp_path / "state" / "provider-caps.json").read_text())
    assert [(c["can_list"], c["honours_key"]) for c in caps.values()] == [(False, True)]
    db = sqlite3.connect(ledger)
    ids = [r[0] for r in db.execute("SELECT video_id FROM jobs")]
    db.close()
    assert all(len(i) > 100 for i in ids)  # the proxy's wrapped ids, carried as they are
    assert not list((tmp_path / "state" / "media").glob("*.part"))
    assert not any("Task exception was never retrieved" in o for o in outputs)
    verify_film(film, size="1280x720", seconds=28)
