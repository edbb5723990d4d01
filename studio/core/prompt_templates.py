"""The Chinese and English wording of composed prompts, kept apart from the composer's logic.

The parser (``studio.core.prompt_parse``) knows every label used here, so whatever the
composer writes it can read back: that is what makes compose -> parse -> compose stable.
"""

from __future__ import annotations

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
