"""The jobs panel names each job by its shot's place and title, and the provider. Titles
are made when a row appears (not for every job of the project at each open) and follow
the shot when the storyboard changes."""

from __future__ import annotations

from studio.ui.jobs_dock import SHOT
from tests.ui.studio_harness import open_sample, run, until


def test_a_jobs_title_names_its_shot_and_follows_it(launch, qloop):
    win = launch()
    open_sample(win, qloop)
    doc = win.doc
    doc.set_look_field("size", "640x360")
    doc.delete_shots([s.id for s in doc.project.shots[2:]])
    second = doc.project.shots[1]
    doc.set_shot_field(second.id, "title", "Harbour")
    doc.set_selection([second.id])
    model = win.generation.jobs.model

    async def scenario() -> str:
        win.actions.generate_shot.trigger()
        await until(lambda: second.takes and model.row_of(second.takes[0].job_id)
                    is not None, 30, "the job's row")
        return second.takes[0].job_id

    job = run(qloop, scenario())
    title = lambda: model.index(model.row_of(job), SHOT).data()  # noqa: E731
    assert title() == "2. Harbour · Local animatic"
    doc.move_shots([second.id], 0)  # the shot is first now
    run(qloop, until(lambda: title() == "1. Harbour · Local animatic", 10, "the new place"))
