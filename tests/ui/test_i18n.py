"""The interface language: chosen from the settings or the desktop, installed before the
window is built (ours and Qt's own translations), formats per locale, Chinese that
really renders, and nothing cut off in the Chinese window."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QWidget,
)

from scripts import translations
from scripts.dialog_shots import clipped as _clipped
from studio.storage.settings import Settings, SettingsStore
from studio.ui import formats, i18n
from tests.ui.studio_harness import open_sample, run, until

EN = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
ZH = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory) -> Path:
    """The committed .ts compiled as `make translations` does (into a temporary folder)."""
    out = tmp_path_factory.mktemp("qm")
    translations.release(translations.ts_path("zh_CN"), out / "sora-studio_zh_CN.qm")
    return out


@pytest.fixture
def chinese(qapp: QApplication, qm_dir: Path):
    installed = i18n.install(qapp, "zh_CN", qm_dir)
    yield installed
    installed.remove()


# -- choosing ---------------------------------------------------------------------------
def test_system_follows_the_desktop_and_an_explicit_choice_wins():
    assert i18n.resolve("system", QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve("system", QLocale("zh_TW")) == "zh_CN"  # closer than English
    assert i18n.resolve("system", QLocale("de_DE")) == "en"
    assert i18n.resolve("system", QLocale.c()) == "en"
    assert i18n.resolve("en", QLocale("zh_CN")) == "en"
    assert i18n.resolve("zh_CN", QLocale("en_US")) == "zh_CN"


def test_the_setting_defaults_to_the_system_and_refuses_unknown_languages(tmp_path):
    assert Settings().interface_language == "system"
    with pytest.raises(ValueError):
        Settings(interface_language="fr")
    store = SettingsStore(tmp_path)
    settings = Settings(interface_language="zh_CN")
    store.save(settings)
    assert store.load().interface_language == "zh_CN"


def test_the_saved_choice_is_what_start_up_installs(qapp, tmp_path, monkeypatch, qm_dir):
    SettingsStore(tmp_path).save(Settings(interface_language="zh_CN"))
    monkeypatch.setattr(i18n, "translations_dir", lambda: qm_dir)
    installed = i18n.install_from_settings(qapp, tmp_path)
    try:
        assert installed.language == "zh_CN"
        assert QCoreApplication.translate("Actions", "&File") == "文件(&F)"
    finally:
        installed.remove()
    assert QCoreApplication.translate("Actions", "&File") == "&File"


# -- installing -------------------------------------------------------------------------
def test_chinese_installs_ours_and_qts_own_translations(chinese):
    assert chinese.language == "zh_CN" and len(chinese.translators) == 2
    assert QCoreApplication.translate("Actions", "&File") == "文件(&F)"
    assert QCoreApplication.translate("StoryboardReview", "%n shots", "", 3) == "3 个镜头"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    texts = {box.button(b).text() for b in (QDialogButtonBox.StandardButton.Ok,
                                            QDialogButtonBox.StandardButton.Cancel)}
    assert all(_has_cjk(t) for t in texts), texts  # Qt's own: 确定 / 取消
    box.deleteLater()
    assert QLocale().language() == QLocale.Language.Chinese  # formats follow


def test_a_missing_translation_file_leaves_the_window_in_english(qapp, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="studio.ui.i18n"):
        installed = i18n.install(qapp, "zh_CN", tmp_path)
    try:
        assert installed.language == "en" and installed.translators == []
        assert QCoreApplication.translate("Actions", "&File") == "&File"
        assert "make translations" in caplog.text
    finally:
        installed.remove()


# -- formats ----------------------------------------------------------------------------
def test_prices_times_dates_and_numbers_per_locale():
    assert formats.money(0.4, locale=EN) == "$0.40"
    assert formats.money(1234.5, estimate=True, locale=EN) == "~$1,234.50"
    assert formats.money(1234.5, locale=ZH) == "$1,234.50"
    assert formats.money(1234.5, locale=QLocale("de_DE")) == "1.234,50\u00a0$"
    assert formats.money(0, locale=QLocale.c()) == "$0.00"  # no LANG: US English
    assert formats.number(12345, locale=EN) == "12,345"
    assert formats.seconds(4.0, locale=ZH) == "4" and formats.seconds(4.5, locale=EN) == "4.5"
    assert formats.date("2026-03-01", locale=ZH) == "2026年3月1日"
    assert formats.date(dt.date(2026, 3, 1), locale=EN) == "March 1, 2026"
    assert formats.date("2026-03-01", locale=QLocale("de_DE")) == "1. März 2026"
    noon = dt.datetime(2026, 3, 1, 14, 5).timestamp()  # local time, as takes record it
    assert formats.time_of_day(noon, locale=ZH) == "14:05"
    assert formats.time_of_day(noon, locale=EN).replace("\u202f", " ") == "2:05 PM"


def test_formats_use_the_interface_locale_by_default(chinese):
    assert QLocale().name() == "zh_CN"
    assert formats.money(2) == "$2.00"
    assert formats.date("2026-03-01") == "2026年3月1日"


# -- fonts ------------------------------------------------------------------------------
def _draw(text: str) -> QImage:
    label = QLabel(text)
    font = label.font()
    font.setPixelSize(32)
    label.setFont(font)
    label.resize(120, 48)
    image = label.grab().toImage()
    label.deleteLater()
    return image


def test_chinese_text_renders_as_glyphs_not_boxes(qapp, chinese):
    blank = _draw("")
    one, other = _draw("镜"), _draw("头")
    assert one != blank and other != blank  # something was drawn
    assert one != other  # a missing glyph draws the same box for both


def test_an_explicit_cjk_font_is_added_and_substituted(qapp, monkeypatch):
    from studio.media.fonts import ENV_VAR, find_cjk_font

    assert i18n.CJK_FONT_ENV == ENV_VAR
    monkeypatch.setenv(ENV_VAR, str(find_cjk_font().path))
    default = QApplication.font().family()
    try:
        family = i18n.ensure_cjk_font()
        assert family and ("CJK" in family or _has_cjk(family))
        assert family.lower() in [f.lower() for f in QFont.substitutes(default)]
    finally:
        QFont.removeSubstitutions(default)


# -- the window ---------------------------------------------------------------------------
def test_the_cut_off_finder_finds_a_cut_off_label(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    label = QLabel("生成一镜到底影片", root)
    label.setFixedWidth(30)
    root.show()
    assert len(_clipped(root)) == 1
    label.setFixedWidth(label.sizeHint().width())
    assert _clipped(root) == []
    QLabel("提示词(&P)", root).show()  # an accelerator without a buddy shows its "&"
    assert _clipped(root) == ["label '提示词(&P)' shows its '&' (no buddy)"]


@pytest.mark.timeout(120)
def test_the_window_speaks_chinese(chinese, launch):
    win = launch()
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles[:4] == ["文件(&F)", "编辑(&E)", "生成(&G)", "播放(&P)"], titles
    english = [a.text() for a in win.actions.actions.values() if not _has_cjk(a.text())]
    assert not english, f"actions still in English: {english}"
    assert _has_cjk(win.inspector.tabText(0))
    win.settings.language = "zh"
    open_sample(win, win.loop)
    win.resize(1280, 800)
    try:  # layouts settle over a few passes after an open: a cut-off that stays fails
        run(win.loop, until(lambda: not _clipped(win), 5, "no cut-off text"))
    except AssertionError:
        raise AssertionError(_clipped(win)) from None


def test_the_settings_dialog_in_chinese_cuts_nothing_off(chinese, qtbot, tmp_path):
    from studio.storage.bundled import capability_table
    from studio.ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(Settings(), SettingsStore(tmp_path), capability_table())
    qtbot.addWidget(dlg)
    dlg.show()
    QApplication.processEvents()
    assert dlg.windowTitle() == "设置"
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).text() != "OK"
    assert not _clipped(dlg), _clipped(dlg)
