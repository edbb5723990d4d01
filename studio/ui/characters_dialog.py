"""Cameo characters in the window: ``@`` completion in prompt fields, and the library dialog.

:class:`MentionCompleter` watches a line or text edit; typing ``@`` and letters offers the
handles of the library and of the project (``app.characters.completions``), and picking
one writes ``@handle`` in place of what was typed. :class:`CharactersDialog` creates,
edits, revokes and deletes library characters and moves them in and out as zip archives
(``storage.library``: hostile archives are refused with a reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

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
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app.characters import MENTION, completions
from studio.core.model import CameoScope, Character, ConsentKind, ConsentRecord
from studio.storage.library import CharacterLibrary, LibraryError


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
    """The character library: list on the left, the chosen character's fields on the right."""

    def __init__(self, library: CharacterLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cameo Characters"))
        self.library = library
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
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Handle"), self.handle)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow(self.tr("Who may use it"), self.scope)
        form.addRow("", self.consent)
        form.addRow("", self.revoked)
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
        self.setMinimumSize(720, 420)
        self._current: Character | None = None
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for char in self.library.all():
            self.list.addItem("@" + char.handle)

    def _show(self, text: str) -> None:
        char = self.library.get(text.lstrip("@")) if text else None
        self._current = char
        self.name.setText(char.name if char else "")
        self.handle.setText(char.handle if char else "")
        self.description.setPlainText(char.description if char else "")
        self.scope.setCurrentIndex(max(0, self.scope.findData(
            (char.scope if char else CameoScope.ONLY_ME).value)))
        self.consent.setChecked(bool(char and char.consent_id))
        self.revoked.setChecked(bool(char and char.revoked))

    def _clear(self) -> None:
        self.list.setCurrentRow(-1)
        self._show("")

    def save_current(self) -> bool:
        """Store the form as a character; says why not (bad handle, taken, no consent)."""
        if not self.consent.isChecked():
            self._say(self.tr("A character needs the person’s consent: tick the consent box."))
            return False
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
            return False
        record = None
        if not base.consent_id:
            record = ConsentRecord(kind=ConsentKind.CAMEO, statements=[self.consent.text()],
                                   accepted_at=dt.datetime.now(dt.UTC).isoformat(
                                       timespec="seconds"))
        try:
            saved = self.library.save(char, record)
        except LibraryError as exc:
            if exc.code == "handle_taken":
                self._say(self.tr("@{handle} is taken by another character.").format(
                    handle=char.handle))
                return False
            raise
        self.reload()
        for i in range(self.list.count()):
            if self.list.item(i).text() == "@" + saved.handle:
                self.list.setCurrentRow(i)
        return True

    def delete_current(self) -> None:
        if self._current is not None:
            self.library.delete(self._current.handle)
            self.reload()
            self._clear()

    def _import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import characters"), "",
                                              self.tr("Character archives (*.zip)"))
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> None:
        try:
            report = self.library.import_zip(path)
        except LibraryError as exc:
            self._say(self.tr("Nothing was imported: the archive was refused ({reason}).")
                      .format(reason=str(exc)))
            return
        self.reload()
        self._say(self.tr("Imported: {added}. Already in the library: {skipped}.").format(
            added=", ".join("@" + c.handle for c in report.added) or "—",
            skipped=", ".join("@" + h for h in report.skipped) or "—"))

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export characters"),
                                              "characters.zip",
                                              self.tr("Character archives (*.zip)"))
        if name:
            self.library.export_zip([c.handle for c in self.library.all()], Path(name))

    def _say(self, text: str) -> None:
        QMessageBox.information(self, self.tr("Cameo Characters"), text)
