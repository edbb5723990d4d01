"""The storyboard assistant in the window: draft from an idea, improve a shot, structure a
paste the parser could not number.

The work runs as a task (``app.storyboard``: endpoint, draft/improve/structure through
``services.assistant``); the dialog shows the characters streamed so far and a Cancel
that cancels the task. A draft or a structuring opens the storyboard review (so applying
it is one undo step there); an improvement is shown beside the shot as it is now and
goes in, camera and action together, as one undo step on Accept. A reply that is not
usable says why and changes nothing.
"""

from __future__ import annotations

import asyncio
import difflib
import html
import re
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.app import storyboard
from studio.app.storyboard import StoryboardRefused
from studio.core.model import Language, Shot
from studio.core.prompts.parse import Reading
from studio.services.assistant import AssistantError, DraftBrief
from studio.storage.settings import ASSISTANT_PRESETS
from studio.ui import formats

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

ASPECTS = ("16:9", "9:16", "1:1")


def marked(before: str, after: str) -> str:
    """``after`` as HTML with what is new against ``before`` highlighted (a word diff)."""
    def words(text: str) -> list[str]:
        return re.findall(r"\w+|[^\w\s]|\s+", text)

    a, b = words(before), words(after)
    out: list[str] = []
    for op, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        chunk = html.escape("".join(b[j1:j2]))
        out.append(chunk if op == "equal" else
                   f'<span style="background:#c8f0c8">{chunk}</span>' if chunk else "")
    return "".join(out).replace("\n", "<br>")


