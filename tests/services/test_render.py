"""Headless render: compose → jobs → download → concat; a rerun resumes, never re-creates."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.model import Look, Project, Shot, Strategy
from studio.localserver.server import LocalProvider
from studio.media.probe import verify_video
from studio.services.render import RenderError, RenderOptions, render, verify_film
from studio.storage.project_file import save_project


def make_project(path: Path, shots: int, *, size: str = "480x480") -> Path:
    project = Project(title="Test film", look=Look(size=size, model="animatic",
                                                   strategy=Strategy.PER_SHOT, style="ink"),
                      shots=[Shot(id=f"s{i}", title=f"Shot {i}", description=f"Scene {i}: "
                                  "a paper boat on a quiet river.", camera="slow push in",
                                  duration=4) for i in range(1, shots + 1)])
    save_project(project, path)
    return path


def ledger_rows(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM jobs").fetchone()[0])
    finally:
        db.close()


async def test_render_joins_clips_and_a_rerun_creates_nothing(tmp_path: Path,
                                                              provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 2)
    lines: list[str] = []
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         ledger=tmp_path / "state" / "jobs.sqlite3")
    out = await render(opts, report=lines.append)
    assert "2/2 done" in lines[-1]
    assert "8.0" in verify_film(out, size="480x480", seconds=8)
    again = await render(opts, report=lines.append)
    assert again == out and provider.job_count() == 2
    assert ledger_rows(tmp_path / "state" / "jobs.sqlite3") == 2
    one_take = RenderOptions(**{**opts.__dict__, "strategy": Strategy.ONE_TAKE,
                                "output": tmp_path / "one.mp4"})
    verify_film(await render(one_take, report=lines.append), size="480x480", seconds=8)
    assert provider.job_count() == 3


async def test_a_failed_shot_fails_the_render_and_the_next_run_retries_it(
        tmp_path: Path, provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 2)
    provider.faults.moderation_words = ("Scene 2",)
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         ledger=tmp_path / "jobs.sqlite3")
    with pytest.raises(RenderError, match="shot s2: The provider's content rules"):
        await render(opts, report=lambda _: None)
    assert not (tmp_path / "film.mp4").exists()
    provider.faults.moderation_words = ()
    await render(replace(opts, retry_failed=True), report=lambda _: None)
    assert provider.job_count() == 3  # s1 reused, s2 retried once (it was asked for)
    verify_video(tmp_path / "film.mp4", width=480, height=480)


def test_cli_render_with_the_embedded_local_provider(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 1, size="640x360")
    out = tmp_path / "out" / "film.mp4"
    code = main(["render", str(proj), "-o", str(out), "--provider", "local",
                 "--ledger", str(tmp_path / "state" / "jobs.sqlite3")])
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    verify_film(out, size="640x360", seconds=4)
    assert (tmp_path / "state" / "local-provider").is_dir()


def test_cli_render_reports_a_missing_key_variable(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 1)
    code = main(["render", str(proj), "-o", str(tmp_path / "f.mp4"), "--base-url",
                 "http://127.0.0.1:9/v1", "--api-key-env", "SORA_STUDIO_NO_SUCH_VAR",
                 "--ledger", str(tmp_path / "jobs.sqlite3")])
    assert code == 1
    assert "SORA_STUDIO_NO_SUCH_VAR is not set" in capsys.readouterr().err


def test_each_job_request_is_labelled_with_its_shot_or_its_span(tmp_path: Path) -> None:
    from studio.services.render import job_request
    from studio.storage.project_file import load_project

    path = make_project(tmp_path / "p.sorastudio", 3)
    project = load_project(path)
    one = job_request(project, path, "text", ("s2",), 4, "local")
    assert one.label == "2. Shot 2" and one.take is None
    film = job_request(project, path, "text", ("s1", "s2", "s3"), 12, "local")
    assert film.label == "1–3. Test film"
    assert one.request_key != film.request_key
