"""An SRT of the shot titles, timed to the cut (crossfades included).

Pure text from :mod:`studio.core.cut`: each beat is shown from where it starts on the
film's time line until the next one starts, so a dissolve hands the title over halfway
through no frame twice.
"""

from __future__ import annotations

from studio.core.cut import Crossfade, Cut


def srt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def beat_times(cut: Cut, crossfade: Crossfade = 0.0) -> list[tuple[str, str, float, float]]:
    """(shot id, title, start, end) on the film's time line, in order."""
    spans: list[tuple[str, str, float, float]] = []
    starts = cut.starts(crossfade)
    for clip, start in zip(cut.clips, starts, strict=True):
        for beat in clip.beats:
            spans.append((beat.shot_id, beat.title, start + beat.start, start + beat.end))
    out = []
    for i, (sid, title, a, b) in enumerate(spans):
        end = spans[i + 1][2] if i + 1 < len(spans) else b
        out.append((sid, title, a, max(a, min(b, end))))
    return out


def cut_srt(cut: Cut, crossfade: Crossfade = 0.0, *, untitled: str = "Shot {n}") -> str:
    """The SRT document (UTF-8 text); a shot without a title is named by ``untitled``."""
    blocks = []
    for n, (_sid, title, a, b) in enumerate(beat_times(cut, crossfade), start=1):
        text = title.strip() or untitled.format(n=n)
        blocks.append(f"{n}\n{srt_time(a)} --> {srt_time(b)}\n{text}\n")
    return "\n".join(blocks)
