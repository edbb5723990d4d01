"""The local provider's gateway flags, as `sora-studio serve` options over raw HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from studio.localserver.gateway import unwrap_id, wrap_id

pytestmark = pytest.mark.timeout(120)


def _call(method: str, url: str, body: dict | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def test_wrap_id_round_trips_and_rejects_others() -> None:
    vid = "video_" + "ab" * 16
    opaque = wrap_id(vid)
    assert len(opaque) >= 250 and opaque.startswith("video_") and unwrap_id(opaque) == vid
    assert unwrap_id(vid) is None and unwrap_id("video_%%%") is None


def test_serve_with_every_gateway_flag(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--data-dir",
         str(tmp_path), "--generation-seconds", "0.3", "--no-list", "--ignore-idempotency",
         "--ignore-variant", "--opaque-ids", "--spend-headers"], stdout=subprocess.PIPE,
        text=True)
    try:
        assert proc.stdout is not None
        url = re.fullmatch(r"serving (\S+)\n", proc.stdout.readline())[1]  # type: ignore[index]
        status, body, _ = _call("GET", f"{url}/videos")
        assert status == 400 and b"LLM Provider NOT provided" in body
        req = {"prompt": "a lantern", "model": "animatic", "size": "480x480", "seconds": "4"}
        key = {"Idempotency-Key": "same"}
        _, body, sent = _call("POST", f"{url}/videos", req, key)
        first = json.loads(body)
        assert sent["x-litellm-response-cost"] == "0.0000"  # LiteLLM's spend headers
        assert sent["x-litellm-key-spend"] == "0.0000"  # (the animatic is free)
        second = json.loads(_call("POST", f"{url}/videos", req, key)[1])
        assert first["id"] != second["id"]  # the key was ignored
        assert len(first["id"]) >= 250 and unwrap_id(first["id"])
        quoted = urllib.request.quote(first["id"], safe="")
        deadline = time.monotonic() + 60
        while json.loads(_call("GET", f"{url}/videos/{quoted}")[1])["status"] != "completed":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        status, thumb, headers = _call("GET", f"{url}/videos/{quoted}/content?variant=thumbnail")
        assert status == 200 and thumb[4:8] == b"ftyp"  # the MP4 ...
        assert headers["Content-Type"] == "image/webp"  # ... under the image's header
        assert len(list((tmp_path / "videos").glob("video_*.json"))) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
