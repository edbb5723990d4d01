"""Help ▸ About: the versions of this build as read at run time, the licences, and the
folders with buttons that really ask the desktop to open them (a ``file:`` URL handler
registered with Qt stands in for the file manager)."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import PIL
import PySide6
import pytest
from PySide6.QtCore import QObject, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMessageBox

from studio import __version__
from studio.app.about import bundled_parts, folders
from studio.ui.about_dialog import AboutDialog


class FileManager(QObject):
    """Receives the ``file:`` URLs QDesktopServices.openUrl is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    """A user whose XDG folders are under tmp_path (platformdirs reads them)."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    return tmp_path


@pytest.fixture
def dialog(qtbot, user_dirs):
    dlg = AboutDialog(bundled_parts(), folders())
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _rows(dlg) -> dict[str, tuple[str, str, list[str]]]:
    tree = dlg.parts_view
    rows = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        notes = [item.child(j).text(0) for j in range(item.childCount())]
        rows[item.text(0)] = (item.text(1), item.text(2), notes)
    return rows


def test_the_versions_are_those_of_the_running_build(dialog):
    rows = _rows(dialog)
    assert rows["Sora Studio"][:2] == (__version__, "MIT")
    assert rows["Qt"] == (qVersion(), "LGPL-3.0-only", [])
    assert rows["PySide6"][:2] == (PySide6.__version__, "LGPL-3.0-only")
    assert rows["PyAV"][:2] == (av.__version__, "BSD-3-Clause")
    assert rows["OpenCV"][:2] == (cv2.__version__, "Apache-2.0")
    assert rows["Pillow"][0] == PIL.__version__
    version, licence, notes = rows["FFmpeg (inside PyAV)"]
    assert version == str(av.ffmpeg_version_info)
    assert licence == av._core.library_meta["libavcodec"]["license"]  # as FFmpeg says
    config = av._core.library_meta["libavcodec"]["configuration"]
    if "--enable-libx264" in config:  # the GPL encoders this wheel links are named
        assert notes and "x264" in notes[0] and "GPL-2.0-or-later" in notes[0]
    qt_ffmpeg = rows["FFmpeg (inside Qt Multimedia)"]
    assert qt_ffmpeg[0].startswith("libavcodec ") and qt_ffmpeg[1] == "LGPL-2.1-or-later"
    font = rows["Chinese font (animatic cards)"]
    assert font[0] and font[2] and "not bundled" in font[2][0]
    text = dialog.findChild(QLabel, "about_text").text()
    assert f"Sora Studio {__version__}" in text


def test_the_folders_are_the_ones_the_studio_writes(dialog, user_dirs):
    data = user_dirs / "xdg_data_home" / "sora-studio"
    shown = {k: dialog.findChild(QLabel, f"{k}_path").text()
             for k in ("data", "settings", "cache")}
    assert shown == {"data": str(data),
                     "settings": str(user_dirs / "xdg_config_home" / "sora-studio"),
                     "cache": str(user_dirs / "xdg_cache_home" / "sora-studio")}
    assert "SORA_STUDIO_LOG" in dialog.findChild(QLabel, "logs_note").text()


def test_open_asks_the_desktop_to_show_the_folder_made_first(dialog, user_dirs):
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        assert not (user_dirs / "xdg_cache_home" / "sora-studio").exists()
        dialog.open_buttons["cache"].click()
        dialog.open_buttons["data"].click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    cache = user_dirs / "xdg_cache_home" / "sora-studio"
    assert [Path(u.toLocalFile()) for u in manager.opened] == [
        cache, user_dirs / "xdg_data_home" / "sora-studio"]
    assert cache.is_dir()  # a new user's folder is made, so there is something to open


def test_a_folder_that_cannot_be_made_is_reported(dialog, user_dirs, monkeypatch):
    blocker = user_dirs / "a-file"
    blocker.write_text("not a folder")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a: warned.append(f"{title}: {text}"))
    assert dialog.open_folder(blocker / "inside") is False
    assert len(warned) == 1 and warned[0].startswith("Folder not opened: ")
    assert str(blocker / "inside") in warned[0] and "cannot be made" in warned[0]
