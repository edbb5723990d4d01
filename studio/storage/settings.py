"""User settings: provider profiles, language, recent projects; where API keys come from.

The settings file is JSON under the platform's user config dir, validated on load and
written atomically. It never holds an API key. A profile's key comes from, in order:

1. the environment variable the profile names (``key_env``), when it is set;
2. ``secrets.json`` beside the settings, only when the user opted in (``plaintext_keys``;
   for machines without an OS keyring) — created 0600 from its first byte, in a 0700 dir;
3. the OS keyring (``keyring``), service :data:`KEYRING_SERVICE`, one entry per profile.

Keys are never logged, never put in an exception's text, and never held by a model here
(so no repr shows one). Errors are :class:`SettingsError`: one line naming the profile,
plus a ``code`` the UI turns into its own translated sentence.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from studio.storage.atomic import atomic_write_bytes, sweep_stale_temps
from studio.storage.settings_glance import (
    INTERFACE_LANGUAGES,
    SETTINGS_FILE,
    default_settings_dir,
)

KEYRING_SERVICE = "sora-studio"
LOCAL_PROFILE = "Local animatic"
MAX_RECENT = 10

KEY_SOURCES = ("env", "file", "keyring", "none")

Name = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
EnvName = Annotated[
    str,
    StringConstraints(
        max_length=100, strip_whitespace=True, pattern=r"^([A-Za-z_][A-Za-z0-9_]*)?$"
    ),
]


class SettingsError(Exception):
    """Settings or secrets cannot be read or written; ``str()`` is one line.

    ``code`` says what happened in a word the UI can translate (``no_keyring``,
    ``keyring``, ``env_missing``, ``secrets``, ``io``, ``invalid``, ``duplicate``);
    ``profile`` names the profile concerned, when one is.
    """

    def __init__(self, message: str, *, code: str = "io", profile: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.profile = profile


class ProviderProfile(BaseModel):
    """Where generations go. ``local`` profiles use the embedded animatic server."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    base_url: Annotated[str, StringConstraints(max_length=500)] = ""
    local: bool = False
    models: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=100
    )
    concurrency: int = Field(default=2, ge=1, le=32)
    key_env: EnvName = ""  # name of an environment variable holding the key (not the key)


def local_profile() -> ProviderProfile:
    """The default profile: the in-process animatic provider, needs no key."""
    return ProviderProfile(name=LOCAL_PROFILE, local=True, models=["animatic"], concurrency=2)


