"""The ``*.sorastudio`` project file: versioned JSON, validated, hostile-input safe.

A project file is something users mail around, so loading treats it as hostile: size and
nesting depth are capped before parsing, NaN/Infinity and unknown fields are refused, media
paths may not point outside the project folder, and every failure becomes one readable
``ProjectFileError`` line. Loading never writes. Saving is atomic and keeps a ``.bak``.

Layout::

    {"format": "sora-studio-project", "schema_version": 1, "project": {...}}
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from studio.core.model import Project, Shot
from studio.storage.atomic import atomic_write_bytes

FORMAT = "sora-studio-project"
CURRENT_SCHEMA = 2
SUFFIX = ".sorastudio"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_SHOTS = 5_000  # Project.shots' own bound; a longer list is refused by the model
ENVELOPE_KEYS = ("format", "schema_version", "project")

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] turns the ``project`` object of a version-n file into version n+1.
def _add_project_id(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 -> v2: a stable project id (the job ledger finds a project's jobs by it).

    Derived from the shots' ids, so the same v1 file gets the same id on every open
    until it is saved as v2 (a crash before that first save still finds its jobs).
    """
    shots = payload.get("shots")
    ids = [s.get("id", "") for s in shots if isinstance(s, dict)] if isinstance(shots, list) \
        else []
    seed = json.dumps([payload.get("title", ""), ids], ensure_ascii=True)
    return {"id": hashlib.sha256(seed.encode()).hexdigest()[:12], **payload}


MIGRATIONS: dict[int, Migration] = {1: _add_project_id}

# The depth scan's patterns: a string literal (dropped with its brackets), then anything
# but a bracket. Possessive quantifiers keep no backtracking state, so a 20 MB string of
# '\\"' pairs is matched in constant memory; a closing quote is optional so an
# unterminated string matches too (to the end) and the scan stays linear.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKETS = re.compile(r'[^\[\]{}]++')
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_DEPTH_CHUNK = 65_536
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class ProjectFileError(Exception):
    """A project file cannot be read or written; ``str()`` is one user-facing line."""

    def __init__(self, name: str | os.PathLike[str], reason: str) -> None:
        self.name = str(name)
        self.reason = reason
        super().__init__(f"{self.name}: {reason}")


class _BadDocument(Exception):
    """Internal: what is wrong with a document, before we know the file name."""


# --------------------------------------------------------------------------- loading


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read and validate a project file; raises ProjectFileError, never writes."""
    return load_project_bytes(_read_capped(Path(path)), name=str(path))


def load_project_bytes(data: bytes, *, name: str) -> Project:
    """Validate the bytes of a project file; ``name`` only labels error messages."""
    try:
        return _parse_document(data)
    except _BadDocument as exc:
        raise ProjectFileError(name, str(exc)) from None


def _read_capped(path: Path) -> bytes:
    """The file's bytes, refusing non-files and anything over MAX_FILE_BYTES before reading."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO must not hang the open
    except FileNotFoundError:
        raise ProjectFileError(path, "no such file") from None
    except OSError as exc:
        raise ProjectFileError(path, f"cannot open: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ProjectFileError(path, "not a regular file")
        if st.st_size > MAX_FILE_BYTES:
            raise ProjectFileError(path, _too_big(st.st_size))
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)  # the length is checked again after reading
    except OSError as exc:
        raise ProjectFileError(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int) -> str:
    return f"file is too large ({size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES >> 20} MiB)"


