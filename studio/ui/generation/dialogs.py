"""The small prompt dialog of remix / edit / extend."""

from __future__ import annotations

from dataclasses import dataclass

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

_INTRO = {
    TakeRelation.REMIX: "Describe the change; the provider remakes the clip with it.",
    TakeRelation.EDIT: "Describe the edit to apply to this clip.",
    TakeRelation.EXTEND: "Describe what happens next; the clip continues from its last frame.",
}


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
        self.setWindowTitle(f"{relation.value.capitalize()} take")
        intro = QLabel(_INTRO[relation])
        intro.setWordWrap(True)
        self.prompt = QPlainTextEdit(prompt)
        self.prompt.setTabChangesFocus(True)
        self.seconds = QComboBox()
        for s in seconds:
            self.seconds.addItem(f"{s} s", s)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(relation.value.capitalize())
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Prompt", self.prompt)
        if relation is TakeRelation.EXTEND:
            form.addRow("&Add", self.seconds)
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
