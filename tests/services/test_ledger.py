"""The ledger: durable intent rows, WAL + synchronous=FULL, a schema version, off-loop I/O."""

from __future__ import annotations

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
