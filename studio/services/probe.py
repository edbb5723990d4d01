"""What a provider can do for reconciliation: list videos, honour Idempotency-Key, variants.

Why: the never-pay-twice promise rests on one of two things after an unclear create —
listing the provider's videos to find the one the POST made, or re-sending with the same
``Idempotency-Key`` so the provider answers with that video. Gateways (LiteLLM's proxy)
may do neither: then an unclear create must wait for the user, never be re-sent. So each
profile's abilities are learned once (probed, or learned when a request shows them),
remembered in a small JSON file, and probed again when the profile's endpoint or key
changes (the fingerprint).

The probe here creates nothing: listing is a GET. The key is learned by the job runner
from a real job of a model the caller names as free (the capability table's price 0):
that job's create is sent twice with its own key, and the same video back means
honoured (see ``Provider.free_models``). So the provider holds only the jobs' videos —
a gateway may not route ``DELETE /videos/{id}`` (LiteLLM's proxy does not), so a probe's
own video could never be taken back. Unknown (None) counts as "no" wherever a wrong
"yes" could bill twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from studio.services.client import GenerationClient
from studio.services.errors import ProviderError
from studio.storage.atomic import atomic_write_bytes

CAPS_NAME = "provider-caps.json"
_UNSUPPORTED = (400, 404, 405, 501)  # a list the endpoint cannot route or does not have


@dataclass(frozen=True)
class ProviderCaps:
    """Abilities of one endpoint; None = not known yet."""

    can_list: bool | None = None
    honours_key: bool | None = None
    variants: bool | None = None  # thumbnail/spritesheet served as images
    fingerprint: str = ""
    probed_at: float = 0.0

    @property
    def can_reconcile(self) -> bool:
        """May an unclear create be settled without the user (listing, or a same-key re-send)?"""
        return self.can_list is not False or self.honours_key is True


def fingerprint(base_url: str, api_key: str | None) -> str:
    """Changes when the endpoint or its key does (the key itself is never stored)."""
    raw = f"{base_url.rstrip('/')}\n{api_key or ''}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def list_unsupported(err: ProviderError) -> bool:
    """Does this refusal of ``GET /videos`` mean the endpoint cannot list at all?"""
    return err.status in _UNSUPPORTED and not err.failure.retryable_automatically


async def probe_list(client: GenerationClient) -> bool | None:
    """One list request: True, False (refused as unsupported), None (passing trouble)."""
    try:
        await client.list(created_after=time.time() + 86_400)  # one page, nothing kept
    except ProviderError as err:
        return False if list_unsupported(err) else None
    return True


async def probe(client: GenerationClient, base: ProviderCaps | None = None) -> ProviderCaps:
    """Probe what is not known yet (the list); sends nothing that is billed."""
    caps = base or ProviderCaps()
    if caps.can_list is None:
        caps = replace(caps, can_list=await probe_list(client))
    return replace(caps, probed_at=time.time())


async def remembered(store: CapsStore, name: str, client: GenerationClient,
                     fp: str) -> ProviderCaps:
    """``name``'s abilities at this endpoint and key (``fp``, see :func:`fingerprint`):
    remembered, else probed and saved."""
    caps = await asyncio.get_running_loop().run_in_executor(None, store.load, name, fp)
    if caps.can_list is None:
        caps = await probe(client, caps)
        await store.save(name, caps)
    return caps


class CapsStore:
    """The remembered abilities of every profile, in ``<data dir>/provider-caps.json``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = asyncio.Lock()

    def load(self, name: str, fp: str) -> ProviderCaps:
        """What was learned for ``name`` at this fingerprint (blank if it changed)."""
        row = self._read().get(name)
        if not isinstance(row, dict) or row.get("fingerprint") != fp:
            return ProviderCaps(fingerprint=fp)
        known = {f.name for f in fields(ProviderCaps)}
        return ProviderCaps(**{k: v for k, v in row.items() if k in known})

    async def save(self, name: str, caps: ProviderCaps) -> None:
        async with self._lock:
            await asyncio.get_running_loop().run_in_executor(None, self._write, name, caps)

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, name: str, caps: ProviderCaps) -> None:
        data = self._read()
        data[name] = asdict(caps)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, json.dumps(data, indent=2).encode())
