"""The small prompt dialog of remix / edit / extend."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from studio.core.model import TakeRelation


def _tr(text: str) -> str:
    return QCoreApplication.translate("DerivePromptDialog", text)


def _texts(relation: TakeRelation) -> tuple[str, str, str]:
    """(window title, introduction, OK button) of one relation, in the current language."""
    return {
        TakeRelation.REMIX: (_tr("Remix take"), _tr("Describe the change; the provider "
                                                    "remakes the clip with it."), _tr("Remix")),
        TakeRelation.EDIT: (_tr("Edit take"), _tr("Describe the edit to apply to this clip."),
                            _tr("Edit")),
        TakeRelation.EXTEND: (_tr("Extend take"), _tr("Describe what happens next; the clip "
                                                      "continues from its last frame."),
                              _tr("Extend")),
    }[relation]


@dataclass(frozen=True)
class DeriveAnswer:
    prompt: str
    seconds: int | None  # extend only


class DerivePromptDialog(QDialog):
    """Asks for the prompt (and, for extend, the added seconds from the capability table)."""

    def __init__(self, relation: TakeRelation, prompt: str, seconds: tuple[int, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.relation = relation
        title, intro_text, ok_text = _texts(relation)
        self.setWindowTitle(title)
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        self.prompt = QPlainTextEdit(prompt)
        self.prompt.setTabChangesFocus(True)
        self.seconds = QComboBox()
        for s in seconds:
            self.seconds.addItem(self.tr("{n} s").format(n=s), s)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.tr("&Prompt"), self.prompt)
        if relation is TakeRelation.EXTEND:
            form.addRow(self.tr("&Add"), self.seconds)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.prompt.textChanged.connect(self._check)
        self._check()
        self.resize(520, 300)

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.prompt.toPlainText().strip()))

    def answer(self) -> DeriveAnswer:
        secs = self.seconds.currentData() if self.relation is TakeRelation.EXTEND else None
        return DeriveAnswer(self.prompt.toPlainText().strip(), secs)


def ask_derive(parent: QWidget, relation: TakeRelation, prompt: str,
               seconds: tuple[int, ...]) -> DeriveAnswer | None:
    """Ask window-modally; None when cancelled.

    ``exec()`` runs a nested event loop (the qasync loop keeps serving jobs meanwhile),
    so call this from a slot, never from inside a coroutine.
    """
    dlg = DerivePromptDialog(relation, prompt, seconds, parent)
    try:
        return dlg.answer() if dlg.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dlg.deleteLater()
