"""Project files: format, hostile input, migrations, media paths and atomic saving."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from studio.core.model import Project, ReferenceImage, Shot, Take
from studio.storage import atomic, project_file
from studio.storage.atomic import atomic_write_bytes, backup_path
from studio.storage.project_file import (
    CURRENT_SCHEMA,
    FORMAT,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    ProjectFileError,
    dumps_project,
    load_project,
    load_project_bytes,
    relative_media_path,
    resolve_media_path,
    save_project,
)

SHA = "ab" * 32


def sample_project() -> Project:
    """A small project touching every kind of field, with CJK and emoji text."""
    takes = [
        Take(id="t1", params={"seconds": "8", "seed": 7, "cfg": 1.5, "hq": True, "x": None},
             media="takes/t1.mp4", status="completed", cost_quoted=0.8),
        Take(id="t2", parent_take="t1", relation="remix", media="takes/t2.mp4"),
    ]
    shots = [
        Shot(id=f"s{i}", title=f"镜头 {i} 🌊", description="Waves against a stone statue",
             camera="slow orbit", duration=4 + i, takes=takes if i == 0 else [],
             chosen_take="t1" if i == 0 else None)
        for i in range(5)
    ]
    shots[1].reference = ReferenceImage(path="refs/statue.png", sha256=SHA, consent_id="c1")
    return Project(id="p1", title="Festival island 节日", shots=shots)


def envelope(project: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": CURRENT_SCHEMA,
        "project": sample_project().model_dump(mode="json") if project is None else project,
    }
    doc.update(over)
    return doc


def raw(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """Everything loading must not change: the bytes, the mtime, the folder's contents."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def assert_rejected(tmp_path: Path, data: bytes, *expected: str) -> str:
    """Write ``data`` to a file, load it, and check the error and that nothing changed."""
    path = tmp_path / "bad.sorastudio"
    path.write_bytes(data)
    past = time.time() - 100  # an old mtime, so a rewrite within the same tick shows
    os.utime(path, (past, past))
    before = snapshot(path)
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    message = str(info.value)
    assert snapshot(path) == before
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message and len(message) < 300 + len(str(path)), message
    for word in expected:
        assert word in message, message
    return message


# --------------------------------------------------------------------------- format


def test_round_trip_and_layout(tmp_path: Path) -> None:
    project = sample_project()
    path = tmp_path / "film.sorastudio"
    save_project(project, path)
    data = path.read_bytes()
    assert data == dumps_project(project) == dumps_project(load_project(path))
    assert data.endswith(b"}\n") and "镜头 0 🌊".encode() in data  # ensure_ascii=False
    doc = json.loads(data)
    assert list(doc) == ["format", "schema_version", "project"]
    assert doc["format"] == FORMAT and doc["schema_version"] == CURRENT_SCHEMA
    assert data.startswith(b'{\n  "format": ')  # indent=2
    assert load_project(path) == project


def test_same_project_same_bytes_regardless_of_dict_order() -> None:
    a, b = sample_project(), sample_project()
    b.shots[0].takes[0].params = dict(reversed(list(b.shots[0].takes[0].params.items())))
    assert a == b
    assert dumps_project(a) == dumps_project(b)


def test_save_refuses_what_load_would_reject(tmp_path: Path) -> None:
    project = sample_project()
    project.shots[3].duration = 500  # an edit that bypassed validation
    path = tmp_path / "film.sorastudio"
    with pytest.raises(ProjectFileError, match=r"project\.shots\.3\.duration"):
        save_project(project, path)
    assert not path.exists()
    project.shots[3].duration = 4
    project.shots[0].takes[0].cost_quoted = float("inf")
    with pytest.raises(ProjectFileError, match="cannot save"):
        dumps_project(project)
    project.shots[0].takes[0].cost_quoted = 0
    project.shots[0].takes[0].media = "/etc/passwd"
    with pytest.raises(ProjectFileError, match=r"shots\.0\.takes\.0\.media"):
        dumps_project(project)


def test_bom_from_a_text_editor_is_tolerated() -> None:
    data = b"\xef\xbb\xbf" + dumps_project(sample_project())
    assert load_project_bytes(data, name="x") == sample_project()


# --------------------------------------------------------------------------- hostile input


