"""Check a project against the capability table of its model.

Each problem names exactly where it is (which shot, which field) and what is allowed, so
the UI can put a badge on the right field and the CLI can print one clear line. Each also
carries a ``code`` and its ``params``: the window renders its own (translated) sentence
from them; ``message`` is the English line the CLI prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import ConsentKind, Project, ReferenceImage, Shot, Strategy
from studio.core.prompts.compose import used_characters


class Severity(StrEnum):
    ERROR = "error"  # generation would be refused
    WARNING = "warning"  # generation works, but probably not as meant


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # e.g. "look.size", "duration"
    message: str
    severity: Severity = Severity.ERROR
    shot_index: int | None = None  # 0-based; None for project-wide problems
    shot_id: str | None = None
    allowed: tuple[str, ...] = ()
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"shot {self.shot_index + 1}" if self.shot_index is not None else "project"
        tail = f" (allowed: {', '.join(self.allowed)})" if self.allowed else ""
        return f"{self.severity}: {where}: {self.field}: {self.message}{tail}"


def sunset_problem(caps: ModelCaps, today: dt.date | None) -> Problem | None:
    """A warning when the model's vendor service has ended (``today`` past its sunset)."""
    if today is None or caps.sunset is None or today <= dt.date.fromisoformat(caps.sunset):
        return None
    return Problem("look.model", f"{caps.label}'s service ended on {caps.sunset}; a provider "
                   "that still serves this model name is needed", Severity.WARNING,
                   code="model_sunset", params={"model": caps.label, "date": caps.sunset})


def validate_project(project: Project, table: CapabilityTable, *,
                     today: dt.date | None = None,
                     reference_hashes: Mapping[str, str | None] | None = None) -> list[Problem]:
    """All problems of ``project`` for its model; no errors means it can be generated.

    ``today`` (the caller's clock: core reads none) enables the sunset warning.
    ``reference_hashes`` (the caller read the files: core does no I/O) maps each reference
    image's path to the SHA-256 of the bytes on disk now (None: the file is gone); with
    it, a reference whose bytes are not the ones consented to is refused.
    """
    problems: list[Problem] = []
    look = project.look
    caps = table.get(look.model)
    if caps is None:
        return [Problem("look.model", f"unknown model {look.model!r}", allowed=tuple(table.ids()),
                        code="unknown_model", params={"model": look.model})]
    if (sunset := sunset_problem(caps, today)) is not None:
        problems.append(sunset)
    if look.size not in caps.sizes:
        problems.append(
            Problem("look.size", f"{look.size} is not offered by {caps.id}", allowed=caps.sizes,
                    code="size_not_offered", params={"size": look.size, "model": caps.label})
        )
    if not project.shots:
        problems.append(Problem("shots", "the storyboard has no shots", code="no_shots"))
    for i, shot in enumerate(project.shots):
        problems.extend(_shot_problems(project, caps, i, shot, reference_hashes))
    if project.reference is not None and look.strategy is Strategy.ONE_TAKE:
        for field_, code, message, params in reference_problems(
                project, project.reference, caps, reference_hashes):
            problems.append(Problem("film." + field_, message, code=code, params=params))
    if look.strategy is Strategy.ONE_TAKE and project.shots:
        total = project.total_seconds()
        if caps.clip_seconds_for(total) is None:
            longest = max(caps.seconds)
            problems.append(
                Problem(
                    "shots",
                    f"the one-take film is {total} s but {caps.id} makes clips of at most "
                    f"{longest} s; shorten shots or switch to per-shot",
                    allowed=tuple(f"{s} s" for s in caps.seconds),
                    code="film_too_long",
                    params={"total": total, "longest": longest, "model": caps.label},
                )
            )
    return problems


def reference_problems(project: Project, ref: ReferenceImage, caps: ModelCaps,
                       hashes: Mapping[str, str | None] | None,
                       ) -> list[tuple[str, str, str, dict[str, object]]]:
    """(field, code, message, params) of one reference image: consent and exact bytes."""
    out: list[tuple[str, str, str, dict[str, object]]] = []
    if not caps.supports("input_reference"):
        out.append(("reference", "reference_unsupported",
                    f"{caps.id} does not take a reference image", {"model": caps.label}))
    record = next((c for c in project.consents if c.id == ref.consent_id), None)
    if ref.consent_id is None:
        out.append(("reference", "reference_no_consent",
                    "the reference image has no consent record", {}))
    elif record is None:
        out.append(("reference", "reference_consent_missing",
                    "the reference image's consent record is missing from the project", {}))
    elif record.kind is not ConsentKind.REFERENCE_IMAGE or record.image_sha256 != ref.sha256:
        out.append(("reference", "reference_consent_mismatch",
                    "the consent record was given for a different image", {}))
    if hashes is not None and ref.consent_id is not None:
        actual = hashes.get(ref.path)
        if actual is None:
            out.append(("reference", "reference_file_missing",
                        f"the reference image {ref.path} is missing", {"path": ref.path}))
        elif record is not None and actual != record.image_sha256:
            out.append(("reference", "reference_bytes_changed",
                        f"the reference image {ref.path} is not the image consented to "
                        "(its bytes changed)", {"path": ref.path}))
    return out


def _shot_problems(project: Project, caps: ModelCaps, i: int, shot: Shot,
                   hashes: Mapping[str, str | None] | None = None) -> list[Problem]:
    out: list[Problem] = []

    def add(field: str, code: str, message: str, *, allowed: tuple[str, ...] = (),
            warn: bool = False, **params: object) -> None:
        sev = Severity.WARNING if warn else Severity.ERROR
        out.append(Problem(field, message, sev, i, shot.id, allowed, code, params))

    if not shot.description.strip() and not shot.title.strip():
        add("description", "shot_empty", "the shot has neither a title nor a description")
    # Per shot, a shot is made as the shortest clip that holds it and the cut plays the
    # shot's own length: only a shot longer than every clip cannot be made.
    if project.look.strategy is Strategy.PER_SHOT and caps.clip_seconds_for(
            shot.duration) is None:
        add(
            "duration", "duration_not_offered",
            f"{shot.duration} s is longer than the longest clip {caps.id} makes",
            allowed=tuple(f"{s} s" for s in caps.seconds), seconds=shot.duration,
            model=caps.label, longest=max(caps.seconds),
        )
    if shot.reference is not None:
        for field_, code, message, params in reference_problems(project, shot.reference, caps,
                                                                hashes):
            add(field_, code, message, **params)
    unknown = [h for h in shot.characters if project.character_by_handle(h) is None]
    if unknown:
        handles = ", ".join("@" + h for h in unknown)
        add("characters", "unknown_character", "unknown character: " + handles,
            handles=handles)
    used = used_characters(project, shot)  # the field and the @mentions in the text
    revoked = [c.handle for c in used if c.revoked]
    if revoked:
        handles = ", ".join("@" + h for h in revoked)
        add("characters", "character_revoked",
            "consent was withdrawn for: " + handles, handles=handles)
    listed = {h.casefold() for h in shot.characters} | {c.handle.casefold() for c in used}
    if len(listed) > caps.max_characters:
        add(
            "characters", "too_many_characters",
            f"{caps.id} takes at most {caps.max_characters} characters per generation",
            warn=not caps.supports("characters"), model=caps.label,
            limit=caps.max_characters,
        )
    if shot.chosen_take is not None and shot.chosen() is None:
        add("chosen_take", "chosen_take_missing", "the chosen take does not exist")
    return out


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
