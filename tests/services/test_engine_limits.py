"""The engine under pressure: repeated 429s back off with growing waits, say so, and stop;
a refused shot is not sent again unless asked; a full disk is one classified line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.services.errors import Category
from studio.services.jobs import JobEvent, JobRequest, JobRunner, RunnerConfig
from studio.services.ledger import JobState
from studio.services.render import RenderError, RenderOptions, render
from tests.services.test_render import make_project

REQUEST = JobRequest(prompt="A heron at dusk", model="animatic", size="480x480", seconds=4)


async def test_repeated_429s_wait_longer_each_time_and_stop_at_the_bound(
        provider: LocalProvider, make_runner: Callable[..., JobRunner]) -> None:
    provider.faults.rate_limit_every = 1  # every request is refused
    provider.faults.retry_after_ms = 10
    events: list[JobEvent] = []
    config = RunnerConfig(rate_limit_base=0.05, rate_limit_max=0.15, rate_limit_attempts=4)
    runner = make_runner(config=config, events=events)
    job = await runner.submit("local", REQUEST)
    final = await runner.wait(job.id)
    assert final.state == JobState.FAILED
    assert final.error_category == Category.RATE_LIMIT.value
    assert "stopped after 5 refused tries" in (final.error_message or "")
    assert final.cost_spent == 0.0
    waits = [e.retry_in for e in events if e.retry_in is not None]
    assert waits == [0.05, 0.1, 0.15, 0.15]  # grown from the base, capped, then stopped
    assert provider.faults._requests == 5  # the first POST and four more, no more
    assert provider.job_count() == 0


async def test_the_render_line_says_it_is_rate_limited(tmp_path: Path,
                                                       provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 1)
    provider.faults.rate_limit_every = 1  # refused until the line says so
    provider.faults.retry_after_ms = 10
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if "rate limited" in line:
            provider.faults.rate_limit_every = 0

    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         ledger=tmp_path / "jobs.sqlite3")
    await render(opts, report=report, config=RunnerConfig(
        poll_min=0.05, poll_max=0.2, rate_limit_base=0.4, rate_limit_attempts=4))
    assert any(line.endswith("rate limited, retrying in 1 s") for line in lines), lines
    assert "1/1 done" in lines[-1]


async def test_a_shot_refused_by_moderation_is_not_sent_again_unless_asked(
        tmp_path: Path, provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 2)
    provider.faults.moderation_words = ("Scene 2",)
    provider.faults.moderate_at_submit = True  # refused at the POST, as invalid input is
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         ledger=tmp_path / "jobs.sqlite3")
    with pytest.raises(RenderError, match="shot s2"):
        await render(opts, report=lambda _: None)
    assert provider.job_count() == 1  # s1 made; s2 refused before it was created
    posts = provider.faults._requests
    with pytest.raises(RenderError, match=r"shot s2: .*--retry-failed"):
        await render(opts, report=lambda _: None)
    assert provider.faults._requests - posts <= 2  # s1 reused: no POST for s2 at all
    provider.faults.moderation_words = ()
    await render(RenderOptions(**{**opts.__dict__, "retry_failed": True}),
                 report=lambda _: None)
    assert provider.job_count() == 2


_LIMITED = textwrap.dedent("""
    import resource, runpy, signal, sys
    limit = int(sys.argv.pop(1))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.argv[0] = "sora-studio"
    runpy.run_module("studio.cli", run_name="__main__")
""")


def _unmeasured(**extra: str) -> dict[str, str]:
    """The environment without `make coverage`'s hand-over: a process whose every write
    is capped cannot save its coverage data (coverage's exit would print a traceback)."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}, **extra}


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--data-dir", str(data_dir),
         "--generation-seconds", "0.3"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True)
    assert proc.stdout is not None
    match = re.fullmatch(r"serving (http://\S+/v1)\n", proc.stdout.readline())
    assert match
    return proc, match[1]


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="POSIX file size limits")
@pytest.mark.timeout(180)
@pytest.mark.parametrize("limit", [48 * 1024, 600 * 1024], ids=["ledger and media", "film"])
def test_a_full_disk_is_one_classified_line(tmp_path: Path, limit: int) -> None:
    """The render process may write no file past ``limit`` bytes: with 48 KB the ledger and
    the clips fail; with 600 KB every clip fits and only the joined film does not."""
    project = make_project(tmp_path / "p.sorastudio", 3)
    server, url = _serve(tmp_path / "server")
    try:
        out = subprocess.run(
            [sys.executable, "-c", _LIMITED, str(limit), "render", str(project), "-o",
             str(tmp_path / "film.mp4"), "--base-url", url, "--ledger",
             str(tmp_path / "state" / "jobs.sqlite3")],
            capture_output=True, text=True, timeout=150, env=_unmeasured(STUDIO_NO_QT="1"))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and "never retrieved" not in out.stderr, out.stderr
    problems = [line for line in out.stderr.splitlines() if not line.startswith("render: ")]
    assert len(problems) == 1, out.stderr
    assert problems[0].startswith("sora-studio: local storage: "), problems[0]
    assert not (tmp_path / "film.mp4").exists()