def test_truncated_at_many_offsets_leaves_file_unchanged(tmp_path: Path) -> None:
    data = dumps_project(sample_project())
    step = max(1, len(data) // 150)
    for cut in [*range(0, len(data) - 2, step), len(data) - 2]:
        assert_rejected(tmp_path, data[:cut])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ["empty"]),
        (b"  \n", ["empty"]),
        (b"\x00" + b'{"format": "sora-studio-project"}', ["NUL"]),
        (b'{"format": "sora-studio-project", "x": "\xff\xfe"}', ["UTF-8"]),
        (b"[1, 2, 3]", ["not a Sora Studio project", "array"]),
        (b'"just a string"', ["string"]),
        (b"{not json}", ["not valid JSON", "line 1"]),
    ],
    ids=["empty", "blank", "nul-prefixed", "invalid-utf8", "array", "string", "syntax"],
)
def test_malformed_bytes(tmp_path: Path, data: bytes, expected: list[str]) -> None:
    assert_rejected(tmp_path, data, *expected)


def _set(doc: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    node: Any = doc
    *parents, last = dotted.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return doc


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("project.shots.3.duration", "long", ["project.shots.3.duration", "integer"]),
        ("project.shots.3.duration", 500, ["project.shots.3.duration", "less than or equal"]),
        ("project.title", 5, ["project.title", "string"]),
        ("project.shots", {}, ["project.shots", "list"]),
        ("project.shots.0.takes.0.cost_spent", -1, ["cost_spent", "greater than"]),
        ("project.shots.1.reference.sha256", "nope", ["reference.sha256"]),
        ("project.look.size", "big", ["project.look.size"]),
        ("project.shots.0.bogus", 1, ["project.shots.0.bogus", "unknown field"]),
        ("project.look.lens", "35mm", ["project.look.lens", "unknown field"]),
        ("project.colour", "red", ["project.colour", "unknown field"]),
        ("extra", 1, ["unknown top-level key 'extra'"]),
        ("format", "something-else", ["not a Sora Studio project", "format"]),
        ("schema_version", "1", ["schema_version", "integer"]),
        ("schema_version", True, ["schema_version", "integer"]),
        ("schema_version", 99, ["made by a newer Sora Studio", "99"]),
        ("schema_version", -1, ["schema_version -1"]),
        ("project", [], ["'project' must be a JSON object"]),
    ],
)
def test_invalid_documents(tmp_path: Path, field: str, value: Any, expected: list[str]) -> None:
    assert_rejected(tmp_path, raw(_set(envelope(), field, value)), *expected)


def test_missing_envelope_keys(tmp_path: Path) -> None:
    for key, word in [("format", "format"), ("schema_version", "schema_version"),
                      ("project", "project")]:
        doc = envelope()
        del doc[key]
        assert_rejected(tmp_path, raw(doc), word)


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    doc = envelope()
    doc["project"]["consents"] = [{"id": "c1", "kind": "cameo", "statements": ["ok"]}]
    assert_rejected(tmp_path, raw(doc), "project.consents.0.accepted_at", "missing")


def test_many_errors_are_summarised_in_one_line(tmp_path: Path) -> None:
    doc = envelope()
    for shot in doc["project"]["shots"]:
        shot["duration"] = 999
    message = assert_rejected(tmp_path, raw(doc), "project.shots.0.duration", "and 4 more")
    assert "shots.1" not in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers(tmp_path: Path, constant: str) -> None:
    text = raw(envelope()).decode().replace('"cost_quoted": 0.8', f'"cost_quoted": {constant}')
    assert constant in text
    assert_rejected(tmp_path, text.encode(), constant, "finite")


