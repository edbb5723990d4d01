"""The inspector dock: edits the selected shot and the project's look.

Each editor writes through :class:`ProjectDocument` (one undoable command per edit, typing
merges) and is refreshed from the document's signals. A refresh only rewrites a widget
whose parsed content differs from the model, with its signals blocked, so there is no
feedback loop and the caret stays put while typing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.app.characters import cast_for, register_for_project
from studio.app.providers import look_key, models_of, profile_of
from studio.core import editing
from studio.core.capabilities import aspect_label
from studio.core.model import Character, Strategy
from studio.storage.library import CharacterLibrary
from studio.storage.settings import Settings
from studio.ui import formats
from studio.ui.characters_dialog import CharactersDialog, MentionCompleter
from studio.ui.continuity import ContinuityRow
from studio.ui.document import ProjectDocument
from studio.ui.reference_widget import ReferenceWidget
from studio.ui.takes_panel import TakesPanel

_ERROR_STYLE = "border: 1px solid #d9534f;"


def parse_list(text: str, *, strip_at: bool = False) -> list[str]:
    """'@a, @b c' -> ['a', 'b', 'c'] (commas or spaces separate; empty parts dropped)."""
    parts = [p.strip() for p in re.split(r"[,，、\s]+", text)]
    return [p.lstrip("@") if strip_at else p for p in parts if p.strip("@" if strip_at else "")]


def parse_keywords(text: str) -> list[str]:
    """Keywords may contain spaces; only commas separate them."""
    return [p.strip() for p in re.split(r"[,，、]", text) if p.strip()]


class SnapSpinBox(QSpinBox):
    """A seconds spin box whose arrows step through the allowed clip lengths."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allowed: list[int] = []
        self.setRange(editing.SECONDS_MIN, editing.SECONDS_MAX)
        self.setSuffix(self.tr(" s"))
        self.setKeyboardTracking(False)  # typed values commit on Enter / focus-out only

    def set_allowed(self, allowed: list[int] | None) -> None:
        self._allowed = sorted(allowed or [])

    def stepBy(self, steps: int) -> None:
        if not self._allowed:
            super().stepBy(steps)
            return
        v = self.value()
        if steps > 0:
            bigger = [a for a in self._allowed if a > v]
            self.setValue(bigger[min(steps, len(bigger)) - 1] if bigger else self._allowed[-1])
        elif steps < 0:
            smaller = [a for a in self._allowed if a < v][::-1]
            self.setValue(smaller[min(-steps, len(smaller)) - 1] if smaller else self._allowed[0])


class _EditorFilter(QObject):
    """Project-wide undo for editors: focus-out ends a typing run; Ctrl+Z is the project's.

    Text widgets claim Undo/Redo through ShortcutOverride for their own history, which
    would then fight with the project's undo stack; refusing the override lets the
    window's Undo/Redo actions handle the keys.

    The filter sits on the focused editor only (moved on ``focusChanged``): on all of
    them it ran Python for every event of every field, each paint included, and while a
    worker holds the GIL each of those calls waits for it (a repaint made dozens).
    """

    def __init__(self, doc: ProjectDocument, parent: QObject,
                 editors: Iterable[QWidget]) -> None:
        super().__init__(parent)
        self._doc = doc
        self._editors = set(editors)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old in self._editors:
            old.removeEventFilter(self)
            self._doc.break_merge()
        if new in self._editors:
            new.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return True
        return False


class _TextBinding:
    """Ties a QLineEdit/QPlainTextEdit to a model value through parse/format functions."""

    def __init__(
        self,
        widget: QLineEdit | QPlainTextEdit,
        write: Callable[[Any], None],
        parse: Callable[[str], Any] = str,
        fmt: Callable[[Any], str] = str,
    ) -> None:
        self.widget, self._write, self._parse, self._fmt = widget, write, parse, fmt
        widget.textChanged.connect(self._edited)

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def _edited(self, *_: object) -> None:
        try:
            self._write(self._parse(self._text()))
        except ValueError as exc:
            self.widget.setStyleSheet(_ERROR_STYLE)
            self.widget.setToolTip(str(exc))
            return
        self.widget.setStyleSheet("")
        self.widget.setToolTip("")

    def show(self, value: Any) -> None:
        try:
            same = self._parse(self._text()) == value
        except ValueError:
            same = False
        if same:
            return
        with QSignalBlocker(self.widget):
            if isinstance(self.widget, QPlainTextEdit):
                self.widget.setPlainText(self._fmt(value))
            else:
                self.widget.setText(self._fmt(value))
        self.widget.setStyleSheet("")
        self.widget.setToolTip("")


