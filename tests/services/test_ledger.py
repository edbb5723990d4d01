"""The ledger: durable intent rows, WAL + synchronous=FULL, a schema version, off-loop I/O."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest

from studio.services.ledger import (
    SCHEMA_VERSION,
    JobKind,
    JobRecord,
    JobState,
    Ledger,
    LedgerError,
)


def _job(**kw: object) -> JobRecord:
    base: dict[str, object] = dict(kind=JobKind.CREATE, provider="local", model="animatic",
                                   size="480x480", seconds=4, params={"prompt": "a fox"})
    base.update(kw)
    return JobRecord(**base)  # type: ignore[arg-type]


async def test_intent_row_survives_reopen_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    led = await Ledger(path).open()
    job = await led.add(_job(request_key="k1", cost_quoted=0.4))
    await led.update(job.id, state=JobState.UNCLEAR, attempts=1)
    await led.close()

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    db.close()

    led = await Ledger(path).open()
    again = await led.get(job.id)
    assert again.state == JobState.UNCLEAR and again.attempts == 1
    assert again.params == {"prompt": "a fox"} and again.cost_quoted == 0.4
    assert [j.id for j in await led.unfinished()] == [job.id]
    assert (await led.latest_for_request("k1")).id == job.id  # type: ignore[union-attr]
    await led.close()


async def test_synchronous_full_on_the_connection(ledger: Ledger) -> None:
    def pragma() -> int:
        return ledger._conn().execute("PRAGMA synchronous").fetchone()[0]

    assert await ledger._run(pragma) == 2  # FULL


async def test_sqlite_runs_on_its_own_thread(ledger: Ledger) -> None:
    name = await ledger._run(lambda: threading.current_thread().name)
    assert name.startswith("ledger") and name != threading.current_thread().name


async def test_a_video_is_claimed_by_one_job_only(ledger: Ledger) -> None:
    a = await ledger.add(_job())
    b = await ledger.add(_job())
    await ledger.update(a.id, video_id="video_1")
    with pytest.raises(sqlite3.IntegrityError):
        await ledger.update(b.id, video_id="video_1")
    assert await ledger.claimed_video_ids("local") == {"video_1"}


async def test_durations_feed_the_eta(ledger: Ledger) -> None:
    for d in (10.0, 20.0, 30.0):
        j = await ledger.add(_job())
        await ledger.update(j.id, state=JobState.DONE, submitted_at=100.0, finished_at=100.0 + d)
    assert sorted(await ledger.durations("animatic", "480x480", 4)) == [10.0, 20.0, 30.0]
    assert await ledger.durations("animatic", "480x480", 8) == []


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    led = await Ledger(path).open()
    await led.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    led = Ledger(path)
    with pytest.raises(LedgerError, match="newer"):
        await led.open()
    await led.close()


async def test_unknown_columns_are_rejected(ledger: Ledger) -> None:
    job = await ledger.add(_job())
    with pytest.raises(ValueError):
        await ledger.update(job.id, colour="red")


# The jobs table as the first release wrote it (before `take` and `label`).
_SCHEMA_1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version(version) VALUES (1);
CREATE TABLE jobs (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    provider TEXT NOT NULL, model TEXT NOT NULL, size TEXT NOT NULL,
    seconds INTEGER NOT NULL, params TEXT NOT NULL, project TEXT, shot TEXT,
    request_key TEXT, state TEXT NOT NULL, video_id TEXT,
    progress INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,
    cost_quoted REAL, cost_spent REAL, error_category TEXT, error_message TEXT,
    media_path TEXT, retry_of TEXT REFERENCES jobs(id), created_at REAL NOT NULL,
    submitted_at REAL, finished_at REAL, updated_at REAL NOT NULL
);
INSERT INTO jobs (id, idempotency_key, kind, provider, model, size, seconds, params,
                  project, shot, state, created_at, updated_at)
VALUES ('old1', 'studio-old1', 'create', 'local', 'animatic', '480x480', 4,
        '{"prompt": "a fox"}', '/p/film.sorastudio', 's1', 'polling', 1.0, 1.0);
"""


