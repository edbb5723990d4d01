"""Before the line reader: a paste made regular, re-split where its newlines were lost,
and cut into text runs and tables.

Web pages and chat apps lose newlines on copy ("【核心风格】 … 【画面比例】 … **1. 开场** *
**镜头**：…" on one line). A long line that carries several labels or shot numbers is
re-split before each of them; numbers inside text ("16:9", "0:00–0:04", "3.5s") are never
split points. All patterns are bounded, so this stays linear in the paste's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.core.prompts.lexicon import CHATTER_AT, COLUMNS, ZH_LABELS, norm

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({0x00A0: 0x20, 0x200B: None, 0x200C: None, 0x2060: None, 0xFEFF: None})

GLUED_MIN_CHARS = 160
_ZH_SPLIT_LABELS = sorted(
    {w for key in ("style", "aspect", "camera", "description", "duration", "music", "keywords",
                   "atmosphere", "notes", "sound", "shots", "title", "characters")
     for w in ZH_LABELS[key]},
    key=len, reverse=True,
)  # fmt: skip
# Where a glued paste is re-split: before these, when whitespace (or nothing, for 【)
# precedes them. Matched at the start of each word, so the cost is one short match per
# run of spaces, not an alternation tried at every character.
_GLUE_BEFORE = re.compile(
    r"[*\-•]\s++\*\*"  # " * **镜头**：" bullets
    r"|\*\*\s*+\d{1,3}\s*+[.．、:：]"  # "**1. title**"
    r"|\*\*[^*\n]{1,30}?(?:[:：]\s*+\*\*|\*\*\s*+[:：])"  # **Style:** / **风格**：
    r"|(?:镜头|分镜|场景|场|Shot|Scene|Card)\s*+\d{1,3}\s*+[:：（(｜|—–-]"
    r"|#{1,6}\s"
    r"|(?:" + "|".join(map(re.escape, _ZH_SPLIT_LABELS)) + r")\s*+[:：]"
)
_GLUE_AFTER_STOP = re.compile(  # only after a sentence's end: "… 2. Next" / "… Music: x"
    r"\d{1,3}[.、]\s*+\S|(?:[A-Z][a-z]{1,14}(?: [a-z]{1,10})?|[A-Z]{2,5})\s*+:\s"
)
_STOPS = frozenset(".!?。！？)）")
_SPACES = re.compile(r"[ \t\u3000]+")


def _resplit(line: str) -> str | None:
    """``line`` with a newline before each glue point, or None when it has fewer than 3."""
    line = line.replace("【", " 【")
    out: list[str] = []
    found, last = 0, 0
    for ws in _SPACES.finditer(line):
        at, end = ws.start(), ws.end()
        if at == 0 or end == len(line):
            continue
        glue = line[end] == "【" or _GLUE_BEFORE.match(line, end) is not None or (
            line[at - 1] in _STOPS and (_GLUE_AFTER_STOP.match(line + " ", end) is not None
                                        or CHATTER_AT.match(line, end) is not None))
        # a piece with no letters ("*", "**3.") belongs to what follows: "* **镜头**：…"
        if glue and any(ch.isalpha() for ch in line[last:at]):
            out += [line[last:at], "\n"]
            last, found = end, found + 1
    out.append(line[last:])
    return "".join(out) if found >= 3 else None


#: A field label inside a one-line shot: after a space ("…（3秒） 镜头：固定") or right
#: after a sentence ends, as Chinese writes it with no space ("…海鸥盘旋。镜头：横摇").
_SHOT_INLINE_LABEL = re.compile(
    r"(?:(?<=\S)\s++|(?<=[。！？；]))"
    r"(?=(?:镜头|运镜|景别|机位|画面|时长|Camera|Action|Duration)\s*+[:：])"
)
_SHOT_LINE = re.compile(r"^\s*+(?:\d{1,3}\s*+[.、)]|(?:镜头|分镜|Shot|Scene)\s*+\d)")


def normalize(text: str) -> str:
    """CRLF and CR to LF, full-width digits and letters to ASCII, invisible marks removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_FULLWIDTH)


def unglue(text: str) -> str:
    """Re-split long lines whose newlines were lost, before each label or shot number."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) >= GLUED_MIN_CHARS and (split := _resplit(line)) is not None:
            line = split
        elif _SHOT_LINE.match(line):  # "1、香水瓶缓缓旋转（3秒） 镜头：固定"
            line = _SHOT_INLINE_LABEL.sub("\n", line)
        out.append(line)
    return "\n".join(out)


# --- tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table whose header names shot fields: its column keys, header words and rows."""

    keys: tuple[str | None, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_MD_SEPARATOR = re.compile(r"^\|?\s*+:?-{2,}:?\s*+(?:\|\s*+:?-{2,}:?\s*+)*\|?$")


def _cells(line: str, tab: bool) -> list[str]:
    if tab:
        return [c.strip() for c in line.split("\t")]
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip().strip("*").strip() for c in line.split("|")]


def _header_keys(cells: list[str]) -> tuple[str | None, ...] | None:
    keys = tuple(COLUMNS.get(norm(c)) for c in cells)
    if "shot" in (norm(c) for c in cells):  # "Shot": the number, or the camera when named so
        keys = tuple(
            k if norm(c) != "shot" else ("camera" if "number" in keys else "number")
            for k, c in zip(keys, cells, strict=True)
        )
    if sum(k is not None for k in keys) >= 2 and ("description" in keys or "camera" in keys):
        return keys
    return None


def blocks(text: str) -> list[str | Table]:
    """The text cut into runs of lines and tables (markdown pipes or tab-separated)."""
    lines = text.split("\n")
    out: list[str | Table] = []
    run: list[str] = []
    i = 0
    while i < len(lines):
        table, used = _table_at(lines, i)
        if table is None:
            run.append(lines[i])
            i += 1
            continue
        if run:
            out.append("\n".join(run))
            run = []
        out.append(table)
        i += used
    if run:
        out.append("\n".join(run))
    return out


def _table_at(lines: list[str], i: int) -> tuple[Table | None, int]:
    line = lines[i]
    tab = line.count("\t") >= 2
    if not tab and line.count("|") < 2:
        return None, 0
    keys = _header_keys(_cells(line, tab))
    if keys is None:
        return None, 0
    j = i + 1
    if not tab and j < len(lines) and _MD_SEPARATOR.match(lines[j].strip()):
        j += 1
    rows: list[tuple[str, ...]] = []
    while j < len(lines):
        row = lines[j]
        if (tab and row.count("\t") < 1) or (not tab and row.count("|") < 1) or not row.strip():
            break
        cells = _cells(row, tab)
        rows.append(tuple(cells + [""] * (len(keys) - len(cells)))[: len(keys)])
        j += 1
    if not rows:
        return None, 0
    return Table(keys, tuple(_cells(line, tab)), tuple(rows)), j - i


_NUMBERED = re.compile(
    r"(?:^|\n|\s)(?:\*\*)?(?:镜头|分镜|场景|场|shot|scene|card)\s*+#?\s*+(\d{1,3})(?!\d)"
    r"|(?:^|\n)\s*+(?:\*\*)?(\d{1,3})\s*+[.、)](?!\d)",
    re.I,
)


def numbered(text: str) -> int:
    """How many shots the text numbers (the highest shot number it writes), 0 if none."""
    best = 0
    for m in _NUMBERED.finditer(text[:200_000]):
        n = int(m.group(1) or m.group(2))
        if n <= best + 50:  # a stray "2026." is not shot 2026
            best = max(best, n)
    return best
