"""Values inside a storyboard's text: durations as written, frame sizes, keyword lists.

Durations are kept as written ("(4秒)", "4s", "时长：3 秒", "0:00–0:04", "3.5s" -> 4):
they are the shot's length in the cut; generation asks for the shortest clip that holds it.
"""

from __future__ import annotations

import re

RATIO_SIZES = {
    (16, 9): "1280x720",
    (9, 16): "720x1280",
    (1, 1): "480x480",
    (7, 4): "1792x1024",
    (4, 7): "1024x1792",
}
ORIENTATION_WORDS = {
    "竖屏": "720x1280", "竖版": "720x1280", "vertical": "720x1280", "portrait": "720x1280",
    "横屏": "1280x720", "横版": "1280x720", "landscape": "1280x720",
    "horizontal": "1280x720", "widescreen": "1280x720",
    "方形": "480x480", "正方形": "480x480", "square": "480x480",
}  # fmt: skip
SECONDS_MAX = 120

_NUM = r"\d{1,4}(?:\.\d{1,3})?"
_UNIT = r"(?:seconds?|secs?|s|秒钟?)(?![A-Za-z])"
_CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_DASH = r"[-–—~～至到]"
DURATION = re.compile(
    rf"(?<![0-9A-Za-z.:])(?:(?P<c1>{_CLOCK})\s*+{_DASH}\s*+(?P<c2>{_CLOCK})"
    rf"|(?P<a>{_NUM})\s*+(?:s|秒)?\s*+{_DASH}\s*+(?P<b>{_NUM})\s*+{_UNIT}"
    rf"|(?P<n>{_NUM})\s*+{_UNIT})"
)
TIMESTAMP_START = re.compile(
    rf"^[\[(（【]?\s*+(?:{_CLOCK}\s*+{_DASH}\s*+{_CLOCK}|{_NUM}\s*+(?:s|秒)?\s*+{_DASH}\s*+{_NUM}\s*+{_UNIT})"
    r"\s*+[\])）】]?"
)
_EMPTY_BRACKETS = re.compile(r"[（(\[【]\s*+[)）\]】]")
_BARE_NUMBER = re.compile(r"^\s*+(?:约|about|~)?\s*+(\d{1,4})(?:\.\d{1,3})?\s*+$", re.I)
_SIZE = re.compile(r"(?<!\d)(\d{2,5})\s*+[x×X*]\s*+(\d{2,5})(?!\d)")
_RATIO = re.compile(r"(?<![\d.])(\d{1,2})\s*+[:：/比]\s*+(\d{1,2})(?![\d.])")
_DELIVER = re.compile(r"deliver|output|export|输出|交付|按")
KEYWORD_SPLIT = re.compile(r"[,，、;；]")


def take_duration(text: str) -> tuple[int | None, str]:
    """The first duration in text (``4秒``, ``(4s)``, ``0–3s``, ``0:00-0:04``) and the rest."""
    m = DURATION.search(text)
    if m is None:
        return None, text
    rest = _EMPTY_BRACKETS.sub("", text[: m.start()] + text[m.end() :])
    return seconds_of(m), rest


def seconds_of(m: re.Match[str]) -> int | None:
    if m.group("c1"):
        value = clock(m.group("c2")) - clock(m.group("c1"))
    elif m.group("a"):
        value = float(m.group("b")) - float(m.group("a"))
    else:
        value = float(m.group("n"))
    if value <= 0:
        return None
    return max(1, min(SECONDS_MAX, int(value + 0.5)))


def clock(text: str) -> float:
    """Seconds of ``m:ss``, ``h:mm:ss`` (fractions after ``.`` or ``,``)."""
    total = 0.0
    for part in text.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def duration_value(value: str) -> int | None:
    """A duration field's seconds: ``4秒``, ``0:00-0:04``, or a bare ``4``."""
    seconds, _ = take_duration(value)
    if seconds is None and (m := _BARE_NUMBER.match(value)):
        n = int(m.group(1))
        seconds = max(1, min(SECONDS_MAX, n)) if n > 0 else None
    return seconds


def parse_size(text: str) -> str | None:
    """An explicit ``WxH``, else a ratio a model makes (a "deliver as" one first), else an
    orientation word, mapped to its default size."""
    if m := _SIZE.search(text):
        w, h = int(m.group(1)), int(m.group(2))
        if 10 <= w <= 99_999 and 10 <= h <= 99_999:
            return f"{w}x{h}"
    known = [
        (m.start(), size)
        for m in _RATIO.finditer(text)
        if (size := RATIO_SIZES.get((int(m.group(1)), int(m.group(2)))))
    ]
    if known:
        deliver = _DELIVER.search(text.casefold())
        later = [s for at, s in known if deliver and at > deliver.start()]
        return later[0] if later else known[0][1]
    low = text.casefold()
    return next((size for word, size in ORIENTATION_WORDS.items() if word in low), None)


def split_keywords(value: str) -> list[str]:
    parts = KEYWORD_SPLIT.split(value)
    if len(parts) == 1 and value.lstrip().startswith("#"):
        parts = value.split()
    return [w for p in parts if (w := p.strip().lstrip("#").strip().rstrip("。.").strip())]