@pytest.mark.timeout(20)  # a hang guard, not a speed test (speed lives in bench/)
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_100k_deep_nesting(tmp_path: Path, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    data = (opener * 100_000 + "1" + closer * 100_000).encode()
    assert_rejected(tmp_path, data, "nested too deeply")


def test_deep_nesting_inside_the_project(tmp_path: Path) -> None:
    doc = envelope()
    deep: Any = 1
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    doc["project"]["shots"][0]["takes"][0]["params"]["x"] = deep
    assert_rejected(tmp_path, raw(doc), "nested too deeply")


def test_brackets_inside_strings_do_not_count() -> None:
    project = sample_project()
    project.shots[0].description = '[{"\\' * 7_000 + '\\"]]]"'
    assert load_project_bytes(dumps_project(project), name="x") == project


@pytest.mark.timeout(20)  # a hang guard: catastrophic regex backtracking would never end
def test_hostile_escaped_quotes_do_not_hang() -> None:
    data = b'"' + b'\\"' * 1_000_000  # unterminated string of escaped quotes
    with pytest.raises(ProjectFileError):
        load_project_bytes(data, name="x")


def test_huge_numbers_are_an_error_not_a_crash(tmp_path: Path) -> None:
    text = raw(envelope()).decode().replace('"seed": 7', '"seed": ' + "9" * 10_000)
    assert_rejected(tmp_path, text.encode(), "not valid JSON")


def test_50_mb_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.sorastudio"
    with path.open("wb") as f:
        f.write(b'{"format": "sora-studio-project", "project": "')
        f.write(b"x" * (50 * 2**20))
        f.write(b'"}')
    before = snapshot(path)
    with pytest.raises(ProjectFileError, match=r"too large \(50\.0 MiB; the limit is 20 MiB\)"):
        load_project(path)
    assert snapshot(path) == before


def test_oversized_bytes_are_refused() -> None:
    with pytest.raises(ProjectFileError, match="too large"):
        load_project_bytes(b" " * (MAX_FILE_BYTES + 1), name="x")


def test_size_is_checked_by_stat_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.sorastudio"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: the size is real, the disk use is not
    monkeypatch.setattr(project_file, "_decode", lambda data: pytest.fail("file was read"))
    with pytest.raises(ProjectFileError, match="too large"):
        load_project(path)


def test_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match=r"not a regular file|cannot open"):
        load_project(tmp_path)
    with pytest.raises(ProjectFileError, match="no such file"):
        load_project(tmp_path / "missing.sorastudio")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sorastudio"
    os.mkfifo(fifo)
    with pytest.raises(ProjectFileError, match="not a regular file"):
        load_project(fifo)


# --------------------------------------------------------------------------- migrations


def test_migration_hook_upgrades_old_files(tmp_path: Path, monkeypatch) -> None:
    def v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
        new = dict(old)
        new["title"] = new.pop("name")
        return new

    monkeypatch.setitem(project_file.MIGRATIONS, 0, v0_to_v1)
    old = envelope(schema_version=0)
    old["project"]["name"] = old["project"].pop("title")
    path = tmp_path / "old.sorastudio"
    path.write_bytes(raw(old))
    before = snapshot(path)
    assert load_project(path) == sample_project()
    assert snapshot(path) == before  # upgrading in memory only


def test_migrations_apply_in_order(monkeypatch) -> None:
    monkeypatch.setattr(project_file, "CURRENT_SCHEMA", 3)
    seen: list[int] = []
    for v in (0, 1, 2):
        monkeypatch.setitem(project_file.MIGRATIONS, v, lambda d, v=v: seen.append(v) or d)
    doc = envelope(schema_version=1)
    assert load_project_bytes(raw(doc), name="x") == sample_project()
    assert seen == [1, 2]


def test_old_version_without_migration(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delitem(project_file.MIGRATIONS, 0, raising=False)
    assert_rejected(tmp_path, raw(envelope(schema_version=0)), "too old", "schema_version 0")


def test_broken_migration_is_a_project_error(monkeypatch) -> None:
    monkeypatch.setitem(project_file.MIGRATIONS, 0, lambda d: d["nope"])
    with pytest.raises(ProjectFileError, match="cannot upgrade from schema_version 0"):
        load_project_bytes(raw(envelope(schema_version=0)), name="x")


# --------------------------------------------------------------------------- media paths


@pytest.mark.parametrize(
    "bad",
    ["/etc/passwd", "../outside.png", "refs/../../outside.png", "C:\\Users\\me\\a.png",
     "c:/a.png", "\\\\server\\share\\a.png", "..\\a.png", "refs/a\x00.png", "", "."],
)
def test_absolute_or_escaping_media_paths_are_refused(tmp_path: Path, bad: str) -> None:
    for field in ("project.shots.0.takes.0.media", "project.shots.1.reference.path"):
        assert_rejected(tmp_path, raw(_set(envelope(), field, bad)), field)
    doc = envelope()
    doc["project"]["characters"] = [{"name": "Ama", "handle": "ama", "images": ["ok.png", bad]}]
    assert_rejected(tmp_path, raw(doc), "project.characters.0.images.1")


def test_inner_dotdot_that_stays_inside_is_fine() -> None:
    project = sample_project()
    project.shots[0].takes[0].media = "takes/../takes/t1.mp4"
    assert load_project_bytes(dumps_project(project), name="x") == project


def test_relative_and_resolve_media_path(tmp_path: Path) -> None:
    folder = tmp_path / "film"
    (folder / "takes").mkdir(parents=True)
    clip = folder / "takes" / "镜头 1.mp4"
    rel = relative_media_path(folder, clip)
    assert rel == "takes/镜头 1.mp4"
    assert resolve_media_path(folder, rel) == clip.resolve()
    with pytest.raises(ValueError, match="not inside"):
        relative_media_path(folder, tmp_path / "elsewhere.mp4")
    for bad in ("../x.mp4", "/abs.mp4", "a/../../x.mp4"):
        with pytest.raises(ValueError):
            resolve_media_path(folder, bad)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_resolve_refuses_symlink_escape(tmp_path: Path) -> None:
    folder = tmp_path / "film"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="leaves the project folder"):
        resolve_media_path(folder, "link/secret.txt")


