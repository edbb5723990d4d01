"""Bracket-named multipart fields (the SDK's flattening) rebuild the JSON shape."""

from __future__ import annotations

from typing import Any

import pytest

from studio.localserver.forms import _assign


@pytest.mark.parametrize(("pairs", "expected"), [
    ([("prompt", "p")], {"prompt": "p"}),
    ([("video[id]", "video_1")], {"video": {"id": "video_1"}}),
    ([("characters[][id]", "a"), ("characters[][id]", "b")],
     {"characters": [{"id": "a"}, {"id": "b"}]}),
    ([("characters[1][id]", "b"), ("characters[0][id]", "a")],
     {"characters": [{"id": "a"}, {"id": "b"}]}),
    ([("input_reference[image_url]", "data:x")], {"input_reference": {"image_url": "data:x"}}),
])
def test_assign(pairs: list[tuple[str, str]], expected: dict[str, Any]) -> None:
    fields: dict[str, Any] = {}
    for name, value in pairs:
        _assign(fields, name, value)
    assert fields == expected