def _parse_document(data: bytes) -> Project:
    """Bytes -> Project, with every check a hostile file needs, cheapest first."""
    text = _decode(data)
    check_depth(text)
    doc = _json_loads(text)
    payload = _unwrap(doc)
    project = _validate(payload)
    problem = duplicate_id_problem(project) or next(iter_media_problems(project), None)
    if problem is not None:
        raise _BadDocument(problem)
    return project


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise _BadDocument(_too_big(len(data)))
    if not data.strip():
        raise _BadDocument("file is empty")
    if b"\x00" in data:
        raise _BadDocument("contains NUL bytes (binary or corrupted file, not a project)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadDocument(f"not valid UTF-8 text (bad byte at offset {exc.start})") from None
    return text.removeprefix("\ufeff")  # tolerate a BOM added by a text editor


def check_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH, without recursion and before parsing.

    A piece of about 64 KiB at a time, cut after a line break (a JSON string holds none,
    so no string literal is cut; a file that has one there does not parse anyway): two
    passes of the regex engine drop its string literals (their brackets do not count),
    then everything but brackets, and what is left is counted. Each piece is one short
    call (a file on one line is one piece): the whole text in one call held the GIL for
    ~8 ms of a 500-shot file, a stall of the window's loop while a worker opened it. (A
    token-by-token scan in Python took ~19 ms; this ~9 ms.)
    """
    depth, pos, size = 0, 0, len(text)
    while pos < size:
        cut = text.find("\n", pos + _DEPTH_CHUNK)
        end = size if cut < 0 else cut + 1
        brackets = _NOT_BRACKETS.sub("", _JSON_STRING.sub("", text[pos:end]))
        pos = end
        for at in range(0, len(brackets), _DEPTH_CHUNK):  # a piece with no line break
            chunk = brackets[at : at + _DEPTH_CHUNK]  # may be all brackets: count in steps
            steps = list(accumulate(map(_BRACKET_STEP.__getitem__, chunk), initial=depth))
            if max(steps) > MAX_DEPTH:
                raise _BadDocument(f"JSON is nested too deeply (more than {MAX_DEPTH} levels)")
            depth = steps[-1]


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json keeps the last one silently)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


class _NonFiniteNumber(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFiniteNumber(name)


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_pairs)
    except _DuplicateKey as exc:
        reason = f"the key {_short(str(exc.args[0]))!r} appears twice in one JSON object"
    except _NonFiniteNumber as exc:
        reason = f"{exc} is not allowed in a project file (numbers must be finite)"
    except json.JSONDecodeError as exc:
        reason = f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except (ValueError, RecursionError, MemoryError) as exc:
        reason = f"not valid JSON ({type(exc).__name__}: {_short(str(exc))})"
    raise _BadDocument(reason)


def _unwrap(doc: Any) -> dict[str, Any]:
    """Check the envelope and migrate the payload to CURRENT_SCHEMA."""
    if not isinstance(doc, dict):
        raise _BadDocument(f"not a Sora Studio project (top level is a JSON {_kind(doc)})")
    if doc.get("format") != FORMAT:
        raise _BadDocument(f"not a Sora Studio project (format marker is not {FORMAT!r})")
    unknown = [k for k in doc if k not in ENVELOPE_KEYS]
    if unknown:
        raise _BadDocument(f"unknown top-level key {_short(unknown[0])!r}")
    version = doc.get("schema_version")
    if "schema_version" not in doc or type(version) is not int:
        raise _BadDocument("schema_version is missing or not an integer")
    if version > CURRENT_SCHEMA:
        raise _BadDocument(
            f"made by a newer Sora Studio (schema_version {version}; this version reads up "
            f"to {CURRENT_SCHEMA}); please update Sora Studio"
        )
    if "project" not in doc:
        raise _BadDocument("missing key 'project'")
    return migrate(doc["project"], version)


def migrate(payload: Any, version: int) -> dict[str, Any]:
    """Apply MIGRATIONS[version], [version+1], ... until the payload is CURRENT_SCHEMA."""
    if version < 0:
        raise _BadDocument(f"schema_version {version} is not valid")
    for v in range(version, CURRENT_SCHEMA):
        step = MIGRATIONS.get(v)
        if step is None:
            raise _BadDocument(f"schema_version {v} is too old to read (no migration to {v + 1})")
        if not isinstance(payload, dict):
            break
        try:
            payload = step(payload)
        except (KeyError, TypeError, ValueError) as exc:
            reason = f"cannot upgrade from schema_version {v}: {_short(str(exc))}"
            raise _BadDocument(reason) from None
    if not isinstance(payload, dict):
        raise _BadDocument(f"'project' must be a JSON object, not a {_kind(payload)}")
    return payload


def _validate(payload: dict[str, Any]) -> Project:
    """The project, validated a shot at a time when the list is well formed.

    One call over a 500-shot payload holds the GIL for tens of ms and the GUI thread,
    which opens files in a worker, waits for it; shot by shot it gets its turns. A
    refused file is validated once more as a whole, so its message counts every problem.
    """
    try:
        shots = payload.get("shots")
        if isinstance(shots, list) and len(shots) <= MAX_SHOTS:
            try:
                project = Project.model_validate({**payload, "shots": []})
                project.shots = [Shot.model_validate(shot) for shot in shots]
                return project
            except ValidationError:
                pass  # said below, with every problem counted
        return Project.model_validate(payload)
    except ValidationError as exc:
        raise _BadDocument(summarise_validation(exc, prefix="project")) from None
    except (RecursionError, MemoryError) as exc:
        raise _BadDocument(f"cannot validate ({type(exc).__name__})") from None


def summarise_validation(exc: ValidationError, *, prefix: str) -> str:
    """The first pydantic error as ``project.shots.3.duration: message (got 500)``."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = ".".join([prefix, *(str(part) for part in first["loc"])])
    kind = first["type"]
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    else:
        message = f"{first['msg']} (got {_short(repr(first.get('input')))})"
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{loc}: {message}{tail}"


