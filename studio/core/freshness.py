"""Is a take still what its shot asks for? A take records what it was made from.

A finished take keeps the composed prompt, model, size, seconds and reference image hash
it was generated with (``Take.params`` and ``Take.model``). When the user edits the shot
(or the look) afterwards, the prompt the shot composes to today no longer matches, and
the take is *outdated*: still playable, no longer what the storyboard says. Remixes,
edits and extensions follow the take they were made from. Prompts are compared without
their "Position: shot n of N" line: adding a shot elsewhere does not outdate every take.
"""

from __future__ import annotations

from studio.core.capabilities import CapabilityTable
from studio.core.model import Project, Shot, Take
from studio.core.prompts.compose import ComposedPrompt, PromptError, compose_film, compose_shot
from studio.core.prompts.templates import without_position


def made_from(prompt: ComposedPrompt, project: Project) -> dict[str, str | int | None]:
    """The ``params`` a new take records: what it is generated from."""
    reference = None
    if len(prompt.shot_ids) == 1:
        shot = project.shot(prompt.shot_ids[0])
        reference = shot.reference.sha256 if shot.reference is not None else None
    return {"prompt": prompt.text, "size": project.look.size, "seconds": prompt.seconds,
            "reference": reference}


def is_outdated(project: Project, shot: Shot | None, take: Take,
                table: CapabilityTable) -> bool:
    """True when ``take`` (of ``shot``; None: the one-take film) no longer matches it."""
    root = _root(shot.takes if shot is not None else project.film_takes, take)
    if "prompt" not in root.params:  # made before takes recorded their source
        return False
    try:
        now = compose_film(project, table) if shot is None else compose_shot(project, shot, table)
    except PromptError:
        return True
    want = made_from(now, project)
    have = {k: root.params.get(k) for k in want}
    have["prompt"] = without_position(str(have["prompt"]))
    want["prompt"] = without_position(str(want["prompt"]))
    if "reference" not in root.params:
        have["reference"] = want["reference"]
    return root.model != project.look.model or have != want


def _root(takes: list[Take], take: Take) -> Take:
    """The original generation a remix/edit/extension chain starts from."""
    by_id = {t.id: t for t in takes}
    seen: set[str] = set()
    while take.parent_take and take.parent_take in by_id and take.id not in seen:
        seen.add(take.id)
        take = by_id[take.parent_take]
    return take
