"""Every JSON body the server sends validates against the official spec's schemas.

The SDK runs a scenario touching every operation (plus refusals); an httpx response hook
records each response, then each JSON body is validated against the schema of its
operation's 200 response in ``data/videos-openapi.yaml`` (a copy of the reference spec),
or against the OpenAI error envelope for non-2xx answers. One deliberate widening: the
spec's ``VideoSize`` enum lists four sizes, while the guide and our capability table
allow more (1080p, the small animatic sizes), so the enum is extended with the table's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx2
import jsonschema
import openai
import pytest
import yaml
from openai import AsyncOpenAI
from openai.types import Video
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from studio.localserver.server import LocalProvider
from studio.storage.bundled import capability_table
from tests.localserver.helpers import API_KEY, SIZE, png, wait_done

SPEC_PATH = Path(__file__).parent / "data" / "videos-openapi.yaml"
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["message", "type", "param", "code"],
        "properties": {
            "message": {"type": "string"},
            "type": {"type": "string"},
            "param": {"type": ["string", "null"]},
            "code": {"type": ["string", "null"]},
        },
    }},
}


def _openapi_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` -> a JSON Schema null type (3.1 needs none)."""
    if isinstance(node, dict):
        out = {k: _openapi_to_jsonschema(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable") is True:
            out = {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [_openapi_to_jsonschema(v) for v in node]
    return node


def _load_spec() -> dict[str, Any]:
    spec = _openapi_to_jsonschema(yaml.safe_load(SPEC_PATH.read_text("utf-8")))
    sizes = spec["components"]["schemas"]["VideoSize"]["enum"]
    for caps in capability_table().models:
        sizes.extend(s for s in caps.sizes if s not in sizes)
    return spec


class Operations:
    """Maps a (method, path) of a response to its operation in the spec."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.registry = Registry().with_resource(
            "spec", Resource.from_contents(spec, default_specification=DRAFT202012))
        self.ops: list[tuple[str, re.Pattern[str], str, str]] = []
        # Literal paths first, so /videos/edits never matches /videos/{video_id}.
        for path, item in sorted(spec["paths"].items(), key=lambda kv: kv[0].count("{")):
            pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$")
            for method, op in item.items():
                pointer = "/".join(["spec#", "paths", path.replace("/", "~1"), method,
                                    "responses", "200", "content", "application~1json",
                                    "schema"])
                self.ops.append((method.upper(), pattern, op["operationId"], pointer))

    def find(self, method: str, path: str) -> tuple[str, str]:
        """The operation id and a $ref to its 200 JSON schema."""
        for m, pattern, op_id, pointer in self.ops:
            if m == method and pattern.match(path):
                return op_id, pointer
        raise AssertionError(f"{method} {path} is not an operation of the spec")

    def validate(self, schema: dict[str, Any], body: Any) -> None:
        validator = jsonschema.Draft202012Validator(schema, registry=self.registry)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert not errors, errors


Record = tuple[str, str, int, str, bytes]


@pytest.fixture
async def recorded(provider: LocalProvider) -> Any:
    records: list[Record] = []

    async def hook(response: httpx2.Response) -> None:
        await response.aread()
        req = response.request
        records.append((req.method, req.url.path, response.status_code,
                        response.headers.get("content-type", ""), response.content))

    http = openai.DefaultAsyncHttpx2Client(event_hooks={"response": [hook]})
    sdk = AsyncOpenAI(base_url=provider.base_url, api_key=API_KEY, max_retries=0,
                      http_client=http)
    yield sdk, records
    await sdk.close()


async def _scenario(sdk: AsyncOpenAI, clip: Path) -> None:
    char = await sdk.videos.create_character(name="Mossy", video=clip)
    await sdk.videos.get_character(char.id or "")
    first = await sdk.videos.create(prompt="Mossy walks", model="animatic", size=SIZE,
                                    input_reference=("r.png", png(640, 360), "image/png"),
                                    extra_body={"characters": [{"id": char.id}]})
    second = await sdk.post("/videos", cast_to=Video, body={
        "prompt": "A kite", "model": "animatic", "size": "480x480", "seconds": "4"})
    await sdk.videos.list(limit=1)
    await wait_done(sdk, first.id)
    await wait_done(sdk, second.id)
    remix = await sdk.videos.remix(first.id, prompt="Mossy runs")
    edit = await sdk.post("/videos/edits", cast_to=Video,
                          body={"prompt": "Rainy", "video": {"id": first.id}})
    ext = await sdk.post("/videos/extensions", cast_to=Video,
                         body={"prompt": "More", "seconds": "4", "video": {"id": first.id}})
    for job in (remix, edit, ext):
        await wait_done(sdk, job.id)
    [_ async for _ in sdk.videos.list(limit=2, order="asc")]
    await sdk.videos.download_content(first.id, variant="thumbnail")
    await sdk.videos.delete(second.id)
    for bad in (sdk.videos.retrieve("video_missing"),
                sdk.videos.create(prompt="x", model="animatic", size="1x1"),
                sdk.videos.download_content(first.id, variant="poster")):  # type: ignore[arg-type]
        with pytest.raises(openai.APIStatusError):
            await bad


async def test_every_json_response_matches_the_spec(recorded: Any, sample_mp4: Path) -> None:
    sdk, records = recorded
    await _scenario(sdk, sample_mp4)
    ops = Operations(_load_spec())
    seen: set[str] = set()
    for method, path, status, ctype, body in records:
        op_id, pointer = ops.find(method, path)
        if not ctype.startswith("application/json"):
            assert op_id == "RetrieveVideoContent" and status == 200
            continue
        data = json.loads(body)
        if status >= 400:
            ops.validate(ERROR_SCHEMA, data)
            continue
        ops.validate({"$ref": pointer}, data)
        seen.add(op_id)
    every = {op_id for _, _, op_id, _ in ops.ops} - {"RetrieveVideoContent"}
    assert seen == every
    assert any(status == 400 for _, _, status, _, _ in records)
