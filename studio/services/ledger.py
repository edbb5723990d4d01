"""The job ledger: one SQLite row per generation, written before anything is billed.

Why SQLite with WAL and ``synchronous=FULL``: every state change is one committed (and
fsynced) transaction, so a crash or power cut leaves each job in its last recorded state.
The intent row exists *before* the POST, which is what lets a restart tell "never sent"
from "maybe sent" and reconcile instead of paying twice.

All SQLite work runs on one dedicated thread: the GUI loop never waits on disk, and one
connection on one thread needs no locking.

A damaged file (not a database, or failing SQLite's quick check) is moved aside with its
``-wal``/``-shm`` as ``<name>.corrupt-<UTC time>`` and a fresh ledger is started: the studio
keeps working, the old rows stay on disk for a person to look at, and
:attr:`Ledger.recovered` says what happened in one line. Columns added later (``take``,
``label``, ``gateway_cost``, ``key_spend``) are added to older files on open; such additions
keep ``SCHEMA_VERSION``, so an older studio still opens the file.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SCHEMA_VERSION = 1
LEDGER_NAME = "jobs.sqlite3"


class JobState(StrEnum):
    INTENT = "intent"  # row written, POST not yet known to be sent
    UNCLEAR = "unclear"  # POST sent, outcome unknown: reconcile by listing
    SUBMITTED = "submitted"  # the provider accepted it (video_id known)
    POLLING = "polling"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class JobKind(StrEnum):
    CREATE = "create"
    REMIX = "remix"
    EDIT = "edit"
    EXTEND = "extend"


@dataclass
class JobRecord:
    """One ledger row. ``id`` is ours (uuid hex) and names every local file of the job."""

    kind: JobKind
    provider: str  # provider key (profile name or base URL)
    model: str
    size: str
    seconds: int
    params: dict[str, Any]  # prompt, source_video_id, characters, input_reference_b64...
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    idempotency_key: str = field(default_factory=lambda: f"studio-{uuid.uuid4().hex}")
    project: str | None = None
    shot: str | None = None
    take: str | None = None  # the project's take id this job fills
    label: str | None = None  # a human title ("3. Sunrise") for when the project is gone
    request_key: str | None = None  # stable key of "this prompt for this shot"
    state: JobState = JobState.INTENT
    video_id: str | None = None
    progress: int = 0
    attempts: int = 0  # POSTs sent (or maybe sent)
    cost_quoted: float | None = None
    cost_spent: float | None = None
    error_category: str | None = None
    error_message: str | None = None
    media_path: str | None = None
    retry_of: str | None = None
    created_at: float = field(default_factory=time.time)
    submitted_at: float | None = None
    finished_at: float | None = None
    updated_at: float = field(default_factory=time.time)
    #: A gateway's own figures, from its response headers (LiteLLM's spend headers): what
    #: it says this job cost, and what the key had spent by then. None when not reported.
    gateway_cost: float | None = None
    key_spend: float | None = None

    @property
    def prompt(self) -> str:
        return str(self.params.get("prompt", ""))


_COLUMNS = tuple(f.name for f in fields(JobRecord))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    size TEXT NOT NULL,
    seconds INTEGER NOT NULL,
    params TEXT NOT NULL,
    project TEXT,
    shot TEXT,
    take TEXT,
    label TEXT,
    request_key TEXT,
    state TEXT NOT NULL,
    video_id TEXT,
    progress INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    cost_quoted REAL,
    cost_spent REAL,
    error_category TEXT,
    error_message TEXT,
    media_path TEXT,
    retry_of TEXT REFERENCES jobs(id),
    created_at REAL NOT NULL,
    submitted_at REAL,
    finished_at REAL,
    updated_at REAL NOT NULL,
    gateway_cost REAL,
    key_spend REAL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE INDEX IF NOT EXISTS jobs_request ON jobs(request_key);
CREATE INDEX IF NOT EXISTS jobs_eta ON jobs(model, size, seconds, state);
CREATE INDEX IF NOT EXISTS jobs_project ON jobs(project, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_video ON jobs(provider, video_id)
    WHERE video_id IS NOT NULL;
"""

