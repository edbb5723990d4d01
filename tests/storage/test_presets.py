"""Provider presets: data the settings can offer for a new profile."""

from __future__ import annotations

import pytest

from studio.storage.bundled import capability_table
from studio.storage.settings import PRESETS, Settings, preset


def test_presets_make_valid_profiles_of_known_models() -> None:
    table = capability_table()
    assert {p.id for p in PRESETS} == {"litellm", "azure-openai", "openai-compatible"}
    for p in PRESETS:
        prof = p.profile(f"My {p.label}")
        assert prof.base_url.endswith("/v1") and not prof.local
        assert all(table.get(m) is not None for m in prof.models)
        Settings(profiles=[prof], default_profile=prof.name)  # validates as settings
    litellm = preset("litellm")
    assert "x-litellm-response-cost" in litellm.spend_headers
    assert litellm.honours_idempotency is None  # probed, never assumed


def test_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="litellm"):
        preset("nope")
