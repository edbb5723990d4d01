"""Reference images as they are on disk now: only a regular file inside the project folder
has a hash; what ``validate`` and ``render`` refuse on comes from these hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from studio.core.model import (
    ConsentKind,
    ConsentRecord,
    Look,
    Project,
    ReferenceImage,
    Shot,
    Strategy,
)
from studio.storage.bundled import capability_table
from studio.storage.references import file_sha256, reference_hashes, validate_with_files

pytestmark = pytest.mark.timeout(30)

IMAGE = b"\x89PNG\r\n\x1a\n a reference image"
SHA = hashlib.sha256(IMAGE).hexdigest()


def _consented(path: str, data: bytes = IMAGE) -> tuple[ReferenceImage, ConsentRecord]:
    sha = hashlib.sha256(data).hexdigest()
    consent = ConsentRecord(kind=ConsentKind.REFERENCE_IMAGE, statements=["I may use it."],
                            accepted_at="2026-01-01T00:00:00+00:00", image_sha256=sha)
    return ReferenceImage(path=path, sha256=sha, consent_id=consent.id), consent


def test_a_regular_file_inside_the_folder_has_its_hash(tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "a.png").write_bytes(IMAGE)
    assert file_sha256(tmp_path, "refs/a.png") == SHA
    big = os.urandom(3 * 2**20 + 5)  # more than one read block
    (tmp_path / "big.png").write_bytes(big)
    assert file_sha256(tmp_path, "big.png") == hashlib.sha256(big).hexdigest()


def test_what_is_not_a_regular_file_inside_the_folder_has_no_hash(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    outside = tmp_path / "outside.png"
    outside.write_bytes(IMAGE)
    (project_dir / "link.png").symlink_to(outside)
    (project_dir / "folder.png").mkdir()
    assert file_sha256(project_dir, "missing.png") is None
    assert file_sha256(project_dir, "../outside.png") is None
    assert file_sha256(project_dir, str(outside)) is None
    assert file_sha256(project_dir, "link.png") is None  # a symlink leading out
    assert file_sha256(project_dir, "folder.png") is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(10)  # a FIFO's open would wait for a writer without O_NONBLOCK
def test_a_fifo_has_no_hash_and_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")
    assert file_sha256(tmp_path, "pipe.png") is None


def test_each_reference_path_is_hashed_once(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(IMAGE)
    shared, _ = _consented("a.png")
    gone, _ = _consented("gone.png")
    project = Project(reference=shared, shots=[Shot(reference=shared), Shot(),
                                               Shot(reference=gone)])
    assert reference_hashes(project, tmp_path) == {"a.png": SHA, "gone.png": None}


def _one_take(ref: ReferenceImage, consent: ConsentRecord) -> Project:
    return Project(look=Look(model="sora-2", strategy=Strategy.ONE_TAKE), reference=ref,
                   consents=[consent], shots=[Shot(duration=4)])


def _codes(project: Project, project_dir: Path) -> set[str]:
    return {p.code for p in validate_with_files(project, project_dir, capability_table(),
                                                today=dt.date(2026, 1, 1))}


def test_validation_sees_the_files_as_they_are_now(tmp_path: Path) -> None:
    ref, consent = _consented("refs/film.png")
    project = _one_take(ref, consent)
    assert "reference_file_missing" in _codes(project, tmp_path)
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "film.png").write_bytes(IMAGE)
    codes = _codes(project, tmp_path)
    assert not codes & {"reference_file_missing", "reference_bytes_changed"}
    (tmp_path / "refs" / "film.png").write_bytes(IMAGE + b" edited after consent")
    assert "reference_bytes_changed" in _codes(project, tmp_path)
