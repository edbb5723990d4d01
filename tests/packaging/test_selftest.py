"""``sora-studio --selftest`` from this virtualenv: the installed entry point opens the
sample offscreen, renders one shot in the local provider's spawned workers and decodes it.

(The frozen binary runs the same check in ``make package-test``: too slow for every run.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY = Path(sys.executable).parent / "sora-studio"


@pytest.mark.timeout(400)
def test_the_selftest_renders_and_decodes_one_shot(tmp_path: Path) -> None:
    assert ENTRY.is_file(), f"{ENTRY}: the project is not installed in this virtualenv"
    env = {k: v for k, v in os.environ.items() if k != "STUDIO_NO_QT"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path))
    out = subprocess.run([str(ENTRY), "--selftest"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=380, check=False)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert all(line.startswith("selftest: ") for line in lines), out.stdout
    text = out.stdout
    assert "window painted (offscreen platform)" in text
    assert re.search(r"parts: .*FFmpeg \(PyAV\) \d.*OpenCV \d", text), text
    assert re.search(r"sample opened: 7 shots", text)
    assert re.search(r"rendered in worker process\(es\) \[\d+", text), text
    assert re.search(r"decoded \w+\.mp4: 640x360, \d+ frames at 24 fps, 4\.00 s, h264 \+ aac",
                     text), text
    assert lines[-1].startswith("selftest: [") and "OK: every check passed" in lines[-1]
    ours = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*sora-studio*"))
    assert ours == [], f"the self-test wrote into the user's folders: {ours}"


def test_the_selftest_is_refused_with_a_command() -> None:
    """--selftest checks the installation as a whole: with a command it is not a thing."""
    out = subprocess.run([sys.executable, "-m", "studio.cli", "--selftest", "gui"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2 and "--selftest runs alone" in out.stderr
