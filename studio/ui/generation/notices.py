"""What the window says about generation: the status-bar figures and the refusal box."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from studio.app.generation import Plan
from studio.core.model import Project, TakeStatus
from studio.ui import formats
from studio.ui.problems import problem_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("Generation", text)


def status_texts(project: Project, provider: str) -> tuple[str, str, str]:
    """(provider, cost, jobs) for the status bar; costs count billable outcomes only."""
    takes = [t for s in project.shots for t in s.takes] + list(project.film_takes)
    quoted = sum(t.cost_quoted for t in takes)
    spent = sum(t.cost_spent for t in takes)
    count = Counter(t.status for t in takes)  # one pass: this runs on every edit
    return (
        _tr("Provider: {name}").format(name=provider),
        _tr("Quoted {quoted} · Spent {spent}").format(quoted=formats.money(quoted),
                                                      spent=formats.money(spent)),
        _tr("Jobs: {queued} queued · {running} running · {done} done · {failed} failed").format(
            queued=count[TakeStatus.QUEUED], running=count[TakeStatus.IN_PROGRESS],
            done=count[TakeStatus.COMPLETED], failed=count[TakeStatus.FAILED]),
    )


def refusal_box(parent: QWidget, project: Project, plan: Plan,
                per_shot: Callable[[], None]) -> tuple[QMessageBox, list[str],
                                                       QPushButton | None]:
    """A non-blocking box saying why nothing was sent, with the ways on that exist."""
    lines = [problem_text(project, p) for p in plan.problems]
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("Cannot generate yet"),
                      _tr("Nothing was sent. Fix this first:"), QMessageBox.StandardButton.Ok,
                      parent)
    info = "\n".join(f"• {p}" for p in lines)
    button = None
    if "per_shot" in plan.ways_on:
        info += "\n\n" + _tr("Generate the shots one clip each instead, and play them as "
                             "the cut.")
        button = box.addButton(_tr("Generate per shot"), QMessageBox.ButtonRole.AcceptRole)
        button.clicked.connect(per_shot)
    if "extend" in plan.ways_on:
        info += "\n" + _tr("Or shorten the shots to one clip, generate the film, and continue "
                           "its take with Generate ▸ Extend.")
    box.setInformativeText(info)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box, lines, button


def job_title(project: Project, shot_id: str | None, provider: str | None,
              index: Mapping[str, int] | None = None) -> str:
    """"3. Sunrise · Gateway": the shot a job fills and the provider that runs it.

    ``index`` (shot id -> position) spares a caller titling every job of a project a
    scan of the shots per job (1000 takes of 500 shots: 40 ms on the GUI thread).
    """
    if shot_id is None:
        label = _tr("One-take film")
    else:
        i = (index.get(shot_id) if index is not None else
             next((i for i, s in enumerate(project.shots) if s.id == shot_id), None))
        title = project.shots[i].title if i is not None else ""
        label = (_tr("(deleted shot)") if i is None else f"{i + 1}. {title}" if title
                 else _tr("Shot {n}").format(n=i + 1))
    return f"{label} · {provider}" if provider else label
