"""The character library: SQLite + files, unique handles, revocation, safe zip import."""

from __future__ import annotations

import io
import json
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.core.model import CameoScope, Character, ConsentKind, ConsentRecord
from studio.storage.library import FORMAT, CharacterLibrary, LibraryError

pytestmark = pytest.mark.timeout(60)

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


def consent() -> ConsentRecord:
    return ConsentRecord(kind=ConsentKind.CAMEO, statements=["It is me."],
                         accepted_at="2026-01-01T00:00:00+00:00")


@pytest.fixture
def lib(tmp_path: Path):
    library = CharacterLibrary(tmp_path / "lib")
    yield library
    library.close()


def test_create_edit_revoke_delete(lib: CharacterLibrary, tmp_path: Path) -> None:
    mei = lib.save(Character(name="Mei", handle="mei", description="red coat, soft voice",
                             scope=CameoScope.APPROVED), consent())
    rel = lib.add_image(mei.id, JPEG)
    mei.images.append(rel)
    lib.save(mei)
    again = CharacterLibrary(tmp_path / "lib")  # a second connection: it is on disk
    got = again.get("@MEI")
    assert got is not None and got.images == [rel] and got.scope is CameoScope.APPROVED
    assert again.consent(mei.id) is not None and got.consent_id == again.consent(mei.id).id
    again.close()
    with pytest.raises(LibraryError) as taken:
        lib.save(Character(name="Other", handle="Mei"))
    assert taken.value.code == "handle_taken"
    assert lib.handles() == ["mei"]
    assert lib.revoke("mei").revoked and lib.handles() == []
    lib.delete("mei")
    assert lib.get("mei") is None and not lib.image_path(rel).exists()


def test_export_then_import_round_trip(lib: CharacterLibrary, tmp_path: Path) -> None:
    mei = lib.save(Character(name="Mei", handle="mei", description="red coat"), consent())
    mei.images.append(lib.add_image(mei.id, JPEG))
    lib.save(mei)
    archive = tmp_path / "cast.zip"
    assert lib.export_zip(["mei"], archive) == 1
    other = CharacterLibrary(tmp_path / "other")
    report = other.import_zip(archive)
    assert [c.handle for c in report.added] == ["mei"] and not report.skipped
    got = other.get("mei")
    assert got.description == "red coat" and other.image_path(got.images[0]).read_bytes() == JPEG
    assert other.consent(got.id) is not None
    assert other.import_zip(archive).skipped == ["mei"]  # the handle is taken now
    other.close()


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]],
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": made on purpose
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def _manifest(images: list[str] | None = None, handle: str = "mei") -> bytes:
    return json.dumps({"format": FORMAT, "version": 1, "characters": [
        {"character": {"name": "Mei", "handle": handle}, "images": images or []}]}).encode()


def _symlink() -> bytes:
    info = zipfile.ZipInfo("images/0.jpg")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _zip([("manifest.json", _manifest()), (info, b"/etc/passwd")])


def _lying_size() -> bytes:
    """The central directory claims 10 bytes for an entry that inflates to 5 MB."""
    data = bytearray(_zip([("manifest.json", _manifest(["images/0.jpg"])),
                           ("images/0.jpg", b"\xff\xd8\xff" + b"\x00" * 5_000_000)]))
    cd = data.rfind(b"PK\x01\x02")  # the last central directory record: images/0.jpg
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")  # uncompressed size
    return bytes(data)


MALICIOUS: dict[str, tuple[Callable[[], bytes], str]] = {
    "parent_escape": (lambda: _zip([("manifest.json", _manifest()),
                                    ("../../evil.jpg", JPEG)]), "archive_bad_path"),
    "nested_escape": (lambda: _zip([("manifest.json", _manifest()),
                                    ("images/../../evil.jpg", JPEG)]), "archive_bad_path"),
    "absolute": (lambda: _zip([("manifest.json", _manifest()), ("/tmp/evil.jpg", JPEG)]),
                 "archive_bad_path"),
    "backslash": (lambda: _zip([("manifest.json", _manifest()), ("..\\evil.jpg", JPEG)]),
                  "archive_bad_path"),
    "drive_letter": (lambda: _zip([("manifest.json", _manifest()), ("C:/evil.jpg", JPEG)]),
                     "archive_bad_path"),
    "unexpected_name": (lambda: _zip([("manifest.json", _manifest()),
                                      (".bashrc", b"rm -rf ~")]), "archive_bad_path"),
    "symlink": (_symlink, "archive_link"),
    "too_many_entries": (lambda: _zip([("manifest.json", _manifest())]
                                      + [(f"images/{i}.jpg", JPEG) for i in range(400)]),
                         "archive_too_many_entries"),
    "bomb": (lambda: _zip([("manifest.json", _manifest()),
                           ("images/0.jpg", b"\xff\xd8\xff" + b"\x00" * 60_000_000)]),
             "archive_bomb"),
    "manifest_bomb": (lambda: _zip([("manifest.json", b" " * 30_000_000)]), "archive_bomb"),
    "lying_size": (_lying_size, "archive_unreadable"),
    "duplicate": (lambda: _zip([("manifest.json", _manifest()), ("images/0.jpg", JPEG),
                                ("images/0.jpg", JPEG)]), "archive_duplicate"),
    "not_a_zip": (lambda: b"just some text, not an archive", "archive_unreadable"),
    "truncated": (lambda: _zip([("manifest.json", _manifest())])[:40], "archive_unreadable"),
    "no_manifest": (lambda: _zip([("images/0.jpg", JPEG)]), "archive_bad_manifest"),
    "bad_manifest": (lambda: _zip([("manifest.json", b"{not json")]), "archive_bad_manifest"),
    "manifest_extra_field": (lambda: _zip([("manifest.json", json.dumps(
        {"format": FORMAT, "version": 1, "characters": [], "exec": "x"}).encode())]),
        "archive_bad_manifest"),
    "missing_image": (lambda: _zip([("manifest.json", _manifest(["images/9.jpg"]))]),
                      "archive_bad_manifest"),
    "not_jpeg": (lambda: _zip([("manifest.json", _manifest(["images/0.jpg"])),
                               ("images/0.jpg", b"#!/bin/sh\necho pwned")]),
                 "archive_bad_image"),
    "bad_handle": (lambda: _zip([("manifest.json", _manifest(handle="../../x"))]),
                   "archive_bad_manifest"),
}


def test_the_corpus_is_big_enough() -> None:
    assert len(MALICIOUS) >= 10


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_a_hostile_archive_is_refused_and_leaves_nothing(lib: CharacterLibrary, tmp_path: Path,
                                                         name: str) -> None:
    build, code = MALICIOUS[name]
    src = tmp_path / "in" / f"{name}.zip"
    src.parent.mkdir()
    src.write_bytes(build())
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(LibraryError) as caught:
        lib.import_zip(src)
    assert caught.value.code == code, caught.value
    assert lib.all() == []
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    # only the (now empty) staging parent may have appeared, nothing outside the library
    assert all(p == lib.root / "staging" for p in new), new
    assert not (tmp_path / "evil.jpg").exists()
