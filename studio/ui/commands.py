"""The undoable edits of a project: one ``QUndoCommand`` per user action.

Commands are the only code that changes a :class:`~studio.ui.document.ProjectDocument`'s
project. They find shots by id at redo/undo time (never keep a shot across commands),
so any order of undo/redo restores the exact earlier project. Structural edits (move,
add, duplicate, split, delete) swap whole lists of shot objects: cheap for 5 000 shots
and exact by construction, because later edits have been undone before an earlier
command's ``undo`` runs.
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand

from studio.core.model import Character, ConsentRecord, Look, Project, ReferenceImage, Shot, Take


class ProjectDocument(Protocol):
    """What commands need of the document: its public apply/notify API, nothing private.

    ``studio.ui.document.ProjectDocument`` implements it; commands never import it, so
    the two modules do not depend on each other both ways.
    """

    @property
    def project(self) -> Project: ...
    @property
    def selection(self) -> list[str]: ...
    def apply_shots(self, shots: list[Shot], selection: list[str]) -> None: ...
    def apply_project(self, project: Project, selection: list[str]) -> None: ...
    def apply_shot_field(self, shot_id: str, field: str, value: Any) -> None: ...
    def apply_look(self, look: Look) -> None: ...
    def takes_of(self, shot_id: str | None) -> list[Take]: ...
    def chosen_take_id(self, shot_id: str | None) -> str | None: ...
    def apply_chosen_take(self, shot_id: str | None, take_id: str | None,
                          notify: bool = True) -> None: ...
    def notify_takes(self, shot_id: str | None) -> None: ...
    def apply_reference(self, shot_id: str | None, reference: ReferenceImage | None,
                        consents: list[ConsentRecord]) -> None: ...
    def apply_characters(self, characters: list[Character],
                         consents: list[ConsentRecord]) -> None: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)

#: The field names ``Edit {field}`` shows (undo menu), marked for lupdate: they reach
#: ``_tr`` as ``field.replace("_", " ")``, which no extractor can read.
FIELD_NAMES = (
    QT_TRANSLATE_NOOP("Commands", "title"), QT_TRANSLATE_NOOP("Commands", "description"),
    QT_TRANSLATE_NOOP("Commands", "camera"), QT_TRANSLATE_NOOP("Commands", "duration"),
    QT_TRANSLATE_NOOP("Commands", "reference"), QT_TRANSLATE_NOOP("Commands", "characters"),
    QT_TRANSLATE_NOOP("Commands", "notes"), QT_TRANSLATE_NOOP("Commands", "trim in"),
    QT_TRANSLATE_NOOP("Commands", "trim out"), QT_TRANSLATE_NOOP("Commands", "style"),
    QT_TRANSLATE_NOOP("Commands", "size"), QT_TRANSLATE_NOOP("Commands", "model"),
    QT_TRANSLATE_NOOP("Commands", "provider"), QT_TRANSLATE_NOOP("Commands", "strategy"),
    QT_TRANSLATE_NOOP("Commands", "atmosphere"), QT_TRANSLATE_NOOP("Commands", "keywords"),
    QT_TRANSLATE_NOOP("Commands", "music"), QT_TRANSLATE_NOOP("Commands", "continuity"),
)

# Ids for QUndoCommand.mergeWith: only same-id commands are offered for merging.
_ID_SHOT_FIELD = 1001
_ID_LOOK_FIELD = 1002


def _copy(value: Any) -> Any:
    """Own copies of mutable values (lists of handles/keywords) so edits never alias."""
    return copy.deepcopy(value) if isinstance(value, list | dict) else value


class ReplaceShotsCommand(QUndoCommand):
    """Replace the ordered shot list (move/add/duplicate/split/delete) and the selection."""

    def __init__(
        self,
        doc: ProjectDocument,
        text: str,
        new_shots: list[Shot],
        select_after: list[str],
    ) -> None:
        super().__init__(text)
        self._doc = doc
        self._before = list(doc.project.shots)
        self._after = list(new_shots)
        self._select_before = list(doc.selection)
        self._select_after = list(select_after)

    def redo(self) -> None:
        self._doc.apply_shots(self._after, self._select_after)

    def undo(self) -> None:
        self._doc.apply_shots(self._before, self._select_before)


class ReplaceProjectCommand(QUndoCommand):
    """Swap the whole project (restoring an autosave): undo returns to the saved one."""

    def __init__(self, doc: ProjectDocument, project: Project, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._before = doc.project
        self._before_selection = list(doc.selection)
        self._after = project

    def redo(self) -> None:
        self._doc.apply_project(self._after, [])

    def undo(self) -> None:
        self._doc.apply_project(self._before, self._before_selection)


class SetShotFieldCommand(QUndoCommand):
    """Set one field of one shot; consecutive edits of that field merge (typing)."""

    def __init__(
        self, doc: ProjectDocument, shot_id: str, field: str, value: Any, merge_key: int
    ) -> None:
        super().__init__(_tr("Edit {field}").format(field=_tr(field.replace("_", " "))))
        self._doc = doc
        self.shot_id = shot_id
        self.field = field
        self.merge_key = merge_key
        self._old = _copy(getattr(doc.project.shot(shot_id), field))
        self._new = _copy(value)

    def id(self) -> int:
        return _ID_SHOT_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetShotFieldCommand)
            and other.shot_id == self.shot_id
            and other.field == self.field
            and other.merge_key == self.merge_key
        ):
            return False
        self._new = _copy(other._new)
        if self._new == self._old:
            self.setObsolete(True)  # typed and deleted back: no undo step left
        return True

    def redo(self) -> None:
        self._doc.apply_shot_field(self.shot_id, self.field, _copy(self._new))

    def undo(self) -> None:
        self._doc.apply_shot_field(self.shot_id, self.field, _copy(self._old))


class SetLookCommand(QUndoCommand):
    """Replace the look (one field changed, maybe with a follow-up such as the size).

    Consecutive edits of the same look field merge, except model changes, which also
    may move the size and so are kept as separate steps.
    """

    def __init__(self, doc: ProjectDocument, field: str, new_look: Look, merge_key: int) -> None:
        super().__init__(_tr("Edit {field}").format(field=_tr(field.replace("_", " "))))
        self._doc = doc
        self.field = field
        self.merge_key = merge_key
        self._old = doc.project.look.model_copy(deep=True)
        self._new = new_look.model_copy(deep=True)

    def id(self) -> int:
        return _ID_LOOK_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetLookCommand)
            and other.field == self.field
            and other.merge_key == self.merge_key
            and self.field != "model"
        ):
            return False
        self._new = other._new.model_copy(deep=True)
        if self._new == self._old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self._doc.apply_look(self._new.model_copy(deep=True))

    def undo(self) -> None:
        self._doc.apply_look(self._old.model_copy(deep=True))


class AddTakeCommand(QUndoCommand):
    """Append a take to a shot (or to the one-take film); it becomes the chosen take when
    nothing was chosen yet, so a first generation shows up in the cut without extra clicks.
    """

    def __init__(self, doc: ProjectDocument, shot_id: str | None, take: Take) -> None:
        super().__init__(_tr("Add take"))
        self._doc = doc
        self._shot_id = shot_id
        self._take = take
        self._old_chosen = doc.chosen_take_id(shot_id)

    def redo(self) -> None:
        self._doc.takes_of(self._shot_id).append(self._take)
        if self._old_chosen is None:
            self._doc.apply_chosen_take(self._shot_id, self._take.id, notify=False)
        self._doc.notify_takes(self._shot_id)

    def undo(self) -> None:
        takes = self._doc.takes_of(self._shot_id)
        takes[:] = [t for t in takes if t.id != self._take.id]
        self._doc.apply_chosen_take(self._shot_id, self._old_chosen, notify=False)
        self._doc.notify_takes(self._shot_id)


class ChooseTakeCommand(QUndoCommand):
    """Pick the take that goes into the cut (None = no take chosen)."""

    def __init__(self, doc: ProjectDocument, shot_id: str | None, take_id: str | None) -> None:
        super().__init__(_tr("Choose take"))
        self._doc = doc
        self._shot_id = shot_id
        self._old = doc.chosen_take_id(shot_id)
        self._new = take_id

    def redo(self) -> None:
        self._doc.apply_chosen_take(self._shot_id, self._new)

    def undo(self) -> None:
        self._doc.apply_chosen_take(self._shot_id, self._old)


class SetReferenceCommand(QUndoCommand):
    """Attach, replace or remove the reference image of a shot (or the film, ``None``)
    together with its consent record: one step, so undo never leaves either alone."""

    def __init__(self, doc: ProjectDocument, shot_id: str | None,
                 reference: ReferenceImage | None, consent: ConsentRecord | None,
                 text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._shot_id = shot_id
        project = doc.project
        old = project.reference if shot_id is None else project.shot(shot_id).reference
        self._before = (old, list(project.consents))
        self._after = (reference, list(project.consents) + ([consent] if consent else []))

    def redo(self) -> None:
        self._doc.apply_reference(self._shot_id, *self._after)

    def undo(self) -> None:
        self._doc.apply_reference(self._shot_id, *self._before)


class SetCharactersCommand(QUndoCommand):
    """Replace the project's cameo characters (and the consent records they carry)."""

    def __init__(self, doc: ProjectDocument, characters: list[Character],
                 consents: list[ConsentRecord], text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._before = (list(doc.project.characters), list(doc.project.consents))
        self._after = (list(characters), list(consents))

    def redo(self) -> None:
        self._doc.apply_characters(*self._after)

    def undo(self) -> None:
        self._doc.apply_characters(*self._before)