async def test_take_and_label_round_trip_and_for_project_lists_oldest_first(
        ledger: Ledger) -> None:
    a = await ledger.add(_job(project="/p/a.sorastudio", take="t1", label="3. Sunrise",
                              created_at=20.0))
    b = await ledger.add(_job(project="/p/a.sorastudio", take="t2", created_at=10.0))
    await ledger.add(_job(project="/p/b.sorastudio", take="t3"))
    got = await ledger.for_project("/p/a.sorastudio")
    assert [j.id for j in got] == [b.id, a.id]
    assert (got[1].take, got[1].label) == ("t1", "3. Sunrise")
    assert (got[0].take, got[0].label) == ("t2", None)
    assert await ledger.for_project("/p/none.sorastudio") == []
    await ledger.update(b.id, label="1. Dawn")
    assert (await ledger.get(b.id)).label == "1. Dawn"


async def test_a_first_release_ledger_gains_take_and_label_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1)
    db.close()
    led = await Ledger(path).open()
    try:
        old = await led.get("old1")
        assert old.state == JobState.POLLING and (old.take, old.label) == (None, None)
        assert [j.id for j in await led.for_project("/p/film.sorastudio")] == ["old1"]
        await led.update("old1", take="t9", label="1. Dawn")
        new = await led.add(_job(take="t10", label="2. Noon"))
        assert (await led.get(new.id)).take == "t10"
    finally:
        await led.close()
    db = sqlite3.connect(path)
    cols = {r[1] for r in db.execute("PRAGMA table_info(jobs)")}
    version = db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    db.close()
    assert {"take", "label"} <= cols and version == SCHEMA_VERSION
    led = await Ledger(path).open()  # a second open finds the columns and adds nothing
    assert (await led.get("old1")).label == "1. Dawn" and led.recovered is None
    await led.close()


def _damaged_ledger(path: Path) -> None:
    """A ledger with rows whose table pages were overwritten (a bad disk, a bad copy)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, blob TEXT)")
    db.executemany("INSERT INTO jobs VALUES (?, ?)", [(str(i), "x" * 500) for i in range(200)])
    db.commit()
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2:page * 4] = b"\xa5" * (page * 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not-a-database", "bad-pages"])
async def test_a_damaged_ledger_is_moved_aside_and_a_fresh_one_started(
        tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    path = folder / "jobs.sqlite3"
    if damage == "not-a-database":
        path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    else:
        _damaged_ledger(path)
    original = path.read_bytes()
    (folder / "jobs.sqlite3-wal").write_bytes(b"w" * 32)
    (folder / "jobs.sqlite3-shm").write_bytes(b"s" * 32)
    (folder / "media").mkdir()
    (folder / "media" / "take.mp4").write_bytes(b"keep me")
    led = await Ledger(path).open()
    try:
        assert led.recovered is not None and isinstance(led.recovered, LedgerError)
        moved = led.recovered.moved_to
        assert re.fullmatch(r"jobs\.sqlite3\.corrupt-\d{8}T\d{6}Z", moved.name)
        assert moved.read_bytes() == original
        assert (folder / f"{moved.name}-wal").read_bytes() == b"w" * 32
        assert (folder / f"{moved.name}-shm").exists()  # an index SQLite rebuilds: moved too
        line = str(led.recovered)
        assert "\n" not in line and str(path) in line and moved.name in line
        job = await led.add(_job())  # the fresh ledger works
        assert [j.id for j in await led.unfinished()] == [job.id]
    finally:
        await led.close()
    assert (folder / "media" / "take.mp4").read_bytes() == b"keep me"  # nothing else lost
    led = await Ledger(path).open()  # the new file is sound: nothing more is moved
    assert led.recovered is None and len(list(folder.glob("*.corrupt-*"))) == 3
    await led.close()


async def test_a_locked_ledger_is_not_taken_for_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    led = await Ledger(path).open()
    await led.close()
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = Ledger(path)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await other.open()
        await other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