# Columns added after schema 1 was released: added to older files on open.
_ADDED_COLUMNS = {"take": "TEXT", "label": "TEXT", "gateway_cost": "REAL", "key_spend": "REAL"}

_UNFINISHED = tuple(s.value for s in JobState if not s.finished)

# SQLite's primary result codes for a damaged file (not "busy" or "locked": those are
# another process at work, and its file must never be moved aside).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class LedgerError(Exception):
    """The ledger file is unusable (newer schema, not a ledger)."""


class LedgerRecovered(LedgerError):
    """A damaged ledger file was moved aside and a fresh one started (not raised: reported).

    ``str()`` is one line a window or the CLI can show as it is.
    """

    def __init__(self, path: Path, moved_to: Path, reason: str) -> None:
        super().__init__(f"the job ledger {path} was damaged ({reason}); it was moved aside "
                         f"to {moved_to.name} and a new ledger was started")
        self.path = path
        self.moved_to = moved_to
        self.reason = reason


class _Damaged(Exception):
    """Internal: the file failed to open or to check as a database."""


def default_ledger_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("sora-studio")) / LEDGER_NAME


class Ledger:
    """Async facade over one SQLite file; every call hops to the ledger thread."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_ledger_path()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger")
        self._db: sqlite3.Connection | None = None
        self.recovered: LedgerRecovered | None = None  # set when open() replaced a damaged file

    async def _run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> Ledger:
        """Open (or create) the file; a damaged one is moved aside (see :attr:`recovered`)."""
        await self._run(self._open)
        return self

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._check()
        except _Damaged as exc:
            moved = self._move_aside()
            self.recovered = LedgerRecovered(self.path, moved, str(exc))
        self._db = self._connect()

    def _check(self) -> None:
        """SQLite's quick check of an existing file, on a read-only connection.

        Read-only, because a writing connection that fails would delete the ``-wal`` and
        ``-shm`` on close, and those belong with the damaged file when it is moved aside.
        """
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            row = db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            if _damaged(exc):
                raise _Damaged(str(exc)) from exc
            raise
        finally:
            db.close()
        if row is None or row[0] != "ok":
            raise _Damaged(f"integrity check: {row[0] if row else 'no answer'}")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            self._init_schema(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            if _damaged(exc):  # damaged after the check passed: not fixed twice in a row
                raise LedgerError(f"the job ledger {self.path} cannot be used: {exc}") from exc
            raise
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        """Rename the file and its -wal/-shm to ``<name>.corrupt-<UTC time>[-wal|-shm]``."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while moved.exists():
            n += 1
            moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            for suffix in ("-wal", "-shm"):  # journal files first: the main file last
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, moved.with_name(moved.name + suffix))
            os.replace(self.path, moved)
        except OSError as exc:
            raise LedgerError(f"the job ledger {self.path} is damaged and cannot be moved "
                              f"aside: {exc.strerror or exc}") from exc
        return moved

    def _init_schema(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    db.execute(stmt)
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] if row else None
            if version is None:
                db.execute("INSERT INTO schema_version(version) VALUES (?)", (SCHEMA_VERSION,))
            elif version > SCHEMA_VERSION:
                raise LedgerError(f"{self.path}: ledger schema {version} is newer than this "
                                  f"studio ({SCHEMA_VERSION}); update the studio")
            have = {r[1] for r in db.execute("PRAGMA table_info(jobs)")}
            for name, decl in _ADDED_COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {decl}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        await self._run(self._close)
        self._pool.shutdown(wait=False)  # idle: _close was its last task

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- writes (each one committed and fsynced) ---------------------------------------

    async def add(self, job: JobRecord) -> JobRecord:
        """Insert the intent row; returns once it is durable."""
        await self._run(self._add, job)
        return job

    def _add(self, job: JobRecord) -> None:
        row = _to_row(job)
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._conn().execute(f"INSERT INTO jobs ({cols}) VALUES ({marks})", tuple(row.values()))

    async def update(self, job_id: str, **changes: Any) -> JobRecord:
        """Apply ``changes`` to one row atomically and return the new row."""
        unknown = set(changes) - set(_COLUMNS)
        if unknown or "id" in changes:
            raise ValueError(f"cannot update {sorted(unknown | ({'id'} & set(changes)))}")
        return await self._run(self._update, job_id, changes)

    def _update(self, job_id: str, changes: dict[str, Any]) -> JobRecord:
        changes = {**changes, "updated_at": time.time()}
        row = _to_row_partial(changes)
        sets = ", ".join(f"{k} = ?" for k in row)
        db = self._conn()
        cur = db.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*row.values(), job_id))
        if cur.rowcount != 1:
            raise KeyError(job_id)
        return self._get(job_id)

    # -- reads -------------------------------------------------------------------------

    async def get(self, job_id: str) -> JobRecord:
        return await self._run(self._get, job_id)

    def _get(self, job_id: str) -> JobRecord:
        rows = self._select("WHERE id = ?", (job_id,))
        if not rows:
            raise KeyError(job_id)
        return rows[0]

    async def unfinished(self) -> list[JobRecord]:
        marks = ", ".join("?" for _ in _UNFINISHED)
        return await self._run(self._select, f"WHERE state IN ({marks}) ORDER BY created_at",
                               _UNFINISHED)

    async def for_project(self, project: str) -> list[JobRecord]:
        """Every job of this project (its ``project`` string as submitted), oldest first."""
        return await self._run(self._select, "WHERE project = ? ORDER BY created_at",
                               (project,))

    async def recent(self, limit: int = 200) -> list[JobRecord]:
        """The newest ``limit`` jobs of every project, newest first (the job history)."""
        return await self._run(self._select, "ORDER BY created_at DESC LIMIT ?", (limit,))

    async def latest_for_request(self, request_key: str) -> JobRecord | None:
        rows = await self._run(self._select,
                               "WHERE request_key = ? ORDER BY created_at DESC LIMIT 1",
                               (request_key,))
        return rows[0] if rows else None

    async def claimed_video_ids(self, provider: str) -> set[str]:
        def query() -> set[str]:
            cur = self._conn().execute(
                "SELECT video_id FROM jobs WHERE provider = ? AND video_id IS NOT NULL",
                (provider,))
            return {r[0] for r in cur}

        return await self._run(query)

    async def durations(self, model: str, size: str, seconds: int, limit: int = 20) -> list[float]:
        """Submit-to-done times of the latest completed jobs with these parameters."""
        def query() -> list[float]:
            cur = self._conn().execute(
                "SELECT finished_at - submitted_at FROM jobs WHERE model = ? AND size = ? "
                "AND seconds = ? AND state = 'done' AND submitted_at IS NOT NULL "
                "ORDER BY finished_at DESC LIMIT ?", (model, size, seconds, limit))
            return [float(r[0]) for r in cur if r[0] is not None and r[0] >= 0]

        return await self._run(query)

    def _select(self, where: str, args: tuple[Any, ...]) -> list[JobRecord]:
        cur = self._conn().execute(f"SELECT {', '.join(_COLUMNS)} FROM jobs {where}", args)
        return [_from_row(dict(zip(_COLUMNS, r, strict=True))) for r in cur]

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise LedgerError("the ledger is not open")
        return self._db


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _to_row(job: JobRecord) -> dict[str, Any]:
    return _to_row_partial({name: getattr(job, name) for name in _COLUMNS})


def _to_row_partial(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    if "params" in row:
        row["params"] = json.dumps(row["params"], ensure_ascii=False, sort_keys=True)
    for key in ("state", "kind"):
        if key in row and row[key] is not None:
            row[key] = str(row[key])
    return row


def _from_row(row: dict[str, Any]) -> JobRecord:
    row["params"] = json.loads(row["params"])
    row["state"] = JobState(row["state"])
    row["kind"] = JobKind(row["kind"])
    return JobRecord(**row)
