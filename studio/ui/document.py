"""The open project as a Qt object: the one place the UI changes the model.

Widgets observe the document's signals and ask it for edits; every user edit becomes
exactly one command on :attr:`ProjectDocument.undo_stack` (see ``studio.ui.commands``),
so undo/redo covers everything and the dirty state is the stack's clean index, never a
flag. Generation progress (:meth:`ProjectDocument.update_take`) is the one exception: it
is not the user's edit, so it is not undoable, but it is still announced.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from studio.core import editing
from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import (
    Character,
    ConsentRecord,
    Look,
    Project,
    ReferenceImage,
    Shot,
    Take,
    new_id,
)
from studio.storage.project_file import Snapshot
from studio.ui.commands import (
    AddTakeCommand,
    ChooseTakeCommand,
    ReplaceProjectCommand,
    ReplaceShotsCommand,
    SetCharactersCommand,
    SetLookCommand,
    SetReferenceCommand,
    SetShotFieldCommand,
)
from studio.ui.shot_pieces import ShotPieces

#: Shot fields the inspector (and anyone else) may set with ``set_shot_field``.
SHOT_FIELDS = ("title", "description", "camera", "duration", "notes", "characters", "reference",
               "trim_in", "trim_out", "continuity")
#: Look fields settable with ``set_look_field``.
LOOK_FIELDS = tuple(Look.model_fields)
#: GUI-thread time one turn of the event loop may spend filling the snapshot's shot
#: pieces after an open (the GUI loop's stall bar is 16 ms).
FILL_BUDGET_S = 0.003
#: How long catch-up work waits after a project is replaced (an open): the editor's
#: first paint comes first, in a turn of its own.
AFTER_RESET_MS = 60


class ProjectDocument(QObject):
    """The project being edited, its file path, selection and undo history.

    Signals:
        projectReset(): the whole project was replaced (new/open); re-read everything.
        shotsChanged(): shots were added, removed or reordered (ids may have changed).
        shotChanged(str): one shot's fields or takes changed; the argument is its id.
        filmChanged(): the one-take film's takes, chosen take or reference image changed.
        charactersChanged(): the project's cameo characters changed.
        lookChanged(): the project's look (model, size, style, ...) changed.
        selectionChanged(list): ids of the selected shots, in timeline order.
        dirtyChanged(bool): the project now differs (True) or not (False) from the saved file.
    """

    projectReset = Signal()
    shotsChanged = Signal()
    shotChanged = Signal(str)
    filmChanged = Signal()
    lookChanged = Signal()
    charactersChanged = Signal()
    selectionChanged = Signal(list)
    dirtyChanged = Signal(bool)

    def __init__(self, table: CapabilityTable, parent: QObject | None = None, *,
                 undo_stack: QUndoStack | None = None) -> None:
        """``undo_stack``: the history to use (the window makes it before the document,
        for its Undo and Redo actions); a new one when None."""
        super().__init__(parent)
        self.table = table
        self.path: Path | None = None
        #: Where an untitled project's generated media live until Save As copies them
        #: beside the file (set by the generation controller); see :meth:`media_root`.
        self.scratch_dir: Path | None = None
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._project = Project()
        self._selection: list[str] = []
        self._merge_key = 0
        # Each shot's JSON piece for saves, kept until the shot changes (snapshot()).
        # Connected before anyone else: no listener of shotChanged sees a stale piece.
        self._pieces = ShotPieces()
        self.shotChanged.connect(self._pieces.forget)
        self.projectReset.connect(self._pieces.clear)
        self._filler = QTimer(self, singleShot=True, interval=0)
        self._filler.timeout.connect(self._fill_pieces)
        # After an open the editor shows and paints first (one full repaint, ~10-20 ms);
        # the pieces start once that is done rather than in the same turn.
        self.projectReset.connect(lambda: QTimer.singleShot(AFTER_RESET_MS, self._filler.start))
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # -- whole project -------------------------------------------------------------
    @property
    def project(self) -> Project:
        """The live model. Read it freely; change it only through this class."""
        return self._project

    def load(self, project: Project, path: Path | None) -> None:
        """Replace the project (new/open/restore); history starts empty and clean."""
        was_dirty = self.is_dirty()
        self._project = project
        self.path = Path(path) if path is not None else None
        self._selection = []
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.projectReset.emit()
        self.selectionChanged.emit([])
        if was_dirty:
            self.dirtyChanged.emit(False)

    def restore(self, project: Project) -> None:
        """Replace the project content as one undoable step (autosave recovery).

        Unlike :meth:`load` this keeps the path and leaves the document dirty, so the
        restored work is saved on the next Save and Undo returns to the saved version.
        """
        self._push(ReplaceProjectCommand(self, project, self.tr("Restore autosave")))

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def snapshot(self) -> Snapshot:
        """The project as JSON pieces for a save or an autosave, taken now (on the GUI
        thread: the pieces of unchanged shots are reused, see ``ui.shot_pieces``)."""
        return self._pieces.snapshot(self._project)

    def _fill_pieces(self) -> None:
        """After an open: make the shots' pieces a few ms per turn, so that the first
        save finds them made (and the loop never waits for all 500 at once)."""
        if not self._pieces.fill(self._project, FILL_BUDGET_S):
            self._filler.start()  # the rest in a later turn

    def mark_saved(self, path: Path, index: int | None = None) -> None:
        """The project was written to ``path``: that state is the new clean point.

        ``index`` is the undo index the written snapshot had; edits made while the save
        was writing keep the document dirty.
        """
        self.path = Path(path)
        if index is None or index == self.undo_stack.index():
            self.undo_stack.setClean()
        else:
            self.undo_stack.resetClean()

    def media_root(self) -> Path | None:
        """The folder the project's relative media paths resolve against.

        The project file's folder; for an untitled project the scratch folder, so media
        paths stay relative (saveable, autosaveable) before the project has a home.
        """
        return self.path.parent if self.path is not None else self.scratch_dir

    def resolve_media(self, rel: str | None) -> Path | None:
        """The file a stored media path names, or None when there is none (yet)."""
        root = self.media_root()
        if not rel or root is None:
            return None
        return Path(rel) if Path(rel).is_absolute() else root / rel

    def caps(self) -> ModelCaps | None:
        """Capabilities of the project's model, or None when the table does not know it."""
        return self.table.get(self._project.look.model)

    def shot_index(self, shot_id: str) -> int:
        for i, s in enumerate(self._project.shots):
            if s.id == shot_id:
                return i
        raise KeyError(shot_id)

    def break_merge(self) -> None:
        """End the current typing run: the next edit starts a new undo step.

        Editors call this when focus leaves a field, so "type, leave, come back, type"
        is two undo steps while one run of keystrokes stays one.
        """
        self._merge_key += 1

    # -- selection -----------------------------------------------------------------
    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def set_selection(self, ids: list[str]) -> None:
        """Select shots (unknown ids are dropped); emits only when the selection changes."""
        order = {s.id: i for i, s in enumerate(self._project.shots)}
        new = sorted({i for i in ids if i in order}, key=order.__getitem__)
        if new != self._selection:
            self._selection = new
            self.break_merge()
            self.selectionChanged.emit(list(new))

    # -- structural edits ----------------------------------------------------------
    def move_shots(self, ids: list[str], to_index: int) -> None:
        """Move ``ids`` (kept in timeline order) so the first lands at ``to_index``.

        ``to_index`` counts positions in the list *without* the moved shots, clamped.
        """
        shots = {s.id: s for s in self._project.shots}
        order = editing.moved(list(shots), ids, to_index)
        if order is None:
            return
        picked = [i for i in order if i in set(ids)]
        text = self.tr("Move shot") if len(picked) == 1 else \
            self.tr("Move {n} shots").format(n=len(picked))
        self._push(ReplaceShotsCommand(self, text, [shots[i] for i in order], picked))

    def add_shot(self, index: int | None = None) -> str:
        """Insert an empty shot (at the end by default) with the model's shortest length."""
        caps = self.caps()
        shot = Shot(title="", duration=min(caps.seconds) if caps else 4)
        shots = list(self._project.shots)
        at = len(shots) if index is None else max(0, min(index, len(shots)))
        shots.insert(at, shot)
        self._push(ReplaceShotsCommand(self, self.tr("Add shot"), shots, [shot.id]))
        return shot.id

    def duplicate_shots(self, ids: list[str]) -> list[str]:
        """Copy each shot (fields, no takes) right after the last of the duplicated shots."""
        wanted = set(ids)
        src = [s for s in self._project.shots if s.id in wanted]
        if not src:
            return []
        copies = [_fresh_copy(s) for s in src]
        shots = list(self._project.shots)
        at = max(i for i, s in enumerate(shots) if s.id in wanted) + 1
        shots[at:at] = copies
        new_ids = [c.id for c in copies]
        text = self.tr("Duplicate shot") if len(copies) == 1 else \
            self.tr("Duplicate {n} shots").format(n=len(copies))
        self._push(ReplaceShotsCommand(self, text, shots, new_ids))
        return new_ids

    def split_shot(self, shot_id: str) -> str:
        """Split a shot in two halves (snapped); the first keeps the id and the takes."""
        i = self.shot_index(shot_id)
        old = self._project.shots[i]
        first_len, second_len = editing.split_seconds(old.duration, self.caps(),
                                                      self._project.look.strategy)
        first = old.model_copy(deep=True, update={"duration": first_len})
        second = _fresh_copy(old, duration=second_len)
        shots = list(self._project.shots)
        shots[i : i + 1] = [first, second]
        self._push(ReplaceShotsCommand(self, self.tr("Split shot"), shots, [second.id]))
        return second.id

    def delete_shots(self, ids: list[str]) -> None:
        gone = set(ids)
        shots = [s for s in self._project.shots if s.id not in gone]
        n = len(self._project.shots) - len(shots)
        if not n:
            return
        # Select the shot that took the place of the first deleted one, so Delete repeats.
        first = next(i for i, s in enumerate(self._project.shots) if s.id in gone)
        after = [shots[min(first, len(shots) - 1)].id] if shots else []
        text = self.tr("Delete shot") if n == 1 else self.tr("Delete {n} shots").format(n=n)
        self._push(ReplaceShotsCommand(self, text, shots, after))

    # -- field edits ---------------------------------------------------------------
    def set_shot_field(self, shot_id: str, field: str, value: Any) -> None:
        """Set a shot field (validated by the model); runs of edits of one field merge.

        Raises ValueError for an unknown field or a value the model refuses.
        """
        if field == "duration":
            self.set_shot_duration(shot_id, int(value))
            return
        if field not in SHOT_FIELDS:
            raise ValueError(f"not an editable shot field: {field!r}")
        shot = self._project.shot(shot_id)
        value = _validated(shot, field, value)
        if value == getattr(shot, field):
            return
        self._push(SetShotFieldCommand(self, shot_id, field, value, self._merge_key))

    def set_shot_duration(self, shot_id: str, seconds: int) -> None:
        """Set the duration, snapped to the model's clip lengths when generating per shot."""
        shot = self._project.shot(shot_id)
        value = editing.fit_seconds(int(seconds), self.caps(), self._project.look.strategy)
        if value == shot.duration:
            return
        self._push(SetShotFieldCommand(self, shot_id, "duration", value, self._merge_key))

    def set_look_field(self, field: str, value: Any) -> None:
        """Set a look field. A model change keeps the size when the new model offers it,
        otherwise picks the closest offered size of the same orientation.
        """
        if field not in LOOK_FIELDS:
            raise ValueError(f"not a look field: {field!r}")
        look = self._project.look
        value = _validated(look, field, value)
        if value == getattr(look, field):
            return
        new = look.model_copy(deep=True, update={field: value})
        if field == "model":
            caps = self.table.get(value)
            if caps is None:
                raise ValueError(f"unknown model {value!r} (known: {', '.join(self.table.ids())})")
            if new.size not in caps.sizes:
                new.size = editing.closest_size(new.size, caps.sizes)
        self._push(SetLookCommand(self, field, new, self._merge_key))

    # -- takes ---------------------------------------------------------------------
    def add_take(self, shot_id: str | None, take: Take) -> None:
        """Record a new take (undoable); ``shot_id`` None means a one-take film take."""
        self._push(AddTakeCommand(self, shot_id, take))

    def update_take(self, shot_id: str | None, take_id: str, **changes: Any) -> None:
        """Apply generation progress (status, media, cost, error...) to a take.

        Not undoable: it reports what happened, it is not the user's edit. Emits
        ``shotChanged(shot_id)`` (or ``filmChanged`` for film takes).
        """
        take = next((t for t in self.takes_of(shot_id) if t.id == take_id), None)
        if take is None:
            raise KeyError(take_id)
        for field, value in changes.items():
            if field not in Take.model_fields or field == "id":
                raise ValueError(f"not a take field: {field!r}")
            setattr(take, field, _validated(take, field, value))
        self.notify_takes(shot_id)

    def choose_take(self, shot_id: str | None, take_id: str | None) -> None:
        """Pick the take used in the cut (``shot_id`` None: the film); undoable."""
        if take_id is not None and all(t.id != take_id for t in self.takes_of(shot_id)):
            raise KeyError(take_id)
        if take_id != self.chosen_take_id(shot_id):
            self._push(ChooseTakeCommand(self, shot_id, take_id))

    # -- reference images and characters ---------------------------------------------
    def set_reference(self, shot_id: str | None, reference: ReferenceImage | None,
                      consent: ConsentRecord | None = None) -> None:
        """Attach (or with None remove) the reference image of a shot or, for ``shot_id``
        None, of the one-take film, with the consent record it names; one undo step."""
        if reference is not None and consent is not None and reference.consent_id != consent.id:
            raise ValueError("the reference names another consent record")
        text = self.tr("Remove reference image") if reference is None \
            else self.tr("Attach reference image")
        self._push(SetReferenceCommand(self, shot_id, reference, consent, text))

    def set_characters(self, characters: list[Character],
                       consents: list[ConsentRecord] | None = None) -> None:
        """Replace the project's cameo characters (and, given, its consent records)."""
        handles = [c.handle.casefold() for c in characters]
        if len(set(handles)) != len(handles):
            raise ValueError("two characters share a handle")
        self._push(SetCharactersCommand(
            self, characters, self._project.consents if consents is None else consents,
            self.tr("Change characters")))

    def apply_reference(self, shot_id: str | None, reference: ReferenceImage | None,
                        consents: list[ConsentRecord]) -> None:
        self._project.consents = list(consents)
        if shot_id is None:
            self._project.reference = reference
            self.filmChanged.emit()
        else:
            self._project.shot(shot_id).reference = reference
            self.shotChanged.emit(shot_id)

    def apply_characters(self, characters: list[Character],
                         consents: list[ConsentRecord]) -> None:
        self._project.characters = list(characters)
        self._project.consents = list(consents)
        self.charactersChanged.emit()

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    @contextmanager
    def transaction(self, label: str) -> Iterator[None]:
        """Several edits as one undo step: ``with doc.transaction(tr("Apply")): ...``."""
        self.undo_stack.beginMacro(label)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def allowed_seconds(self) -> tuple[int, ...] | None:
        """The durations a shot may have now (None: any whole second in range)."""
        return editing.allowed_durations(self.caps(), self._project.look.strategy)

    def _push(self, cmd: Any) -> None:
        self.undo_stack.push(cmd)

    # -- the command target: what undo commands call (and nothing else should) ----

    def apply_shots(self, shots: list[Shot], selection: list[str]) -> None:
        # The selection is updated before anyone hears of the change, so listeners
        # never see a selected id that no longer exists.
        self._project.shots[:] = shots
        wanted = set(selection)
        self._selection = [s.id for s in shots if s.id in wanted]
        self.shotsChanged.emit()
        self.selectionChanged.emit(list(self._selection))

    def apply_project(self, project: Project, selection: list[str]) -> None:
        self._project = project
        wanted = set(selection)
        self._selection = [s.id for s in project.shots if s.id in wanted]
        self.projectReset.emit()
        self.selectionChanged.emit(self.selection)

    def apply_shot_field(self, shot_id: str, field: str, value: Any) -> None:
        setattr(self._project.shot(shot_id), field, value)
        self.shotChanged.emit(shot_id)

    def apply_look(self, look: Look) -> None:
        self._project.look = look
        self.lookChanged.emit()

    def takes_of(self, shot_id: str | None) -> list[Take]:
        return self._project.film_takes if shot_id is None else self._project.shot(shot_id).takes

    def chosen_take_id(self, shot_id: str | None) -> str | None:
        if shot_id is None:
            return self._project.chosen_film_take
        return self._project.shot(shot_id).chosen_take

    def apply_chosen_take(self, shot_id: str | None, take_id: str | None, notify=True) -> None:
        if shot_id is None:
            self._project.chosen_film_take = take_id
        else:
            self._project.shot(shot_id).chosen_take = take_id
            self._pieces.forget(shot_id)  # also when the caller notifies later
        if notify:
            self.notify_takes(shot_id)

    def notify_takes(self, shot_id: str | None) -> None:
        if shot_id is None:
            self.filmChanged.emit()
        else:
            self.shotChanged.emit(shot_id)


def _fresh_copy(shot: Shot, **update: Any) -> Shot:
    """A copy of a shot's content under a new id, without takes."""
    data = shot.model_copy(deep=True, update={"id": new_id(), "takes": [], "chosen_take": None})
    for k, v in update.items():
        setattr(data, k, v)
    return data


def _validated(model: Any, field: str, value: Any) -> Any:
    """``value`` as the model would store it in ``field``; ValueError when refused."""
    probe = model.model_copy()
    try:
        type(model).__pydantic_validator__.validate_assignment(probe, field, value)
    except ValidationError as exc:
        msg = exc.errors()[0].get("msg", str(exc)) if exc.errors() else str(exc)
        raise ValueError(f"{field}: {msg}") from None
    return getattr(probe, field)

