"""Generate-menu gestures on "the current" take or job: the one selected in the jobs
panel, else the one selected in Inspector ▸ Takes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from studio.core.model import Take, TakeRelation

if TYPE_CHECKING:
    from studio.ui.generation.controller import GenerationController


def bind_current_gestures(ctrl: GenerationController) -> None:
    """Remix / Edit / Extend / Cancel Job / Retry Job of the Generate menu."""
    window, jobs = ctrl.window, ctrl.jobs

    def current_take() -> tuple[str | None, Take] | None:
        panel = window.inspector.takes
        take = panel.current_take()
        return (panel.shot_id, take) if take is not None else None

    def derive(relation: TakeRelation) -> None:
        cur = current_take()
        if cur is None:
            ctrl.say(QCoreApplication.translate(
                "Generation", "Select a finished take first (Inspector ▸ Takes)."))
            return
        ctrl.derive(relation, cur[0], cur[1].id)

    def cancel() -> None:
        job = jobs.selected_job()
        if job is None and (cur := current_take()) is not None:
            job = cur[1].job_id
        if job:
            ctrl.cancel_job(job)

    def retry() -> None:
        job = jobs.selected_job()
        if job is not None:
            ctrl.retry_job(job)
        elif (cur := current_take()) is not None:
            ctrl.retry_take(cur[0], cur[1].id)

    a = window.actions
    for action_id, rel in (("remix", TakeRelation.REMIX), ("edit_take", TakeRelation.EDIT),
                           ("extend", TakeRelation.EXTEND)):
        a.bind(action_id, lambda rel=rel: derive(rel))
    a.bind("cancel_job", cancel)
    a.bind("retry_job", retry)