def _kind(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def duplicate_id_problem(project: Project) -> str | None:
    """``location: problem`` for the first shot id or take id used twice, or None.

    Shots and takes are found by id (selection, undo, the ledger's take column), so a
    second one with the same id would be edited, chosen or filled in place of the first.
    """
    shots: set[str] = set()
    takes: set[str] = set()
    for i, shot in enumerate(project.shots):
        if shot.id in shots:
            return f"project.shots.{i}.id: shot id {_short(shot.id)!r} is used twice"
        shots.add(shot.id)
        for j, take in enumerate(shot.takes):
            if take.id in takes:
                return f"project.shots.{i}.takes.{j}.id: take id {_short(take.id)!r} is used twice"
            takes.add(take.id)
    for j, take in enumerate(project.film_takes):
        if take.id in takes:
            return f"project.film_takes.{j}.id: take id {_short(take.id)!r} is used twice"
        takes.add(take.id)
    return None


# --------------------------------------------------------------------------- media paths


def iter_media_problems(project: Project) -> Iterator[str]:
    """``location: problem`` for every media path that is absolute or leaves the folder."""
    for where, value in _media_fields(project):
        reason = media_path_problem(value)
        if reason is not None:
            yield f"{where}: {reason}"


def _media_fields(project: Project) -> Iterator[tuple[str, str]]:
    for i, shot in enumerate(project.shots):
        if shot.reference is not None:
            yield f"project.shots.{i}.reference.path", shot.reference.path
        for j, take in enumerate(shot.takes):
            if take.media is not None:
                yield f"project.shots.{i}.takes.{j}.media", take.media
    for j, take in enumerate(project.film_takes):
        if take.media is not None:
            yield f"project.film_takes.{j}.media", take.media
    if project.reference is not None:  # the one-take film's own reference image
        yield "project.reference.path", project.reference.path
    for k, character in enumerate(project.characters):
        for m, image in enumerate(character.images):
            yield f"project.characters.{k}.images.{m}", image


def media_path_problem(rel: str) -> str | None:
    """Why ``rel`` is not a safe project-relative media path, or None if it is."""
    if not rel:
        return "media path is empty"
    if "\x00" in rel:
        return "media path contains a NUL character"
    unified = rel.replace("\\", "/")
    if unified.startswith("/") or _WINDOWS_DRIVE.match(unified):
        return f"media path must be relative to the project folder, not {_short(rel)!r}"
    normal = posixpath.normpath(unified)
    if normal == ".." or normal.startswith("../"):
        return f"media path leaves the project folder: {_short(rel)!r}"
    if normal == ".":
        return "media path names the project folder itself"
    return None


def relative_media_path(
    project_dir: str | os.PathLike[str], abs_path: str | os.PathLike[str]
) -> str:
    """How a file is stored in the project: relative to the folder, with ``/`` separators.

    Raises ValueError when the file is outside the project folder (copy it in first): a
    file that names paths outside its folder would not survive being moved or shared.
    """
    base = Path(os.path.abspath(project_dir))
    target = Path(os.path.abspath(abs_path))
    try:
        rel = target.relative_to(base)
    except ValueError:
        raise ValueError(f"{target} is not inside the project folder {base}") from None
    text = PurePosixPath(*rel.parts).as_posix()
    if media_path_problem(text) is not None:
        raise ValueError(f"{target} cannot be stored as a media path of {base}")
    return text


def resolve_media_path(project_dir: str | os.PathLike[str], rel: str) -> Path:
    """The absolute path of a stored media path; ValueError if it would escape the folder.

    Symlinks are resolved too, so a link inside the folder cannot point outside it.
    """
    problem = media_path_problem(rel)
    if problem is not None:
        raise ValueError(problem)
    base = Path(project_dir).resolve()
    target = (base / rel.replace("\\", "/")).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"media path leaves the project folder: {rel!r}")
    return target


# --------------------------------------------------------------------------- saving


