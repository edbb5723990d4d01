"""The Cameo character library: every project's recurring characters, in the user data dir.

One SQLite file (``characters.sqlite3``) holds the characters and their consent records;
their reference images are files beside it (``characters/<id>/<n>.jpg``, already
prepared by ``media.images``: stripped and fitted). A character's ``@handle`` is unique
without regard to case. Revoking consent keeps the character (projects that used it
still open) but blocks new jobs with it (core validation: ``character_revoked``).

Characters travel as a zip (:func:`export_zip` / :meth:`CharacterLibrary.import_zip`).
An archive from someone else is hostile until proven otherwise, so import never calls
``extract``: it reads a fixed set of names (``manifest.json``, ``images/<n>.jpg``),
refuses absolute paths, ``..``, backslashes, symlinks, duplicate names, too many
entries, entries whose size or compression ratio is out of bounds (checked from the
headers, then enforced while reading, since headers can lie), and writes only files it
names itself, first into a staging folder inside the library.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.core.model import Character, ConsentRecord

DB_NAME = "characters.sqlite3"
FORMAT = "sora-studio-characters"
MAX_ENTRIES = 200
MAX_ENTRY_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; JPEGs barely compress at all
MAX_IMAGES = 20


class LibraryError(ValueError):
    """A refused operation or archive; ``code`` and ``params`` say why (the UI words it)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(message)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    character: Character
    consent: ConsentRecord | None = None
    images: list[str] = Field(default_factory=list, max_length=MAX_IMAGES)


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str
    version: int
    characters: list[_Entry] = Field(max_length=MAX_ENTRIES)


@dataclass
class ImportReport:
    added: list[Character] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # handles already in the library