class ProviderPreset(BaseModel):
    """A starting point for a new profile: where such an endpoint usually is, what it does.

    ``spend_headers`` are response headers a gateway uses to report cost (shown when a
    response carries them); ``honours_idempotency`` is what the vendor documents (None:
    unknown until probed: unknown counts as "no" for re-sending an unclear create).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    base_url: str
    key_env: EnvName = ""
    models: tuple[str, ...] = ()
    spend_headers: tuple[str, ...] = ()
    honours_idempotency: bool | None = None
    notes: str = ""

    def profile(self, name: str) -> ProviderProfile:
        return ProviderProfile(name=name, base_url=self.base_url, key_env=self.key_env,
                               models=list(self.models))


PRESETS: tuple[ProviderPreset, ...] = (
    ProviderPreset(
        id="litellm", label="LiteLLM proxy", base_url="http://localhost:4000/v1",
        key_env="LITELLM_API_KEY",
        models=("veo-3.1-generate-preview", "veo-3.1-fast-generate-preview",
                "veo-3.1-lite-generate-preview", "gen4_turbo"),
        spend_headers=("x-litellm-response-cost", "x-litellm-key-spend",
                       "x-litellm-key-max-budget"),
        notes="A virtual key of the proxy. The proxy cannot list videos and forwards no "
              "Idempotency-Key unless its config loads the studio's callback "
              "(scripts/gateway/studio_idempotency.py)."),
    ProviderPreset(
        id="azure-openai", label="Azure OpenAI",
        base_url="https://YOUR-RESOURCE.openai.azure.com/openai/v1",
        key_env="AZURE_OPENAI_API_KEY", models=("sora-2",),
        notes="Replace YOUR-RESOURCE with the resource name; the key is the resource's."),
    ProviderPreset(
        id="openai-compatible", label="OpenAI-compatible endpoint",
        base_url="https://api.example.com/v1", key_env="",
        notes="Any server that speaks /v1/videos; what it can do is probed on first use."),
)


def preset(preset_id: str) -> ProviderPreset:
    """The preset named ``preset_id`` (KeyError naming the known ones otherwise)."""
    for p in PRESETS:
        if p.id == preset_id:
            return p
    raise KeyError(f"no preset {preset_id!r} (known: {', '.join(p.id for p in PRESETS)})")


#: The name the assistant's API key is kept under (keyring entry, secrets file).
ASSISTANT_KEY_NAME = "Storyboard assistant"


class AssistantProfile(BaseModel):
    """The storyboard assistant's chat endpoint: any OpenAI-compatible /chat/completions.

    ``structured`` says how it is asked for structure: ``schema`` (json_schema),
    ``json`` (JSON mode) or ``text`` (the parser reads the reply). Its key goes through
    the same key API as provider profiles (:meth:`key_profile`)."""

    model_config = ConfigDict(extra="forbid")

    preset: Annotated[str, StringConstraints(max_length=40)] = "local"
    local: bool = True  # the in-process template filler (no key, no network)
    base_url: Annotated[str, StringConstraints(max_length=500)] = ""
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)] = \
        "storyboard-template"
    structured: Annotated[str, StringConstraints(pattern=r"^(schema|json|text)$")] = "schema"
    key_env: EnvName = ""

    def key_profile(self) -> ProviderProfile:
        return ProviderProfile(name=ASSISTANT_KEY_NAME, base_url=self.base_url,
                               local=self.local, key_env=self.key_env)


ASSISTANT_PRESETS: dict[str, AssistantProfile] = {
    "local": AssistantProfile(),
    "deepseek": AssistantProfile(preset="deepseek", local=False,
                                 base_url="https://api.deepseek.com/v1", model="deepseek-chat",
                                 structured="json", key_env="DEEPSEEK_API_KEY"),
    "openai": AssistantProfile(preset="openai", local=False,
                               base_url="https://api.openai.com/v1", model="gpt-4o-mini",
                               structured="schema", key_env="OPENAI_API_KEY"),
}


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    profiles: list[ProviderProfile] = Field(default_factory=lambda: [local_profile()])
    default_profile: Name = LOCAL_PROFILE
    language: Annotated[str, StringConstraints(pattern=r"^(en|zh)$")] = "en"  # prompts, samples
    #: The window's language: "system" follows the desktop's locale (applies on restart).
    interface_language: Annotated[str, StringConstraints(
        pattern="^(" + "|".join(INTERFACE_LANGUAGES) + ")$")] = "system"
    recent_projects: list[Annotated[str, StringConstraints(max_length=4_000)]] = Field(
        default_factory=list, max_length=50
    )
    plaintext_keys: bool = False  # explicit opt-in: keys in the 0600 secrets.json
    assistant: AssistantProfile = Field(default_factory=AssistantProfile)

    def profile(self, name: str) -> ProviderProfile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def active_profile(self) -> ProviderProfile:
        """The default profile, falling back to the local one when it went missing."""
        return self.profile(self.default_profile) or self.profile(LOCAL_PROFILE) or local_profile()

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first in the recent list (deduplicated, capped)."""
        p = str(Path(path).resolve())
        self.recent_projects = [p, *[r for r in self.recent_projects if r != p]][:MAX_RECENT]

    def remove_recent(self, path: str | os.PathLike[str]) -> None:
        p = str(Path(path).resolve())
        self.recent_projects = [r for r in self.recent_projects if r != p]


