"""Durations as written: a pasted 3 s shot stays 3 s in the storyboard (its length in the
cut) and asks its model for the shortest clip that holds it."""

from __future__ import annotations

from studio.core.model import Strategy
from studio.core.prompts.compose import compose
from studio.core.prompts.parse import parse_prompt
from studio.storage.bundled import capability_table

TABLE = capability_table()


def test_a_written_length_asks_for_the_shortest_clip_that_holds_it() -> None:
    project = parse_prompt("1. Dawn (3s)\nCamera: aerial\n2. Dusk (9s)\n3. Night (4s)\n")
    assert [s.duration for s in project.shots] == [3, 9, 4]
    project.look.model = "sora-2"
    caps = TABLE["sora-2"]
    prompts = compose(project, TABLE, mode=Strategy.PER_SHOT)
    assert [p.seconds for p in prompts] == [caps.clip_seconds_for(s) for s in (3, 9, 4)]
    assert [p.seconds for p in prompts] == [4, 12, 4]
    assert [s.duration for s in project.shots] == [3, 9, 4]  # the cut keeps what was written
