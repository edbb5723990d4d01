"""Benchmark: load, validate and save a 500-shot project (target <= 100 ms each).

Run: ``.venv/bin/python bench/bench_project_io.py``. Prints the median and worst of 20
runs per operation; the worst of each must be <= 100 ms (exit 3 if not). Performance is
measured here, never asserted in tests: timings on a loaded CI machine are noise.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import Scorecard

from studio.core.model import Look, Project, Shot, Strategy, Take, TakeStatus
from studio.core.validation import validate_project
from studio.storage.bundled import capability_table
from studio.storage.project_file import dumps_project, load_project, save_project

SHOTS = 500
RUNS = 20
TARGET_MS = 100.0

_PLACES = ["the harbour wall", "the stone statue", "the temple courtyard", "the golden beach",
           "the coast road", "the lighthouse", "海边的石像", "灯笼照亮的街道"]
_CAMERAS = ["slow dolly-in", "drone orbit rising", "handheld follow", "static wide",
            "low-angle tilt up", "航拍环绕上升"]


def build_project(shots: int = SHOTS) -> Project:
    """A realistic large storyboard: paragraphs of text, two takes per shot."""
    return Project(
        title="Festival Island — 节日之岛",
        look=Look(
            style="Warm documentary realism, 35mm film grain, golden-hour palette. " * 3,
            strategy=Strategy.PER_SHOT,
            atmosphere="salt air, drums in the distance, kites, incense smoke",
            keywords=["festival", "island", "family", "lanterns", "fireworks"],
            music="Bright strings and frame drums; builds to the parade, quiet at night.",
        ),
        shots=[_shot(i) for i in range(shots)],
    )


def _shot(i: int) -> Shot:
    place = _PLACES[i % len(_PLACES)]
    takes = [
        Take(
            job_id=f"job-{i}-{k}",
            provider="local",
            model="animatic",
            params={"seconds": "8", "size": "1280x720", "seed": i * 10 + k, "quality": "high"},
            status=TakeStatus.COMPLETED,
            media=f"takes/shot-{i:03d}-take-{k}.mp4",
            cost_quoted=0.8,
            cost_spent=0.8,
            created_at=1_780_000_000.0 + i * 60 + k,
        )
        for k in range(2)
    ]
    return Shot(
        title=f"Shot {i + 1}: {place}",
        description=(
            f"Morning light moves across {place}; waves break against the rocks while a "
            "family in festival clothes walks past, the grandmother pointing at the flags. "
            "海风吹动彩旗，远处传来鼓声。"
        ),
        camera=_CAMERAS[i % len(_CAMERAS)],
        duration=8,
        notes="Keep the red flag screen-left for continuity; drums swell at the cut.",
        takes=takes,
        chosen_take=takes[0].id,
    )


def measure(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(median, worst) wall time in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    project = build_project()
    table = capability_table()
    problems = validate_project(project, table)
    if problems:
        print(f"bench project is not valid: {problems[0]}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sorastudio"
        save_project(project, path)
        size_kib = path.stat().st_size / 1024
        rows = [
            ("load + validate from disk", measure(lambda: load_project(path))),
            ("validate only (capabilities)", measure(lambda: validate_project(project, table))),
            ("save (atomic, fsync, .bak)", measure(lambda: save_project(project, path))),
            ("  of which serialise", measure(lambda: dumps_project(project))),
        ]
    print(f"{SHOTS}-shot project, 2 takes per shot, {size_kib:.0f} KiB on disk; "
          f"{RUNS} runs each")
    card = Scorecard()
    for label, (median, worst) in rows:
        if label.startswith(" "):  # a part of the row above: no bar of its own
            print(f"  {label.strip()}: worst {worst:.1f} ms; median {median:.1f} ms")
        else:
            card.check(f"{label}: worst", worst, TARGET_MS, detail=f"median {median:.1f} ms")
    return card.finish()


if __name__ == "__main__":
    raise SystemExit(main())
