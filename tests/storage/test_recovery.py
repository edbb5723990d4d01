"""Autosave/recovery: never touches the user's file, offered only when newer and valid."""

from __future__ import annotations

import os
import time
from pathlib import Path

from studio.core.model import Project, Shot
from studio.storage.project_file import load_project, save_project
from studio.storage.recovery import (
    autosave_path,
    discard_autosave,
    find_recovery,
    write_autosave,
)


def project(title: str = "island") -> Project:
    return Project(title=title, shots=[Shot(title="dawn 海上日出 🌅", duration=8)])


NOW = int(time.time())


def set_mtime(path: Path, seconds_ago: int) -> None:
    when = (NOW - seconds_ago) * 1_000_000_000
    os.utime(path, ns=(when, when))


def test_paths(tmp_path: Path) -> None:
    saved, untitled = tmp_path / "film.sorastudio", tmp_path / "u"
    assert autosave_path(saved, untitled_dir=untitled) == tmp_path / ".film.sorastudio.autosave"
    assert autosave_path(None, untitled_dir=untitled) == untitled / "untitled.autosave"


def test_autosave_never_changes_the_users_file(tmp_path: Path) -> None:
    saved = tmp_path / "film.sorastudio"
    save_project(project("saved"), saved)
    set_mtime(saved, 100)
    before = (saved.read_bytes(), saved.stat().st_mtime_ns)
    bak_exists = saved.with_name(saved.name + ".bak").exists()
    for i in range(3):
        written = write_autosave(project(f"edit {i}"), saved, untitled_dir=tmp_path / "u")
    assert (saved.read_bytes(), saved.stat().st_mtime_ns) == before
    assert saved.with_name(saved.name + ".bak").exists() == bak_exists
    assert load_project(written).title == "edit 2"
    assert sorted(os.listdir(tmp_path)) == [".film.sorastudio.autosave", "film.sorastudio"]


def test_recovery_offered_only_when_newer(tmp_path: Path) -> None:
    saved = tmp_path / "film.sorastudio"
    untitled = tmp_path / "u"
    save_project(project("saved"), saved)
    auto = write_autosave(project("unsaved edits"), saved, untitled_dir=untitled)
    set_mtime(saved, 100)
    set_mtime(auto, 50)
    assert find_recovery(saved, untitled_dir=untitled) == auto
    set_mtime(auto, 200)  # the user saved after the last autosave
    assert find_recovery(saved, untitled_dir=untitled) is None
    set_mtime(auto, 100)  # same instant: nothing newer to offer
    assert find_recovery(saved, untitled_dir=untitled) is None


def test_recovery_when_saved_file_is_gone(tmp_path: Path) -> None:
    saved = tmp_path / "film.sorastudio"
    auto = write_autosave(project(), saved, untitled_dir=tmp_path)
    assert not saved.exists()
    assert find_recovery(saved, untitled_dir=tmp_path) == auto


def test_untitled_recovery(tmp_path: Path) -> None:
    untitled = tmp_path / "app" / "recovery"
    assert find_recovery(None, untitled_dir=untitled) is None
    auto = write_autosave(project("draft"), None, untitled_dir=untitled)
    assert auto.parent == untitled
    assert find_recovery(None, untitled_dir=untitled) == auto
    assert load_project(auto).title == "draft"
    discard_autosave(None, untitled_dir=untitled)
    assert find_recovery(None, untitled_dir=untitled) is None
    discard_autosave(None, untitled_dir=untitled)  # idempotent


def test_corrupt_autosave_is_ignored_not_fatal(tmp_path: Path) -> None:
    saved = tmp_path / "film.sorastudio"
    save_project(project(), saved)
    set_mtime(saved, 100)
    auto = autosave_path(saved, untitled_dir=tmp_path)
    for junk in (b"", b"\x00\x01", b'{"format": "sora-studio-project"', b"[" * 100_000):
        auto.write_bytes(junk)
        assert find_recovery(saved, untitled_dir=tmp_path) is None
        assert auto.read_bytes() == junk  # looking never deletes or rewrites


def test_discard_after_save(tmp_path: Path) -> None:
    saved = tmp_path / "film.sorastudio"
    write_autosave(project(), saved, untitled_dir=tmp_path)
    save_project(project(), saved)
    discard_autosave(saved, untitled_dir=tmp_path)
    assert find_recovery(saved, untitled_dir=tmp_path) is None
    assert sorted(os.listdir(tmp_path)) == ["film.sorastudio"]
