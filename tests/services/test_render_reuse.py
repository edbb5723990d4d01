"""render reuses chosen (else latest completed) takes: 0 requests when every shot has one."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.model import Continuity, Look, Project, Shot, Strategy, Take, TakeStatus
from studio.localserver.server import LocalProvider
from studio.media.probe import probe, verify_video
from studio.services.render import RenderError, RenderOptions, render
from studio.storage.project_file import save_project
from tests.media.clips import make_clip


def _project(root: Path, with_takes: tuple[bool, ...], model: str = "animatic") -> Path:
    (root / "media").mkdir(parents=True, exist_ok=True)
    shots = []
    for i, has in enumerate(with_takes, start=1):
        takes = []
        if has:
            make_clip(root / "media" / f"t{i}.mp4", width=480, height=480, seconds=1.0,
                      shade=70 * i)
            takes = [Take(status=TakeStatus.COMPLETED, media=f"media/t{i}.mp4", created_at=1.0)]
        shots.append(Shot(id=f"s{i}", title=f"Shot {i}", description=f"Scene {i}: a boat.",
                          duration=4, takes=takes,
                          chosen_take=takes[0].id if takes and i % 2 else None))
    project = Project(title="Reuse", look=Look(size="480x480", model=model,
                                               strategy=Strategy.PER_SHOT), shots=shots)
    path = root / "p.sorastudio"
    save_project(project, path)
    return path


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, provider: LocalProvider) -> None:
    """The server's key, as a user would pass it (--api-key-env)."""
    monkeypatch.setenv("H12_RENDER_KEY", getattr(provider, "api_key", None) or "unused")


def _opts(tmp_path: Path, proj: Path, provider: LocalProvider, **kw) -> RenderOptions:
    return RenderOptions(project=proj, output=tmp_path / "film.mp4", base_url=provider.base_url,
                         api_key_env="H12_RENDER_KEY", ledger=tmp_path / "state" / "jobs.sqlite3",
                         **kw)


@pytest.mark.timeout(120)
async def test_all_shots_with_takes_send_nothing(tmp_path: Path, provider: LocalProvider) -> None:
    proj = _project(tmp_path / "p", (True, True, True))  # shot 2: latest, not chosen
    lines: list[str] = []
    out = await render(_opts(tmp_path, proj, provider), report=lines.append)
    assert provider.job_count() == 0  # the server saw no create
    assert "clips reused 3, to generate 0" in lines[0]
    info = verify_video(out, width=480, height=480)
    assert info.duration == pytest.approx(3.0, abs=1 / 24)


@pytest.mark.timeout(180)
async def test_only_missing_shots_are_generated_and_regenerate_forces(
        tmp_path: Path, provider: LocalProvider) -> None:
    proj = _project(tmp_path / "p", (True, False))
    out = await render(_opts(tmp_path, proj, provider), report=lambda _l: None)
    assert provider.job_count() == 1
    assert probe(out).duration == pytest.approx(1.0 + 4.0, abs=2 / 24)
    await render(_opts(tmp_path, proj, provider, regenerate=("1",)), report=lambda _l: None)
    assert provider.job_count() == 2
    with pytest.raises(RenderError, match="--regenerate 9"):
        await render(_opts(tmp_path, proj, provider, regenerate=("9",)), report=lambda _l: None)


@pytest.mark.timeout(60)
async def test_a_charging_provider_quotes_and_needs_yes(tmp_path: Path,
                                                        provider: LocalProvider) -> None:
    proj = _project(tmp_path / "p", (True, False, False), model="sora-2")
    with pytest.raises(RenderError, match=r"sends 2 clip\(s\).*\$0\.80.*--yes"):
        await render(_opts(tmp_path, proj, provider), report=lambda _l: None)
    assert provider.job_count() == 0


@pytest.mark.timeout(180)
async def test_render_says_which_continuity_it_does_not_follow(
        tmp_path: Path, provider: LocalProvider) -> None:
    """The window extends shot 2 and waits for shot 3's last frame; render says it makes
    both as clips of their own, before sending them."""
    from studio.storage.project_file import load_project

    proj = _project(tmp_path / "p", (True, False, False))
    project = load_project(proj)
    project.shots[1].continuity = Continuity.EXTEND
    project.shots[2].continuity = Continuity.LAST_FRAME
    save_project(project, proj)
    lines: list[str] = []
    await render(_opts(tmp_path, proj, provider), report=lines.append)
    said = [line for line in lines if line.startswith("render: shot")]
    assert len(said) == 2
    assert "shot 2 is set to extend shot 1's take" in said[0]
    assert "shot 3 is set to start from shot 2's last frame" in said[1]
    assert provider.job_count() == 2


@pytest.mark.timeout(120)
async def test_render_says_when_a_last_frame_reference_is_outdated(
        tmp_path: Path, provider: LocalProvider) -> None:
    """Shot 2's reference was shot 1's last frame of another take: said, then sent."""
    import io

    from PIL import Image

    from studio.app import references
    from studio.core.model import FrameSource
    from studio.storage.project_file import load_project

    proj = _project(tmp_path / "p", (True, False))
    project = load_project(proj)
    png = io.BytesIO()
    Image.new("RGB", (480, 480), (90, 120, 150)).save(png, "PNG")
    image = references.prepare(png.getvalue(), "480x480")
    consent = references.consent_for(image)
    second = project.shots[1]
    second.continuity = Continuity.LAST_FRAME
    second.reference = references.reference_for(
        image, references.store(image, proj.parent), consent, FrameSource(take="older", at=1.0))
    project.consents.append(consent)
    save_project(project, proj)
    lines: list[str] = []
    await render(_opts(tmp_path, proj, provider), report=lines.append)
    [said] = [line for line in lines if line.startswith("render: shot")]
    assert "shot 2's reference is a frame shot 1's cut no longer ends on" in said
    assert provider.job_count() == 1