class AssistantDialog(QDialog):
    """One ask of the assistant: its inputs, its progress, its answer.

    Signals:
        askRequested(): the user pressed Draft / Ask.
        cancelRequested(): the user cancelled while the assistant was answering.
        accepted(): (QDialog) an improvement was accepted.
    """

    askRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, kind: str, *, preset: str, shot: Shot | None = None,
                 language: Language = Language.EN, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.busy = False
        self.suggestion: Shot | None = None
        self.setObjectName(f"assistant_{kind}")
        titles = {"draft": self.tr("Draft a storyboard from an idea"),
                  "improve": self.tr("Improve this shot"),
                  "structure": self.tr("Structure the storyboard with the assistant")}
        self.setWindowTitle(titles[kind])
        layout = QVBoxLayout(self)

        form = QFormLayout()
        self.endpoint = QComboBox()
        names = {"local": self.tr("Local template filler (offline, no key)"),
                 "deepseek": self.tr("DeepSeek (key from DEEPSEEK_API_KEY or the keyring)"),
                 "openai": self.tr("OpenAI (key from OPENAI_API_KEY or the keyring)")}
        for preset_id in ASSISTANT_PRESETS:
            self.endpoint.addItem(names.get(preset_id, preset_id), preset_id)
        self.endpoint.setCurrentIndex(max(0, self.endpoint.findData(preset)))
        form.addRow(self.tr("Assistant"), self.endpoint)
        self.idea = QPlainTextEdit()
        self.idea.setPlaceholderText(self.tr("What happens, who is in it, where"))
        self.idea.setFixedHeight(90)
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 600)
        self.seconds.setValue(20)
        self.seconds.setSuffix(self.tr(" s"))
        self.style = QLineEdit()
        self.style.setPlaceholderText(self.tr("e.g. watercolour animation, warm light"))
        self.language = QComboBox()
        self.language.addItem(self.tr("English"), Language.EN.value)
        self.language.addItem(self.tr("Chinese"), Language.ZH.value)
        self.language.setCurrentIndex(self.language.findData(language.value))
        self.aspect = QComboBox()
        for a in ASPECTS:
            self.aspect.addItem(a, a)
        self.shots = QSpinBox()
        self.shots.setRange(1, 20)
        self.shots.setValue(5)
        if kind == "draft":
            form.addRow(self.tr("Idea"), self.idea)
            form.addRow(self.tr("Target length"), self.seconds)
            form.addRow(self.tr("Style"), self.style)
            form.addRow(self.tr("Language"), self.language)
            form.addRow(self.tr("Aspect"), self.aspect)
            form.addRow(self.tr("Shots"), self.shots)
        else:  # kept (hidden) so every kind answers the same questions
            for w in (self.idea, self.seconds, self.style, self.language, self.aspect,
                      self.shots):
                w.setParent(self)
                w.hide()
        layout.addLayout(form)

        self.compare = QGroupBox(self.tr("Now and suggested"))
        grid = QGridLayout(self.compare)
        grid.addWidget(QLabel(self.tr("Now")), 0, 1)
        grid.addWidget(QLabel(self.tr("Suggested")), 0, 2)
        self.before: dict[str, QTextEdit] = {}
        self.after: dict[str, QTextEdit] = {}
        for row, (name, label) in enumerate((("camera", self.tr("Camera")),
                                             ("description", self.tr("Action"))), start=1):
            grid.addWidget(QLabel(label), row, 0)
            for col, box in ((1, self.before), (2, self.after)):
                edit = QTextEdit()
                edit.setPlainText(str(getattr(shot, name)) if shot and col == 1 else "")
                edit.setReadOnly(True)
                edit.setFixedHeight(60 if name == "camera" else 120)
                grid.addWidget(edit, row, col)
                box[name] = edit
        grid.setRowStretch(3, 1)
        self.compare.setVisible(kind == "improve")
        layout.addWidget(self.compare)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        ask_text = {"draft": self.tr("Draft"), "improve": self.tr("Ask"),
                    "structure": self.tr("Structure")}[kind]
        self.ask_button = QPushButton(ask_text)
        self.ask_button.setObjectName("ask")
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("accept")
        self.accept_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel")
        buttons.addButton(self.ask_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ask_button.clicked.connect(self.askRequested)
        self.accept_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self._cancel)
        self.accept_button.setVisible(kind == "improve")  # after addButton, which shows it
        layout.addWidget(buttons)
        self.resize(720, 430 if kind == "improve" else 460 if kind == "draft" else 200)

    def brief(self) -> DraftBrief:
        return DraftBrief(idea=self.idea.toPlainText().strip(), seconds=self.seconds.value(),
                          style=self.style.text().strip(),
                          language=Language(self.language.currentData()),
                          shots=self.shots.value(), aspect=str(self.aspect.currentData()))

    def preset(self) -> str:
        return str(self.endpoint.currentData())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ask_button.setEnabled(not busy)
        self.endpoint.setEnabled(not busy)
        if busy:
            self.status.setText(self.tr("Asking the assistant…"))

    def progress(self, chars: int) -> None:
        self.status.setText(self.tr("Receiving the answer: {chars} characters").format(
            chars=formats.number(chars)))

    def failed(self, sentence: str) -> None:
        self.set_busy(False)
        self.status.setText(sentence)

    def suggest(self, shot: Shot) -> None:
        self.set_busy(False)
        self.suggestion = shot
        for name, edit in self.after.items():
            before = self.before[name].toPlainText()
            edit.setHtml(marked(before, str(getattr(shot, name))))
        self.accept_button.setEnabled(True)
        self.status.setText(self.tr("Accept the suggestion, ask again, or cancel."))

    def _cancel(self) -> None:
        if self.busy:
            self.cancelRequested.emit()
            self.set_busy(False)
            self.status.setText(self.tr("Cancelled; nothing was changed."))
        else:
            self.reject()


