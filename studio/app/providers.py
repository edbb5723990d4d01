"""Which provider runs a project's jobs, and the clients built from the user's profiles.

A project's look names a provider profile (``"local"`` is the embedded animatic). The
name is honoured exactly: a project that names a profile the settings lack is refused
with a clear problem, never quietly sent somewhere else — sending a paid job to the
wrong place, or a free one to a paid place, is the one mistake this layer must not make.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from studio.app.tasks import TaskManager
from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import Look
from studio.services.client import GenerationClient
from studio.services.jobs import Provider
from studio.services.probe import CapsStore, ProviderCaps, fingerprint, remembered
from studio.storage.settings import (
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
    local_profile,
)

log = logging.getLogger(__name__)

#: What a project's ``look.provider`` says for the embedded local animatic.
LOCAL = "local"


def profile_of(look: Look, settings: Settings) -> ProviderProfile | None:
    """The profile a project's look names, or None when the settings have no such profile."""
    if look.provider == LOCAL:
        return settings.profile(LOCAL_PROFILE) or local_profile()
    return settings.profile(look.provider)


def look_key(profile: ProviderProfile) -> str:
    """What a look stores to name ``profile``."""
    return LOCAL if profile.local else profile.name


def models_of(profile: ProviderProfile, table: CapabilityTable) -> list[ModelCaps]:
    """The models ``profile`` serves that the capability table knows (all, when unlisted)."""
    if not profile.models:
        return list(table.models)
    return [caps for m in profile.models if (caps := table.get(m)) is not None]


def default_look(settings: Settings, table: CapabilityTable) -> Look:
    """The look of a new project: the user's default profile and its first model."""
    profile = settings.active_profile()
    look = Look(provider=look_key(profile))
    served = models_of(profile, table)
    if served and look.model not in {c.id for c in served}:
        look.model = served[0].id
        if look.size not in served[0].sizes:
            look.size = served[0].sizes[0]
    return look


@dataclass
class ProviderSet:
    """The runner's providers; ``key_problems`` names profiles whose key could not be read;
    ``fingerprints`` the endpoint + key each remote profile's abilities are learned for."""

    providers: list[Provider]
    local_name: str
    key_problems: dict[str, str] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Provider | None:
        return next((p for p in self.providers if p.key == name), None)


def free_models(table: CapabilityTable) -> frozenset[str]:
    """Models that cost nothing anywhere (price 0): their creates may probe the key."""
    return frozenset(m.id for m in table.models if m.cost(m.sizes[0], min(m.seconds)) == 0)


async def build_providers(settings: Settings, store: SettingsStore, local_url: str,
                          tasks: TaskManager, caps: CapsStore | None = None,
                          table: CapabilityTable | None = None) -> ProviderSet:
    """One client per profile; keys are read off the GUI thread and never logged.

    With ``caps``, a remote profile starts with what was learned of its endpoint and key
    (a changed endpoint or key starts blank: probed again by :func:`learn_abilities`), and
    what its jobs learn is remembered there.
    """
    from studio.localserver.server import key_for

    local_key = key_for(local_url)  # the in-process provider's random key
    out: list[Provider] = []
    problems: dict[str, str] = {}
    prints: dict[str, str] = {}
    local_name = ""
    for prof in settings.profiles:
        if prof.local:
            local_name = local_name or prof.name
            out.append(Provider(prof.name, GenerationClient(local_url, local_key),
                                prof.concurrency))
            continue
        if not prof.base_url:
            problems[prof.name] = "no base URL"
            continue
        try:
            key = await tasks.blocking(store.get_key, settings, prof.name)
        except SettingsError as exc:
            log.warning("no API key for profile %s: %s", prof.name, exc)
            problems[prof.name] = str(exc)
            key = None
        prov = Provider(prof.name, GenerationClient(prof.base_url, key), prof.concurrency)
        prints[prof.name] = fingerprint(prof.base_url, key)
        if table is not None:
            prov.free_models = free_models(table)
        if caps is not None:
            prov.caps = await tasks.blocking(caps.load, prof.name, prints[prof.name])
            prov.remember = _saver(caps, prof.name)
        out.append(prov)
    if not local_name:  # settings without a local profile still get the animatic
        local_name = LOCAL_PROFILE
        out.append(Provider(LOCAL_PROFILE, GenerationClient(local_url, local_key), 2))
    return ProviderSet(out, local_name, problems, prints)


def _saver(store: CapsStore, name: str) -> Callable[[ProviderCaps], Awaitable[None]]:
    return lambda c: store.save(name, c)


async def learn_abilities(pset: ProviderSet, name: str, store: CapsStore) -> ProviderCaps | None:
    """What profile ``name`` can do, probed once per endpoint and key (a GET, never billed)
    and remembered; None for the embedded local provider (it can do everything)."""
    prov, fp = pset.get(name), pset.fingerprints.get(name)
    if prov is None or fp is None:
        return None
    if prov.caps.can_list is None or prov.caps.fingerprint != fp:
        prov.caps = await remembered(store, name, prov.client, fp)
        prov.remember = _saver(store, name)
    return prov.caps
