"""The render's less common paths: a damaged ledger, a provider named by a profile, and the
film check (``python -m studio.services.render FILE``) on real MP4s.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from studio.localserver.server import LocalProvider
from studio.media.probe import MediaError
from studio.services.render import RenderError, RenderOptions, _main, render, verify_film
from studio.storage.settings import ProviderProfile, Settings, SettingsStore
from tests.services.conftest import make_mp4
from tests.services.test_render import make_project

pytestmark = pytest.mark.timeout(120)


async def test_a_damaged_ledger_stops_the_render_before_anything_is_sent(
        tmp_path: Path, provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 1)
    ledger = tmp_path / "state" / "jobs.sqlite3"
    ledger.parent.mkdir()
    ledger.write_bytes(b"not a database, " * 512)
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4",
                         base_url=provider.base_url, ledger=ledger)
    with pytest.raises(RenderError) as caught:
        await render(opts, report=lambda _: None)
    text = str(caught.value)
    assert "was damaged" in text and "moved aside" in text
    assert text.endswith("run the command again to render with it (clips of earlier runs "
                         "will be generated again)")
    assert "\n" not in text
    assert provider.job_count() == 0 and not (tmp_path / "film.mp4").exists()
    moved = list(ledger.parent.glob("jobs.sqlite3.corrupt-*"))
    assert [m.read_bytes() for m in moved] == [b"not a database, " * 512]  # kept, not lost


async def test_a_render_through_a_named_profile(tmp_path: Path, provider: LocalProvider,
                                                monkeypatch: pytest.MonkeyPatch,
                                                ring: object) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = SettingsStore()
    settings = Settings()
    settings.profiles.append(ProviderProfile(name="Studio gateway", base_url=provider.base_url,
                                             models=["animatic"], concurrency=1))
    store.save(settings)
    proj = make_project(tmp_path / "p.sorastudio", 1)
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4", provider="Missing",
                         ledger=tmp_path / "state" / "jobs.sqlite3")
    with pytest.raises(RenderError, match="no provider profile named 'Missing'; pass --base-url"):
        await render(opts, report=lambda _: None)
    assert provider.job_count() == 0
    lines: list[str] = []
    out = await render(RenderOptions(**{**opts.__dict__, "provider": "Studio gateway"}),
                       report=lines.append)
    assert out == tmp_path / "film.mp4"
    verify_film(out, size="480x480", seconds=4)
    assert provider.job_count() == 1 and lines[-1] == "render: 1/1 done"


@pytest.fixture(scope="module")
def silent_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 1 s clip with no audio track."""
    from studio.media.concat import Mp4Writer

    path = tmp_path_factory.mktemp("films") / "silent.mp4"
    with Mp4Writer(path, 160, 120, fps=12) as w:
        for i in range(12):
            w.write_rgb(np.full((120, 160, 3), i * 20, dtype=np.uint8))
    return path


def test_verify_film_checks_length_and_audio(clip: Path, silent_clip: Path) -> None:
    summary = verify_film(clip, size="320x240", seconds=1)
    assert summary.startswith(f"{clip}: ok, 1.00 s, 320x240, 12 frames, audio ")
    with pytest.raises(MediaError, match=r"1\.00 s long, expected 4\.0 s"):
        verify_film(clip, size=None, seconds=4.0)
    with pytest.raises(MediaError, match="no decodable audio track"):
        verify_film(silent_clip, size="160x120", seconds=None)


def test_the_film_check_command(tmp_path: Path, clip: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _main([str(clip), "--size", "320x240", "--seconds", "1"]) == 0
    assert capsys.readouterr().out.startswith(f"{clip}: ok, 1.00 s, 320x240")
    assert _main([str(clip), "--size", "640x480"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("verify: ") and err.count("\n") == 1
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(clip.read_bytes()[:2000])
    assert _main([str(broken)]) == 1
    assert capsys.readouterr().err.startswith("verify: ")


def test_the_film_check_runs_as_a_module(tmp_path: Path) -> None:
    import subprocess

    film = make_mp4(tmp_path / "f.mp4", seconds=2.0)
    ok = subprocess.run([sys.executable, "-m", "studio.services.render", str(film),
                         "--seconds", "2"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stdout.startswith(f"{film}: ok, 2.00 s"), ok.stderr
    bad = subprocess.run([sys.executable, "-m", "studio.services.render", str(film),
                          "--seconds", "5"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.startswith("verify: "), bad.stderr
