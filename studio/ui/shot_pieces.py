"""Each shot's JSON piece for saves, kept until the shot changes.

Why: a save snapshots the project on the GUI thread (the worker must not read a model
the user is still editing), and dumping 500 shots there is 13-19 ms — the whole of the
GUI loop's 16 ms budget. The document knows every change of a shot (each ends in its
``shotChanged``, replaces the shot object or replaces the project), so a piece made
once stays right until then, and a save dumps only the project head and the shots
edited since the last save. Qt-free: the document owns one and says what changed.
"""

from __future__ import annotations

import time

from studio.core.model import Project, Shot
from studio.storage.project_file import Snapshot


class ShotPieces:
    """id -> (the shot object a piece was made from, its JSON)."""

    def __init__(self) -> None:
        self._pieces: dict[str, tuple[Shot, str]] = {}

    def __len__(self) -> int:
        return len(self._pieces)

    def piece(self, shot: Shot) -> str:
        """``shot.model_dump_json()``, made again only when the shot changed or is another
        object (undo swaps shot objects; a split copies one under the same id)."""
        hit = self._pieces.get(shot.id)
        if hit is None or hit[0] is not shot:
            hit = (shot, shot.model_dump_json())
            self._pieces[shot.id] = hit
        return hit[1]

    def forget(self, shot_id: str) -> None:
        self._pieces.pop(shot_id, None)

    def clear(self) -> None:
        self._pieces.clear()

    def snapshot(self, project: Project) -> Snapshot:
        """``project_file.snapshot(project)``, from the pieces kept."""
        shots = tuple(self.piece(s) for s in project.shots)
        if len(self._pieces) > len(shots):  # pieces of deleted shots
            live = {s.id for s in project.shots}
            self._pieces = {k: v for k, v in self._pieces.items() if k in live}
        return Snapshot(project.model_dump_json(exclude={"shots"}), shots)

    def fill(self, project: Project, budget_s: float) -> bool:
        """Make missing pieces for about ``budget_s``; True once every shot has one."""
        end = time.perf_counter() + budget_s
        for shot in project.shots:
            hit = self._pieces.get(shot.id)
            if hit is None or hit[0] is not shot:
                self.piece(shot)
                if time.perf_counter() > end:
                    return False
        return True
