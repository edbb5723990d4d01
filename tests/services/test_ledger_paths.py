"""The ledger's refusals and reads beyond the common ones, on real SQLite files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from studio.services.ledger import (
    JobKind,
    JobRecord,
    JobState,
    Ledger,
    LedgerError,
    default_ledger_path,
)


def _row(prompt: str, created_at: float) -> JobRecord:
    return JobRecord(kind=JobKind.CREATE, provider="local", model="animatic", size="480x480",
                     seconds=4, params={"prompt": prompt}, created_at=created_at)


async def test_unknown_ids_and_a_closed_ledger_are_refused(tmp_path: Path) -> None:
    led = await Ledger(tmp_path / "jobs.sqlite3").open()
    try:
        with pytest.raises(KeyError):
            await led.get("nope")
        with pytest.raises(KeyError):
            await led.update("nope", progress=5)
        with pytest.raises(ValueError, match=r"cannot update \['id'\]"):
            await led.update("nope", id="other")
    finally:
        await led.close()
    closed = Ledger(tmp_path / "jobs.sqlite3")  # never opened
    with pytest.raises(LedgerError, match="the ledger is not open"):
        await closed.get("x")
    await closed.close()


async def test_recent_is_newest_first_and_bounded(tmp_path: Path) -> None:
    led = await Ledger(tmp_path / "jobs.sqlite3").open()
    try:
        now = time.time()
        for i in range(5):
            await led.add(_row(f"p{i}", now + i))
        assert [j.prompt for j in await led.recent(3)] == ["p4", "p3", "p2"]
        assert len(await led.recent()) == 5
    finally:
        await led.close()


async def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(
        tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    later = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() + 1))
    for s in {stamp, later}:  # an earlier recovery took this second's name (and the next)
        (tmp_path / f"jobs.sqlite3.corrupt-{s}").write_bytes(b"earlier")
    path.write_bytes(b"garbage " * 1000)
    led = await Ledger(path).open()
    try:
        assert led.recovered is not None
        assert led.recovered.moved_to.name.endswith("-2")
        assert led.recovered.moved_to.read_bytes() == b"garbage " * 1000
        assert sorted(p.read_bytes() for p in tmp_path.glob("*.corrupt-*Z")) == [b"earlier"] * len(
            {stamp, later})  # the earlier ones untouched
        assert await led.unfinished() == []  # a fresh, working ledger
        job = await led.add(_row("fresh", time.time()))
        assert (await led.get(job.id)).state == JobState.INTENT
    finally:
        await led.close()


def test_the_default_ledger_lives_in_the_users_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_ledger_path() == tmp_path / "data" / "sora-studio" / "jobs.sqlite3"
    assert Ledger().path == default_ledger_path()
