"""``make install-user`` / ``make uninstall-user`` (packaging/install-user.sh) in a scratch
home: a stand-in bundle (an executable named sora-studio) is installed with the real
desktop files, launched through the link, and removed again, leaving the user's data."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from studio.storage.bundled import APP_ID

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "install-user.sh"


def _run(home: Path, bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env.update(HOME=str(home), BUNDLE=str(bundle))
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_install_then_uninstall_leaves_only_the_users_data(tmp_path: Path) -> None:
    home, bundle = tmp_path / "home", tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "sora-studio"
    exe.write_text("#!/bin/sh\necho \"bundle says: $*\"\n")
    exe.chmod(0o755)
    data = home / ".local" / "share"
    own = data / "sora-studio" / "jobs.sqlite3"  # the user's data: never touched
    own.parent.mkdir(parents=True)
    own.write_text("mine")

    out = _run(home, bundle, "install")
    assert out.returncode == 0, out.stderr
    files = [Path(p) for p in _run(home, bundle, "files").stdout.split()]
    assert len(files) == 11 and all(f.is_file() for f in files), files
    link = home / ".local" / "bin" / "sora-studio"
    assert link.is_symlink() and link.resolve() == home / ".local" / "lib" / "sora-studio" / \
        "sora-studio"
    ran = subprocess.run([str(link), "--selftest"], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "bundle says: --selftest"
    entry = data / "applications" / f"{APP_ID}.desktop"
    text = entry.read_text("utf-8")
    assert f"Exec={link} gui %f" in text and f"TryExec={link}" in text
    assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                          check=False).returncode == 0
    assert "application/x-sorastudio:*.sorastudio" in (data / "mime" / "globs2").read_text()

    out = _run(home, bundle, "uninstall")
    assert out.returncode == 0, out.stderr
    assert not any(f.exists() for f in files)
    assert not link.exists() and not link.is_symlink()
    assert not (home / ".local" / "lib" / "sora-studio").exists()
    assert own.read_text() == "mine"
    assert "*.sorastudio" not in (data / "mime" / "globs2").read_text()


def test_install_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    out = _run(tmp_path / "home", tmp_path / "nothing", "install")
    assert out.returncode == 1 and "run 'make package' first" in out.stderr
    assert not (tmp_path / "home").exists()
