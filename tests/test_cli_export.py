"""``sora-studio export``: the chosen cut as one MP4 from the command line, no generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli import main
from studio.core.model import Project, Shot, Take, TakeStatus
from studio.media.probe import verify_video
from studio.storage.project_file import save_project
from tests.media.clips import RATE, decode_audio, make_clip


def _project(root: Path, chosen: tuple[bool, ...]) -> Path:
    (root / "media").mkdir(parents=True)
    shots = []
    for i, pick in enumerate(chosen, start=1):
        make_clip(root / "media" / f"t{i}.mp4", seconds=1.0, shade=60 * i)
        take = Take(status=TakeStatus.COMPLETED, media=f"media/t{i}.mp4")
        shots.append(Shot(title=f"Shot {i}", takes=[take], chosen_take=take.id if pick else None))
    path = root / "p.sorastudio"
    save_project(Project(shots=shots), path)
    return path


@pytest.mark.timeout(60)
def test_export_with_crossfade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = _project(tmp_path / "p", (True, True, True))
    out = tmp_path / "film.mp4"
    assert main(["export", str(proj), "-o", str(out), "--crossfade", "0.25", "--srt"]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out), str(tmp_path / "film.srt")]
    info = verify_video(out)
    assert info.duration == pytest.approx(3.0 - 0.5, abs=1 / 24)
    assert decode_audio(out).size / RATE == pytest.approx(2.5, abs=1 / 24)


def test_export_names_the_shot_without_a_take(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    proj = _project(tmp_path / "p", (True, False))
    out = tmp_path / "film.mp4"
    assert main(["export", str(proj), "-o", str(out)]) == 1
    assert "shot 2 (Shot 2) has no finished chosen take" in capsys.readouterr().err
    assert not out.exists()
