"""The capability table: facts from data, and the arithmetic the studio does with them."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from studio.core.capabilities import CapabilityTable, aspect_label
from studio.storage.bundled import capability_table, resource_path


@pytest.fixture(scope="module")
def table() -> CapabilityTable:
    return capability_table()


def test_openai_facts_from_the_reference(table: CapabilityTable) -> None:
    sora2, pro = table["sora-2"], table["sora-2-pro"]
    assert set(sora2.sizes) == {"720x1280", "1280x720"}
    assert {"1024x1792", "1792x1024", "1080x1920", "1920x1080"} <= set(pro.sizes)
    assert sora2.seconds == (4, 8, 12, 16, 20)
    assert sora2.sunset == pro.sunset == "2026-09-24"
    assert sora2.max_prompt_chars == 32_000 and sora2.max_characters == 2
    assert sora2.cost("1280x720", 8) == pytest.approx(0.80)
    assert pro.cost("1280x720", 4) == pytest.approx(1.20)
    assert pro.cost("1792x1024", 4) == pytest.approx(2.00)
    assert pro.cost("1920x1080", 4) is None  # no source gives this price: unknown, not 0


def test_local_animatic_is_free_and_offers_every_feature(table: CapabilityTable) -> None:
    local = table["animatic"]
    assert local.sunset is None
    assert local.cost("640x360", 20) == 0.0
    assert all(local.supports(f) for f in ("input_reference", "remix", "edit", "extend",
                                            "characters"))


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 4), (4, 4), (5, 4), (6, 8), (7, 8), (13, 12), (14, 16), (99, 20)]
)
def test_snap_seconds_picks_the_nearest_length(table: CapabilityTable, value: int,
                                               expected: int) -> None:
    assert table["sora-2"].snap_seconds(value) == expected


def test_clip_seconds_holds_a_one_take_film(table: CapabilityTable) -> None:
    caps = table["sora-2"]
    assert caps.clip_seconds_for(9) == 12
    assert caps.clip_seconds_for(20) == 20
    assert caps.clip_seconds_for(21) is None


def test_unknown_model_and_feature_are_clear(table: CapabilityTable) -> None:
    with pytest.raises(KeyError, match=r"unknown model 'veo'.*sora-2"):
        table["veo"]
    with pytest.raises(ValueError, match="unknown feature"):
        table["sora-2"].supports("teleport")


def test_aspect_labels() -> None:
    assert aspect_label("1280x720") == "16:9"
    assert aspect_label("1080x1920") == "9:16"
    assert aspect_label("480x480") == "1:1"
    assert aspect_label("1792x1024") == "7:4"


def test_table_rejects_unknown_keys() -> None:
    data = json.loads(resource_path("capabilities.json").read_text())
    data["models"][0]["colour"] = "blue"
    with pytest.raises(ValidationError, match="colour"):
        CapabilityTable.from_json(json.dumps(data))


def test_gateway_rows_veo_and_runway(table: CapabilityTable) -> None:
    for mid in ("veo-3.1-generate-preview", "veo-3.1-fast-generate-preview",
                "veo-3.1-lite-generate-preview"):
        veo = table[mid]
        assert veo.seconds == (4, 6, 8) and veo.sunset is None
        assert {"1280x720", "720x1280", "1920x1080", "1080x1920"} == set(veo.sizes)
        assert veo.wire_seconds(8) == "8" and not veo.requires_reference
    assert table["veo-3.1-generate-preview"].cost("1280x720", 8) == pytest.approx(3.20)
    assert table["veo-3.1-fast-generate-preview"].cost("1920x1080", 4) == pytest.approx(0.60)
    assert table["veo-3.1-lite-generate-preview"].cost("1280x720", 4) is None  # unpublished
    runway = table["gen4_turbo"]
    assert runway.seconds == (5, 10) and set(runway.sizes) == {"1280x720", "720x1280"}
    assert runway.requires_reference and runway.wire_seconds(5) == 5  # a number on the wire
    assert runway.cost("1280x720", 10) == pytest.approx(0.50)
    assert "Veo" in table.notes and "Runway" in table.notes  # sources beside the rows


def test_a_model_past_its_sunset_warns_in_validate(table: CapabilityTable) -> None:
    import datetime as dt

    from studio.core.validation import Severity, sunset_problem

    warned = sunset_problem(table["sora-2"], dt.date(2026, 9, 25))
    assert warned is not None and warned.severity is Severity.WARNING
    assert warned.code == "model_sunset"
    assert sunset_problem(table["sora-2"], dt.date(2026, 9, 24)) is None
    assert sunset_problem(table["veo-3.1-generate-preview"], dt.date(2030, 1, 1)) is None
