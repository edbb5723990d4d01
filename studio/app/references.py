"""A reference image for a shot or the one-take film: prepared, consented, stored, checked.

The gesture, in order (the window drives it; a script can too):

1. :func:`read_source` + :func:`prepare` (blocking, off the GUI thread): the file's bytes
   made into the upload (``media.images``); nothing is written, so a refused or
   cancelled image leaves no trace.
2. the user ticks every consent statement; :func:`consent_for` makes the record that
   names the prepared bytes' SHA-256.
3. :func:`store` (blocking) writes the bytes to ``<media root>/references/<sha>.jpg``
   (atomic); :func:`reference_for` is the model value pointing at it.

Before a job is sent, :func:`reference_hashes` reads what is on disk now, and core
validation refuses a reference whose bytes are not the ones consented to.

What the user should know before consenting (a face in the picture, or no detector to
look) comes from :func:`image_warnings` as Problem codes; the window words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from studio.core.capabilities import CapabilityTable
from studio.core.model import ConsentKind, ConsentRecord, FrameSource, Project, ReferenceImage
from studio.core.validation import Problem, Severity, errors, validate_project
from studio.media.images import MAX_BYTES, FitMode, ImageRefused, PreparedImage, prepare_image
from studio.storage.references import file_sha256, reference_hashes

REF_DIR = "references"

#: The statements of the consent dialog, as stored in the record (English, stable):
#: the record keeps what was affirmed; the dialog shows their translations.
STATEMENTS = (
    "I hold the rights to use this image.",
    "Every real person shown in it is me, or has agreed to appear in a generated video.",
    "I accept the provider's terms for uploaded images.",
)


def read_source(path: Path) -> bytes:
    """The file's bytes, refusing a file over the size cap without reading it all."""
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRefused("too_large", mb=round(path.stat().st_size / 2**20, 1),
                           limit_mb=MAX_BYTES >> 20)
    return data


def prepare(data: bytes, size: str, mode: FitMode = FitMode.CROP) -> PreparedImage:
    """The upload for a project of ``size`` ("1280x720"); raises ImageRefused."""
    w, _, h = size.partition("x")
    return prepare_image(data, int(w), int(h), mode)


def image_warnings(image: PreparedImage) -> list[Problem]:
    """Warnings about a prepared image, as codes: a face was found (providers refuse real
    people unless they are a consented character), or this machine could not look."""
    if image.faces:
        return [Problem("reference", f"{image.faces} face(s) found in the reference image; "
                        "providers refuse real people unless they are a consented character",
                        Severity.WARNING, code="reference_face",
                        params={"count": image.faces})]
    if image.faces is None:
        return [Problem("reference", "the reference image was not checked for faces (no "
                        "face detector here)", Severity.WARNING,
                        code="reference_face_unchecked")]
    return []


def consent_for(image: PreparedImage, statements: Sequence[str] = STATEMENTS, *,
                now: dt.datetime | None = None) -> ConsentRecord:
    """The record of what was affirmed, when, and for exactly these bytes."""
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return ConsentRecord(kind=ConsentKind.REFERENCE_IMAGE, statements=list(statements),
                         accepted_at=when.isoformat(timespec="seconds"),
                         image_sha256=image.sha256)


def relative_path(image: PreparedImage) -> str:
    return f"{REF_DIR}/{image.sha256[:32]}{image.suffix}"


def store(image: PreparedImage, media_root: Path) -> str:
    """Write the upload under the project's media root (atomic); its relative path."""
    from studio.storage.atomic import atomic_write_bytes

    rel = relative_path(image)
    target = media_root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if file_sha256(media_root, rel) != image.sha256:
        atomic_write_bytes(target, image.data)
    return rel


def reference_for(image: PreparedImage, rel: str, consent: ConsentRecord,
                  frame_of: FrameSource | None = None) -> ReferenceImage:
    return ReferenceImage(path=rel, sha256=image.sha256, consent_id=consent.id,
                          frame_of=frame_of)


class ReferenceChanged(Exception):
    """A reference image's bytes are not the consented ones (or are gone): nothing sent."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def check_on_disk(project: Project, media_root: Path, table: CapabilityTable,
                  shot_ids: Sequence[str]) -> list[Problem]:
    """Core's reference errors for these shots (and the film), against the files now."""
    found = validate_project(project, table,
                             reference_hashes=reference_hashes(project, media_root))
    wanted = set(shot_ids)
    return [p for p in errors(found) if p.field.endswith("reference")
            and (p.shot_id is None or p.shot_id in wanted)]
