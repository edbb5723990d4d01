"""The window's language: pick it, install its translations and a font that can draw it.

Runs once, right after the QApplication exists and before any widget is built: texts are
translated when widgets are made, so a translator installed later changes nothing already
on screen (hence "applies on restart" in the settings dialog). Three things follow the
choice: our messages (``resources/translations/sora-studio_<lang>.qm``, built by
``make translations``), Qt's own (``qtbase_<lang>.qm`` from Qt's translations folder:
the standard buttons, OK/Cancel/Yes/No, file dialogs), and the default :class:`QLocale`
that :mod:`studio.ui.formats` writes prices, dates and numbers with.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

#: The choices the settings offer; "system" follows the desktop's locale.
CHOICES = ("system", "en", "zh_CN")
#: The languages the window speaks (English is the source text: no translation file).
LANGUAGES = ("en", "zh_CN")
CATALOG = "sora-studio"
#: studio.media.fonts.ENV_VAR (not imported for it: that module loads Pillow).
CJK_FONT_ENV = "SORA_STUDIO_CJK_FONT"


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The language ``choice`` means: itself, or for "system" the desktop's — any Chinese
    locale gets the Simplified Chinese window (closer than English to a Traditional
    reader), everything else English."""
    if choice in LANGUAGES:
        return choice
    loc = system if system is not None else QLocale.system()
    return "zh_CN" if loc.language() == QLocale.Language.Chinese else "en"


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The locale formats use: Chinese (China) for zh_CN; for English the desktop's own
    when it is an English one (en_GB keeps its dates), else US English."""
    if language == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    loc = system if system is not None else QLocale.system()
    if loc.language() == QLocale.Language.English:
        return loc
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def translations_dir() -> Path:
    from studio.storage.bundled import resource_path

    return resource_path("translations")


@dataclass
class Installed:
    """What :func:`install` put into the application (tests take it out again)."""

    language: str
    translators: list[QTranslator] = field(default_factory=list)
    font_family: str | None = None  # the CJK family added, when the system had none

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for t in self.translators:
            if app is not None:
                app.removeTranslator(t)
        self.translators.clear()
        QLocale.setDefault(QLocale.c())


def install(app: QCoreApplication, choice: str = "system", directory: Path | None = None,
            system: QLocale | None = None) -> Installed:
    """Install the translations of ``choice`` into ``app``; English when its file is
    missing (said in the log: a checkout where ``make translations`` has not run yet)."""
    language = resolve(choice, system)
    result = Installed(language)
    QLocale.setDefault(locale_for(language, system))
    if isinstance(app, QGuiApplication):  # Chinese prompts show in an English window too
        result.font_family = ensure_cjk_font()
    if language == "en":
        return result
    try:
        folder = directory if directory is not None else translations_dir()
    except FileNotFoundError as exc:
        log.warning("no translations: %s", exc)
        folder = None
    ours = QTranslator(app)
    if folder is None or not ours.load(f"{CATALOG}_{language}", str(folder)):
        log.warning("no %s translation in %s (run `make translations`); the window stays "
                    "in English", language, folder)
        result.language = "en"
        QLocale.setDefault(locale_for("en", system))
        return result
    app.installTranslator(ours)
    result.translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        result.translators.append(qt)
    else:
        log.info("Qt's own %s translation not found: standard buttons stay English", language)
    log.info("interface language: %s", language)
    return result


def install_from_settings(app: QCoreApplication, settings_dir: Path | None = None) -> Installed:
    """:func:`install` with the saved ``interface_language`` (unreadable: the desktop's
    language; the window says why the settings were ignored once it has loaded them).
    Read with :func:`~studio.storage.settings_glance.glance`: this runs before the first
    frame, which must not wait for the settings' models."""
    from studio.storage.settings_glance import glance

    return install(app, glance(settings_dir).interface_language)


def ensure_cjk_font() -> str | None:
    """Make sure Qt can draw Chinese; returns the family added, None when none was needed.

    Fontconfig normally falls back to an installed CJK font by itself. When Qt knows no
    font for Simplified Chinese (a bare container, a bundle with its own fontconfig), the
    font :func:`studio.media.fonts.find_cjk_font` finds (or ``$SORA_STUDIO_CJK_FONT``
    names) is added and substituted for the default family, so Chinese never shows as
    boxes.
    """
    explicit = os.environ.get(CJK_FONT_ENV)
    if not explicit and QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return None
    from studio.media.fonts import FontNotFoundError, find_cjk_font  # Pillow: only here

    try:
        path = Path(explicit) if explicit else find_cjk_font().path
    except FontNotFoundError as exc:
        log.warning("%s", exc)
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("cannot load the CJK font %s", path)
        return None
    family = next((f for f in families if f.endswith(" SC") or "GB" in f), families[0])
    default = QGuiApplication.font().family()
    QFont.insertSubstitution(default, family)
    log.info("Chinese text drawn with %s (%s)", family, path)
    return family
