"""A headless run of one remix, one edit and one extension of a source video (for SIGKILL).

``python -m tests.services.kinds_worker URL LEDGER MEDIA SOURCE_ID``: each job is found by
its request key in the ledger (reused, resumed) or submitted, exactly as ``render`` does;
exit 0 once all three are done. test_crash_kinds.py kills it at random points.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from studio.services.client import GenerationClient
from studio.services.jobs import JobRequest, JobRunner, Provider, RunnerConfig
from studio.services.ledger import JobKind, JobState, Ledger
from studio.services.render import job_for
from studio.storage.bundled import capability_table

KINDS = (JobKind.REMIX, JobKind.EDIT, JobKind.EXTEND)


def request(kind: JobKind, source: str) -> JobRequest:
    return JobRequest(prompt=f"The boat again, a {kind.value}.", model="animatic",
                      size="480x480", seconds=4, kind=kind, source_video_id=source,
                      request_key=f"kinds-{kind.value}", label=f"{kind.value} of the boat")


async def run(url: str, ledger_path: Path, media: Path, source: str) -> int:
    ledger = await Ledger(ledger_path).open()
    runner = JobRunner(ledger, [Provider("serve", GenerationClient(url, None), 3)], media,
                       table=capability_table(), config=RunnerConfig(poll_min=0.05,
                                                                     poll_max=0.3))
    try:
        jobs = [await job_for(runner, "serve", request(k, source)) for k in KINDS]
        finals = [await runner.wait(j.id) for j in jobs]
    finally:
        await runner.close()
        await ledger.close()
    print(" ".join(f.state for f in finals), flush=True)
    return 0 if all(f.state == JobState.DONE for f in finals) else 1


if __name__ == "__main__":
    url, ledger_path, media, source = sys.argv[1:5]
    raise SystemExit(asyncio.run(run(url, Path(ledger_path), Path(media), source)))
