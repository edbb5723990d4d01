"""Gestures that make a child take: remix / edit / extend a finished take, and extend
the previous shot's take (continuity). A mixin of the generation controller, which
provides ``doc``, ``service``, ``tasks``, ``window``, ``ask``, ``say`` and ``_add_takes``."""

from __future__ import annotations

from typing import Any

from studio.app import continuity
from studio.app.characters import extension_problem
from studio.core.model import Take, TakeRelation, TakeStatus
from studio.ui.continuity import continuity_text
from studio.ui.generation.dialogs import DeriveAnswer
from studio.ui.problems import problem_text


class DeriveGestures:
    """Child takes of a finished take; see the module docstring."""

    doc: Any
    service: Any
    tasks: Any
    window: Any
    ask: Any
    tr: Any
    say: Any
    _take: Any
    _add_takes: Any

    def derive(self, relation: TakeRelation, shot_id: str | None, take_id: str) -> None:
        """Remix / edit / extend a finished take: ask the prompt, then make a child take.

        A slot: the dialog runs its own event loop, so it must not run inside a task.
        """
        take = self._take(shot_id, take_id)
        if take is None or take.status is not TakeStatus.COMPLETED or not take.job_id:
            self.say(self.tr("Only a finished take can be remixed, edited or extended."))
            return
        caps = self.doc.table.get(take.model)
        if caps is not None and not caps.supports(relation.value):
            self.say(self._cannot_text(relation).format(model=caps.label))
            return
        prompt = str(take.params.get("prompt", ""))
        answer = self.ask(self.window, relation, prompt, caps.seconds if caps else (4,))
        refused = (extension_problem(self.doc.project, answer.prompt, shot_id)
                   if answer is not None and relation is TakeRelation.EXTEND else None)
        if refused is not None:  # providers refuse characters on extensions
            self.say(problem_text(self.doc.project, refused))
            return
        if answer is not None and answer.prompt:
            self.tasks.spawn(self._derive(relation, shot_id, take, answer),
                             label=self.tr("Derive take"))

    async def _derive(self, relation: TakeRelation, shot_id: str | None, parent: Take,
                      answer: DeriveAnswer) -> None:
        project = self.doc.project
        take = await self.service.derive(project, shot_id, parent, relation, answer.prompt,
                                         answer.seconds)
        if self.doc.project is project:
            self._add_takes([(shot_id, take)], self._new_take_text(relation))

    def _cannot_text(self, relation: TakeRelation) -> str:
        """Whole sentences per relation: a word spliced in cannot be translated."""
        if relation is TakeRelation.REMIX:
            return self.tr("{model} cannot remix a video.")
        if relation is TakeRelation.EDIT:
            return self.tr("{model} cannot edit a video.")
        return self.tr("{model} cannot extend a video.")

    def _new_take_text(self, relation: TakeRelation) -> str:
        if relation is TakeRelation.REMIX:
            return self.tr("New remix take")
        if relation is TakeRelation.EDIT:
            return self.tr("New edit take")
        return self.tr("New extension take")

    def extend_previous(self, shot_id: str) -> None:
        """Continuity: generate ``shot_id`` by extending the previous shot's take."""
        self.tasks.spawn(self._extend_previous(shot_id), label=self.tr("Extend previous take"))

    async def _extend_previous(self, shot_id: str) -> None:
        project = self.doc.project
        try:
            take, trim_in = await continuity.extend_previous(self.service, project, shot_id)
        except continuity.ContinuityRefused as exc:
            self.say(continuity_text(project, exc.problem))
            return
        if self.doc.project is not project or all(s.id != shot_id for s in project.shots):
            return
        # the extension replays the previous take first: this shot's cut starts after it
        with self.doc.transaction(self.tr("Extend previous take")):
            self.doc.set_shot_field(shot_id, "trim_in", trim_in)
            self._add_takes([(shot_id, take)], self.tr("Extend previous take"))
