"""The Chinese and English wording of composed prompts, kept apart from the composer's logic.

The parser (``studio.core.prompts.parse``) knows every label used here, so whatever the
composer writes it can read back: that is what makes compose -> parse -> compose stable.
The one exception is the per-shot position line (``Position: shot 3 of 7``): the parser
skips it (see ``Template.position_line``), and ``find_position`` reads it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.core.capabilities import aspect_label
from studio.core.model import Language


@dataclass(frozen=True, slots=True)
class Template:
    """Labels and small formats of one prompt language."""

    language: Language
    style: str
    aspect: str
    continuity: str
    previously: str
    position: str
    shots: str
    shot: str
    camera: str
    description: str
    characters: str
    notes: str
    atmosphere: str
    keywords: str
    music: str
    keyword_sep: str
    character_sep: str

    @property
    def _zh(self) -> bool:
        return self.language is Language.ZH

    def label(self, name: str) -> str:
        """``**风格**：`` in Chinese (markdown bold, full-width colon), ``Style: `` in English."""
        return f"**{name}**：" if self._zh else f"{name}: "

    def duration(self, seconds: int) -> str:
        return f"（{seconds}秒）" if self._zh else f"({seconds}s)"

    def aspect_value(self, size: str) -> str:
        ratio = aspect_label(size)
        return f"{ratio}（{size}）" if self._zh else f"{ratio} ({size})"

    def numbered_shot(self, number: int, title: str, seconds: int) -> str:
        """``1. **海上日出**（4秒）`` / ``1. **Dawn over the sea** (4s)``; no bold when untitled."""
        if not title:
            return f"{number}. {self.duration(seconds)}"
        gap = "" if self._zh else " "
        return f"{number}. **{title}**{gap}{self.duration(seconds)}"

    def position_line(self, number: int, total: int) -> str:
        """``**位置**：第3镜，共7镜`` / ``Position: shot 3 of 7``: where a per-shot clip sits.

        Plain words a video model reads as context. The label is one the storyboard parser
        does not know, so the line continues the aspect line written just above it and,
        holding no size, is skipped: a pasted per-shot prompt still imports as one shot.
        """
        if self._zh:
            return f"{self.label(self.position)}第{number}镜，共{total}镜"
        return f"{self.label(self.position)}shot {number} of {total}"

    def titled_duration(self, title: str, seconds: int) -> str:
        """The value of the per-shot ``本镜头`` / ``Shot`` line."""
        gap = "" if self._zh or not title else " "
        return f"{title}{gap}{self.duration(seconds)}"

    def character(self, name: str, handle: str, description: str) -> str:
        """``阿海（@ahai）：渔家少年`` / ``Ahai (@ahai): a fisher boy``: exact name plus looks."""
        if self._zh:
            head = f"{name}（@{handle}）"
            return f"{head}：{description}" if description else head
        head = f"{name} (@{handle})"
        return f"{head}: {description}" if description else head


ZH = Template(
    language=Language.ZH,
    style="风格",
    aspect="画幅",
    continuity="连贯性",
    previously="上一镜头",
    position="位置",
    shots="分镜",
    shot="本镜头",
    camera="镜头",
    description="画面",
    characters="角色",
    notes="备注",
    atmosphere="氛围",
    keywords="关键词",
    music="音乐",
    keyword_sep="、",
    character_sep="；",
)

EN = Template(
    language=Language.EN,
    style="Style",
    aspect="Aspect ratio",
    continuity="Continuity",
    previously="Previously",
    position="Position",
    shots="Shots",
    shot="Shot",
    camera="Camera",
    description="Action",
    characters="Characters",
    notes="Notes",
    atmosphere="Atmosphere",
    keywords="Keywords",
    music="Music",
    keyword_sep=", ",
    character_sep="; ",
)

TEMPLATES: dict[Language, Template] = {Language.ZH: ZH, Language.EN: EN}

# Each template's own position line with its two numbers as groups (written once, above).
_POSITION_LINES = tuple(
    re.compile(r"^[ \t]*" + re.escape(t.position_line(0, 0)).replace("0", r"(\d{1,4})")
               + r"[ \t]*$", re.M)
    for t in TEMPLATES.values()
)


def find_position(prompt: str) -> tuple[int, int] | None:
    """``(3, 7)`` when ``prompt`` carries a position line of either language, else None."""
    for rx in _POSITION_LINES:
        if m := rx.search(prompt):
            number, total = int(m[1]), int(m[2])
            if 1 <= number <= total:
                return number, total
    return None


def without_position(prompt: str) -> str:
    """``prompt`` minus its position line: what a per-shot prompt asks of its shot alone,
    for comparisons that should not change when a shot is added elsewhere in the film."""
    for rx in _POSITION_LINES:
        prompt = re.sub(rx.pattern + r"\n?", "", prompt, flags=re.M)
    return prompt