# --------------------------------------------------------------------------- atomic save


def test_bak_holds_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "film.sorastudio"
    first, second = sample_project(), sample_project()
    second.title = "second"
    save_project(first, path)
    assert not backup_path(path).exists()
    save_project(second, path)
    assert backup_path(path).name == "film.sorastudio.bak"
    assert backup_path(path).read_bytes() == dumps_project(first)
    assert path.read_bytes() == dumps_project(second)
    third = sample_project()
    third.title = "third"
    save_project(third, path)
    assert load_project(backup_path(path)).title == "second"
    assert sorted(os.listdir(tmp_path)) == ["film.sorastudio", "film.sorastudio.bak"]


def test_save_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "film.sorastudio"
    save_project(sample_project(), path)
    os.chmod(path, 0o640)
    save_project(sample_project(), path)
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_save_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.sorastudio"
    save_project(sample_project(), real)
    link = tmp_path / "link.sorastudio"
    link.symlink_to(real)
    project = sample_project()
    project.title = "via link"
    save_project(project, link)
    assert link.is_symlink() and load_project(real).title == "via link"


@pytest.mark.parametrize("failing", ["replace", "fsync", "link_and_copy"])
def test_failure_midway_leaves_original_and_no_temp_files(
    tmp_path: Path, monkeypatch, failing: str
) -> None:
    path = tmp_path / "film.sorastudio"
    save_project(sample_project(), path)
    save_project(sample_project(), path)  # now a .bak exists too
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    if failing == "link_and_copy":
        monkeypatch.setattr(atomic.os, "link", boom)
        monkeypatch.setattr(atomic.shutil, "copy2", boom)
    else:
        monkeypatch.setattr(atomic.os, failing, boom)
    changed = sample_project()
    changed.title = "never written"
    with pytest.raises(ProjectFileError, match=r"film\.sorastudio: cannot save: No space left"):
        save_project(changed, path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_replace_failure_after_backup_keeps_main_file(tmp_path: Path, monkeypatch) -> None:
    """The .bak refresh succeeded, then the final rename failed: main file is the old one."""
    path = tmp_path / "data.bin"
    atomic_write_bytes(path, b"old")
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(5, "I/O error")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new", backup=True)
    assert path.read_bytes() == b"old" and backup_path(path).read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["data.bin", "data.bin.bak"]


def test_atomic_write_without_hard_links_copies(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "data.bin"
    atomic_write_bytes(path, b"v1")
    monkeypatch.setattr(atomic.os, "link", lambda *a: (_ for _ in ()).throw(OSError("no")))
    atomic_write_bytes(path, b"v2", backup=True)
    assert path.read_bytes() == b"v2" and backup_path(path).read_bytes() == b"v1"


def test_atomic_write_fsyncs_file_and_directory(tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    atomic_write_bytes(tmp_path / "a.bin", b"x")
    assert len(synced) == 2  # the temp file, then the directory entry


def test_a_snapshot_writes_the_same_bytes_and_refuses_the_same_files(tmp_path: Path) -> None:
    from studio.storage.project_file import dumps_snapshot, save_snapshot, snapshot

    project = sample_project()
    assert dumps_snapshot(snapshot(project)) == dumps_project(project)
    target = tmp_path / "p.sorastudio"
    save_snapshot(snapshot(project), target)
    assert load_project(target) == project
    project.shots[2].takes.append(project.shots[0].takes[0])  # a take id used twice
    with pytest.raises(ProjectFileError, match="used twice"):
        dumps_snapshot(snapshot(project))
    project.shots[2].takes.pop()
    project.shots[3].duration = 0  # an edit that bypassed validation
    with pytest.raises(ProjectFileError, match=r"project\.shots\.3\.duration"):
        save_snapshot(snapshot(project), target)
    assert load_project(target).shots[3].duration == 7  # the file is as it was
