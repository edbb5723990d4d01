"""File ▸ Export in the real window: generate, choose takes, export, decode the film."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.model import TakeStatus
from studio.media.probe import probe, verify_video
from studio.ui.export_dialog import ExportDialog
from tests.ui.studio_harness import open_sample, run, until


def _small_sample(win, n: int) -> None:
    open_sample(win, win.loop)
    doc = win.doc
    doc.set_look_field("size", "640x360")
    doc.delete_shots([s.id for s in doc.project.shots[n:]])
    doc.undo_stack.setClean()


def _first_frame(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        return next(c.decode(video=0)).to_ndarray(format="gray").astype(np.int16)


def _dialog(win) -> ExportDialog:
    win.actions.export.trigger()
    dialog = win.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


@pytest.mark.timeout(480)
def test_generate_choose_takes_and_export_a_film_that_decodes(launch, qloop, tmp_path):
    win = launch()
    _small_sample(win, 2)
    doc = win.doc
    first, second = doc.project.shots

    async def scenario() -> None:
        win.actions.generate_all.trigger()
        await until(lambda: all(s.takes and s.takes[-1].status is TakeStatus.COMPLETED
                                for s in doc.project.shots), 150, "two clips")
        doc.set_selection([first.id])
        win.actions.generate_shot.trigger()
        await until(lambda: len(first.takes) == 2
                    and first.takes[1].status is TakeStatus.COMPLETED, 120, "a second take")
        doc.choose_take(first.id, first.takes[0].id)  # the user prefers the first one
        assert first.chosen_take == first.takes[0].id

        dialog = _dialog(win)
        # a cancel before the work begins: nothing is written
        out = tmp_path / "out" / "film.mp4"
        dialog.output.setText(str(out))
        dialog.subtitles.setChecked(True)
        dialog.start()
        dialog.cancel_button.click()
        await until(lambda: not dialog.running(), 30, "the cancel")
        assert dialog.failure is not None and dialog.failure.code == "cancelled"
        assert not out.exists() and not out.with_suffix(".srt").exists()
        assert "cancelled" in dialog.status.text()

        dialog.crossfade.setValue(0.5)
        dialog.export_button.click()
        await until(lambda: not dialog.running(), 120, "the export")
        assert dialog.failure is None, dialog.status.text()
        assert dialog.progress.value() == 1000

        takes = [doc.resolve_media(first.takes[0].media), doc.resolve_media(second.takes[0].media)]
        expected = sum(probe(p).duration for p in takes) - 0.5
        info = verify_video(out, width=640, height=360)
        assert info.duration == pytest.approx(expected, abs=1 / info.fps)
        assert info.audio_duration == pytest.approx(expected, abs=1 / info.fps)
        # the film starts with the chosen take, not the newer one
        diff_chosen = np.abs(_first_frame(out) - _first_frame(takes[0])).mean()
        assert diff_chosen < 4
        srt = out.with_suffix(".srt").read_text(encoding="utf-8")
        assert first.title in srt and second.title in srt
        dialog.cancel_button.click()  # Close
        await until(lambda: not dialog.isVisible(), 5, "the dialog to close")

    run(qloop, scenario(), 460)


@pytest.mark.timeout(60)
def test_a_shot_without_a_take_is_named_and_nothing_is_written(launch, qloop, tmp_path):
    win = launch()
    _small_sample(win, 2)

    async def scenario() -> None:
        dialog = _dialog(win)
        out = tmp_path / "film.mp4"
        dialog.output.setText(str(out))
        dialog.export_button.click()
        await until(lambda: dialog.failure is not None, 20, "the refusal")
        assert dialog.failure.code == "missing_take"
        title = win.doc.project.shots[0].title
        assert "shot 1" in dialog.status.text() and title in dialog.status.text()
        assert not out.exists()
        assert "shot 1" in win.statusBar().currentMessage()
        dialog.reject()

    run(qloop, scenario())
