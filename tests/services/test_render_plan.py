"""Render checks the whole plan before the first request, and knows a provider however
its URL is spelled (a resume with 'localhost' for '127.0.0.1' pays for nothing twice)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.model import ConsentKind, ConsentRecord, ReferenceImage
from studio.localserver.server import LocalProvider
from studio.services.identity import provider_identity
from studio.services.render import RenderError, RenderOptions, render
from studio.storage.project_file import load_project, save_project
from tests.localserver.helpers import png
from tests.services.test_render import make_project


@pytest.mark.parametrize("spelling", [
    "http://127.0.0.1:8080/v1", "http://localhost:8080/v1/", "HTTP://LocalHost:8080//v1",
    "http://[::1]:8080/v1", "http://127.0.0.2:8080/v1?x=1", "http://127.0.0.1:8080/v1#top",
])
def test_loopback_spellings_are_one_provider(spelling: str) -> None:
    assert provider_identity(spelling) == "http://127.0.0.1:8080/v1"


def test_other_spellings_that_are_one_provider_and_some_that_are_not() -> None:
    same = {provider_identity(u) for u in ("https://api.openai.com/v1",
                                           "https://API.openai.com:443/v1/")}
    assert same == {"https://api.openai.com/v1"}
    different = {provider_identity(u) for u in (
        "http://127.0.0.1:8080/v1", "http://127.0.0.1:8081/v1", "https://127.0.0.1:8080/v1",
        "http://127.0.0.1:8080/v2", "http://gw.example:8080/v1")}
    assert len(different) == 5


async def test_a_resume_spelled_differently_creates_nothing_new(
        tmp_path: Path, provider: LocalProvider) -> None:
    proj = make_project(tmp_path / "p.sorastudio", 2)
    port = provider.base_url.rsplit(":", 1)[1].split("/")[0]
    ledger = tmp_path / "state" / "jobs.sqlite3"
    for url in (f"http://127.0.0.1:{port}/v1", f"http://localhost:{port}/v1/"):
        await render(RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=url,
                                   ledger=ledger, regenerate=()), report=lambda _: None)
        assert provider.job_count() == 2


def _with_reference(tmp_path: Path, target: str | None) -> Path:
    """A one-shot project whose reference path ``refs/r.png`` is ``target``: a link to it,
    a folder, or (None) missing; the consent is for the real image's bytes."""
    import hashlib

    proj = make_project(tmp_path / "p.sorastudio", 2)
    project = load_project(proj)
    project.look.model = "sora-2"
    project.look.size = "1280x720"
    image = png(1280, 720)
    sha = hashlib.sha256(image).hexdigest()
    (tmp_path / "refs").mkdir()
    project.consents.append(ConsentRecord(id="c1", kind=ConsentKind.REFERENCE_IMAGE,
                                          statements=["mine"], accepted_at="2026-01-01",
                                          image_sha256=sha))
    project.shots[1].reference = ReferenceImage(path="refs/r.png", sha256=sha, consent_id="c1")
    ref = tmp_path / "refs" / "r.png"
    if target == "folder":
        ref.mkdir()
    elif target is not None:
        ref.symlink_to(target)
    save_project(project, proj)
    return proj


@pytest.mark.parametrize("target", ["/etc/passwd", "folder", None, "../../outside.png"])
async def test_a_bad_reference_stops_render_before_the_first_request(
        tmp_path: Path, provider: LocalProvider, target: str | None) -> None:
    (tmp_path.parent / "outside.png").write_bytes(png(1280, 720))
    proj = _with_reference(tmp_path, target)
    opts = RenderOptions(project=proj, output=tmp_path / "film.mp4",
                         base_url=provider.base_url, ledger=tmp_path / "jobs.sqlite3",
                         regenerate=(), yes=True)
    with pytest.raises(RenderError, match=r"nothing was sent:\n  .*refs/r\.png is missing"):
        await render(opts, report=lambda _: None)
    assert provider.job_count() == 0
    out = subprocess.run([sys.executable, "-m", "studio.cli", "validate", str(proj)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "STUDIO_NO_QT": "1"})
    assert out.returncode == 1 and "1 errors" in out.stdout, out.stdout + out.stderr
    assert "refs/r.png is missing" in out.stderr
