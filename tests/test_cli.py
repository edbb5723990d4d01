"""The headless command line, run as a user runs it: a subprocess, one line on bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studio.storage.bundled import sample_project_path
from studio.storage.project_file import load_project

SAMPLE_ZH = sample_project_path("zh")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def test_prompt_prints_the_composed_one_take_prompt() -> None:
    out = cli("prompt", str(SAMPLE_ZH), "--mode", "one-take")
    assert out.returncode == 0, out.stderr
    assert "**分镜**" in out.stdout and "7. **烟花夜岛**" in out.stdout
    en = cli("prompt", str(SAMPLE_ZH), "--mode", "one-take", "--lang", "en")
    assert "Shots:" in en.stdout


def test_import_prompt_of_the_samples_own_prompt_gives_back_seven_shots(tmp_path: Path) -> None:
    text = cli("prompt", str(SAMPLE_ZH), "--mode", "one-take").stdout
    (tmp_path / "pasted.txt").write_text(text, encoding="utf-8")
    out = cli("import-prompt", "pasted.txt", "-o", "film.sorastudio", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    imported = load_project(tmp_path / "film.sorastudio")
    sample = load_project(SAMPLE_ZH)
    assert len(imported.shots) == 7
    assert [s.camera for s in imported.shots] == [s.camera for s in sample.shots]
    again = cli("import-prompt", "pasted.txt", "-o", "film.sorastudio", cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr


def test_validate_reports_problems_with_a_non_zero_exit(tmp_path: Path) -> None:
    ok = cli("validate", str(SAMPLE_ZH))
    assert ok.returncode == 0 and "7 shots, 0 errors" in ok.stdout
    doc = json.loads(SAMPLE_ZH.read_text(encoding="utf-8"))
    doc["project"]["shots"][2]["duration"] = 21  # longer than any clip the animatic makes
    bad = tmp_path / "bad.sorastudio"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = cli("validate", str(bad))
    assert out.returncode == 1
    assert "shot 3: duration: 21 s is longer than the longest clip" in out.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("prompt", "missing.sorastudio"), "no such file"),
        (("prompt", "garbage.sorastudio"), "not valid JSON"),
        (("import-prompt", "empty.txt", "-o", "x.sorastudio"), "empty"),
        (("import-prompt", "missing.txt", "-o", "x.sorastudio"), "cannot read"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    (tmp_path / "garbage.sorastudio").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    out = cli(*args, cwd=tmp_path)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sora-studio: ") and needle in lines[0]
    assert not (tmp_path / "x.sorastudio").exists()


def test_headless_commands_never_load_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from studio.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['prompt', {str(SAMPLE_ZH)!r}])\n"
        "    main(['validate', " + repr(str(SAMPLE_ZH)) + "])\n"
        "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')]\n"
        "assert not qt, qt\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


def test_render_on_a_damaged_ledger_is_one_line_and_moves_it_aside(tmp_path: Path) -> None:
    from tests.services.test_render import make_project

    project = make_project(tmp_path / "p.sorastudio", 1)
    state = tmp_path / "state"
    state.mkdir()
    ledger = state / "jobs.sqlite3"
    garbage = b"SQLite format 3\x00" + b"\xa5" * 8000  # a header, then nothing sound
    ledger.write_bytes(garbage)
    (state / "notes.txt").write_text("mine", encoding="utf-8")
    out = cli("render", str(project), "-o", str(tmp_path / "film.mp4"), "--ledger", str(ledger))
    assert out.returncode == 1, out.stderr
    # the plan's progress line may come first; the error is one line, and the last
    lines = [ln for ln in out.stderr.strip().splitlines() if not ln.startswith("render: ")]
    assert len(lines) == 1 and lines[0].startswith("sora-studio: the job ledger "), out.stderr
    assert "moved aside" in lines[0] and "Traceback" not in out.stderr
    moved = list(state.glob("jobs.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == garbage and moved[0].name in lines[0]
    db = sqlite3.connect(ledger)  # a fresh, sound ledger in its place
    try:
        assert db.execute("SELECT count(*) FROM jobs").fetchone()[0] == 0
    finally:
        db.close()
    assert (state / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (state / "local-provider").exists()  # stopped before any provider was used
    assert not (tmp_path / "film.mp4").exists()


def test_validate_refuses_a_project_file_with_a_key_given_twice(tmp_path: Path) -> None:
    text = SAMPLE_ZH.read_text(encoding="utf-8")
    doubled = text.replace('"schema_version":', '"schema_version": 99, "schema_version":', 1)
    assert doubled != text
    (tmp_path / "twice.sorastudio").write_text(doubled, encoding="utf-8")
    out = cli("validate", "twice.sorastudio", cwd=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "'schema_version' appears twice" in lines[0]


def test_serve_on_a_public_host_needs_a_key_or_says_insecure(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "SORA_STUDIO_SERVE_KEY"}
    out = subprocess.run([sys.executable, "-m", "studio.cli", "serve", "--host", "::",
                          "--port", "0"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "--insecure-no-auth" in out.stderr
