"""Projects for the UI tests (no fixtures: plain builders)."""

from __future__ import annotations

from studio.core.model import Character, Look, Project, Shot, Strategy, Take


def sample_project(n: int = 5) -> Project:
    shots = [
        Shot(
            title=f"Shot {i}",
            description=f"Description {i}",
            camera="slow dolly-in",
            duration=8,
            characters=["mei"] if i == 1 else [],
            notes="gulls",
            takes=[Take(model="animatic", status="completed", media=f"m/{i}.mp4")] if i == 2
            else [],
        )
        for i in range(n)
    ]
    shots[2].chosen_take = shots[2].takes[0].id
    return Project(
        title="Test film",
        look=Look(style="warm film", atmosphere="festive", keywords=["sea", "flag"],
                  strategy=Strategy.PER_SHOT),
        shots=shots,
        characters=[Character(name="Mei", handle="mei")],
    )
