"""The capability table: what each model accepts and costs, from data, not from code.

Nothing in the studio branches on a model name; it asks this table. The table is parsed
from the JSON held in ``resources/capabilities.json`` (read by ``studio.storage``),
so a gateway's extra models can be added without code.
"""

from __future__ import annotations

import bisect
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from studio.core.model import Size, parse_size

FEATURES = ("input_reference", "remix", "edit", "extend", "characters")


class Features(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    input_reference: bool = False
    remix: bool = False
    edit: bool = False
    extend: bool = False
    characters: bool = False


class ModelCaps(BaseModel):
    """Facts about one model id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(min_length=1)]
    label: str
    vendor: str = ""
    sizes: tuple[Size, ...] = Field(min_length=1)
    seconds: tuple[int, ...] = Field(min_length=1)
    features: Features = Features()
    max_prompt_chars: int = 32_000
    max_characters: int = 0
    max_extensions: int = 0
    max_total_seconds: int = 120
    # USD per generated second by size; "*" applies to every size; None = unknown.
    price_per_second: dict[str, float | None] = Field(default_factory=dict)
    sunset: str | None = None  # ISO date after which the vendor's service is gone
    requires_reference: bool = False  # image-to-video only (e.g. Runway Gen-4 Turbo)
    # How ``seconds`` goes on the wire: the Videos spec's string enum, or a number.
    seconds_type: Literal["string", "integer"] = "string"

    def wire_seconds(self, seconds: int) -> str | int:
        """``seconds`` in the type this model's provider expects."""
        return seconds if self.seconds_type == "integer" else str(seconds)

    def supports(self, feature: str) -> bool:
        if feature not in FEATURES:
            raise ValueError(f"unknown feature {feature!r}")
        return bool(getattr(self.features, feature))

    def snap_seconds(self, value: float) -> int:
        """The accepted duration nearest to ``value`` (ties go to the longer one)."""
        allowed = sorted(self.seconds)
        i = bisect.bisect_left(allowed, value)
        if i == 0:
            return allowed[0]
        if i == len(allowed):
            return allowed[-1]
        lo, hi = allowed[i - 1], allowed[i]
        return lo if value - lo < hi - value else hi

    def clip_seconds_for(self, total: float) -> int | None:
        """The shortest accepted clip that holds ``total`` seconds, or None if none does."""
        return next((s for s in sorted(self.seconds) if s >= total), None)

    def price(self, size: str) -> float | None:
        if size in self.price_per_second:
            return self.price_per_second[size]
        return self.price_per_second.get("*")

    def cost(self, size: str, seconds: float) -> float | None:
        """Estimated USD for one clip, or None when the price is unknown."""
        p = self.price(size)
        return None if p is None else round(p * seconds, 4)


class CapabilityTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    notes: str = ""
    models: tuple[ModelCaps, ...]

    def get(self, model_id: str) -> ModelCaps | None:
        return next((m for m in self.models if m.id == model_id), None)

    def __getitem__(self, model_id: str) -> ModelCaps:
        caps = self.get(model_id)
        if caps is None:
            known = ", ".join(m.id for m in self.models)
            raise KeyError(f"unknown model {model_id!r} (known: {known})")
        return caps

    def ids(self) -> list[str]:
        return [m.id for m in self.models]

    @classmethod
    def from_json(cls, text: str | bytes) -> CapabilityTable:
        return cls.model_validate_json(text)


def aspect_label(size: str) -> str:
    """'1280x720' -> '16:9': the reduced width:height ratio of a size string."""
    w, h = parse_size(size)
    g = math.gcd(w, h)
    return f"{w // g}:{h // g}"
