"""The domain model: a Project is a look plus an ordered list of Shots.

Models are pydantic so that the file format (``studio.storage``) validates exactly what
the code holds: unknown fields are rejected everywhere. They stay mutable because the UI
changes them through undoable commands.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ShortText = Annotated[str, StringConstraints(max_length=2_000)]
LongText = Annotated[str, StringConstraints(max_length=32_000)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Handle = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[\w.-]+$")]
Size = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$")]
MediaPath = Annotated[str, StringConstraints(min_length=1, max_length=1_000)]  # relative, posix
ParamValue = str | int | float | bool | None


def parse_size(size: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720)."""
    w, _, h = size.partition("x")
    return int(w), int(h)


def new_id() -> str:
    """A stable, file-name-safe identifier for shots, takes, characters and consents."""
    return uuid.uuid4().hex[:12]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, allow_inf_nan=False)


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class Strategy(StrEnum):
    """How a storyboard becomes generations."""

    ONE_TAKE = "one-take"  # the whole film as one multi-shot prompt, one clip
    PER_SHOT = "per-shot"  # one prompt and one clip per shot


class Continuity(StrEnum):
    """How a shot carries on from the shot before it (``app.continuity``)."""

    CUT = "cut"  # nothing carried over: a plain cut between the shots
    LAST_FRAME = "last-frame"  # the previous take's last frame is this shot's reference
    EXTEND = "extend"  # generated as an extension of the previous take (/videos/extensions)


class TakeStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class TakeRelation(StrEnum):
    REMIX = "remix"
    EDIT = "edit"
    EXTEND = "extend"


class ConsentKind(StrEnum):
    REFERENCE_IMAGE = "reference_image"
    CAMEO = "cameo"


class CameoScope(StrEnum):
    """Who may put a cameo character into a video."""

    ONLY_ME = "only_me"
    APPROVED = "approved"  # people the character's owner approves
    ANYONE = "anyone"


class Look(_Model):
    """The project-wide look every prompt carries."""

    style: LongText = ""
    size: Size = "1280x720"
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)] = "animatic"
    provider: Annotated[str, StringConstraints(min_length=1, max_length=100)] = "local"
    strategy: Strategy = Strategy.PER_SHOT
    atmosphere: LongText = ""
    keywords: list[ShortText] = Field(default_factory=list, max_length=200)
    music: LongText = ""
    continuity: LongText = ""

    @property
    def width(self) -> int:
        return parse_size(self.size)[0]

    @property
    def height(self) -> int:
        return parse_size(self.size)[1]


class FrameSource(_Model):
    """Where a reference image was taken from: a take's frame at ``at`` seconds.

    Why: a shot continuing from the previous shot's last frame keeps the frame, not the
    take; when the previous shot's take or its out point changes later, this says the
    frame no longer is the one the cut ends on (``app.continuity.strategy_problems``).
    """

    take: Ident
    at: float = Field(ge=0, le=86_400)


class ReferenceImage(_Model):
    """An image prepared for one shot; usable only with a consent record."""

    path: MediaPath
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    consent_id: Ident | None = None
    frame_of: FrameSource | None = None  # a previous take's last frame (continuity)


class Take(_Model):
    """One generation result (or attempt) for a shot or for the one-take film."""

    id: Ident = Field(default_factory=new_id)
    job_id: Ident | None = None  # the ledger's id, never a server string
    provider: ShortText = ""
    model: ShortText = ""
    params: dict[Annotated[str, StringConstraints(max_length=100)], ParamValue] = Field(
        default_factory=dict, max_length=100
    )
    status: TakeStatus = TakeStatus.QUEUED
    media: MediaPath | None = None  # relative to the project folder
    cost_quoted: float = Field(default=0.0, ge=0)
    cost_spent: float = Field(default=0.0, ge=0)
    parent_take: Ident | None = None
    relation: TakeRelation | None = None
    error: ShortText | None = None
    created_at: float = 0.0


class Shot(_Model):
    id: Ident = Field(default_factory=new_id)
    title: ShortText = ""
    description: LongText = ""
    camera: ShortText = ""
    duration: int = Field(default=4, ge=1, le=120)  # seconds
    reference: ReferenceImage | None = None
    characters: list[Handle] = Field(default_factory=list, max_length=20)
    notes: LongText = ""
    takes: list[Take] = Field(default_factory=list, max_length=500)
    chosen_take: Ident | None = None
    #: The cut's in/out points inside the chosen take, in seconds from its start
    #: (a 3 s shot cut from a 4 s clip); None out = to the take's end. See core.cut.
    trim_in: float = Field(default=0.0, ge=0, le=120)
    trim_out: float | None = Field(default=None, gt=0, le=120)
    #: Saved with the shot (a file without it reads as a cut, so no schema step);
    #: generating the shot and the export's joins follow it (see app.continuity).
    continuity: Continuity = Continuity.CUT

    def chosen(self) -> Take | None:
        return next((t for t in self.takes if t.id == self.chosen_take), None)


class Character(_Model):
    """A recurring cameo character, mentioned in prompts as ``@handle``."""

    id: Ident = Field(default_factory=new_id)
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    handle: Handle
    description: LongText = ""
    images: list[MediaPath] = Field(
        default_factory=list, max_length=20
    )
    consent_id: Ident | None = None
    provider_ids: dict[Annotated[str, StringConstraints(max_length=100)], ShortText] = Field(
        default_factory=dict, max_length=50
    )
    scope: CameoScope = CameoScope.ONLY_ME
    revoked: bool = False  # consent withdrawn: no new jobs with this character


class ConsentRecord(_Model):
    """What the user affirmed, when, and for which exact image bytes."""

    id: Ident = Field(default_factory=new_id)
    kind: ConsentKind
    statements: list[ShortText] = Field(min_length=1, max_length=20)
    accepted_at: Annotated[str, StringConstraints(max_length=40)]  # ISO 8601, UTC
    image_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None


class Project(_Model):
    #: Stable across saves; the job ledger finds a project's jobs by it (crash recovery).
    id: Ident = Field(default_factory=new_id)
    title: Annotated[str, StringConstraints(max_length=200)] = "Untitled"
    language: Language = Language.EN
    look: Look = Field(default_factory=Look)
    shots: list[Shot] = Field(default_factory=list, max_length=5_000)
    film_takes: list[Take] = Field(default_factory=list, max_length=500)  # one-take clips
    reference: ReferenceImage | None = None  # the one-take film's reference image
    chosen_film_take: Ident | None = None
    characters: list[Character] = Field(default_factory=list, max_length=500)
    consents: list[ConsentRecord] = Field(default_factory=list, max_length=5_000)

    def shot(self, shot_id: str) -> Shot:
        for s in self.shots:
            if s.id == shot_id:
                return s
        raise KeyError(shot_id)

    def total_seconds(self) -> int:
        return sum(s.duration for s in self.shots)

    def character_by_handle(self, handle: str) -> Character | None:
        h = handle.lstrip("@").casefold()
        return next((c for c in self.characters if c.handle.casefold() == h), None)
