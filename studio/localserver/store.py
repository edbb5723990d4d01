"""Job and character state of the local provider, kept as small JSON files in data_dir.

Why on disk: the studio resumes polling every unfinished job after a restart, so the
default provider must still know its jobs (and their idempotency keys) when the app comes
back. Each record is one file written with write-temp-then-rename, so a killed process
leaves the old or the new record, never half of one. No fsync: these files must survive a
killed process (page cache), not a power cut. Every file name is an id this module made.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from studio.core.model import parse_size
from studio.localserver.limits import sweep_spooled

log = logging.getLogger(__name__)

Status = Literal["queued", "in_progress", "completed", "failed"]

VARIANT_SUFFIX: dict[str, str] = {"video": ".mp4", "thumbnail": ".webp", "spritesheet": ".jpg"}
VIDEO_ID = re.compile(r"^video_[0-9a-f]{32}$")
CHAR_ID = re.compile(r"^char_[0-9a-f]{32}$")


@dataclass
class VideoRecord:
    id: str
    seq: int
    model: str
    prompt: str
    size: str
    seconds: int  # output length; for an extension the stitched total
    created_at: float
    planned_seconds: float  # generation time promised to the client (progress speed)
    kind: Literal["create", "remix", "edit", "extend", "import"] = "create"
    status: Status = "queued"
    completed_at: int | None = None
    expires_at: int | None = None
    remixed_from_video_id: str | None = None
    source_id: str | None = None  # edit/extend/remix source
    source_upload: str | None = None  # uploaded MP4 of an upload edit (our file name)
    reference: str | None = None  # uploaded reference image (our file name)
    characters: list[str] = field(default_factory=list)  # character ids the job asked for
    extensions: int = 0  # how many extensions produced this clip
    segment_seconds: int | None = None  # what an extension renders (None: all `seconds`)
    error: dict[str, str] | None = None
    idempotency_key: str | None = None
    request_scope: str | None = None  # "POST /v1/videos": where the key was used
    request_digest: str | None = None  # what was asked (forms.Body.digest)
    deleted: bool = False

    @property
    def width(self) -> int:
        return parse_size(self.size)[0]

    @property
    def height(self) -> int:
        return parse_size(self.size)[1]

    def progress(self, now: float) -> int:
        """Time-based percent; 100 only once the job really completed."""
        if self.status == "completed":
            return 100
        if self.status != "in_progress":
            return 0
        done = (now - self.created_at) / max(self.planned_seconds, 1e-3)
        return max(0, min(99, int(done * 100)))

    def api(self, now: float) -> dict[str, Any]:
        """The Video object of the spec."""
        return {
            "id": self.id,
            "object": "video",
            "model": self.model,
            "status": self.status,
            "progress": self.progress(now),
            "created_at": int(self.created_at),
            "completed_at": self.completed_at,
            "expires_at": self.expires_at,
            "prompt": self.prompt,
            "size": self.size,
            "seconds": str(self.seconds),
            "remixed_from_video_id": self.remixed_from_video_id,
            "error": self.error,
        }


@dataclass
class CharacterRecord:
    id: str
    name: str
    created_at: int
    upload: str  # our file name of the source clip

    def api(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "created_at": self.created_at}


_R = TypeVar("_R", VideoRecord, CharacterRecord)


@dataclass
class Store:
    """In-memory index over the record files; the event loop is the only writer."""

    root: Path
    videos: dict[str, VideoRecord] = field(default_factory=dict)
    characters: dict[str, CharacterRecord] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    #: Damaged record files moved aside on load: (new path, why).
    set_aside: list[tuple[Path, str]] = field(default_factory=list)
    _next_seq: int = 0

    def __post_init__(self) -> None:
        for sub in ("videos", "characters", "media", "uploads"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._load()

    # -- ids and paths -----------------------------------------------------------------

    def media_path(self, rec: VideoRecord, variant: str) -> Path:
        return self.root / "media" / f"{rec.id}{VARIANT_SUFFIX[variant]}"

    def partial_path(self, rec: VideoRecord, variant: str) -> Path:
        """A fresh name to write to before the rename (keeps the real suffix for muxers).

        Unique per call: a render left running by a stopped provider must not share its
        temporary file with the re-render of a restarted one.
        """
        token = uuid.uuid4().hex[:8]
        return self.root / "media" / f"{rec.id}.{token}.part{VARIANT_SUFFIX[variant]}"

    def upload_path(self, name: str) -> Path:
        return self.root / "uploads" / name

    @staticmethod
    def new_upload_name(suffix: str) -> str:
        return f"{uuid.uuid4().hex}{suffix}"

    # -- videos ------------------------------------------------------------------------

    def new_video(self, **fields: Any) -> VideoRecord:
        rec = VideoRecord(
            id=f"video_{uuid.uuid4().hex}",
            seq=self._next_seq,
            created_at=time.time(),
            **fields,
        )
        # Written before it is known: a record that cannot be stored must not be listed,
        # queued for ever, nor replayed to a retry with the same Idempotency-Key.
        self.save(rec)
        self._next_seq += 1
        self.videos[rec.id] = rec
        if rec.idempotency_key:
            self.by_key[rec.idempotency_key] = rec.id
        return rec

    def get_video(self, video_id: str) -> VideoRecord | None:
        rec = self.videos.get(video_id)
        return None if rec is None or rec.deleted else rec

    def live_videos(self) -> list[VideoRecord]:
        """Not-deleted videos, oldest first."""
        return sorted((v for v in self.videos.values() if not v.deleted), key=lambda v: v.seq)

    def page(self, *, after: str | None, limit: int,
             newest_first: bool) -> tuple[list[VideoRecord], bool]:
        """One page of live videos after the video ``after`` (by its place in creation
        order, so a cursor still works when that video was deleted meanwhile) and whether
        more follow. KeyError when ``after`` was never a video here."""
        items = self.live_videos()
        if newest_first:
            items.reverse()
        if after is not None:
            cursor = self.videos[after].seq
            items = [v for v in items if (v.seq < cursor if newest_first else v.seq > cursor)]
        return items[:limit], len(items) > limit

    def save(self, rec: VideoRecord) -> None:
        _write_json(self.root / "videos" / f"{rec.id}.json", asdict(rec))

    def delete(self, rec: VideoRecord) -> None:
        """Tombstone the record (it still counts as created) and drop its media."""
        rec.deleted = True
        self.save(rec)
        for variant in VARIANT_SUFFIX:
            self.media_path(rec, variant).unlink(missing_ok=True)

    # -- characters --------------------------------------------------------------------

    def new_character(self, name: str, upload: str) -> CharacterRecord:
        rec = CharacterRecord(f"char_{uuid.uuid4().hex}", name, int(time.time()), upload)
        self.characters[rec.id] = rec
        _write_json(self.root / "characters" / f"{rec.id}.json", asdict(rec))
        return rec

    # -- loading -----------------------------------------------------------------------

    def _load(self) -> None:
        for path in (self.root / "media").glob("*.part.*"):
            path.unlink(missing_ok=True)  # a render cut off by a crash
        sweep_spooled(self.root / "uploads")  # uploads a killed server was receiving
        for path in (self.root / "videos").glob("*.json"):
            if VIDEO_ID.match(path.stem):
                rec = self._read(path, VideoRecord)
                if rec is None or rec.id != path.stem:
                    continue
                self.videos[rec.id] = rec
                if rec.idempotency_key:
                    self.by_key[rec.idempotency_key] = rec.id
        for path in (self.root / "characters").glob("*.json"):
            if CHAR_ID.match(path.stem):
                char = self._read(path, CharacterRecord)
                if char is None or char.id != path.stem:
                    continue
                self.characters[char.id] = char
        # seq numbers stay unique (and list order stable) whatever files were set aside
        self._next_seq = max((v.seq for v in self.videos.values()), default=-1) + 1

    def _read(self, path: Path, kind: type[_R]) -> _R | None:
        """One record; a damaged one is moved aside as ``<name>.corrupt-<time>`` and
        reported in :attr:`set_aside`, so one bad file never stops the server."""
        try:
            rec = kind(**json.loads(path.read_text("utf-8")))
            if not isinstance(rec.id, str):
                raise TypeError("id is not a string")
            return rec
        except (OSError, ValueError, TypeError) as exc:
            stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
            moved = path.with_name(f"{path.name}.corrupt-{stamp}-{uuid.uuid4().hex[:6]}")
            try:
                os.replace(path, moved)
            except OSError:
                moved = path
            self.set_aside.append((moved, f"{type(exc).__name__}: {exc}"[:200]))
            log.warning("local provider: damaged record %s moved aside to %s (%s)",
                        path.name, moved.name, type(exc).__name__)
            return None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, path)
