"""The composed-prompt dock: what will be sent, always visible and copyable.

Read-only. The mode switch (one take / per shot) and language switch preview the prompt
without editing the project; they follow the project's strategy and language again
whenever those change (or a project is opened). Recomposing is debounced so typing in
the inspector does not recompose on every keystroke, and a long storyboard is composed
and shown a few shots per turn of the event loop (composing 500 shots and setting 400 KB
of text at once froze the window for ~170 ms).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.model import Language, Strategy
from studio.ui import formats
from studio.ui.document import ProjectDocument

DEBOUNCE_MS = 200
#: Shots composed (and their text appended) per turn of the event loop, at most ...
CHUNK = 20
#: ... and for about this long: composing is ~0.1-0.3 ms a shot (more on a busy machine),
#: and the GUI loop's stall bar is 16 ms, appending and painting the text included. While
#: a save's worker thread runs Python too, the two share the GIL and a turn takes about
#: twice its CPU: at 4 ms a save during a recompose stalled 12-16 ms, at 2 ms 6-10 ms.
BUDGET_S = 0.002


def _segment(group: QButtonGroup, text: str, value: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setCheckable(True)
    b.setProperty("value", value)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    group.addButton(b)
    return b


class PromptView(QWidget):
    """Shows ``compose()`` of the current project.

    Signals:
        copied(str): the text that was put on the clipboard.
    """

    copied = Signal(str)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._modes = QButtonGroup(self)
        self.one_take = _segment(self._modes, self.tr("One take"), Strategy.ONE_TAKE.value,
                                 self.tr("The whole film as one multi-shot prompt"))
        self.per_shot = _segment(self._modes, self.tr("Per shot"), Strategy.PER_SHOT.value,
                                 self.tr("One prompt per shot, with the global look"))
        self._langs = QButtonGroup(self)
        self.lang_en = _segment(self._langs, "EN", Language.EN.value,  # i18n: not text
                               self.tr("English template"))
        self.lang_zh = _segment(self._langs, "中文", Language.ZH.value,  # i18n: not text
                               self.tr("Chinese template"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the composed prompt to the clipboard"))
        self.info = QLabel()
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Its text changes every turn while a long storyboard is composed; a size hint
        # that follows it relaid out (and repainted) the whole window each time. So it
        # is as wide as its longest text from the start and ignores its size hint.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        longest = (self.tr("{prompts} · {chars} characters").format(
            prompts=self.tr("{n} prompts").format(n=formats.number(888)),
            chars=formats.number(888_888)),
            self.tr("Composing… {done} of {n}").format(done=888, n=888))
        self.info.setMinimumWidth(max(self.info.fontMetrics().horizontalAdvance(t)
                                      for t in longest) + 4)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b52a1f; font-weight: 600;")
        self.error.hide()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self.text.setFont(mono)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for b in (self.one_take, self.per_shot):
            bar.addWidget(b)
        bar.addSpacing(12)
        for b in (self.lang_en, self.lang_zh):
            bar.addWidget(b)
        bar.addWidget(self.info, 1)
        bar.addWidget(self.copy_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(self.text, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompose)
        self._job: Iterator[None] | None = None  # a long composition, a chunk per turn
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._run_step)
        self._modes.buttonClicked.connect(lambda _: self.recompose())
        self._langs.buttonClicked.connect(lambda _: self.recompose())
        self.copy_button.clicked.connect(self.copy)
        doc.projectReset.connect(self._follow_project)
        doc.lookChanged.connect(self._follow_project)
        doc.shotsChanged.connect(self.schedule)
        doc.shotChanged.connect(self.schedule)
        self._follow_project()

    @property
    def mode(self) -> Strategy:
        return Strategy(self._modes.checkedButton().property("value"))

    @property
    def lang(self) -> Language:
        return Language(self._langs.checkedButton().property("value"))

    def set_mode(self, mode: Strategy) -> None:
        (self.one_take if mode is Strategy.ONE_TAKE else self.per_shot).setChecked(True)
        self.recompose()

    def set_lang(self, lang: Language) -> None:
        (self.lang_zh if lang is Language.ZH else self.lang_en).setChecked(True)
        self.recompose()

    def schedule(self, *_: object) -> None:
        """Recompose soon; bursts of edits collapse into one recomposition."""
        self._timer.start()

    def _follow_project(self) -> None:
        p = self._doc.project
        (self.one_take if p.look.strategy is Strategy.ONE_TAKE else self.per_shot).setChecked(True)
        (self.lang_zh if p.language is Language.ZH else self.lang_en).setChecked(True)
        self.schedule()

    def recompose(self) -> None:
        from studio.core.prompts.compose import PromptError, compose

        self._timer.stop()
        self._job = None
        project = self._doc.project
        if not project.shots:
            self._show_error(self.tr("The storyboard has no shots yet: add a shot to see its "
                                     "prompt."))
            return
        if self.mode is Strategy.PER_SHOT and len(project.shots) > CHUNK:
            self._job = self._compose_in_chunks()
            self._run_step()
            return
        try:
            prompts = compose(project, self._doc.table, mode=self.mode, lang=self.lang)
        except PromptError as exc:
            self._show_error(self.tr("Cannot compose the prompt: {error}").format(error=exc))
            return
        if len(prompts) == 1:
            body = prompts[0].text
        else:
            parts = []
            for i, p in enumerate(prompts, 1):
                head = self.tr("── {i} / {n} · {seconds} s ──").format(i=i, n=len(prompts),
                                                                  seconds=p.seconds)
                parts.append(f"{head}\n{p.text}")
            body = "\n\n".join(parts)
        self.error.hide()
        self.copy_button.setEnabled(True)
        chars = sum(len(p.text) for p in prompts)
        n = len(prompts)
        prompts_text = self.tr("one prompt") if n == 1 else self.tr("{n} prompts").format(n=n)
        self.info.setText(self.tr("{prompts} · {chars} characters").format(
            prompts=prompts_text, chars=formats.number(chars)))
        if body != self.text.toPlainText():
            self.text.setPlainText(body)

    @property
    def composing(self) -> bool:
        """A long storyboard is still being composed (the text is partial)."""
        return self._job is not None

    def _run_step(self) -> None:
        if self._job is None:
            return
        try:
            next(self._job)
        except StopIteration:
            self._job = None
            return
        self._step.start()

    def _compose_in_chunks(self) -> Iterator[None]:
        """Per-shot prompts, up to CHUNK shots or BUDGET_S per turn; the text grows as
        they are made."""
        from studio.core.prompts.compose import PromptError, compose_shot_at

        project, table, lang = self._doc.project, self._doc.table, self.lang
        n, chars, done = len(project.shots), 0, 0
        self.copy_button.setEnabled(False)
        while done < n:
            if len(project.shots) != n:  # shots came or went: their recompose is queued
                return
            parts = []
            end = time.perf_counter() + BUDGET_S
            for i in range(done + 1, min(n, done + CHUNK) + 1):
                try:
                    p = compose_shot_at(project, i - 1, table, lang)
                except PromptError as exc:
                    self._show_error(self.tr("Cannot compose the prompt: {error}").format(
                        error=exc))
                    return
                chars += len(p.text)
                head = self.tr("── {i} / {n} · {seconds} s ──").format(i=i, n=n,
                                                                  seconds=p.seconds)
                parts.append(f"{head}\n{p.text}")
                if time.perf_counter() > end:
                    break
            chunk = "\n\n".join(parts)
            if not done:
                self.error.hide()
                self.text.setPlainText(chunk)
            else:  # a new paragraph after a blank line, as the one-go text has
                self.text.appendPlainText("\n" + chunk)
            done += len(parts)
            self.info.setText(self.tr("Composing… {done} of {n}").format(done=done, n=n))
            yield
        self.copy_button.setEnabled(True)
        prompts_text = self.tr("{n} prompts").format(n=n)
        self.info.setText(self.tr("{prompts} · {chars} characters").format(
            prompts=prompts_text, chars=formats.number(chars)))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.info.setText("")
        self.text.clear()
        self.copy_button.setEnabled(False)

    def copy(self) -> None:
        text = self.text.toPlainText()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
