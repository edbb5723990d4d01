"""Job and character state of the local provider, kept as small JSON files in data_dir.

Why on disk: the studio resumes polling every unfinished job after a restart, so the
default provider must still know its jobs (and their idempotency keys) when the app comes
back. Each record is one file written with write-temp-then-rename, so a killed process
leaves the old or the new record, never half of one. No fsync: these files must survive a
killed process (page cache), not a power cut. Every file name is an id this module made.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from studio.core.model import parse_size

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
    extensions: int = 0  # how many extensions produced this clip
    segment_seconds: int | None = None  # what an extension renders (None: all `seconds`)
    error: dict[str, str] | None = None
    idempotency_key: str | None = None
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


@dataclass
class Store:
    """In-memory index over the record files; the event loop is the only writer."""

    root: Path
    videos: dict[str, VideoRecord] = field(default_factory=dict)
    characters: dict[str, CharacterRecord] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)

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
            seq=len(self.videos),
            created_at=time.time(),
            **fields,
        )
        self.videos[rec.id] = rec
        if rec.idempotency_key:
            self.by_key[rec.idempotency_key] = rec.id
        self.save(rec)
        return rec

    def get_video(self, video_id: str) -> VideoRecord | None:
        rec = self.videos.get(video_id)
        return None if rec is None or rec.deleted else rec

    def live_videos(self) -> list[VideoRecord]:
        """Not-deleted videos, oldest first."""
        return sorted((v for v in self.videos.values() if not v.deleted), key=lambda v: v.seq)

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
        for path in (self.root / "videos").glob("*.json"):
            if VIDEO_ID.match(path.stem):
                rec = VideoRecord(**json.loads(path.read_text("utf-8")))
                if rec.id != path.stem:
                    continue
                self.videos[rec.id] = rec
                if rec.idempotency_key:
                    self.by_key[rec.idempotency_key] = rec.id
        for path in (self.root / "characters").glob("*.json"):
            if CHAR_ID.match(path.stem):
                char = CharacterRecord(**json.loads(path.read_text("utf-8")))
                if char.id != path.stem:
                    continue
                self.characters[char.id] = char


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, path)
