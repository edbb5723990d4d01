"""Project bundles: export → import gives an equal project with its media; hostile zips fail."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from studio.core.model import Project, Shot, Take, TakeStatus
from studio.storage.bundle import PROJECT_ENTRY, BundleError, read_bundle, write_bundle
from studio.storage.project_file import dumps_project, load_project


def _project(root: Path) -> Project:
    (root / "media").mkdir(parents=True)
    (root / "media" / "t1.mp4").write_bytes(b"\x00\x01clip one" * 1000)
    (root / "media" / "t2.mp4").write_bytes(b"clip two")
    t1 = Take(status=TakeStatus.COMPLETED, media="media/t1.mp4")
    t2 = Take(status=TakeStatus.COMPLETED, media="media/t2.mp4")
    gone = Take(status=TakeStatus.COMPLETED, media="media/gone.mp4")
    return Project(title="Bridge", shots=[Shot(title="A", takes=[t1], chosen_take=t1.id),
                                          Shot(title="B", takes=[t2, gone], chosen_take=t2.id)])


def test_round_trip_gives_an_equal_project_with_its_media(tmp_path: Path) -> None:
    project = _project(tmp_path / "src")
    bundle = tmp_path / "b.zip"
    missing = write_bundle(project, tmp_path / "src", bundle,
                           ["media/t1.mp4", "media/t2.mp4", "media/gone.mp4"])
    assert missing == ["media/gone.mp4"]
    path = read_bundle(bundle, tmp_path / "imported")
    assert load_project(path) == project
    for rel in ("media/t1.mp4", "media/t2.mp4"):
        assert (path.parent / rel).read_bytes() == (tmp_path / "src" / rel).read_bytes()
    with zipfile.ZipFile(bundle) as z:
        assert all(not n.startswith("/") and ".." not in n for n in z.namelist())


def _hostile(tmp_path: Path, name: str, data: bytes = b"x", *, symlink: bool = False) -> Path:
    project = Project(shots=[Shot(takes=[Take(media="media/a.mp4")])])
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(PROJECT_ENTRY, dumps_project(project))
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "C:/evil", "media/../../x",
                                  "media\\..\\..\\x"])
def test_entries_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    dest = tmp_path / "out"
    with pytest.raises(BundleError, match="unsafe"):
        read_bundle(_hostile(tmp_path, name), dest)
    assert not dest.exists() and not (tmp_path / "evil.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["hostile.zip"]


def test_symlinks_and_bombs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="symbolic link"):
        read_bundle(_hostile(tmp_path, "media/a.mp4", b"/etc/passwd", symlink=True),
                    tmp_path / "out")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(PROJECT_ENTRY, dumps_project(Project(shots=[Shot(takes=[
            Take(media="media/a.mp4")])])))
        z.writestr("media/a.mp4", b"\x00" * (64 * 1024**2))
    with pytest.raises(BundleError, match="inflates"):
        read_bundle(bomb, tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


def test_only_files_the_project_names_are_unpacked(tmp_path: Path) -> None:
    path = read_bundle(_hostile(tmp_path, "media/extra.sh", b"#!/bin/sh"), tmp_path / "out")
    assert sorted(p.name for p in path.parent.rglob("*")) == [PROJECT_ENTRY]


def test_not_a_bundle_and_a_broken_project_are_plain_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK not really")
    with pytest.raises(BundleError, match="not a Sora Studio bundle"):
        read_bundle(junk, tmp_path / "o1")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr(PROJECT_ENTRY, b"{not json")
    with pytest.raises(BundleError, match="cannot be read"):
        read_bundle(bad, tmp_path / "o2")
    assert not (tmp_path / "o2").exists()
