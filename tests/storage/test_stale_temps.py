"""Temp files of interrupted saves: swept by the next save or start, never a live one;
settings saves with plain-text keys SIGKILLed at random never leave the key readable."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.storage.atomic import atomic_write_bytes, sweep_stale_temps
from studio.storage.settings import SettingsStore

MARK = "sk-kill-test-"

_SAVER = """
import sys, itertools
from pathlib import Path
from studio.storage.settings import Settings, SettingsStore
store = SettingsStore(Path(sys.argv[1]))
settings = Settings(plaintext_keys=True)
print("ready", flush=True)
for i in itertools.count():
    store.set_key(settings, "Gateway", "%s%d" % (sys.argv[2], i) + "x" * 4000)
    store.save(settings)
"""


def _temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_the_next_save_sweeps_leftovers_of_its_own_file_only(tmp_path: Path) -> None:
    target = tmp_path / "film.sorastudio"
    stale = [tmp_path / ".film.sorastudio.0123456789ab.tmp",
             tmp_path / ".film.sorastudio.ba9876543210.bak.tmp"]
    other = tmp_path / ".other.json.0123456789ab.tmp"
    for p in [*stale, other]:
        p.write_bytes(b"half a save")
    atomic_write_bytes(target, b"whole", backup=True)
    assert _temps(tmp_path) == [other.name]
    assert target.read_bytes() == b"whole"


def test_a_temp_file_held_by_a_live_writer_is_never_swept(tmp_path: Path) -> None:
    live = tmp_path / ".settings.json.0123456789ab.tmp"
    live.write_bytes(b"being written")
    fd = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a writer holds it until its rename
        assert sweep_stale_temps(tmp_path) == 0
        assert live.exists()
    finally:
        os.close(fd)
    assert sweep_stale_temps(tmp_path) == 1
    assert not live.exists()


def test_loading_settings_sweeps_what_a_killed_save_left(tmp_path: Path) -> None:
    (tmp_path / ".secrets.json.0123456789ab.tmp").write_text('{"Gateway": "sk-x"}')
    SettingsStore(tmp_path).load()
    assert _temps(tmp_path) == []


@pytest.mark.timeout(120)
def test_settings_saves_with_plaintext_keys_killed_at_random(tmp_path: Path) -> None:
    """No file but the owner-only one ever holds the key; no temp file after a start."""
    rng = random.Random(13)
    directory = tmp_path / "config"
    leftovers = 0
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(directory), MARK],
                                stdout=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        leftovers += len(_temps(directory))
        for path in directory.iterdir():
            if MARK.encode() in path.read_bytes():
                mode = stat.S_IMODE(path.stat().st_mode)
                assert mode & 0o077 == 0, f"{path.name} holds the key with mode {mode:o}"
                assert path.name == "secrets.json" or path.name.endswith(".tmp"), path.name
        SettingsStore(directory).load()  # the next start
        assert _temps(directory) == []
        holders = [p.name for p in directory.iterdir() if MARK.encode() in p.read_bytes()]
        assert holders in ([], ["secrets.json"])
    assert leftovers > 0, "no kill landed inside a save: the test proved nothing"