class SettingsStore:
    """Loads and saves :class:`Settings` and the profiles' API keys in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_settings_dir()

    @property
    def path(self) -> Path:
        return self.directory / SETTINGS_FILE

    @property
    def secrets_path(self) -> Path:
        return self.directory / "secrets.json"

    def load(self) -> Settings:
        """The saved settings, defaults when there are none; SettingsError when unreadable.

        Also sweeps the temp files of saves a kill interrupted (one may hold a key).
        """
        sweep_stale_temps(self.directory)
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsError(f"{self.path}: {exc.strerror or exc}") from None
        try:
            settings = Settings.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or "file"
            raise SettingsError(f"{self.path}: {where}: {first.get('msg')}",
                                code="invalid") from None
        if settings.profile(LOCAL_PROFILE) is None:
            settings.profiles.insert(0, local_profile())
        return settings

    def save(self, settings: Settings) -> None:
        names = [p.name for p in settings.profiles]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise SettingsError(f"two provider profiles are named {dup!r}", code="duplicate",
                                profile=dup)
        data = settings.model_dump_json(indent=2).encode() + b"\n"
        try:
            self._make_dir()
            atomic_write_bytes(self.path, data)
        except OSError as exc:
            raise SettingsError(f"{self.path}: {exc.strerror or exc}") from None

    def _make_dir(self) -> None:
        """The settings dir, owner-only when we are the ones creating it."""
        if not self.directory.is_dir():
            self.directory.parent.mkdir(parents=True, exist_ok=True)
            self.directory.mkdir(mode=0o700, exist_ok=True)

    # -- secrets -------------------------------------------------------------------
    def keyring_available(self) -> bool:
        """Is there a usable OS keyring? Looks at the backend only (no call that could
        pop up an unlock prompt); keyring's fail and null backends do not count."""
        try:
            keyring = _keyring()
            from keyring.backends.chainer import ChainerBackend

            no_ring = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)
            ring = keyring.get_keyring()
            if isinstance(ring, ChainerBackend):
                return any(not isinstance(b, no_ring) for b in ring.backends)
            return not isinstance(ring, no_ring)
        except Exception:  # a broken backend module must not take the dialog down
            return False

    def get_key(self, settings: Settings, profile: str | ProviderProfile) -> str | None:
        """The API key of ``profile`` (env var, then opted-in file, then keyring), or None
        when none is kept anywhere. SettingsError (naming the profile) when a place that
        should hold it cannot be read."""
        return self._lookup(settings, _profile(settings, profile))[1]

    def key_source(self, settings: Settings, profile: str | ProviderProfile) -> str:
        """Where :meth:`get_key` finds the key now: one of :data:`KEY_SOURCES`. Never raises."""
        try:
            return self._lookup(settings, _profile(settings, profile))[0]
        except SettingsError:
            return "none"

    def _lookup(self, settings: Settings, p: ProviderProfile) -> tuple[str, str | None]:
        if p.local:
            return "none", None
        if p.key_env and (value := os.environ.get(p.key_env, "").strip()):
            return "env", value
        if settings.plaintext_keys and (value := self._read_secrets(p.name).get(p.name)):
            return "file", value
        value = None
        if self.keyring_available():
            keyring = _keyring()
            try:
                value = keyring.get_password(KEYRING_SERVICE, _account(p.name))
            except keyring.errors.KeyringError as exc:
                raise SettingsError(
                    f"profile {p.name!r}: cannot read its API key from the keyring "
                    f"({type(exc).__name__})", code="keyring", profile=p.name) from None
        elif not (settings.plaintext_keys or p.key_env):
            raise SettingsError(
                f"profile {p.name!r}: no OS keyring on this machine to read its API key from",
                code="no_keyring", profile=p.name)
        if value:
            return "keyring", value
        if p.key_env:  # the place the user named is the one to point at
            raise SettingsError(
                f"profile {p.name!r}: environment variable {p.key_env} is not set",
                code="env_missing", profile=p.name)
        return "none", None

    def set_key(self, settings: Settings, profile: str | ProviderProfile,
                key: str | None) -> None:
        """Store (or with None/"" forget) the API key of ``profile``.

        With the opt-in the key goes to the 0600 file; otherwise to the keyring, and
        without a keyring that is a SettingsError naming the profile. Forgetting removes
        the key from every place the studio writes (never from the environment).
        """
        name = profile if isinstance(profile, str) else profile.name
        if not key:
            self._forget(name)
            return
        if settings.plaintext_keys:
            secrets = self._read_secrets(name)
            secrets[name] = key
            self._write_secrets(secrets, name)
            return
        if not self.keyring_available():
            raise SettingsError(
                f"profile {name!r}: no OS keyring on this machine to keep its API key; "
                "opt in to the owner-only key file or name an environment variable",
                code="no_keyring", profile=name)
        keyring = _keyring()
        try:
            keyring.set_password(KEYRING_SERVICE, _account(name), key)
        except keyring.errors.KeyringError as exc:
            raise SettingsError(
                f"profile {name!r}: cannot store its API key in the keyring "
                f"({type(exc).__name__})", code="keyring", profile=name) from None

    def _forget(self, name: str) -> None:
        if self.secrets_path.exists():
            secrets = self._read_secrets(name)
            if secrets.pop(name, None) is not None:
                self._write_secrets(secrets, name)
        if self.keyring_available():
            keyring = _keyring()
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(KEYRING_SERVICE, _account(name))

    def _read_secrets(self, profile: str) -> dict[str, str]:
        try:
            data = json.loads(self.secrets_path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SettingsError(
                f"profile {profile!r}: key file {self.secrets_path} is unreadable "
                f"({type(exc).__name__})", code="secrets", profile=profile) from None
        if not isinstance(data, dict):
            raise SettingsError(
                f"profile {profile!r}: key file {self.secrets_path} is not a JSON object",
                code="secrets", profile=profile)
        return {str(k): str(v) for k, v in data.items()}

    def _write_secrets(self, secrets: dict[str, str], profile: str) -> None:
        data = json.dumps(secrets, indent=2).encode()
        try:
            self._make_dir()
            atomic_write_bytes(self.secrets_path, data, mode=0o600)  # 0600 from the first byte
        except OSError as exc:
            raise SettingsError(
                f"profile {profile!r}: cannot write key file {self.secrets_path} "
                f"({exc.strerror or type(exc).__name__})", code="secrets", profile=profile
            ) from None


def _keyring():
    """The ``keyring`` module, imported at first use. Why: it finds its backends through
    every installed package's entry points (~0.15 s), and the window reads its settings
    before its first frame but a key only after it."""
    import keyring
    import keyring.backends.fail
    import keyring.backends.null
    import keyring.errors

    return keyring


def _profile(settings: Settings, profile: str | ProviderProfile) -> ProviderProfile:
    """The profile object; a name the settings do not know is a bare keyed profile."""
    if isinstance(profile, ProviderProfile):
        return profile
    return settings.profile(profile) or ProviderProfile(name=profile)


def _account(profile: str) -> str:
    return f"profile:{profile}"
