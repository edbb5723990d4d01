"""Cameo characters in the window: ``@`` completion in prompt fields, and the library dialog.

:class:`MentionCompleter` watches a line or text edit; typing ``@`` and letters offers the
handles of the library and of the project (``app.characters.completions``), and picking
one writes ``@handle`` in place of what was typed. :class:`CharactersDialog` creates,
edits, revokes and deletes library characters, registers one with the provider from a
short clip (consent-gated) and moves them in and out as zip archives (``storage.library``:
hostile archives are refused with a reason). Every SQLite, file and network step of the
dialog runs as a task (``TaskManager.blocking`` for the blocking ones), never on the GUI
thread; messages are shown from the tasks' ``done`` callbacks, never inside a coroutine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app.characters import MENTION, ConsentMissing, completions
from studio.app.tasks import TaskManager
from studio.core.model import CameoScope, Character, ConsentKind, ConsentRecord
from studio.services.errors import ProviderError
from studio.storage.library import CharacterLibrary, ImportReport, LibraryError
from studio.ui.problems import failure_text

T = TypeVar("T")
#: Registers a character with the provider from a clip file; returns the stored character.
Register = Callable[[Character, Path], Awaitable[Character]]


class MentionCompleter(QObject):
    """``@`` completion for one QLineEdit or QPlainTextEdit."""

    def __init__(self, editor: QLineEdit | QPlainTextEdit,
                 handles: Callable[[], list[str]]) -> None:
        super().__init__(editor)
        self.editor = editor
        self._handles = handles
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self.insert)
        # Installed after QCompleter's own filter, so it runs first: Return picks the
        # handle here, before QCompleter would also hand the key to a text edit (newline).
        self.completer.popup().installEventFilter(self)
        editor.textChanged.connect(self._typed)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.completer.popup() and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            index = self.completer.popup().currentIndex()
            if index.isValid():
                self.completer.popup().hide()
                handle = str(index.data())
                self.insert(handle)
                self.completer.activated.emit(handle)
                return True
        return super().eventFilter(obj, event)

    def _text_and_cursor(self) -> tuple[str, int]:
        ed = self.editor
        if isinstance(ed, QLineEdit):
            return ed.text(), ed.cursorPosition()
        return ed.toPlainText(), ed.textCursor().position()

    def prefix(self) -> tuple[int, str] | None:
        """(start, typed handle) of the ``@word`` ending at the cursor, if any."""
        text, pos = self._text_and_cursor()
        start = pos
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
            start -= 1
        if start == 0 or text[start - 1] != "@":
            return None
        if not MENTION.match(text, start - 1) and start != pos:
            return None
        if start > 1 and (text[start - 2].isalnum() or text[start - 2] == "@"):
            return None  # an e-mail address, not a mention
        return start - 1, text[start:pos]

    def _typed(self, *_: object) -> None:
        found = self.prefix()
        if found is None or not self.editor.hasFocus():
            self.completer.popup().hide()
            return
        options = completions(found[1], self._handles())
        if not options:
            self.completer.popup().hide()
            return
        self.model.setStringList(options)
        rect = self.editor.cursorRect()
        rect.setWidth(max(160, self.completer.popup().sizeHintForColumn(0) + 24))
        self.completer.complete(rect)

    def insert(self, handle: str) -> None:
        """Replace the typed ``@prefix`` with ``@handle`` (and a separator)."""
        found = self.prefix()
        if found is None:
            return
        start, typed = found
        ed = self.editor
        tail = ", " if isinstance(ed, QLineEdit) else " "
        if isinstance(ed, QLineEdit):
            text, pos = ed.text(), ed.cursorPosition()
            ed.setText(text[:start] + "@" + handle + tail + text[pos:])
            ed.setCursorPosition(start + len(handle) + 1 + len(tail))
            ed.editingFinished.emit()
        else:
            cur = ed.textCursor()
            cur.setPosition(start)
            cur.setPosition(start + 1 + len(typed), cur.MoveMode.KeepAnchor)
            cur.insertText("@" + handle + tail)
            ed.setTextCursor(cur)
        self.completer.popup().hide()


class CharactersDialog(QDialog):
    """The character library: list on the left, the chosen character's fields on the right.

    ``register`` (given once generation services run) makes a provider character from a
    short clip; without it the button stays disabled and says why.
    """

    def __init__(self, library: CharacterLibrary, tasks: TaskManager,
                 parent: QWidget | None = None, register: Register | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cameo Characters"))
        self.library = library
        self.tasks = tasks
        self._register = register
        self._chars: dict[str, Character] = {}  # handle -> character, as last read
        self.busy: set[asyncio.Task[Any]] = set()
        self.list = QListWidget()
        self.name = QLineEdit()
        self.handle = QLineEdit()
        self.handle.setPlaceholderText(self.tr("mei (written @mei in prompts)"))
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("Appearance and voice, as a prompt says it"))
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Only me"), CameoScope.ONLY_ME.value)
        self.scope.addItem(self.tr("People I approve"), CameoScope.APPROVED.value)
        self.scope.addItem(self.tr("Anyone"), CameoScope.ANYONE.value)
        self.consent = QCheckBox(self.tr("This is me, or the person shown agreed to be a "
                                         "character in generated videos"))
        self.revoked = QCheckBox(self.tr("Consent withdrawn (no new videos with this "
                                         "character)"))
        self.provider_state = QLabel()
        self.provider_state.setWordWrap(True)
        self.register_button = QPushButton(self.tr("&Register from a Clip…"))
        self.register_button.setToolTip(self.tr(
            "Send a short clip of this person to the provider, so videos can show them"))
        provider_row = QHBoxLayout()
        provider_row.addWidget(self.provider_state, 1)
        provider_row.addWidget(self.register_button)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Handle"), self.handle)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow(self.tr("Who may use it"), self.scope)
        form.addRow("", self.consent)
        form.addRow("", self.revoked)
        form.addRow(self.tr("Provider"), provider_row)
        self.new = QPushButton(self.tr("&New"))
        self.save = QPushButton(self.tr("&Save"))
        self.delete = QPushButton(self.tr("De&lete"))
        self.import_ = QPushButton(self.tr("&Import…"))
        self.export = QPushButton(self.tr("E&xport…"))
        row = QHBoxLayout()
        for b in (self.new, self.save, self.delete, self.import_, self.export):
            row.addWidget(b)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(body)
        lay.addWidget(buttons)
        self.list.currentTextChanged.connect(self._show)
        self.new.clicked.connect(self._clear)
        self.save.clicked.connect(self.save_current)
        self.delete.clicked.connect(self.delete_current)
        self.import_.clicked.connect(self._import_dialog)
        self.export.clicked.connect(self._export_dialog)
        self.register_button.clicked.connect(self._register_dialog)
        self.consent.toggled.connect(self._update_register)
        self.revoked.toggled.connect(self._update_register)
        self.setMinimumSize(760, 440)
        self._current: Character | None = None
        self.message: QMessageBox | None = None
        self._show("")
        self.reload()

    # -- running work off the GUI thread -------------------------------------------
    def _run(self, coro: Coroutine[Any, Any, T], label: str,
             done: Callable[[T], None]) -> asyncio.Task[T]:
        """One piece of the dialog's work as a window task; ``busy`` while it runs."""
        task = self.tasks.spawn(coro, label=label, done=done)
        self.busy.add(task)
        task.add_done_callback(self.busy.discard)
        return task

    async def _blocking(self, fn: Callable[..., T], *args: Any) -> T | LibraryError:
        """``fn(*args)`` in the executor; a refusal comes back as the value, to be said."""
        try:
            return await self.tasks.blocking(fn, *args)
        except LibraryError as exc:
            return exc

    def reload(self, select: str | None = None) -> asyncio.Task[list[Character]]:
        """Read the library (off the GUI thread), then list it; ``select`` a handle."""
        def fill(chars: list[Character]) -> None:
            self._chars = {c.handle: c for c in chars}
            current = select or (self._current.handle if self._current else None)
            self.list.blockSignals(True)
            self.list.clear()
            for char in chars:
                self.list.addItem("@" + char.handle)
            self.list.blockSignals(False)
            rows = [i for i in range(self.list.count())
                    if current and self.list.item(i).text() == "@" + current]
            if rows:
                self.list.setCurrentRow(rows[0])
                self._show(self.list.item(rows[0]).text())
            elif self._current is not None and self._current.handle not in self._chars:
                self._clear()

        return self._run(self.tasks.blocking(self.library.all), self.tr("Read characters"),
                         fill)

    def _show(self, text: str) -> None:
        char = self._chars.get(text.lstrip("@")) if text else None
        self._current = char
        self.name.setText(char.name if char else "")
        self.handle.setText(char.handle if char else "")
        self.description.setPlainText(char.description if char else "")
        self.scope.setCurrentIndex(max(0, self.scope.findData(
            (char.scope if char else CameoScope.ONLY_ME).value)))
        self.consent.setChecked(bool(char and char.consent_id))
        self.revoked.setChecked(bool(char and char.revoked))
        self._update_register()

    def _update_register(self, *_: object) -> None:
        """The register button: only for a stored character with consent, not revoked."""
        char = self._current
        ids = ", ".join(sorted(char.provider_ids)) if char else ""
        if char is None:
            why = self.tr("Save the character first.")
        elif self._register is None:
            why = self.tr("Available once the generation services have started.")
        elif not char.consent_id or not self.consent.isChecked():
            why = self.tr("Needs the person’s consent on record.")
        elif char.revoked or self.revoked.isChecked():
            why = self.tr("Consent was withdrawn.")
        else:
            why = ""
        self.register_button.setEnabled(not why)
        if ids:
            state = self.tr("Registered with: {providers}").format(providers=ids)
        else:
            state = why or self.tr("Not registered yet.")
        self.provider_state.setText(state)

    def _clear(self) -> None:
        self.list.setCurrentRow(-1)
        self._show("")

    def save_current(self) -> asyncio.Task[Character | LibraryError] | None:
        """Store the form as a character (a task); None, said why, when the form is refused
        at once (no consent, bad handle). A taken handle is said when the task ends."""
        if not self.consent.isChecked():
            self._say(self.tr("A character needs the person’s consent: tick the consent box."))
            return None
        base = self._current or Character(name="x", handle="x")
        try:
            char = Character.model_validate({
                **base.model_dump(), "name": self.name.text().strip(),
                "handle": self.handle.text().strip().lstrip("@"),
                "description": self.description.toPlainText().strip(),
                "scope": self.scope.currentData(), "revoked": self.revoked.isChecked()})
        except ValueError:
            self._say(self.tr("A character needs a name and a handle of letters, digits, "
                              "'.', '-' or '_'."))
            return None
        record = None
        if not base.consent_id:
            record = ConsentRecord(kind=ConsentKind.CAMEO, statements=[self.consent.text()],
                                   accepted_at=dt.datetime.now(dt.UTC).isoformat(
                                       timespec="seconds"))

        def saved(result: Character | LibraryError) -> None:
            if isinstance(result, LibraryError):
                self._refused(result)
                return
            self._current = result
            self.reload(select=result.handle)

        return self._run(self._blocking(self.library.save, char, record),
                         self.tr("Save character"), saved)

    def delete_current(self) -> asyncio.Task[LibraryError | None] | None:
        if self._current is None:
            return None
        handle = self._current.handle
        self._current = None
        return self._run(self._blocking(self.library.delete, handle),
                         self.tr("Delete character"), lambda _r: self.reload())

    def _import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import characters"), "",
                                              self.tr("Character archives (*.zip)"))
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> asyncio.Task[ImportReport | LibraryError]:
        """Read a character archive (a task); says what came in, or why nothing did."""
        def imported(result: ImportReport | LibraryError) -> None:
            if isinstance(result, LibraryError):
                self._say(self.tr("Nothing was imported: the archive was refused ({reason}).")
                          .format(reason=str(result)))
                return
            self.reload()
            self._say(self.tr("Imported: {added}. Already in the library: {skipped}.").format(
                added=", ".join("@" + c.handle for c in result.added) or "—",
                skipped=", ".join("@" + h for h in result.skipped) or "—"))

        return self._run(self._blocking(self.library.import_zip, path),
                         self.tr("Import characters"), imported)

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export characters"),
                                              "characters.zip",
                                              self.tr("Character archives (*.zip)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> asyncio.Task[int | LibraryError]:
        """Write every listed character to an archive (a task)."""
        def exported(result: int | LibraryError) -> None:
            if isinstance(result, LibraryError):
                self._refused(result)

        return self._run(self._blocking(self.library.export_zip, list(self._chars), path),
                         self.tr("Export characters"), exported)

    def _register_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("A short clip of {name}").format(name=self.name.text()), "",
            self.tr("MP4 videos (*.mp4)"))
        if name:
            self.register_from(Path(name))

    def register_from(self, clip: Path) -> asyncio.Task[Character | Exception] | None:
        """Make a provider character of the current one from ``clip`` (a task)."""
        char, register = self._current, self._register
        if char is None or register is None or not self.register_button.isEnabled():
            return None

        async def work() -> Character | Exception:
            try:
                return await register(char, clip)
            except (ValueError, OSError, ProviderError) as exc:  # said, not raised
                return exc

        def registered(result: Character | Exception) -> None:
            self._update_register()
            if isinstance(result, ConsentMissing):
                self._say(self.tr("Not registered: the provider gets a person only with their "
                                  "consent on record, not withdrawn."))
            elif isinstance(result, ProviderError):
                self._say(failure_text(result.category, str(result), None))
            elif isinstance(result, Exception):
                self._say(self.tr("Not registered: {reason}").format(reason=str(result)))
            else:
                self._current = result
                self.reload(select=result.handle)

        self.register_button.setEnabled(False)
        self.provider_state.setText(self.tr("Sending the clip to the provider…"))
        return self._run(work(), self.tr("Register character"), registered)

    def _refused(self, exc: LibraryError) -> None:
        if exc.code == "handle_taken":
            self._say(self.tr("@{handle} is taken by another character.").format(
                handle=exc.params.get("handle", "")))
        else:
            self._say(self.tr("The library refused this: {reason}").format(reason=str(exc)))

    def _say(self, text: str) -> None:
        """A message over the dialog, shown without a nested event loop (it is often said
        from a task's ``done`` callback); the last one stays in ``message``."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Cameo Characters"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()