def _plain(placeholder: str, lines: int = 4) -> QPlainTextEdit:
    w = QPlainTextEdit()
    w.setPlaceholderText(placeholder)
    w.setTabChangesFocus(True)
    # Bounded heights keep every field of the form visible in a normal window.
    line = w.fontMetrics().lineSpacing()
    w.setMinimumHeight(line * lines + 12)
    w.setMaximumHeight(line * lines * 2 + 12)
    return w


def _line(placeholder: str) -> QLineEdit:
    w = QLineEdit()
    w.setPlaceholderText(placeholder)
    return w


def _form() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return page, form


def _scroll(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


class ShotEditor(QWidget):
    """Fields of the one selected shot; disabled with a hint for none or several."""

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._shot_id: str | None = None
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setContentsMargins(8, 6, 8, 0)
        page, form = _form()
        self.title = _line(self.tr("Short name of the shot"))
        self.description = _plain(self.tr("What we see"), 4)
        self.camera = _line(self.tr("e.g. slow dolly-in, drone orbit rising"))
        self.duration = SnapSpinBox()
        self.characters = _line(self.tr("@handle, @handle"))
        self.notes = _plain(self.tr("Atmosphere, sound, continuity for this shot"), 3)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow(self.tr("&Camera"), self.camera)
        form.addRow(self.tr("D&uration"), self.duration)
        #: The user's Cameo library (set once the services have started).
        self.library: CharacterLibrary | None = None
        self.characters_dialog: CharactersDialog | None = None  # the open one, for tests
        self.manage_characters = QPushButton(self.tr("Library…"))
        self.manage_characters.setToolTip(self.tr("Create, edit, import and export Cameo "
                                                  "characters"))
        self.manage_characters.clicked.connect(self.show_characters)
        cast_row = QHBoxLayout()
        cast_row.addWidget(self.characters, 1)
        cast_row.addWidget(self.manage_characters)
        cast_label = QLabel(self.tr("C&haracters"))  # a row of a layout has no buddy itself:
        cast_label.setBuddy(self.characters)  # without one the "&" shows and Alt+H is dead
        form.addRow(cast_label, cast_row)
        form.addRow(self.tr("&Notes"), self.notes)
        self.mentions = [MentionCompleter(w, self.handles)
                         for w in (self.characters, self.description)]
        for m in self.mentions:
            m.completer.activated.connect(self.sync_cast)
        self.characters.editingFinished.connect(self.sync_cast)
        self.reference = ReferenceWidget(doc)
        form.addRow(self.tr("&Reference"), self.reference)
        self.continuity = ContinuityRow(doc, self.reference)
        form.addRow(self.tr("Continuit&y"), self.continuity)
        self.form = page
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.hint)
        lay.addWidget(_scroll(page), 1)

        def field(name: str) -> Callable[[Any], None]:
            return lambda v: self._shot_id and doc.set_shot_field(self._shot_id, name, v)

        self._bindings = {
            "title": _TextBinding(self.title, field("title")),
            "description": _TextBinding(self.description, field("description")),
            "camera": _TextBinding(self.camera, field("camera")),
            "notes": _TextBinding(self.notes, field("notes")),
            "characters": _TextBinding(
                self.characters,
                field("characters"),
                parse=lambda t: parse_list(t, strip_at=True),
                fmt=lambda v: ", ".join("@" + h for h in v),
            ),
        }
        self.duration.valueChanged.connect(self._duration_edited)
        _EditorFilter(doc, self, (self.title, self.description, self.camera, self.characters,
                                  self.notes))
        doc.selectionChanged.connect(self._select)
        doc.shotChanged.connect(self._shot_changed)
        doc.shotsChanged.connect(self.refresh)
        doc.lookChanged.connect(self.refresh)
        doc.projectReset.connect(self.refresh)
        self.refresh()

    @property
    def shot_id(self) -> str | None:
        return self._shot_id

    def handles(self) -> list[str]:
        """What ``@`` completes: the project's characters, then the library's."""
        own = [c.handle for c in self._doc.project.characters if not c.revoked]
        more = self.library.handles() if self.library is not None else []
        return own + [h for h in more if h.casefold() not in {o.casefold() for o in own}]

    def sync_cast(self, *_: object) -> None:
        """Bring library characters the storyboard mentions into the project (one step)."""
        if self.library is None:
            return
        found = cast_for(self._doc.project, self.library)
        if found is not None:
            self._doc.set_characters(*found)

    def show_characters(self) -> CharactersDialog | None:
        """The library dialog, window-modal without a nested loop (its work runs as tasks);
        the cast is brought up to date when it closes."""
        win = self.window()
        if self.library is None:
            QMessageBox.information(win, self.tr("Cameo Characters"), self.tr(
                "The character library opens once the generation services have started."))
            return None
        gen = getattr(win, "generation", None)
        register = None
        if gen is not None:
            def register(char: Character, clip: Path) -> Awaitable[Character]:
                assert self.library is not None
                return register_for_project(gen.service, self._doc.project, self.library,
                                            char, clip)
        dialog = CharactersDialog(self.library, win.tasks, win, register)
        self.characters_dialog = dialog
        dialog.finished.connect(lambda _r: (self.sync_cast(), dialog.deleteLater()))
        dialog.open()
        return dialog

    def _select(self, ids: list[str]) -> None:
        self.refresh()

    def _shot_changed(self, shot_id: str) -> None:
        if shot_id == self._shot_id:
            self.refresh()

    def _duration_edited(self, value: int) -> None:
        if self._shot_id:
            self._doc.set_shot_duration(self._shot_id, value)
            self._show_duration()  # snapping may have kept the old value

    def refresh(self) -> None:
        ids = self._doc.selection
        self._shot_id = ids[0] if len(ids) == 1 else None
        self.continuity.set_shot(self._shot_id)
        if self._shot_id is None:
            n = len(ids)
            self.hint.setText(
                self.tr("{n} shots selected — select one shot to edit it.").format(n=n) if n
                else self.tr("No shot selected. Select a shot on the timeline to edit it.")
            )
            self.hint.show()
            self.form.setEnabled(False)
            for b in self._bindings.values():
                b.show("" if b.widget is not self.characters else [])
            return
        shot = self._doc.project.shot(self._shot_id)
        index = self._doc.shot_index(self._shot_id)
        self.hint.setText(self.tr("Shot {n} of {total}").format(
            n=index + 1, total=len(self._doc.project.shots)))
        self.form.setEnabled(True)
        for name, b in self._bindings.items():
            b.show(getattr(shot, name))
        self._show_duration()

    def _show_duration(self) -> None:
        if self._shot_id is None:
            return
        allowed = self._doc.allowed_seconds()
        self.duration.set_allowed(list(allowed) if allowed else None)
        self.duration.setToolTip(
            self.tr("Clip lengths this model makes: {lengths}").format(
                lengths=", ".join(self.tr("{n} s").format(n=s) for s in allowed))
            if allowed else self.tr("Seconds of this shot within the one-take film"))
        with QSignalBlocker(self.duration):
            self.duration.setValue(self._doc.project.shot(self._shot_id).duration)


