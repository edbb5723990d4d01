"""Every dialog of the studio, opened over a live window and grabbed into PNGs
(``scripts/screenshots.py --dialogs``): how they look in each interface language, and a
list of the labels and buttons whose text does not fit (printed; exit status 1).

The dialogs are the real classes, built as the window builds them and shown without a
nested event loop (``show()``, not ``exec()``), filled with the sample project's data.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget


def clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs, and labels
    that show their accelerator's "&" (no buddy)."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.buddy() is None and "&" in w.text().replace("&&", "") \
                and w.textFormat() != Qt.TextFormat.RichText and not w.text().startswith("<"):
            found.append(f"label {w.text()!r} shows its '&' (no buddy)")
        if isinstance(w, QLabel) and not w.wordWrap() and w.text() \
                and not w.text().startswith("<"):
            need = w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) \
                + 2 * w.margin() + 2 * w.frameWidth()
            if w.width() + 1 < need:
                found.append(f"label {w.text()!r}: {w.width()} < {need}")
        elif isinstance(w, QAbstractButton) and w.text() \
                and w.width() + 1 < w.minimumSizeHint().width():
            found.append(f"button {w.text()!r}: {w.width()} < {w.minimumSizeHint().width()}")
    return found


def _dialogs(window) -> dict[str, Callable[[], QDialog]]:
    """name -> a builder of the dialog, as the window would open it."""
    from studio.app.about import bundled_parts, folders
    from studio.core.model import TakeRelation
    from studio.core.prompts.parse import read_storyboard
    from studio.storage.library import CharacterLibrary
    from studio.ui.about_dialog import AboutDialog
    from studio.ui.assistant_dialog import AssistantDialog
    from studio.ui.characters_dialog import CharactersDialog
    from studio.ui.consent_dialog import ConsentDialog
    from studio.ui.export_dialog import ExportDialog
    from studio.ui.generation.dialogs import DerivePromptDialog
    from studio.ui.paste_dialog import StoryboardReview
    from studio.ui.settings_dialog import SettingsDialog
    from studio.ui.text_details import TextDetailsDialog

    doc = window.doc
    project = doc.project
    caps = doc.table.get(project.look.model)
    sizes = tuple(caps.sizes) if caps else ()
    shot = project.shots[0]
    storyboard = "\n".join(f"{i}. {s.title}: {s.description}"
                           for i, s in enumerate(project.shots, 1))
    library = CharacterLibrary(Path(tempfile.mkdtemp(prefix="sora-studio-shots-lib-")))

    def consent() -> QDialog:
        from studio.media.images import FitMode, prepare_image

        # a public-domain portrait (tests/data/README.md), padded so the whole face shows:
        # the dialog as it is for a photo of a person, with the face warning
        photo = (Path(__file__).resolve().parents[1] / "tests" / "data" / "astronaut.jpg")
        w, h = (int(x) for x in project.look.size.split("x"))
        return ConsentDialog(prepare_image(photo.read_bytes(), w, h, FitMode.PAD), window)

    return {
        "about": lambda: AboutDialog(bundled_parts(), folders(), window),
        "settings": lambda: SettingsDialog(window.settings, window.store, doc.table, window),
        "export": lambda: ExportDialog(project, doc.media_root() or Path.home(), window.tasks,
                                       Path.home() / "film.mp4", window),
        "storyboard-review": lambda: StoryboardReview(
            read_storyboard(storyboard, language=project.language), can_append=True,
            sizes=sizes, can_assist=True, parent=window),
        "assistant-draft": lambda: AssistantDialog("draft", preset="local",
                                                   language=project.language, parent=window),
        "assistant-improve": lambda: AssistantDialog("improve", preset="local", shot=shot,
                                                     language=project.language,
                                                     parent=window),
        "characters": lambda: CharactersDialog(library, window.tasks, window),
        "consent": consent,
        "remix": lambda: DerivePromptDialog(TakeRelation.REMIX, shot.description, (), window),
        "extend": lambda: DerivePromptDialog(TakeRelation.EXTEND, shot.description, (4, 8),
                                             window),
        "details": lambda: TextDetailsDialog(
            QCoreApplication.translate("TextDetails", "Error"),
            "HTTP 400: invalid_request_error\n" * 3, window),
    }


async def shoot_dialogs(window, out: Path, language: str) -> list[str]:
    """Grab each dialog as ``dialog-<name>-<language>.png``; returns what is cut off."""
    problems: list[str] = []
    for name, build in _dialogs(window).items():
        dialog = build()
        dialog.show()
        await asyncio.sleep(0.4)
        QApplication.processEvents()
        path = out / f"dialog-{name}-{language}.png"
        pixmap = dialog.grab()
        if not pixmap.save(str(path)):
            raise SystemExit(f"screenshots: cannot write {path}")
        print(f"screenshots: wrote {path} ({pixmap.width()}x{pixmap.height()})")
        problems += [f"{name}: {p}" for p in clipped(dialog)]
        dialog.close()
        dialog.deleteLater()
        await asyncio.sleep(0.1)
    return problems
