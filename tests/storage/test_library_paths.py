"""The character library's refusals and no-ops: bad image paths and ids, unknown handles,
and archive entries the hostile corpus of test_library does not reach."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from studio.core.model import Character
from studio.storage import library
from studio.storage.library import FORMAT, CharacterLibrary, LibraryError

pytestmark = pytest.mark.timeout(60)

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


@pytest.fixture
def lib(tmp_path: Path):
    library_ = CharacterLibrary(tmp_path / "lib")
    yield library_
    library_.close()


def _manifest(images: list[str] | None = None, **over: object) -> bytes:
    doc = {"format": FORMAT, "version": 1, "characters": [
        {"character": {"name": "Mei", "handle": "mei"}, "images": images or []}]}
    return json.dumps({**doc, **over}).encode()


def _archive(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def _patch_central_directory(path: Path, offset: int, size: int, value: int,
                             skip_first: bool = False) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    first = True
    while at != -1:
        if not (skip_first and first):
            data[at + offset:at + offset + size] = value.to_bytes(size, "little")
        first = False
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def _refused(lib: CharacterLibrary, archive: Path) -> LibraryError:
    with pytest.raises(LibraryError) as caught:
        lib.import_zip(archive)
    assert lib.all() == []
    staging = lib.root / "staging"
    assert not staging.exists() or not any(staging.iterdir())  # nothing unpacked is left
    return caught.value


@pytest.mark.parametrize("rel", ["characters/x", "characters/a/../b.jpg", "other/a/b.jpg",
                                 "characters/./b.jpg", "characters/a/b/c.jpg"])
def test_only_library_image_paths_name_files(lib: CharacterLibrary, rel: str) -> None:
    with pytest.raises(LibraryError) as caught:
        lib.image_path(rel)
    assert caught.value.code == "bad_path" and caught.value.params == {"path": rel}


def test_an_image_must_be_a_prepared_jpeg(lib: CharacterLibrary) -> None:
    mei = lib.save(Character(name="Mei", handle="mei"))
    with pytest.raises(LibraryError) as caught:
        lib.add_image(mei.id, b"\x89PNG not a jpeg")
    assert caught.value.code == "bad_image"
    with pytest.raises(LibraryError) as too_big:
        lib.add_image(mei.id, JPEG[:4] + b"\x00" * library.MAX_ENTRY_BYTES)
    assert too_big.value.code == "bad_image"
    assert not (lib.root / "characters").exists()


@pytest.mark.parametrize("ident", ["", "..", "a/b", "../../etc", "x y"])
def test_an_image_is_never_stored_under_an_unsafe_id(lib: CharacterLibrary, tmp_path: Path,
                                                     ident: str) -> None:
    with pytest.raises(LibraryError) as caught:
        lib.add_image(ident, JPEG)
    assert caught.value.code == "bad_path"
    assert sorted(p.name for p in tmp_path.rglob("*.jpg")) == []


def test_unknown_handles(lib: CharacterLibrary, tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as caught:
        lib.revoke("nobody")
    assert caught.value.code == "unknown_character"
    assert caught.value.params == {"handle": "nobody"}
    lib.save(Character(name="Mei", handle="mei"))
    lib.delete("nobody")  # nothing to delete is not an error
    assert [c.handle for c in lib.all()] == ["mei"]
    out = tmp_path / "cast.zip"
    assert lib.export_zip(["nobody", "mei"], out) == 1
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert [e["character"]["handle"] for e in manifest["characters"]] == ["mei"]


def test_an_images_folder_entry_is_accepted(lib: CharacterLibrary, tmp_path: Path) -> None:
    src = _archive(tmp_path / "a.zip", [("manifest.json", _manifest(["images/0.jpg"])),
                                        ("images/", b""), ("images/0.jpg", JPEG)])
    report = lib.import_zip(src)
    got = lib.get("mei")
    assert [c.handle for c in report.added] == ["mei"]
    assert lib.image_path(got.images[0]).read_bytes() == JPEG


def test_any_other_folder_entry_is_refused(lib: CharacterLibrary, tmp_path: Path) -> None:
    src = _archive(tmp_path / "a.zip", [("manifest.json", _manifest()), ("scripts/", b"")])
    error = _refused(lib, src)
    assert error.code == "archive_bad_path" and error.params == {"name": "scripts/"}


def test_an_encrypted_entry_is_refused(lib: CharacterLibrary, tmp_path: Path) -> None:
    src = _archive(tmp_path / "a.zip", [("manifest.json", _manifest(["images/0.jpg"])),
                                        ("images/0.jpg", JPEG)])
    _patch_central_directory(src, 8, 2, 0x1, skip_first=True)  # images/0.jpg: encrypted
    error = _refused(lib, src)
    assert error.code == "archive_encrypted" and error.params == {"name": "images/0.jpg"}


def test_declared_sizes_over_the_total_are_refused(lib: CharacterLibrary, tmp_path: Path) -> None:
    # each entry claims just under the per-entry cap (and no compressed size, so the ratio
    # check cannot see it): only their sum gives the archive away
    count = library.MAX_TOTAL_BYTES // library.MAX_ENTRY_BYTES + 1
    src = _archive(tmp_path / "a.zip", [("manifest.json", _manifest())]
                   + [(f"images/{i}.jpg", b"") for i in range(count)])
    _patch_central_directory(src, 24, 4, library.MAX_ENTRY_BYTES, skip_first=True)
    error = _refused(lib, src)
    assert error.code == "archive_too_big"
    assert error.params == {"limit_mb": library.MAX_TOTAL_BYTES >> 20}


def test_a_manifest_over_its_own_cap_is_refused(lib: CharacterLibrary, tmp_path: Path) -> None:
    big = _manifest() + b" " * library.MAX_MANIFEST_BYTES  # valid JSON, 1 MiB of padding
    src = _archive(tmp_path / "a.zip", [("manifest.json", big)])
    error = _refused(lib, src)
    assert error.code == "archive_bomb" and error.params == {"name": "manifest.json"}


@pytest.mark.parametrize("over", [{"format": "someone-elses-characters"}, {"version": 2}])
def test_another_format_or_version_is_refused(lib: CharacterLibrary, tmp_path: Path,
                                              over: dict) -> None:
    src = _archive(tmp_path / "a.zip", [("manifest.json", _manifest(**over))])
    error = _refused(lib, src)
    assert error.code == "archive_bad_manifest"
    assert str(error) == "not a Sora Studio character archive"