class LookEditor(QWidget):
    """The project's look: provider, model, size, strategy and the words every prompt carries.

    The provider is one of the user's profiles; the models offered are the ones that
    profile serves (capability table), so sizes and durations follow from the choice.
    """

    def __init__(self, doc: ProjectDocument, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._settings = settings
        page, form = _form()
        self.provider = QComboBox()
        self.provider.setToolTip(self.tr("The provider profile this project's jobs go to "
                                         "(Settings ▸ Provider profiles)"))
        self.model = QComboBox()
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.model_note.setVisible(False)
        self.size = QComboBox()
        self.strategy = QComboBox()
        self.strategy.addItem(self.tr("Per shot (one clip per shot)"), Strategy.PER_SHOT.value)
        self.strategy.addItem(self.tr("One take (whole film in one clip)"), Strategy.ONE_TAKE.value)
        self.style = _plain(self.tr("Visual style, film stock, lens…"), 3)
        self.atmosphere = _plain(self.tr("Mood, light, weather"), 2)
        self.keywords = _line(self.tr("comma, separated, keywords"))
        self.music = _plain(self.tr("Music and sound"), 2)
        self.continuity = _plain(self.tr("What must stay the same from shot to shot"), 2)
        form.addRow(self.tr("&Provider"), self.provider)
        form.addRow(self.tr("&Model"), self.model)
        form.addRow("", self.model_note)
        form.addRow(self.tr("&Size"), self.size)
        form.addRow(self.tr("S&trategy"), self.strategy)
        form.addRow(self.tr("St&yle"), self.style)
        form.addRow(self.tr("&Atmosphere"), self.atmosphere)
        form.addRow(self.tr("&Keywords"), self.keywords)
        form.addRow(self.tr("Mus&ic"), self.music)
        form.addRow(self.tr("C&ontinuity"), self.continuity)
        self.film_reference = ReferenceWidget(doc, film=True)
        self.film_reference.setToolTip(self.tr("The one-take film's reference image"))
        form.addRow(self.tr("Film re&ference"), self.film_reference)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_scroll(page))

        def field(name: str) -> Callable[[Any], None]:
            return lambda v: doc.set_look_field(name, v)

        self._bindings = {
            name: _TextBinding(getattr(self, name), field(name))
            for name in ("style", "atmosphere", "music", "continuity")
        }
        self._bindings["keywords"] = _TextBinding(
            self.keywords, field("keywords"), parse=parse_keywords, fmt=", ".join
        )
        _EditorFilter(doc, self, [b.widget for b in self._bindings.values()])
        self.provider.currentIndexChanged.connect(self._provider_chosen)
        self.model.currentIndexChanged.connect(
            lambda _: self.model.currentData() is not None
            and doc.set_look_field("model", self.model.currentData())
        )
        self.size.currentIndexChanged.connect(
            lambda _: doc.set_look_field("size", self.size.currentData())
        )
        self.strategy.currentIndexChanged.connect(
            lambda _: doc.set_look_field("strategy", self.strategy.currentData())
        )
        doc.lookChanged.connect(self.refresh)
        doc.projectReset.connect(self.refresh)
        self.refresh()

    def set_settings(self, settings: Settings) -> None:
        """The profiles changed (Settings dialog): offer the new list."""
        self._settings = settings
        self.refresh()

    def _provider_chosen(self, _index: int) -> None:
        """A provider and, when it does not serve the current model, its first model:
        one undo step."""
        key = self.provider.currentData()
        look = self._doc.project.look
        profile = profile_of(look.model_copy(update={"provider": key}), self._settings)
        if key is None or profile is None or key == look.provider:
            return
        served = [c.id for c in models_of(profile, self._doc.table)]
        with self._doc.transaction(self.tr("Choose provider")):
            self._doc.set_look_field("provider", key)
            if served and look.model not in served:
                self._doc.set_look_field("model", served[0])

    def refresh(self) -> None:
        look = self._doc.project.look
        caps = self._doc.caps()
        profile = profile_of(look, self._settings)
        with QSignalBlocker(self.provider):
            self.provider.clear()
            for prof in self._settings.profiles:
                self.provider.addItem(prof.name, look_key(prof))
            i = self.provider.findData(look.provider)
            if i < 0:  # the project names a profile these settings lack: show it, flagged
                self.provider.addItem(self.tr("{name} (no such profile)").format(
                    name=look.provider), look.provider)
                i = self.provider.count() - 1
            self.provider.setCurrentIndex(i)
        served = models_of(profile, self._doc.table) if profile is not None \
            else list(self._doc.table.models)
        with QSignalBlocker(self.model):
            self.model.clear()
            for m in served:
                self.model.addItem(m.label, m.id)
            i = self.model.findData(look.model)
            if i < 0:  # a model the provider does not serve (or the table does not know)
                self.model.addItem(self.tr("{model} (not served here)").format(
                    model=caps.label if caps else look.model), look.model)
                i = self.model.count() - 1
            self.model.setCurrentIndex(i)
        note = ""
        if caps is not None and caps.sunset and dt.date.today() > dt.date.fromisoformat(
                caps.sunset):
            note = self.tr("{model}’s own service ended on {date}; it works only through a "
                           "provider that still serves it.").format(
                model=caps.label, date=formats.date(caps.sunset))
        elif caps is not None:
            price = caps.price(look.size)
            note = (self.tr("Free: drawn on this computer") if price == 0 else
                    self.tr("About {price} per second of video").format(
                        price=formats.money(price))
                    if price is not None else self.tr("Price unknown"))
        self.model_note.setText(note)
        self.model_note.setVisible(bool(note))
        with QSignalBlocker(self.size):
            self.size.clear()
            sizes = list(caps.sizes) if caps else []
            if look.size not in sizes:
                sizes.append(look.size)
            for s in sizes:
                label = f"{s}  ({aspect_label(s)})"
                if caps is None or s not in caps.sizes:
                    label += " — not offered by this model"
                self.size.addItem(label, s)
            self.size.setCurrentIndex(self.size.findData(look.size))
        with QSignalBlocker(self.strategy):
            self.strategy.setCurrentIndex(self.strategy.findData(look.strategy.value))
        for name, b in self._bindings.items():
            b.show(getattr(look, name))


class Inspector(QTabWidget):
    """Right dock content: Shot, Takes and Look tabs."""

    def set_settings(self, settings: Settings) -> None:
        self.look.set_settings(settings)

    def __init__(self, doc: ProjectDocument, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shot = ShotEditor(doc)
        self.takes = TakesPanel(doc)
        self.look = LookEditor(doc, settings or Settings())
        self.addTab(self.shot, self.tr("Shot"))
        self.addTab(self.takes, self.tr("Takes"))
        self.addTab(self.look, self.tr("Look"))
        self.setDocumentMode(True)
        self.setMinimumWidth(300)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
