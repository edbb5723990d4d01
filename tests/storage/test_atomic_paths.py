"""Atomic writes and temp-file sweeps at their edges: what is not a temp file of ours (a
directory, a symlink, a FIFO) is left alone, and the races with a concurrent sweep end
in a complete file and no leftovers.

The races are made to happen at their exact point by running a real sweep from inside
the writer's ``flock`` call (the only seam between a temp file's creation and its lock).
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from studio.storage import atomic
from studio.storage.atomic import (
    atomic_write_bytes,
    backup_path,
    fsync_dir,
    sweep_stale_temps,
)

pytestmark = pytest.mark.timeout(30)

TEMP = ".film.sorastudio.0123456789ab.tmp"


def _names(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


def _fcntl_running(blocking: tuple = (), trying: tuple = ()) -> SimpleNamespace:
    """``fcntl`` as the atomic module sees it, running hooks just before its blocking
    locks (a writer's), in order, or its non-blocking ones (a sweep's); None: no hook."""
    hooks = {False: list(blocking), True: list(trying)}

    def flock(fd: int, op: int) -> None:
        queue = hooks[bool(op & fcntl.LOCK_NB)]
        hook = queue.pop(0) if queue else None
        if hook is not None:
            hook(fd)
        fcntl.flock(fd, op)

    return SimpleNamespace(flock=flock, LOCK_EX=fcntl.LOCK_EX, LOCK_NB=fcntl.LOCK_NB)


def test_a_directory_is_not_replaced_by_a_file(tmp_path: Path) -> None:
    target = tmp_path / "film.sorastudio"
    target.mkdir()
    (target / "inside").write_bytes(b"kept")
    with pytest.raises(IsADirectoryError, match="not a regular file"):
        atomic_write_bytes(target, b"data")
    assert (target / "inside").read_bytes() == b"kept"
    assert _names(tmp_path) == ["film.sorastudio"]  # no temp file left behind


def test_sweeping_a_folder_that_is_not_there_removes_nothing(tmp_path: Path) -> None:
    assert sweep_stale_temps(tmp_path / "missing") == 0
    not_a_dir = tmp_path / "file"
    not_a_dir.write_bytes(b"x")
    assert sweep_stale_temps(not_a_dir) == 0
    assert not_a_dir.read_bytes() == b"x"


def test_a_symlink_or_folder_with_a_temp_name_is_not_swept(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"the user's file")
    (tmp_path / TEMP).symlink_to(precious)  # O_NOFOLLOW: never opened through
    folder = tmp_path / ".notes.txt.0123456789ab.tmp"
    folder.mkdir()
    assert sweep_stale_temps(tmp_path) == 0
    assert (tmp_path / TEMP).is_symlink() and precious.read_bytes() == b"the user's file"
    assert folder.is_dir()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(10)  # the defect was a hang: the open of a FIFO waits for a writer
def test_a_fifo_with_a_temp_name_does_not_hang_the_sweep(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / TEMP)
    assert sweep_stale_temps(tmp_path) == 0
    atomic_write_bytes(tmp_path / "film.sorastudio", b"saved")  # a save sweeps its name
    assert (tmp_path / "film.sorastudio").read_bytes() == b"saved"
    assert (tmp_path / TEMP).exists()


def test_fsync_dir_of_a_missing_folder_is_a_no_op(tmp_path: Path) -> None:
    assert fsync_dir(tmp_path / "missing") is None
    assert not (tmp_path / "missing").exists()


def test_a_sweep_that_wins_the_race_for_a_fresh_temp_file_costs_a_retry(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "film.sorastudio"
    swept: list[int] = []
    # between the temp file's creation and the writer's lock, a sweep (another process at
    # start-up) finds it unlocked and removes it: the writer must notice and start again
    monkeypatch.setattr(atomic, "fcntl", _fcntl_running(
        blocking=(lambda fd: swept.append(sweep_stale_temps(tmp_path)),)))
    atomic_write_bytes(target, b"complete")
    assert swept == [1]
    assert target.read_bytes() == b"complete" and _names(tmp_path) == ["film.sorastudio"]


def test_a_sweep_that_wins_the_race_for_the_backup_temp_costs_a_retry(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "film.sorastudio"
    atomic_write_bytes(target, b"v1")
    swept: list[int] = []
    # the data temp is locked first (a sweep passes it by); then the .bak temp is swept
    # in its window between creation and lock
    monkeypatch.setattr(atomic, "fcntl", _fcntl_running(
        blocking=(None, lambda fd: swept.append(sweep_stale_temps(tmp_path)))))
    atomic_write_bytes(target, b"v2", backup=True)
    assert swept == [1]  # the sweep took the unlocked .bak temp; the data temp was held
    assert target.read_bytes() == b"v2" and backup_path(target).read_bytes() == b"v1"
    assert _names(tmp_path) == ["film.sorastudio", "film.sorastudio.bak"]


def test_a_lock_that_fails_leaves_no_temp_file_and_the_old_content(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "film.sorastudio"
    atomic_write_bytes(target, b"old")

    def refuse(fd: int) -> None:
        raise OSError(37, "No locks available")

    monkeypatch.setattr(atomic, "fcntl", _fcntl_running(blocking=(refuse,)))
    with pytest.raises(OSError, match="No locks available"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["film.sorastudio"]


def test_a_temp_file_replaced_during_the_sweep_is_not_removed(
    tmp_path: Path, monkeypatch
) -> None:
    temp = tmp_path / TEMP
    temp.write_bytes(b"stale")
    fresh = tmp_path / "fresh"
    fresh.write_bytes(b"a new writer's file")
    # after the sweep opened the old file, a new one took its name: locking the old inode
    # proves nothing about the new one, which must stay
    monkeypatch.setattr(atomic, "fcntl", _fcntl_running(
        trying=(lambda fd: os.replace(fresh, temp),)))
    assert sweep_stale_temps(tmp_path) == 0
    assert temp.read_bytes() == b"a new writer's file"


def test_a_temp_file_another_sweep_removed_first_is_not_counted(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / TEMP).write_bytes(b"stale")
    monkeypatch.setattr(atomic, "fcntl", _fcntl_running(
        trying=(lambda fd: os.unlink(tmp_path / TEMP),)))
    assert sweep_stale_temps(tmp_path) == 0
    assert _names(tmp_path) == []


def test_without_flock_only_old_leftovers_are_swept(tmp_path: Path, monkeypatch) -> None:
    """Where there is no flock (Windows), a temp file younger than an hour may belong to a
    save in progress, so only older ones go; saving still works."""
    monkeypatch.setattr(atomic, "fcntl", None)
    fresh = tmp_path / ".film.sorastudio.aaaaaaaaaaaa.tmp"
    old = tmp_path / ".film.sorastudio.bbbbbbbbbbbb.bak.tmp"
    fresh.write_bytes(b"maybe in progress")
    old.write_bytes(b"left by a crash")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert sweep_stale_temps(tmp_path) == 1
    assert fresh.exists() and not old.exists()
    atomic_write_bytes(tmp_path / "film.sorastudio", b"v1")
    atomic_write_bytes(tmp_path / "film.sorastudio", b"v2", backup=True)
    assert (tmp_path / "film.sorastudio").read_bytes() == b"v2"
    assert _names(tmp_path) == [fresh.name, "film.sorastudio", "film.sorastudio.bak"]
