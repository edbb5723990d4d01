"""The export use case on real clips: all files or none, codes naming the shot, cancel."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from studio.app.export import Exporter, ExportFailed, ExportRequest, extra_paths
from studio.core.model import Project, Shot, Take, TakeStatus
from studio.media.probe import verify_video
from studio.storage.bundle import read_bundle
from studio.storage.project_file import load_project
from tests.media.clips import RATE, decode_audio, make_clip


def _project(root: Path, n: int = 3, seconds: float = 1.0) -> Project:
    (root / "media").mkdir(parents=True, exist_ok=True)
    shots = []
    for i in range(n):
        make_clip(root / "media" / f"t{i}.mp4", seconds=seconds, shade=60 * i, hz=300 + 100 * i)
        take = Take(status=TakeStatus.COMPLETED, media=f"media/t{i}.mp4",
                    params={"seconds": 1})
        shots.append(Shot(title=f"Beat {i + 1}", duration=4, takes=[take], chosen_take=take.id))
    return Project(title="Film", shots=shots)


@pytest.mark.timeout(120)
def test_export_everything_beside_the_film(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    project.shots[1].trim_in = 0.25
    out = tmp_path / "out" / "film.mp4"
    stages: list[str] = []
    request = ExportRequest(out, crossfade=0.25, shot_clips=True, contact_sheet=True,
                            subtitles=True, prompts=True, bundle=True)

    async def go():
        return await Exporter(project, tmp_path / "p", request,
                              lambda _f, s: stages.append(s)).run()

    outcome = asyncio.run(go())
    expected = 1.0 + 0.75 + 1.0 - 2 * 0.25
    info = verify_video(out)
    assert info.duration == pytest.approx(expected, abs=1 / 24)
    assert decode_audio(out).size / RATE == pytest.approx(expected, abs=1 / 24)
    paths = extra_paths(out)
    shots = sorted(paths["shots"].iterdir())
    assert [p.name for p in shots] == ["01-Beat-1.mp4", "02-Beat-2.mp4", "03-Beat-3.mp4"]
    assert verify_video(shots[1]).duration == pytest.approx(0.75, abs=1 / 24)
    srt = paths["subtitles"].read_text(encoding="utf-8")
    assert "1\n00:00:00,000 --> 00:00:00,750\nBeat 1\n" in srt
    assert "00:00:00,750 --> 00:00:01,250\nBeat 2" in srt
    assert "Beat 3" in paths["prompts"].read_text(encoding="utf-8")
    assert paths["sheet"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    imported = read_bundle(paths["bundle"], tmp_path / "imported")
    assert load_project(imported) == project
    assert set(outcome.files) >= {out, paths["sheet"], paths["subtitles"], paths["bundle"]}
    assert stages[0] == "check" and stages[-1] == "done" and "film" in stages


def test_a_shot_without_a_take_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    project.shots[2].chosen_take = None
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(ExportFailed) as err:
        Exporter(project, tmp_path / "p", ExportRequest(out, subtitles=True)).run_blocking()
    assert err.value.code == "missing_take"
    assert err.value.params["shot"] == 3 and err.value.params["title"] == "Beat 3"
    assert not out.parent.exists()


def test_a_corrupt_take_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    clip = tmp_path / "p" / "media" / "t1.mp4"
    clip.write_bytes(clip.read_bytes()[:400])
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(ExportFailed) as err:
        Exporter(project, tmp_path / "p", ExportRequest(out, prompts=True)).run_blocking()
    assert err.value.code == "take_unreadable" and err.value.params["shot"] == 2
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


@pytest.mark.timeout(120)
def test_cancel_during_the_extras_removes_the_film_too(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    out = tmp_path / "out" / "film.mp4"
    exporter: Exporter

    def progress(_f: float, stage: str) -> None:
        if stage == "shots":
            exporter.cancel()

    exporter = Exporter(project, tmp_path / "p",
                        ExportRequest(out, shot_clips=True, subtitles=True), progress)
    with pytest.raises(ExportFailed) as err:
        exporter.run_blocking(progress)
    assert err.value.code == "cancelled"
    assert list(out.parent.iterdir()) == []
