"""The export use case on real clips: all files or none, codes naming the shot, cancel."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import numpy as np
import pytest

from studio.app.export import Exporter, ExportFailed, ExportRequest, extra_paths
from studio.app.generation import GenerationService
from studio.core.model import Project, Shot, Take, TakeStatus
from studio.media.probe import verify_video
from studio.storage.bundle import read_bundle
from studio.storage.project_file import load_project
from tests.app.test_continuity import _generate_first, _small
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


@pytest.mark.timeout(120)
def test_each_take_is_measured_once_and_exports_read_the_kept_level(tmp_path: Path) -> None:
    from studio.media.loudness import LoudnessStore

    project = _project(tmp_path / "p")
    store = LoudnessStore(tmp_path / "loudness")
    out = tmp_path / "out" / "film.mp4"
    outcome = Exporter(project, tmp_path / "p", ExportRequest(out),
                       loudness=store).run_blocking()
    assert outcome.mode == "copy"
    takes = [tmp_path / "p" / "media" / f"t{i}.mp4" for i in range(3)]
    kept = [store.kept(t) for t in takes]
    assert all(k is not None for k in kept)
    # the second export reads the entries: doctored to say shot 2 is 30 dB quieter, it
    # evens shot 2 up (its sound rebuilt louder), which no decode of the take would do
    entry = store.entry(takes[1])
    assert entry is not None
    doctored = [p / 1000 for p in kept[1].power]  # type: ignore[union-attr]
    entry.write_text(json.dumps({**kept[1].to_json(), "power": doctored}))  # type: ignore[union-attr]
    Exporter(project, tmp_path / "p", ExportRequest(out), loudness=store).run_blocking()
    audio = decode_audio(out)
    rms = [float(np.sqrt((audio[round(a * RATE):round(b * RATE)] ** 2).mean()))
           for a, b in ((0.2, 0.8), (1.2, 1.8))]
    assert 20 * np.log10(rms[1] / rms[0]) > 6  # the same tone level, now boosted


@pytest.mark.timeout(120)
async def test_a_placed_take_has_its_loudness_kept(service: GenerationService,
                                                   tmp_path: Path) -> None:
    from studio.media.loudness import LoudnessStore

    project = _small(1)
    take = await _generate_first(service, project, tmp_path)
    # the conftest's cache dir (XDG_CACHE_HOME) is this test session's, never the user's
    kept = LoudnessStore().kept(tmp_path / (take.media or ""))
    assert kept is not None and kept.samples > 0


def test_a_bundle_is_imported_into_a_new_folder_beside_it(tmp_path: Path) -> None:
    import zipfile

    from studio.app.export import import_bundle
    from studio.storage.bundle import write_bundle

    project = _project(tmp_path / "p", n=2)
    bundle = tmp_path / "out" / "film-project.zip"
    bundle.parent.mkdir()
    write_bundle(project, tmp_path / "p", bundle, ["media/t0.mp4", "media/t1.mp4"])
    first = import_bundle(bundle, bundle.parent)
    again = import_bundle(bundle, bundle.parent)
    assert first.parent.name == "film-project" and again.parent.name == "film-project 2"
    assert load_project(first) == load_project(again) == project
    assert (again.parent / "media" / "t1.mp4").read_bytes() == \
        (tmp_path / "p" / "media" / "t1.mp4").read_bytes()
    hostile = tmp_path / "out" / "evil.zip"
    with zipfile.ZipFile(hostile, "w") as z:
        z.writestr("project.sorastudio", b"{}")
        z.writestr("media/../../escape.txt", b"x")
    with pytest.raises(ExportFailed) as err:
        import_bundle(hostile, bundle.parent)
    assert err.value.code == "bundle_refused" and err.value.params["name"] == "evil.zip"
    assert sorted(p.name for p in bundle.parent.iterdir()) == [
        "evil.zip", "film-project", "film-project 2", "film-project.zip"]
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.timeout(120)
def test_a_shot_saved_to_continue_is_cut_to_in_the_film_and_its_subtitles(
        tmp_path: Path) -> None:
    from studio.core.model import Continuity

    project = _project(tmp_path / "p")
    project.shots[1].continuity = Continuity.LAST_FRAME
    out = tmp_path / "out" / "film.mp4"
    outcome = Exporter(project, tmp_path / "p",
                       ExportRequest(out, crossfade=0.25, subtitles=True)).run_blocking()
    assert outcome.mode == "joins"  # the join into shot 3 still dissolves (re-encoded)
    assert verify_video(out).duration == pytest.approx(3.0 - 0.25, abs=1 / 24)
    srt = extra_paths(out)["subtitles"].read_text(encoding="utf-8")
    assert "00:00:00,000 --> 00:00:01,000\nBeat 1" in srt  # no dissolve into Beat 2
    assert "00:00:01,000 --> 00:00:01,750\nBeat 2" in srt
    assert "00:00:01,750 --> 00:00:02,750\nBeat 3" in srt