class AssistantController(QObject):
    """Binds the assistant's actions and runs its asks as window tasks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: AssistantDialog | None = None
        self.task: asyncio.Task[Any] | None = None
        window.actions.bind("draft_storyboard", self.draft)
        window.actions.bind("improve_shot", self.improve)
        window.storyboards.assist = self.structure

    # -- the gestures ---------------------------------------------------------------
    def draft(self) -> AssistantDialog:
        dialog = self._open("draft", language=Language(self.window.settings.language))
        dialog.askRequested.connect(lambda: self._run(
            dialog, lambda ep: storyboard.draft(ep, dialog.brief(), dialog.progress),
            self._review))
        return dialog

    def structure(self, text: str) -> AssistantDialog:
        reading_lang = self.window.doc.project.language
        dialog = self._open("structure", language=reading_lang)
        dialog.askRequested.connect(lambda: self._run(
            dialog, lambda ep: storyboard.structure(ep, text, reading_lang, dialog.progress),
            self._review))
        dialog.askRequested.emit()
        return dialog

    def improve(self) -> AssistantDialog | None:
        doc = self.window.doc
        if not doc.selection:
            return None
        shot_id = doc.selection[0]
        shot = doc.project.shot(shot_id)
        dialog = self._open("improve", shot=shot, language=doc.project.language)
        dialog.askRequested.connect(lambda: self._run(
            dialog, lambda ep: storyboard.improve(ep, doc.project, shot_id, dialog.progress),
            dialog.suggest))
        dialog.accepted.connect(lambda: self._apply_improvement(shot_id, dialog.suggestion))
        return dialog

    # -- running ----------------------------------------------------------------------
    def _open(self, kind: str, **kw: Any) -> AssistantDialog:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
        dialog = AssistantDialog(kind, preset=self.window.settings.assistant.preset,
                                 parent=self.window, **kw)
        dialog.cancelRequested.connect(self._cancel)
        dialog.rejected.connect(self._cancel)
        dialog.endpoint.currentIndexChanged.connect(lambda _i: self._choose(dialog.preset()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _choose(self, preset: str) -> None:
        """Another assistant preset: kept in the settings (saved off the GUI thread)."""
        win = self.window
        if preset == win.settings.assistant.preset or preset not in ASSISTANT_PRESETS:
            return
        win.settings.assistant = ASSISTANT_PRESETS[preset].model_copy()
        win.tasks.spawn(win.tasks.blocking(win.store.save, win.settings),
                        label=self.tr("Save settings"))

    def _run(self, dialog: AssistantDialog,
             ask: Callable[[Any], Coroutine[Any, Any, Any]],
             done: Callable[[Any], None]) -> None:
        win = self.window
        local_url = self._local_url()

        async def work() -> Any:
            try:
                endpoint = await storyboard.assistant_endpoint(
                    win.tasks, win.store, win.settings, local_url)
                return await ask(endpoint)
            except (StoryboardRefused, AssistantError) as exc:
                return exc

        def finished(result: Any) -> None:
            self.task = None
            if isinstance(result, (StoryboardRefused, AssistantError)):
                dialog.failed(self.sentence(result))
            else:
                done(result)

        dialog.set_busy(True)
        self.task = win.tasks.spawn(work(), label=self.tr("Storyboard assistant"),
                                    done=finished)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def _local_url(self) -> str | None:
        service = getattr(self.window.generation, "service", None)
        local = getattr(service, "local", None)
        try:
            return local.base_url if local is not None else None
        except RuntimeError:  # not started yet
            return None

    # -- answers ------------------------------------------------------------------------
    def _review(self, reading: Reading) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        self.window.storyboards.open_review(reading)

    def _apply_improvement(self, shot_id: str, shot: Shot | None) -> None:
        doc = self.window.doc
        if shot is None or shot_id not in {s.id for s in doc.project.shots}:
            return
        with doc.transaction(self.tr("Improve shot")):
            for name in ("camera", "description"):
                doc.set_shot_field(shot_id, name, getattr(shot, name))

    def sentence(self, exc: StoryboardRefused | AssistantError) -> str:
        """Why the assistant's answer was not used (codes from the layers below)."""
        if isinstance(exc, StoryboardRefused):
            return {
                "assistant_offline": self.tr("The local assistant is not running yet; try "
                                             "again in a moment."),
                "assistant_no_key": self.tr("The assistant has no API key: set {env} or "
                                            "keep one in the keyring.").format(
                    env=exc.params.get("env") or "-"),
            }.get(exc.code, self.tr("The assistant's key cannot be read: {reason}").format(
                reason=exc.params.get("reason", "")))
        nothing = self.tr("Nothing was changed.")
        reasons = {
            "invalid_json": self.tr("The assistant's answer was not valid JSON."),
            "truncated": self.tr("The assistant's answer was cut off before its end."),
            "schema": self.tr("The assistant's answer does not fit the storyboard form "
                              "({detail}).").format(detail=exc.detail),
            "refused": self.tr("The assistant declined to answer."),
            "empty": self.tr("The assistant's answer was empty."),
            "auth": self.tr("The assistant refused the API key."),
            "connection": self.tr("The assistant cannot be reached ({detail}).").format(
                detail=exc.detail),
            "timeout": self.tr("The assistant took too long to answer."),
            "http": self.tr("The assistant answered with an error (HTTP {status}).").format(
                status=exc.status),
        }
        return reasons.get(exc.code, self.tr("The assistant failed: {detail}").format(
            detail=exc.detail)) + " " + nothing
