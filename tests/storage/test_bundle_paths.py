"""Project bundles at their edges: every kind of media a project names survives the round
trip (the film's reference image was dropped), and each refusal of a hostile or broken
zip is one sentence with nothing left in the destination."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from studio.core.model import Character, Project, ReferenceImage, Shot, Take, TakeStatus
from studio.storage import bundle
from studio.storage.bundle import PROJECT_ENTRY, BundleError, read_bundle, write_bundle
from studio.storage.project_file import dumps_project, load_project

pytestmark = pytest.mark.timeout(120)

SHA = "0" * 64


def _every_kind_of_media(root: Path) -> tuple[Project, dict[str, bytes]]:
    files = {"media/take.mp4": b"take bytes", "media/film.mp4": b"film take bytes",
             "refs/shot.png": b"\x89PNG shot reference", "refs/film.jpg": b"\xff\xd8 film ref",
             "characters/mei.jpg": b"\xff\xd8 mei"}
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    take = Take(status=TakeStatus.COMPLETED, media="media/take.mp4")
    project = Project(
        title="Everything",
        shots=[Shot(title="A", takes=[take], chosen_take=take.id,
                    reference=ReferenceImage(path="refs/shot.png", sha256=SHA))],
        film_takes=[Take(status=TakeStatus.COMPLETED, media="media/film.mp4")],
        reference=ReferenceImage(path="refs/film.jpg", sha256=SHA),
        characters=[Character(name="Mei", handle="mei", images=["characters/mei.jpg"])])
    return project, files


def _zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]],
         compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in entries:
            z.writestr(name, data)
    return path


def _project_entry(*media: str) -> tuple[str, bytes]:
    return PROJECT_ENTRY, dumps_project(Project(shots=[Shot(takes=[Take(media=m)
                                                                   for m in media])]))


def _patch_central_directory(path: Path, offset: int, size: int, value: int) -> None:
    """Overwrite one field of every central directory record (what infolist() reads)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + offset:at + offset + size] = value.to_bytes(size, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_every_kind_of_media_survives_the_round_trip(tmp_path: Path) -> None:
    project, files = _every_kind_of_media(tmp_path / "src")
    out = tmp_path / "b.zip"
    assert write_bundle(project, tmp_path / "src", out, list(files)) == []
    path = read_bundle(out, tmp_path / "imported")
    assert load_project(path) == project
    for rel, data in files.items():
        assert (path.parent / rel).read_bytes() == data, rel


def test_unsafe_media_paths_are_left_out_of_the_bundle_not_reported_missing(
    tmp_path: Path
) -> None:
    (tmp_path / "src" / "media").mkdir(parents=True)
    (tmp_path / "src" / "media" / "a.mp4").write_bytes(b"clip")
    (tmp_path / "secret.txt").write_bytes(b"outside the project")
    project = Project(shots=[Shot(takes=[Take(media="media/a.mp4")])])
    out = tmp_path / "b.zip"
    missing = write_bundle(project, tmp_path / "src", out,
                           ["../secret.txt", str(tmp_path / "secret.txt"), "", "media/a.mp4"])
    assert missing == []
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["media/a.mp4", PROJECT_ENTRY]
    assert _leftovers(tmp_path) == []  # the temp zip was renamed, not left beside it


def test_a_folder_that_is_not_empty_is_refused_and_untouched(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [_project_entry()])
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "mine.txt").write_bytes(b"the user's")
    with pytest.raises(BundleError, match="is not empty; choose a new folder"):
        read_bundle(src, dest)
    assert [p.name for p in dest.iterdir()] == ["mine.txt"]


def test_an_empty_existing_folder_receives_the_project(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    project = Project(title="Into an empty folder")
    write_bundle(project, tmp_path / "src", tmp_path / "b.zip", [])
    dest = tmp_path / "dest"
    dest.mkdir()
    path = read_bundle(tmp_path / "b.zip", dest)
    assert path == dest / PROJECT_ENTRY and load_project(path) == project
    assert _leftovers(tmp_path) == []


def test_folder_entries_are_ignored(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [_project_entry("media/a.mp4"), ("media/", b""),
                                    ("media/a.mp4", b"clip")])
    path = read_bundle(src, tmp_path / "dest")
    assert (path.parent / "media" / "a.mp4").read_bytes() == b"clip"


def test_an_encrypted_entry_is_refused(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [_project_entry("media/a.mp4"), ("media/a.mp4", b"x")])
    _patch_central_directory(src, 8, 2, 0x1)  # general purpose flag: encrypted
    with pytest.raises(BundleError, match="is encrypted"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_two_entries_for_one_path_are_refused(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [_project_entry("media/a.mp4"), ("media/a.mp4", b"one"),
                                    ("media/./a.mp4", b"two")])
    with pytest.raises(BundleError, match=r"unsafe: 'media/a.mp4' appears twice"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_too_many_entries_are_refused_before_reading_any(tmp_path: Path) -> None:
    entries = [_project_entry()] + [(f"m/{i}", b"") for i in range(bundle.MAX_ENTRIES)]
    src = _zip(tmp_path / "b.zip", entries)
    with pytest.raises(BundleError, match=rf"{bundle.MAX_ENTRIES + 1} entries, more than"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_declared_sizes_over_20_gb_are_refused_before_unpacking(tmp_path: Path) -> None:
    # six empty entries that each claim almost 4 GiB (with no compressed size, so the
    # ratio check cannot see them): only the total gives them away
    src = _zip(tmp_path / "b.zip", [(f"media/{i}.mp4", b"") for i in range(6)])
    _patch_central_directory(src, 24, 4, 0xFFFF_FFF0)  # uncompressed size
    with zipfile.ZipFile(src) as z:
        assert sum(i.file_size for i in z.infolist()) > bundle.MAX_TOTAL_BYTES
    with pytest.raises(BundleError, match="more than 20 GB"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_a_bundle_without_a_project_is_refused(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [("media/a.mp4", b"clip")])
    with pytest.raises(BundleError, match=f"b.zip holds no {PROJECT_ENTRY}"):
        read_bundle(src, tmp_path / "dest")


def test_an_oversized_project_entry_is_refused(tmp_path: Path) -> None:
    src = _zip(tmp_path / "b.zip", [(PROJECT_ENTRY, b" " * (bundle.MAX_PROJECT_BYTES + 1))])
    with pytest.raises(BundleError, match="larger than a project file may be"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_a_damaged_media_entry_leaves_nothing_behind(tmp_path: Path) -> None:
    clip = b"CLIP" * 1000
    src = _zip(tmp_path / "b.zip", [_project_entry("media/a.mp4"), ("media/a.mp4", clip)])
    data = bytearray(src.read_bytes())
    at = data.find(clip)
    data[at + 10] ^= 0xFF  # one flipped byte: the CRC no longer matches
    src.write_bytes(bytes(data))
    with pytest.raises(BundleError, match=r"'media/a.mp4' in the bundle is damaged"):
        read_bundle(src, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()
    assert _leftovers(tmp_path) == []  # the staging folder is gone too