def dumps_project(project: Project) -> bytes:
    """The exact bytes of a project file: same project, same bytes.

    Refuses (ProjectFileError) to produce a file that ``load_project`` would reject, so a
    bad in-memory edit fails at save time instead of making the user's file unreadable.
    """
    try:
        return _dump(project)
    except _BadDocument as exc:
        raise ProjectFileError("project", str(exc)) from None


def _dump(project: Project) -> bytes:
    payload = project.model_dump(mode="json")
    _canonicalise(payload)
    problem = _save_problem(project, payload)
    if problem is not None:
        raise _BadDocument(f"cannot save: {problem}")
    return _encode(payload)


def _canonicalise(payload: dict[str, Any]) -> None:
    """Sort the free-form dicts (take params, provider ids) so equal projects dump equally."""
    takes = [t for s in payload["shots"] for t in s["takes"]] + payload["film_takes"]
    for take in takes:
        take["params"] = dict(sorted(take["params"].items()))
    for character in payload["characters"]:
        character["provider_ids"] = dict(sorted(character["provider_ids"].items()))


def _save_problem(project: Project, payload: dict[str, Any]) -> str | None:
    """Re-validate what will be written (edits bypass validation) and check media paths."""
    try:
        Project.model_validate(payload)
    except ValidationError as exc:
        return summarise_validation(exc, prefix="project")
    return duplicate_id_problem(project) or next(iter_media_problems(project), None)


@dataclass(frozen=True)
class Snapshot:
    """A project as JSON pieces, taken where it is edited (~3 ms for 500 shots) and
    turned into file bytes elsewhere.

    Why pieces: validating or parsing a whole 500-shot project is one long call that
    holds the GIL for tens of milliseconds, and the GUI thread would wait for it; one
    shot at a time, the worker lets the GUI thread in between.
    """

    head: str  # the project without its shots
    shots: tuple[str, ...]


def snapshot(project: Project) -> Snapshot:
    return Snapshot(project.model_dump_json(exclude={"shots"}),
                    tuple(s.model_dump_json() for s in project.shots))


def dumps_snapshot(snap: Snapshot) -> bytes:
    """The file bytes of a snapshot: the same bytes ``dumps_project`` gives the project."""
    try:
        return _dump_snapshot(snap)
    except _BadDocument as exc:
        raise ProjectFileError("project", str(exc)) from None


def _dump_snapshot(snap: Snapshot) -> bytes:
    shots: list[Shot] = []
    shot_payloads: list[dict[str, Any]] = []
    for i, text in enumerate(snap.shots):  # one short call per shot (see Snapshot)
        try:
            shots.append(Shot.model_validate_json(text))
        except ValidationError as exc:
            raise _BadDocument("cannot save: " + summarise_validation(
                exc, prefix=f"project.shots.{i}")) from None
        shot_payloads.append(json.loads(text))
    head = json.loads(snap.head)
    try:
        project = Project.model_validate({**head, "shots": []})
    except ValidationError as exc:
        raise _BadDocument("cannot save: " + summarise_validation(exc, prefix="project")) \
            from None
    project.shots = shots
    payload = {k: shot_payloads if k == "shots" else head[k] for k in Project.model_fields}
    _canonicalise(payload)
    problem = duplicate_id_problem(project) or next(iter_media_problems(project), None)
    if problem is not None:
        raise _BadDocument(f"cannot save: {problem}")
    return _encode(payload)


def _encode(payload: dict[str, Any]) -> bytes:
    doc = {"format": FORMAT, "schema_version": CURRENT_SCHEMA, "project": payload}
    try:
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise _BadDocument(f"cannot save: {_short(str(exc))}") from None


def save_snapshot(snap: Snapshot, path: str | os.PathLike[str]) -> None:
    """Write a snapshot atomically to ``path``, keeping the previous save as ``<name>.bak``."""
    try:
        data = _dump_snapshot(snap)
    except _BadDocument as exc:
        raise ProjectFileError(path, str(exc)) from None
    _write(path, data)


def save_project(project: Project, path: str | os.PathLike[str]) -> None:
    """Write ``project`` atomically to ``path``, keeping the previous save as ``<name>.bak``."""
    try:
        data = _dump(project)
    except _BadDocument as exc:
        raise ProjectFileError(path, str(exc)) from None
    _write(path, data)


def _write(path: str | os.PathLike[str], data: bytes) -> None:
    try:
        atomic_write_bytes(path, data, backup=True)
    except OSError as exc:
        raise ProjectFileError(path, f"cannot save: {exc.strerror or exc}") from exc