class CharacterLibrary:
    """Characters, consent and images; thread-safe (one lock, short transactions)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / DB_NAME, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS characters (id TEXT PRIMARY KEY, "
            "handle TEXT NOT NULL UNIQUE COLLATE NOCASE, body TEXT NOT NULL, "
            "consent TEXT, updated REAL NOT NULL DEFAULT (julianday('now')))")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- reading --------------------------------------------------------------------
    def all(self) -> list[Character]:
        with self._lock:
            rows = self._db.execute("SELECT body FROM characters ORDER BY handle").fetchall()
        return [Character.model_validate_json(r[0]) for r in rows]

    def get(self, handle: str) -> Character | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM characters WHERE handle = ?",
                                   (handle.lstrip("@"),)).fetchone()
        return Character.model_validate_json(row[0]) if row else None

    def consent(self, character_id: str) -> ConsentRecord | None:
        with self._lock:
            row = self._db.execute("SELECT consent FROM characters WHERE id = ?",
                                   (character_id,)).fetchone()
        return ConsentRecord.model_validate_json(row[0]) if row and row[0] else None

    def handles(self) -> list[str]:
        """Every usable handle (not revoked), for ``@`` completion."""
        return [c.handle for c in self.all() if not c.revoked]

    def image_path(self, rel: str) -> Path:
        """The file of a character image path (``characters/<id>/<n>.jpg``)."""
        parts = PurePosixPath(rel).parts
        if len(parts) != 3 or parts[0] != "characters" or any(p in ("", ".", "..")
                                                                for p in parts):
            raise LibraryError("bad_path", f"not a library image path: {rel!r}", path=rel)
        return self.root.joinpath(*parts)

    # -- writing --------------------------------------------------------------------
    def save(self, character: Character, consent: ConsentRecord | None = None) -> Character:
        """Create or update (by id); the handle must be free. Returns what is stored."""
        character = Character.model_validate(character.model_dump())
        if consent is not None:
            character.consent_id = consent.id
        body = character.model_dump_json()
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO characters (id, handle, body, consent) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET handle=excluded.handle, body=excluded.body, "
                    "consent=COALESCE(excluded.consent, consent), updated=julianday('now')",
                    (character.id, character.handle, body,
                     consent.model_dump_json() if consent else None))
            except sqlite3.IntegrityError:
                raise LibraryError("handle_taken", f"@{character.handle} is taken",
                                   handle=character.handle) from None
        return character

    def add_image(self, character_id: str, data: bytes) -> str:
        """Store a prepared JPEG for a character; its library path."""
        if not data.startswith(b"\xff\xd8\xff") or len(data) > MAX_ENTRY_BYTES:
            raise LibraryError("bad_image", "a character image must be a prepared JPEG")
        folder = self.root / "characters" / _safe_id(character_id)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex[:12]}.jpg"
        from studio.storage.atomic import atomic_write_bytes

        atomic_write_bytes(folder / name, data)
        return f"characters/{folder.name}/{name}"

    def revoke(self, handle: str) -> Character:
        char = self.get(handle)
        if char is None:
            raise LibraryError("unknown_character", f"no character @{handle}", handle=handle)
        char.revoked = True
        return self.save(char)

    def delete(self, handle: str) -> None:
        char = self.get(handle)
        if char is None:
            return
        with self._lock:
            self._db.execute("DELETE FROM characters WHERE id = ?", (char.id,))
        shutil.rmtree(self.root / "characters" / _safe_id(char.id), ignore_errors=True)

    # -- archives -------------------------------------------------------------------
    def export_zip(self, handles: list[str], target: Path) -> int:
        """Write the named characters (consent and images) to ``target``; how many."""
        entries: list[_Entry] = []
        files: list[tuple[str, Path]] = []
        for handle in handles:
            char = self.get(handle)
            if char is None:
                continue
            names = []
            for rel in char.images:
                name = f"images/{len(files)}.jpg"
                files.append((name, self.image_path(rel)))
                names.append(name)
            entries.append(_Entry(character=char, consent=self.consent(char.id), images=names))
        manifest = _Manifest(format=FORMAT, version=1, characters=entries)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", manifest.model_dump_json(indent=1))
                for name, path in files:
                    zf.write(path, name, compress_type=zipfile.ZIP_STORED)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        return len(entries)

    def import_zip(self, source: Path) -> ImportReport:
        """Characters from an archive (see the module docstring for what is refused)."""
        staging = self.root / "staging" / uuid.uuid4().hex[:12]
        try:
            manifest, images = _read_archive(source, staging)
            report = ImportReport()
            for entry in manifest.characters:
                char = entry.character.model_copy(deep=True)
                if self.get(char.handle) is not None:
                    report.skipped.append(char.handle)
                    continue
                char.id = uuid.uuid4().hex[:12]  # never trust an id from outside
                char.images = []
                for name in entry.images:
                    if name not in images:
                        raise LibraryError("archive_bad_manifest",
                                           f"the manifest names a missing image {name!r}")
                    char.images.append(self.add_image(char.id, images[name].read_bytes()))
                consent = entry.consent
                if consent is not None:
                    consent = consent.model_copy(update={"id": uuid.uuid4().hex[:12]})
                report.added.append(self.save(char, consent))
            return report
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _safe_id(ident: str) -> str:
    if not ident or not all(c.isalnum() or c in "_.-" for c in ident) or ident in (".", ".."):
        raise LibraryError("bad_path", f"not a character id: {ident!r}")
    return ident


def _read_archive(source: Path, staging: Path) -> tuple[_Manifest, dict[str, Path]]:
    """Check every header, then read the allowed entries (size-capped) into ``staging``."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LibraryError("archive_unreadable", f"not a readable zip archive: {exc}") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise LibraryError("archive_too_many_entries",
                               f"the archive has {len(infos)} entries (at most {MAX_ENTRIES})",
                               count=len(infos), limit=MAX_ENTRIES)
        seen: set[str] = set()
        total = 0
        for info in infos:
            _check_entry(info, seen)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise LibraryError("archive_too_big", "the archive unpacks to too many bytes",
                               limit_mb=MAX_TOTAL_BYTES >> 20)
        if "manifest.json" not in seen:
            raise LibraryError("archive_bad_manifest", "the archive has no manifest.json")
        staging.mkdir(parents=True)
        images: dict[str, Path] = {}
        manifest_bytes = b""
        for n, info in enumerate(infos):
            if info.is_dir():
                continue
            limit = MAX_MANIFEST_BYTES if info.filename == "manifest.json" else MAX_ENTRY_BYTES
            data = _read_capped(zf, info, limit)
            if info.filename == "manifest.json":
                manifest_bytes = data
                continue
            if not data.startswith(b"\xff\xd8\xff"):
                raise LibraryError("archive_bad_image",
                                   f"{info.filename} is not a JPEG image", name=info.filename)
            path = staging / f"{n}.jpg"  # our name, never the archive's
            path.write_bytes(data)
            images[info.filename] = path
    try:
        manifest = _Manifest.model_validate(json.loads(manifest_bytes.decode("utf-8")))
    except (ValueError, ValidationError) as exc:
        raise LibraryError("archive_bad_manifest", "the manifest is not valid") from exc
    if manifest.format != FORMAT or manifest.version != 1:
        raise LibraryError("archive_bad_manifest", "not a Sora Studio character archive")
    return manifest, images


def _check_entry(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    bad = LibraryError("archive_bad_path", f"refused entry name {name!r}", name=name)
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        raise bad
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".") for p in parts):
        raise bad
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)  # 0 when the archiver recorded no file type
    if stat.S_ISLNK(mode) or (kind and kind not in (stat.S_IFREG, stat.S_IFDIR)):
        raise LibraryError("archive_link", f"{name!r} is a link or a device", name=name)
    if info.is_dir():
        if name.rstrip("/") not in ("images",):
            raise bad
        return
    if name != "manifest.json" and not (len(parts) == 2 and parts[0] == "images"
                                        and parts[1].endswith(".jpg")):
        raise bad
    if name in seen:
        raise LibraryError("archive_duplicate", f"{name!r} appears twice", name=name)
    seen.add(name)
    if info.file_size > MAX_ENTRY_BYTES or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO):
        raise LibraryError("archive_bomb", f"{name!r} unpacks to too much", name=name)
    if info.flag_bits & 0x1:
        raise LibraryError("archive_encrypted", f"{name!r} is encrypted", name=name)


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one entry, stopping past ``limit`` whatever its header claimed."""
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise LibraryError("archive_unreadable", f"{info.filename!r} cannot be read",
                           name=info.filename) from exc
    if len(data) > limit:
        raise LibraryError("archive_bomb", f"{info.filename!r} unpacks to too much",
                           name=info.filename)
    return data
